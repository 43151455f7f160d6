package xmassnu.fits.analysis;

import xmassnu.fits.stats.AsymptoticCalculator;
import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.Minimiser;
import xmassnu.fits.stats.ToyCalculator;
import xmassnu.fits.stats.UpperLimit;

/**
 * The CLs upper limit on the physical coupling of one grid point (asymptotic formulae, arXiv:1007.1727), observed
 * and expected band. Never throws for a bad fit: every outcome carries a status and, when failed, the reason,
 * with NaN limits that cannot be mistaken for numbers.
 */
public final class CouplingLimit {
    private CouplingLimit() {}

    /**
     * Limits in coupling units; {@code expected} ascending (-2 sigma ... +2 sigma); {@code toyClsAtObserved} the
     * toy-based CLs at the observed limit (NaN without toys).
     */
    public record Result(double observed, double[] expected, double referenceCoupling, boolean converged,
                         String reason, int hypothesisTests, double toyClsAtObserved) {}

    public static Result compute(AnalysisInputs in, FitSettings s) {
        return compute(in, s, 0);
    }

    /** As {@link #compute(AnalysisInputs, FitSettings)}; {@code seed} seeds the toys when s.toys() &gt; 0. */
    public static Result compute(AnalysisInputs in, FitSettings s, long seed) {
        LimitWorkspace.Built built;
        try {
            built = LimitWorkspace.build(in, s);
        } catch (IllegalArgumentException e) {
            return failed(Double.NaN, e.getMessage(), 0);
        }
        HistFactoryModel model = new HistFactoryModel(built.workspace(), null);
        AsymptoticCalculator calc = new AsymptoticCalculator(model, model.observedData(), s.statistic(),
                Minimiser.DEFAULT);
        UpperLimit.Limits l = new UpperLimit(calc).solve(1e-3, 2.0, 1 - s.confidenceLevel(), s.relativeTolerance());
        double ref = built.referenceCoupling();
        if (!l.valid()) {
            return failed(ref, l.reason(), l.hypothesisTests());
        }
        double[] exp = new double[5];
        for (int k = 0; k < 5; k++) {
            exp[k] = l.expected()[k] * ref;
        }
        double toyCls = Double.NaN;
        if (s.toys() > 0) {
            AsymptoticCalculator.Result t = new ToyCalculator(model, model.observedData(), s.statistic(),
                    Minimiser.DEFAULT, s.toys(), seed).hypotest(l.observed());
            toyCls = t.valid() ? t.clsObserved() : Double.NaN;
        }
        return new Result(l.observed() * ref, exp, ref, true, null, l.hypothesisTests(), toyCls);
    }

    private static Result failed(double ref, String reason, int tests) {
        double nan = Double.NaN;
        return new Result(nan, new double[] {nan, nan, nan, nan, nan}, ref, false, reason, tests, nan);
    }
}
