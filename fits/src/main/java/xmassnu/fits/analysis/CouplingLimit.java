package xmassnu.fits.analysis;

import xmassnu.fits.stats.AsymptoticCalculator;
import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.Minimiser;
import xmassnu.fits.stats.ToyCalculator;
import xmassnu.fits.stats.UpperLimit;

/**
 * The CLs upper limit on the physical coupling of one grid point (asymptotic formulae, arXiv:1007.1727), observed
 * and expected band. Never throws for a bad fit: every outcome carries a status and, when failed, the reason,
 * with NaN limits that cannot be mistaken for numbers. On a signed coupling (the millicharge) the limit is on |c|
 * on the inputs' branch ({@link AnalysisInputs#couplingSign()}); {@link #eitherSign} is the limit on |c| whatever
 * its sign.
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
        Fitted f;
        try {
            f = Fitted.of(in, s);
        } catch (IllegalArgumentException e) {
            return failed(Double.NaN, e.getMessage(), 0);
        }
        return limit(f, s, seed);
    }

    /**
     * The limit on |c| whatever the sign of c: the weaker of the two branches' limits (observed, and each entry of
     * the expected band), so that it holds for either sign; failed if either branch failed.
     */
    public static Result eitherSign(Result positive, Result negative) {
        if (!positive.converged() || !negative.converged()) {
            return failed(positive.referenceCoupling(), "coupling sign " + (positive.converged() ? "-1: "
                    + negative.reason() : "+1: " + positive.reason()), positive.hypothesisTests()
                    + negative.hypothesisTests());
        }
        double[] exp = new double[5];
        for (int k = 0; k < 5; k++) {
            exp[k] = Math.max(positive.expected()[k], negative.expected()[k]);
        }
        boolean positiveWeaker = positive.observed() >= negative.observed();
        Result weaker = positiveWeaker ? positive : negative;
        return new Result(weaker.observed(), exp, weaker.referenceCoupling(), true, null,
                positive.hypothesisTests() + negative.hypothesisTests(), weaker.toyClsAtObserved());
    }

    /** The model of one grid point with the calculator's fits to its data, shared by the limit and the observation. */
    record Fitted(LimitWorkspace.Built built, HistFactoryModel model, double[] data, AsymptoticCalculator calculator) {
        static Fitted of(AnalysisInputs in, FitSettings s) {
            LimitWorkspace.Built built = LimitWorkspace.build(in, s);
            HistFactoryModel model = new HistFactoryModel(built.workspace(), null);
            double[] data = model.observedData();
            return new Fitted(built, model, data, new AsymptoticCalculator(model, data, s.statistic(), Minimiser.DEFAULT));
        }

        ObservationPoint.Branch branch(int sign) {
            return new ObservationPoint.Branch(model, data, calculator, built.referenceCoupling(), sign);
        }
    }

    static Result limit(Fitted f, FitSettings s, long seed) {
        UpperLimit.Limits l = new UpperLimit(f.calculator()).solve(1e-3, 2.0, 1 - s.confidenceLevel(),
                s.relativeTolerance());
        double ref = f.built().referenceCoupling();
        if (!l.valid()) {
            return failed(ref, l.reason(), l.hypothesisTests());
        }
        double[] exp = new double[5];
        for (int k = 0; k < 5; k++) {
            exp[k] = l.expected()[k] * ref;
        }
        double toyCls = Double.NaN;
        if (s.toys() > 0) {
            AsymptoticCalculator.Result t = new ToyCalculator(f.model(), f.data(), s.statistic(),
                    Minimiser.DEFAULT, s.toys(), seed).hypotest(l.observed());
            toyCls = t.valid() ? t.clsObserved() : Double.NaN;
        }
        return new Result(l.observed() * ref, exp, ref, true, null, l.hypothesisTests(), toyCls);
    }

    static Result failed(double ref, String reason, int tests) {
        double nan = Double.NaN;
        return new Result(nan, new double[] {nan, nan, nan, nan, nan}, ref, false, reason, tests, nan);
    }
}
