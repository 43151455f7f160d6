package xmassnu.fits.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import xmassnu.fits.physics.Model;
import xmassnu.fits.stats.AsymptoticCalculator;
import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.Minimiser;
import xmassnu.fits.stats.TestStatistic;
import xmassnu.fits.stats.UpperLimit;
import xmassnu.fits.stats.Workspace;

class CouplingLimitTest {
    static final int BINS = 28;

    /** A hand-made analysis: flat and falling backgrounds, a small SM template, a 1/T magnetic-moment-like signal. */
    static AnalysisInputs inputs(Model model, double interferenceScale) {
        double[] flat = new double[BINS];
        double[] falling = new double[BINS];
        double[] sm = new double[BINS];
        double[] inter = new double[BINS];
        double[] pure = new double[BINS];
        double[] observed = new double[BINS];
        int[] fluctuation = {1, -2, 0, 3, -1, 0, 2, -3, 1, 0, -1, 2, 0, -2, 1, 1, -1, 0, 2, -2, 0, 1, -1, 3, 0, -2, 1, 0};
        for (int i = 0; i < BINS; i++) {
            double t = 2.5 + i;
            flat[i] = 10;
            falling[i] = 20 * Math.exp(-t / 6);
            sm[i] = 0.2;
            pure[i] = 1e20 / t;
            inter[i] = -interferenceScale * 1e10 / t;
            observed[i] = Math.max(0, Math.round(flat[i] + falling[i] + sm[i]) + fluctuation[i]);
        }
        Map<String, Histogram> b = new LinkedHashMap<>();
        b.put("flat", new Histogram(flat, constant(0.5)));
        b.put("falling", new Histogram(falling, constant(0.3)));
        return new AnalysisInputs(model, "all", null, observed, b, new Histogram(sm, constant(0.01)),
                new Histogram(inter, new double[BINS]), new Histogram(pure, new double[BINS]));
    }

    static double[] constant(double v) {
        double[] a = new double[BINS];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void couplingPowerModelAgreesWithTheLinearPyhfParametrisation() {
        // The profile likelihood ratio is invariant under the monotonic map POI_linear = POI_native^2, so the CLs
        // limits must map onto each other exactly: L_coupling = ref * sqrt(L_linear).
        AnalysisInputs in = inputs(Model.MAGNETIC_MOMENT, 0);
        FitSettings s = FitSettings.XMASS_I;
        CouplingLimit.Result nativeLimit = CouplingLimit.compute(in, s);
        assertTrue(nativeLimit.converged(), nativeLimit.reason());
        LimitWorkspace.Built linear = LimitWorkspace.pyhfLinear(in, s).orElseThrow();
        // the linear workspace is plain pyhf JSON: it survives a round trip through the reader
        Workspace ws = Workspace.parse(linear.workspace().toJson(), "linear");
        HistFactoryModel model = new HistFactoryModel(ws, null);
        UpperLimit.Limits l = new UpperLimit(new AsymptoticCalculator(model, model.observedData(),
                TestStatistic.QTILDE, Minimiser.DEFAULT)).solve(1e-3, 2, 0.1, 1e-4);
        assertTrue(l.valid(), l.reason());
        double ref = linear.referenceCoupling();
        assertEquals(ref * Math.sqrt(l.observed()), nativeLimit.observed(), 3e-3 * nativeLimit.observed());
        for (int k = 0; k < 5; k++) {
            assertEquals(ref * Math.sqrt(l.expected()[k]), nativeLimit.expected()[k], 3e-3 * nativeLimit.expected()[k]);
        }
    }

    @Test
    void expectedBandIsOrderedAndTheLimitIsInTheRightRange() {
        CouplingLimit.Result r = CouplingLimit.compute(inputs(Model.MAGNETIC_MOMENT, 0), FitSettings.XMASS_I);
        for (int k = 1; k < 5; k++) {
            assertTrue(r.expected()[k] > r.expected()[k - 1], "band order at " + k);
        }
        // rough hand estimate: ~1.28 sigma of sqrt(B) ~ sqrt(300) over a signal sum 1e20 mu^2 sum(1/t) ~ 2.6e20 mu^2
        // (ignoring shape and nuisances): mu ~ sqrt(1.28 * 17.5 / 2.6e20) ~ 2.9e-10
        assertTrue(r.expected()[2] > 1e-10 && r.expected()[2] < 1e-9, "median " + r.expected()[2]);
    }

    @Test
    void interferenceMakesTheLimitDependOnBothPieces() {
        // destructive interference lowers the expected counts at small coupling: the limit must get weaker
        CouplingLimit.Result pure = CouplingLimit.compute(inputs(Model.MILLICHARGE, 0), FitSettings.XMASS_I);
        CouplingLimit.Result destructive = CouplingLimit.compute(inputs(Model.MILLICHARGE, 3), FitSettings.XMASS_I);
        assertTrue(pure.converged() && destructive.converged(), pure.reason() + " / " + destructive.reason());
        assertTrue(destructive.expected()[2] > pure.expected()[2], pure.expected()[2] + " vs " + destructive.expected()[2]);
    }

    @Test
    void toysAtTheAsymptoticLimitGiveCloseToTheNominalCls() {
        // ~300 background events per fit: the asymptotic formulae should hold, so the toy CLs at the asymptotic 90 %
        // CL limit is ~0.10 (binomial precision with 300 toys: +-0.03 on CLs+b / CLb)
        FitSettings s = new FitSettings(0.90, "qtilde", 0.3, 0.05, true, 1e-3, 300, false);
        CouplingLimit.Result r = CouplingLimit.compute(inputs(Model.MAGNETIC_MOMENT, 0), s, 5);
        assertTrue(r.converged(), r.reason());
        assertEquals(0.10, r.toyClsAtObserved(), 0.05, "toy CLs at the asymptotic limit");
        assertTrue(Double.isNaN(CouplingLimit.compute(inputs(Model.MAGNETIC_MOMENT, 0), FitSettings.XMASS_I).toyClsAtObserved()));
    }

    @Test
    void anEmptySignalFailsWithAReasonAndNoNumbers() {
        AnalysisInputs in = inputs(Model.MAGNETIC_MOMENT, 0);
        AnalysisInputs empty = new AnalysisInputs(in.model(), in.flavour(), null, in.observed(), in.backgrounds(),
                in.standardModel(), in.interference(), new Histogram(new double[BINS], new double[BINS]));
        CouplingLimit.Result r = CouplingLimit.compute(empty, FitSettings.XMASS_I);
        assertFalse(r.converged());
        assertTrue(r.reason().contains("empty"), r.reason());
        assertTrue(Double.isNaN(r.observed()) && Double.isNaN(r.expected()[2]));
    }

    /** The inputs with every template multiplied bin by bin by {@code factor(bin)} (one direction of a systematic). */
    static AnalysisInputs scaled(AnalysisInputs in, java.util.function.IntToDoubleFunction factor,
                                 java.util.Set<String> which) {
        java.util.function.BiFunction<String, Histogram, Histogram> f = (name, h) -> {
            if (!which.contains(name)) {
                return h;
            }
            double[] c = h.counts();
            for (int i = 0; i < c.length; i++) {
                c[i] *= factor.applyAsDouble(i);
            }
            return new Histogram(c, h.statError());
        };
        Map<String, Histogram> b = new LinkedHashMap<>();
        in.backgrounds().forEach((k, h) -> b.put(k, f.apply(k, h)));
        return new AnalysisInputs(in.model(), in.flavour(), in.massMev(), in.observed(), b,
                f.apply("sm", in.standardModel()), f.apply("interference", in.interference()),
                f.apply("new_physics", in.newPhysics()));
    }

    @Test
    void aSystematicWithoutEffectLeavesTheLimitAlone() {
        AnalysisInputs in = inputs(Model.MILLICHARGE, 1);
        AnalysisInputs withNeutral = in.withSystematics(java.util.List.of(new AnalysisInputs.ShapeSystematic("neutral", in, in)));
        CouplingLimit.Result plain = CouplingLimit.compute(in, FitSettings.XMASS_I);
        CouplingLimit.Result profiled = CouplingLimit.compute(withNeutral, FitSettings.XMASS_I);
        assertTrue(plain.converged() && profiled.converged(), plain.reason() + " / " + profiled.reason());
        assertEquals(plain.observed(), profiled.observed(), 2e-3 * plain.observed());
        for (int k = 0; k < 5; k++) {
            assertEquals(plain.expected()[k], profiled.expected()[k], 2e-3 * plain.expected()[k]);
        }
    }

    @Test
    void everySampleGetsItsOwnPlusAndMinusOneSigmaTemplates() {
        // the expected counts at syst = +1 / -1 (all else nominal, POI = 1) must be the sum of the up / down templates,
        // each signal piece at the reference coupling: backgrounds, Standard Model and signal vary together
        AnalysisInputs in = inputs(Model.MILLICHARGE, 1);
        java.util.Set<String> all = java.util.Set.of("flat", "falling", "sm", "interference", "new_physics");
        AnalysisInputs up = scaled(in, i -> 1 + 0.01 * i, all);
        AnalysisInputs down = scaled(in, i -> 1 - 0.02 * i, all);
        AnalysisInputs varied = in.withSystematics(java.util.List.of(new AnalysisInputs.ShapeSystematic("tilt", up, down)));
        LimitWorkspace.Built built = LimitWorkspace.build(varied, FitSettings.XMASS_I);
        HistFactoryModel model = new HistFactoryModel(built.workspace(), null);
        int alpha = model.parameterNames().indexOf(LimitWorkspace.systematicParameter("tilt"));
        assertTrue(alpha >= 0, model.parameterNames().toString());
        double ref = built.referenceCoupling();
        for (int sign : new int[] {1, -1}) {
            AnalysisInputs t = sign > 0 ? up : down;
            double[] p = model.initialValues();
            p[model.poiIndex()] = 1;
            p[alpha] = sign;
            double[] nu = new double[BINS];
            model.expectedMain(p, nu);
            for (int i = 0; i < BINS; i++) {
                double expected = t.backgrounds().get("flat").counts()[i] + t.backgrounds().get("falling").counts()[i]
                        + t.standardModel().counts()[i] + ref * t.interference().counts()[i]
                        + ref * ref * t.newPhysics().counts()[i];
                assertEquals(expected, nu[i], 1e-9 * Math.abs(expected), "bin " + i + " at syst " + sign);
            }
        }
    }

    @Test
    void aBackgroundShapeUncertaintyThatMimicsTheSignalWeakensTheLimit() {
        // the falling background's slope uncertain by +-50 % at the threshold: a 1/T signal hides in it, so the
        // profiled limit is weaker; a flat background's +-1 % tilt barely matters
        AnalysisInputs in = inputs(Model.MAGNETIC_MOMENT, 0);
        java.util.Set<String> falling = java.util.Set.of("falling");
        AnalysisInputs withSlope = in.withSystematics(java.util.List.of(new AnalysisInputs.ShapeSystematic("slope",
                scaled(in, i -> 1 + 0.5 * Math.exp(-i / 3.0), falling), scaled(in, i -> 1 - 0.5 * Math.exp(-i / 3.0), falling))));
        java.util.Set<String> flat = java.util.Set.of("flat");
        AnalysisInputs withTilt = in.withSystematics(java.util.List.of(new AnalysisInputs.ShapeSystematic("tilt",
                scaled(in, i -> 1 + 0.01 * (i - BINS / 2.0) / BINS, flat), scaled(in, i -> 1 - 0.01 * (i - BINS / 2.0) / BINS,
                        flat))));
        double plain = CouplingLimit.compute(in, FitSettings.XMASS_I).expected()[2];
        double slope = CouplingLimit.compute(withSlope, FitSettings.XMASS_I).expected()[2];
        double tilt = CouplingLimit.compute(withTilt, FitSettings.XMASS_I).expected()[2];
        assertTrue(slope > 1.03 * plain, "slope: " + slope + " vs " + plain);
        assertEquals(plain, tilt, 0.01 * plain, "tilt");
    }

    @Test
    void systematicTemplatesMustBeThoseOfTheSamePoint() {
        AnalysisInputs in = inputs(Model.MAGNETIC_MOMENT, 0);
        AnalysisInputs other = inputs(Model.MILLICHARGE, 0);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> in.withSystematics(java.util.List.of(new AnalysisInputs.ShapeSystematic("energy-scale", in, other))));
        assertTrue(e.getMessage().contains("energy-scale"), e.getMessage());
    }
}
