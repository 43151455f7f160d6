package xmassnu.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import xmassnu.fits.analysis.AnalysisInputs;
import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.analysis.Histogram;
import xmassnu.fits.analysis.LimitWorkspace;
import xmassnu.fits.physics.FlavourCase;
import xmassnu.fits.physics.Model;
import xmassnu.fits.stats.AsymptoticCalculator;
import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.Minimiser;
import xmassnu.jobs.fit.GridPoint;
import xmassnu.jobs.plots.ClsScanFigure;
import xmassnu.jobs.plots.Figure;
import xmassnu.jobs.plots.SpectrumFigure;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.spectra.Variation;
import xmassnu.jobs.spectra.VariedTemplates;

/** The report's spectrum figure from the spectra stage's nominal templates and the limit grid. */
final class ReportFigures {
    private ReportFigures() {}

    /**
     * The observed spectrum over the nominal (pre-fit) expectation: backgrounds of at least 1 % of the total each,
     * the rest summed, the Standard-Model solar neutrinos on top; the band is the templates' Monte Carlo statistical
     * uncertainty; the magnetic-moment signal (all flavours) at its observed limit overlaid. The post-fit version
     * takes the same {@link SpectrumFigure.Data} with post-fit components and band.
     */
    static Figure preFit(Templates t, List<GridPoint> points, double confidenceLevel) {
        double[] edges = t.edges();
        int n = edges.length - 1;
        double grand = t.standardModel().total();
        for (Histogram b : t.backgrounds().values()) {
            grand += b.total();
        }
        List<SpectrumFigure.Component> stack = new ArrayList<>();
        double[] other = new double[n];
        double[] var = new double[n];
        int merged = 0;
        for (Map.Entry<String, Histogram> e : t.backgrounds().entrySet()) {
            Histogram h = e.getValue();
            for (int i = 0; i < n; i++) {
                var[i] += h.statError()[i] * h.statError()[i];
            }
            if (h.total() >= 0.01 * grand) {
                stack.add(new SpectrumFigure.Component(e.getKey(), h.counts()));
            } else if (h.total() > 0) {
                merged++;
                for (int i = 0; i < n; i++) {
                    other[i] += h.counts()[i];
                }
            }
        }
        stack.sort((a, b) -> Double.compare(sum(b.counts()), sum(a.counts())));
        if (merged > 0) {
            stack.add(new SpectrumFigure.Component("other backgrounds (" + merged + ", each < 1 %)", other));
        }
        Histogram sm = t.standardModel();
        stack.add(new SpectrumFigure.Component("solar ν (Standard Model)", sm.counts()));
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; i++) {
            var[i] += sm.statError()[i] * sm.statError()[i];
            double total = 0;
            for (SpectrumFigure.Component c : stack) {
                total += c.counts()[i];
            }
            lo[i] = Math.max(0, total - Math.sqrt(var[i]));
            hi[i] = total + Math.sqrt(var[i]);
        }
        return SpectrumFigure.figure("spectrum", new SpectrumFigure.Data(
                "Observed spectrum and nominal expectation (fiducial volume)", "E (keV_{ee})",
                "events / " + new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", edges[1] - edges[0]))
                        .stripTrailingZeros().toPlainString() + " keV_{ee}", edges, t.observed(), stack,
                lo, hi, signalAtLimit(t, points, confidenceLevel), "expected total (pre-fit)"), 900, 700);
    }

    /** The HEPData table of the spectrum figure: observed and the nominal expectation per component. */
    static xmassnu.jobs.export.HepData.Table spectrumTable(Templates t) {
        Map<String, double[]> expected = new java.util.LinkedHashMap<>();
        int n = t.edges().length - 1;
        double[] var = new double[n];
        for (Map.Entry<String, Histogram> e : t.backgrounds().entrySet()) {
            expected.put(e.getKey(), e.getValue().counts());
            for (int i = 0; i < n; i++) {
                var[i] += e.getValue().statError()[i] * e.getValue().statError()[i];
            }
        }
        expected.put("solar neutrinos (Standard Model)", t.standardModel().counts());
        double[] err = new double[n];
        for (int i = 0; i < n; i++) {
            err[i] = Math.sqrt(var[i] + t.standardModel().statError()[i] * t.standardModel().statError()[i]);
        }
        return xmassnu.jobs.export.HepDataTables.spectrum(t.edges(), t.observed(), expected, err, "pre-fit, nominal");
    }

    /** The magnetic-moment signal (all flavours) at its observed limit, or null when that point has none. */
    static SpectrumFigure.Component signalAtLimit(Templates t, List<GridPoint> points, double confidenceLevel) {
        for (GridPoint p : points) {
            if (p.key().model() == Model.MAGNETIC_MOMENT && p.key().flavour() == FlavourCase.ALL
                    && p.observed() > 0 && t.signalKeys().contains(p.key())) {
                AnalysisInputs in = t.inputs(Model.MAGNETIC_MOMENT, FlavourCase.ALL, null);
                // magnetic moment: no interference, rate ~ mu^2 (Model.MAGNETIC_MOMENT)
                double[] s = in.newPhysics().scaled(Math.pow(p.observed(), in.model().newPhysicsPower())).counts();
                return new SpectrumFigure.Component(String.format(Locale.ROOT,
                        "μν = %.2g μB (observed %.0f%% CL limit)", p.observed(), 100 * confidenceLevel), s);
            }
        }
        return null;
    }

    /**
     * CLs against the millicharge (all flavours) along its weaker sign, whose limit is the one on |eps|: observed
     * and expected with its bands, by the same asymptotic calculator and workspace as the grid; the upper limit is
     * where the observed curve crosses 1 - CL. Null when the grid has no converged millicharge row.
     */
    static Figure clsScan(VariedTemplates t, FitSettings s, List<GridPoint> points) {
        GridPoint weaker = null;
        for (GridPoint p : points) {
            if (p.key().model() == Model.MILLICHARGE && p.key().flavour() == FlavourCase.ALL && p.couplingSign() != null
                    && p.couplingSign() != 0 && p.converged() && p.variation().equals(Variation.NOMINAL)
                    && (weaker == null || p.observed() > weaker.observed())) {
                weaker = p;
            }
        }
        if (weaker == null) {
            return null;
        }
        AnalysisInputs in = t.inputs(weaker.key()).withCouplingSign(weaker.couplingSign());
        LimitWorkspace.Built built = LimitWorkspace.build(in, s);
        HistFactoryModel m = new HistFactoryModel(built.workspace(), null);
        AsymptoticCalculator calc = new AsymptoticCalculator(m, m.observedData(), s.statistic(), Minimiser.DEFAULT);
        double ref = built.referenceCoupling();
        double top = Math.min(m.upperBounds()[m.poiIndex()], 3 * Math.max(weaker.observed(),
                weaker.expected().plus2()) / ref);
        double bottom = 0.1 * Math.min(weaker.observed(), weaker.expected().minus2()) / ref;
        int n = 25;
        double[] eps = new double[n];
        double[] obs = new double[n];
        double[][] exp = new double[5][n];
        for (int i = 0; i < n; i++) {
            double mu = bottom * Math.pow(top / bottom, i / (n - 1.0));
            AsymptoticCalculator.Result r = calc.hypotest(mu);
            eps[i] = mu * ref;
            obs[i] = r.valid() ? r.clsObserved() : Double.NaN;
            double[] e = r.valid() ? r.clsExpected().clone() : new double[] {Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN};
            java.util.Arrays.sort(e); // ascending CLs: the -2 sigma (lowest) limit's curve first
            for (int k = 0; k < 5; k++) {
                exp[k][i] = e[k];
            }
        }
        String sign = weaker.couplingSign() > 0 ? "ε > 0" : "ε < 0";
        return ClsScanFigure.figure("cls-scan-millicharge", String.format(Locale.ROOT, "CLs scan, millicharge, all "
                + "flavours, %s (the weaker sign): observed limit |ε| = %.3g", sign, weaker.observed()), "|ε|", eps, obs,
                exp, 1 - s.confidenceLevel(), 900, 600);
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
