package xmassnu.fits.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

import xmassnu.fits.physics.Model;
import xmassnu.fits.stats.AsymptoticCalculator;
import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.Minimiser;
import xmassnu.fits.stats.TestStatistic;
import xmassnu.fits.stats.ToyCalculator;

class ObservationPointTest {
    /** Backgrounds fixed in effect (1e-4 prior), no MC statistics: the likelihood is Poisson in the counts alone. */
    static final FitSettings FIXED_BACKGROUND = new FitSettings(0.90, "qtilde", 1e-4, 1e-4, false, 1e-3, 0, false);
    static final FitSettings NO_MC_STAT = new FitSettings(0.90, "qtilde", 0.3, 0.05, false, 1e-3, 0, false);

    /** One bin: background b, no Standard Model, a magnetic-moment signal (~ c^2) of `unit` events at c = 1. */
    static AnalysisInputs oneBin(double n, double b, double unit) {
        return new AnalysisInputs(Model.MAGNETIC_MOMENT, "all", null, new double[] {n},
                Map.of("flat", Histogram.withoutError(new double[] {b})), Histogram.withoutError(new double[1]),
                Histogram.withoutError(new double[1]), Histogram.withoutError(new double[] {unit}));
    }

    @Test
    void oneBinBestFitIntervalAndSignificanceMatchTheClosedForm() {
        // n = 130 over b = 100, signal S c^2: c-hat = sqrt((n - b) / S); the 68 % interval is where
        // 2 (nu - n - n ln(nu / n)) = 1, nu = b + S c^2: scipy brentq gives nu = 118.92911416747972 and
        // 141.73749552609192; q0 = 2 (n ln(n / b) - (n - b)) = 8.21470876154767 (arXiv:1007.1727 eq. 12), Z = sqrt(q0).
        // Tolerances: 1e-3 of the interval's half-width (the solver's), the 1e-4 background prior moves nu by 1e-6
        double s = 1e20;
        ObservationPoint.Result r = ObservationPoint.compute(oneBin(130, 100, s), FIXED_BACKGROUND);
        assertTrue(r.converged(), r.reason());
        assertEquals(1, r.couplingSign());
        assertEquals(Math.sqrt(30 / s), r.bestFit(), 1e-5 * Math.sqrt(30 / s));
        double halfWidth = Math.sqrt(41.7 / s) - Math.sqrt(30 / s);
        assertEquals(Math.sqrt((118.92911416747972 - 100) / s), r.bestFitMinus1(), 2e-3 * halfWidth);
        assertEquals(Math.sqrt((141.73749552609192 - 100) / s), r.bestFitPlus1(), 2e-3 * halfWidth);
        assertEquals(8.21470876154767, r.q0(), 1e-4);
        assertEquals(Math.sqrt(8.21470876154767), r.localSignificance(), 1e-4);
        assertEquals(0.0020776091799134156, r.localPValue(), 1e-6); // scipy norm.sf(sqrt(q0))
    }

    @Test
    void aDeficitHasNoSignificanceAndAnIntervalFromZero() {
        // n = 95 < b = 100: c-hat = 0, q0 = 0, p = 1/2; the interval's upper end where nu = 100 + S c^2 makes
        // 2 (nu - n - n ln(nu / n)) - 2 (100 - n - n ln(100 / n)) = 1 (the minimum is at the boundary c = 0):
        // scipy brentq: nu = 106.33789551607731
        double s = 1e20;
        ObservationPoint.Result r = ObservationPoint.compute(oneBin(95, 100, s), FIXED_BACKGROUND);
        assertTrue(r.converged(), r.reason());
        assertEquals(0, r.bestFit(), 1e-12);
        assertEquals(0, r.bestFitMinus1(), 0);
        assertEquals(0, r.q0(), 1e-9);
        assertEquals(0.5, r.localPValue(), 1e-6);
        assertEquals(Math.sqrt(6.33789551607731 / s), r.bestFitPlus1(), 2e-3 * Math.sqrt(6.34 / s));
    }

    /** Ten 1-keV bins, one background of 100 per bin with a 30 % prior, a 1/T signal (magnetic-moment-like). */
    static AnalysisInputs tenBins() {
        return StatisticalChecksTest.model();
    }

    static double[] toyData(HistFactoryModel m, double poi, int toy, long seed) {
        double[] truth = m.initialValues();
        truth[m.poiIndex()] = poi;
        return ToyCalculator.sample(m, truth, new Well19937c(new int[] {(int) seed, toy, 0x0b5}));
    }

    static ObservationPoint.Result observe(HistFactoryModel m, double[] data, double ref) {
        return ObservationPoint.of(new ObservationPoint.Branch(m, data, new AsymptoticCalculator(m, data,
                TestStatistic.QTILDE, Minimiser.DEFAULT), ref, 1));
    }

    @Test
    void localPValuesAreUniformOnBackgroundOnlyToys() {
        // under the background-only hypothesis q0 is 0 half of the time and chi-square(1) otherwise
        // (arXiv:1007.1727 sec. 3.5): p = 1/2 for half the toys, and 2p ~ U(0, 1) for the others (KS test, commons-math;
        // asserted at the 1 % level). 1000 toys with the aux data fluctuated too.
        LimitWorkspace.Built built = LimitWorkspace.build(tenBins(), NO_MC_STAT);
        HistFactoryModel m = new HistFactoryModel(built.workspace(), null);
        int toys = 1000;
        double[] tail = new double[toys];
        int atHalf = 0;
        int k = 0;
        for (int t = 0; t < toys; t++) {
            ObservationPoint.Result r = observe(m, toyData(m, 0, t, 17), built.referenceCoupling());
            assertTrue(Double.isFinite(r.localPValue()), r.reason());
            if (r.q0() < 1e-9) {
                atHalf++;
            } else {
                tail[k++] = 2 * r.localPValue();
            }
        }
        assertEquals(0.5, atHalf / (double) toys, 3 * Math.sqrt(0.25 / toys), "fraction with q0 = 0");
        double ks = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(0, 1),
                Arrays.copyOf(tail, k));
        assertTrue(ks > 0.01, "KS p-value of 2 p0 against U(0, 1): " + ks);
    }

    @Test
    void aThreeSigmaSignalIsRecoveredWithZOfThree() {
        // inject the coupling whose Asimov significance sqrt(q0,A) is 3 (arXiv:1007.1727 sec. 3.8: the median Z of
        // toys); over 400 toys the median Z must be 3 within 3 times its error (1.2533 / sqrt(400) = 0.063) plus 0.05
        // for the asymptotic approximation, and the 68 % intervals must contain the injected coupling 68 % of the
        // time (binomial 3 sigma = 0.07)
        AnalysisInputs in = tenBins();
        LimitWorkspace.Built built = LimitWorkspace.build(in, NO_MC_STAT);
        HistFactoryModel m = new HistFactoryModel(built.workspace(), null);
        double lo = 0;
        double hi = 5;
        for (int i = 0; i < 50; i++) { // Asimov Z grows with the coupling: bisection
            double mid = 0.5 * (lo + hi);
            double[] truth = m.initialValues();
            truth[m.poiIndex()] = mid;
            double[] asimov = m.expectedData(truth);
            double z = Math.sqrt(new AsymptoticCalculator(m, asimov, TestStatistic.QTILDE,
                    Minimiser.DEFAULT).discoveryStatistic());
            if (z < 3) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double injected = 0.5 * (lo + hi);
        int toys = 400;
        double[] z = new double[toys];
        int covered = 0;
        double coupling = injected * built.referenceCoupling();
        for (int t = 0; t < toys; t++) {
            ObservationPoint.Result r = observe(m, toyData(m, injected, t, 23), built.referenceCoupling());
            assertTrue(r.converged(), r.reason());
            z[t] = r.localSignificance();
            covered += r.bestFitMinus1() <= coupling && coupling <= r.bestFitPlus1() ? 1 : 0;
        }
        Arrays.sort(z);
        double median = 0.5 * (z[toys / 2 - 1] + z[toys / 2]);
        assertEquals(3.0, median, 3 * 1.2533 / Math.sqrt(toys) + 0.05, "median Z of the injected 3 sigma signal");
        assertEquals(0.683, covered / (double) toys, 3 * Math.sqrt(0.683 * 0.317 / toys), "68 % interval coverage");
    }

    /** Millicharge-like inputs: interference ~ c (negative: destructive for c &gt; 0), pure ~ c^2. */
    static AnalysisInputs millicharge(double[] observed) {
        int n = 10;
        double[] bkg = new double[n];
        double[] inter = new double[n];
        double[] pure = new double[n];
        for (int i = 0; i < n; i++) {
            double t = 2.5 + i;
            bkg[i] = 50;
            inter[i] = -3e11 / t;
            pure[i] = 1e22 / (t * t);
        }
        Map<String, Histogram> b = new LinkedHashMap<>();
        b.put("flat", Histogram.withoutError(bkg));
        return new AnalysisInputs(Model.MILLICHARGE, "e", null, observed, b, Histogram.withoutError(new double[n]),
                Histogram.withoutError(inter), Histogram.withoutError(pure));
    }

    @Test
    void theNegativeBranchFlipsTheInterferencePiece() {
        double[] obs = {52, 49, 55, 47, 50, 51, 44, 53, 50, 48};
        AnalysisInputs in = millicharge(obs);
        LimitWorkspace.Built built = LimitWorkspace.build(in.withCouplingSign(-1), NO_MC_STAT);
        HistFactoryModel m = new HistFactoryModel(built.workspace(), null);
        double ref = built.referenceCoupling();
        double[] p = m.initialValues();
        double poi = 0.7;
        p[m.poiIndex()] = poi;
        double[] nu = new double[m.mainBins()];
        m.expectedMain(p, nu);
        // eps = -0.7 ref: b + eps * I + eps^2 * N, computed here from the templates
        double eps = -poi * ref;
        for (int i = 0; i < nu.length; i++) {
            double t = 2.5 + i;
            assertEquals(50 + eps * (-3e11 / t) + eps * eps * 1e22 / (t * t), nu[i], 1e-9 * nu[i], "bin " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> StatisticalChecksTest.model().withCouplingSign(-1));
        assertThrows(IllegalArgumentException.class, () -> in.withCouplingSign(2));
    }

    @Test
    void bothSignsGiveTheWeakerLimitOnTheMagnitude() {
        double[] obs = {52, 49, 55, 47, 50, 51, 44, 53, 50, 48};
        PointAnalysis.BothSigns r = PointAnalysis.computeBothSigns(millicharge(obs), NO_MC_STAT, 1);
        CouplingLimit.Result plus = r.positive().limit();
        CouplingLimit.Result minus = r.negative().limit();
        assertTrue(plus.converged() && minus.converged(), plus.reason() + " / " + minus.reason());
        // destructive interference at eps > 0 hides the signal at small eps: the positive branch's limit is weaker
        assertTrue(plus.expected()[2] > minus.expected()[2], plus.expected()[2] + " vs " + minus.expected()[2]);
        assertEquals(Math.max(plus.observed(), minus.observed()), r.eitherSign().limit().observed(), 0);
        for (int k = 0; k < 5; k++) {
            assertEquals(Math.max(plus.expected()[k], minus.expected()[k]), r.eitherSign().limit().expected()[k], 0);
        }
        // the negative branch equals the positive branch of the inputs with the interference template negated
        AnalysisInputs in = millicharge(obs);
        AnalysisInputs flipped = new AnalysisInputs(in.model(), in.flavour(), null, obs, in.backgrounds(),
                in.standardModel(), in.interference().scaled(-1), in.newPhysics());
        PointAnalysis.Result same = PointAnalysis.compute(flipped, NO_MC_STAT, 1);
        assertEquals(same.limit().observed(), minus.observed(), 1e-12 * minus.observed());
        assertEquals(same.observation().bestFit(), r.negative().observation().bestFit(), 1e-12);
        assertEquals(-1, r.negative().observation().couplingSign());
        assertEquals(0, r.eitherSign().observation().couplingSign());
    }

    @Test
    void eitherSignTakesTheBetterBranchAndATwoSidedPValue() {
        // an excess at low energy: the constructive (negative) branch fits it, the destructive one cannot
        double[] obs = new double[10];
        for (int i = 0; i < 10; i++) {
            double t = 2.5 + i;
            obs[i] = Math.round(50 + 1e-10 * 3e11 / t + 1e-20 * 1e22 / (t * t)); // eps = -1e-10
        }
        PointAnalysis.BothSigns r = PointAnalysis.computeBothSigns(millicharge(obs), NO_MC_STAT, 1);
        ObservationPoint.Result minus = r.negative().observation();
        ObservationPoint.Result either = r.eitherSign().observation();
        assertTrue(minus.converged() && either.converged(), minus.reason() + " / " + either.reason());
        assertTrue(minus.q0() > r.positive().observation().q0(), "the negative branch fits the excess better");
        assertEquals(-minus.bestFit(), either.bestFit(), 1e-12 * minus.bestFit());
        assertEquals(-minus.bestFitPlus1(), either.bestFitMinus1(), 1e-3 * minus.bestFit());
        assertEquals(-minus.bestFitMinus1(), either.bestFitPlus1(), 1e-3 * minus.bestFit());
        assertEquals(minus.q0(), either.q0(), 0);
        // Bonferroni over the two signs: 2 (1 - Phi(sqrt q0)) = P(chi2_1 > q0)
        assertEquals(Math.min(1, 2 * minus.localPValue()), either.localPValue(), 1e-15);
        assertEquals(AsymptoticCalculator.significance(either.localPValue()), either.localSignificance(), 1e-12);
        assertTrue(Math.abs(-1e-10 - either.bestFit()) < 3 * (either.bestFitPlus1() - either.bestFitMinus1()),
                "best fit " + either.bestFit() + " near the injected -1e-10");
    }

    @Test
    void withoutAnExcessTheEitherSignIntervalSpansBothBranches() {
        // the data equal to the background: both branches fit c = 0, so the interval of c runs from the negative
        // branch's upper end (negated) to the positive branch's, both solved against the same minimum
        double[] obs = new double[10];
        Arrays.fill(obs, 50);
        PointAnalysis.BothSigns r = PointAnalysis.computeBothSigns(millicharge(obs), NO_MC_STAT, 1);
        ObservationPoint.Result plus = r.positive().observation();
        ObservationPoint.Result minus = r.negative().observation();
        ObservationPoint.Result either = r.eitherSign().observation();
        assertTrue(plus.converged() && minus.converged() && either.converged(), either.reason());
        assertEquals(0, plus.bestFit(), 1e-3 * plus.bestFitPlus1());
        assertEquals(0, minus.bestFit(), 1e-3 * minus.bestFitPlus1());
        assertEquals(0, either.q0(), 1e-9);
        assertEquals(1, either.localPValue(), 1e-6);
        assertEquals(-minus.bestFitPlus1(), either.bestFitMinus1(), 1e-3 * minus.bestFitPlus1());
        assertEquals(plus.bestFitPlus1(), either.bestFitPlus1(), 1e-3 * plus.bestFitPlus1());
        // destructive interference: the positive branch allows a larger |eps| than the negative one
        assertTrue(plus.bestFitPlus1() > minus.bestFitPlus1(), plus.bestFitPlus1() + " vs " + minus.bestFitPlus1());
    }

    @Test
    void onTheDestructiveBranchADeficitIsSignalLike() {
        // eps > 0 lowers the counts at small eps (interference -3e11/T): a deficit at low energy is what it predicts,
        // so the positive branch fits it with eps > 0 and q0 > 0, while the constructive branch stays at 0
        double[] obs = {32, 38, 43, 45, 47, 48, 50, 49, 51, 50};
        PointAnalysis.BothSigns r = PointAnalysis.computeBothSigns(millicharge(obs), NO_MC_STAT, 1);
        assertTrue(r.positive().observation().bestFit() > 0 && r.positive().observation().q0() > 1,
                r.positive().observation().toString());
        assertEquals(0, r.negative().observation().bestFit(), 0);
    }
}
