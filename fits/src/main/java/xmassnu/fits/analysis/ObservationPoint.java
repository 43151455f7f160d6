package xmassnu.fits.analysis;

import java.util.HashMap;
import java.util.Map;

import org.apache.commons.math3.analysis.solvers.BrentSolver;

import xmassnu.fits.stats.AsymptoticCalculator;
import xmassnu.fits.stats.FitResult;
import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.Minimiser;

/**
 * What the data say at one grid point, beyond the limit: the best-fit coupling with its 68 % profile-likelihood
 * interval, the discovery test statistic q0 (Cowan, Cranmer, Gross, Vitells, arXiv:1007.1727 eq. 12, one-sided), its
 * local p-value p0 = 1 - Phi(sqrt q0) and significance Z = sqrt q0 (sec. 3.5, eq. 53: under the background-only
 * hypothesis q0 is half a delta at 0 and half a chi-square of one degree of freedom).
 *
 * <p>All couplings are magnitudes on the inputs' branch ({@link AnalysisInputs#couplingSign()}): the coupling is
 * couplingSign * bestFit. The POI of the native model is |c| / reference, linear in the coupling, so the interval
 * {mu : 2 (nll(mu) - nll(mu-hat)) &lt;= 1} maps onto the coupling by the reference factor (the profile likelihood
 * ratio is invariant under that monotonic map, whichever power of the coupling the pieces carry). The interval is
 * the connected one around the best fit, cut at |c| = 0; with interference the profile can have a second, separate
 * basin, which it does not include.
 */
public final class ObservationPoint {
    private ObservationPoint() {}

    /**
     * One grid point. {@code couplingSign} +1 or -1: the branch, and every coupling is a magnitude on it; 0: both
     * branches of a signed coupling together ({@link PointAnalysis#computeBothSigns}), and {@code bestFit},
     * {@code bestFitMinus1} and {@code bestFitPlus1} are signed couplings. {@code bestFitMinus1} &lt;= {@code bestFit}
     * &lt;= {@code bestFitPlus1} are the ends of the 68 % interval (2 delta(-ln L) = 1), in coupling units.
     */
    public record Result(int couplingSign, double bestFit, double bestFitMinus1, double bestFitPlus1, double q0,
                         double localPValue, double localSignificance, boolean converged, String reason)
            implements java.io.Serializable {
        public static Result failed(int sign, String reason) {
            double nan = Double.NaN;
            return new Result(sign, nan, nan, nan, nan, nan, nan, false, reason);
        }
    }

    /** With its own fits (the model and the fits that a limit makes too: {@link PointAnalysis} shares them). */
    public static Result compute(AnalysisInputs in, FitSettings s) {
        LimitWorkspace.Built built;
        try {
            built = LimitWorkspace.build(in, s);
        } catch (IllegalArgumentException e) {
            return Result.failed(in.couplingSign(), e.getMessage());
        }
        HistFactoryModel model = new HistFactoryModel(built.workspace(), null);
        double[] data = model.observedData();
        return of(new Branch(model, data, new AsymptoticCalculator(model, data, s.statistic(), Minimiser.DEFAULT),
                built.referenceCoupling(), in.couplingSign()));
    }

    /** The observation on one branch from its profile likelihood. */
    static Result of(Branch b) {
        if (!b.valid()) {
            return Result.failed(b.sign, b.reason());
        }
        double q0 = b.q0();
        double lower = b.q0() <= 1 ? 0 : b.crossingBelow(b.poiHat(), b.nllHat(), 1);
        double upper = b.crossingAbove(b.poiHat(), b.nllHat(), 1);
        boolean ok = Double.isFinite(lower) && Double.isFinite(upper);
        return new Result(b.sign, b.ref * b.poiHat(), b.ref * lower, b.ref * upper, q0,
                AsymptoticCalculator.survival(Math.sqrt(q0)), Math.sqrt(q0), ok,
                ok ? null : "68 % interval: " + b.failure);
    }

    /**
     * Both branches of a signed coupling together: the best fit is that of the branch with the lower -ln L (signed),
     * q0 = 2 (nll(0) - min over both branches), and the 68 % interval is solved against that common minimum, crossing
     * into the other branch when it contains 0. The local p-value is 2 (1 - Phi(sqrt q0)), capped at 1: the better of
     * two one-sided tests (Bonferroni over the two signs), exact where the interference dominates near c = 0 (then
     * the two branches are one parameter, the test two-sided and q0 a chi-square of one degree of freedom, Wilks),
     * conservative where the pure c^2 term does (then both branches coincide and 1 - Phi(sqrt q0) would hold).
     */
    static Result eitherSign(Branch positive, Branch negative) {
        if (!positive.valid() || !negative.valid()) {
            return Result.failed(0, positive.valid() ? negative.reason() : positive.reason());
        }
        boolean positiveBest = positive.nllHat() <= negative.nllHat();
        Branch best = positiveBest ? positive : negative;
        Branch other = positiveBest ? negative : positive;
        double reference = best.nllHat();
        double q0 = best.q0();
        double inner = q0 <= 1 ? 0 : best.crossingBelow(best.poiHat(), reference, 1);
        double outer = best.crossingAbove(best.poiHat(), reference, 1);
        // the interval reaches c = 0: it goes on into the other branch as far as 2 (nll - reference) <= 1 there
        double across = q0 <= 1 ? other.crossingAbove(0, reference, 1) : 0;
        boolean ok = Double.isFinite(inner) && Double.isFinite(outer) && Double.isFinite(across);
        double s = best.sign;
        double near = q0 <= 1 ? -across * other.ref : inner * best.ref; // in units of the coupling times s
        double far = outer * best.ref;
        double lo = s > 0 ? near : -far;
        double hi = s > 0 ? far : -near;
        double p = Math.min(1, 2 * AsymptoticCalculator.survival(Math.sqrt(q0)));
        return new Result(0, s * best.ref * best.poiHat(), lo, hi, q0, p, AsymptoticCalculator.excessSignificance(p), ok,
                ok ? null : "68 % interval: " + (best.failure != null ? best.failure : other.failure));
    }

    /**
     * The profile likelihood of the data along one branch of the POI (|c| / reference): the calculator's free and
     * mu = 0 fits (made for the limit anyway) and memoised conditional fits.
     */
    static final class Branch {
        private final HistFactoryModel model;
        private final double[] data;
        private final AsymptoticCalculator calc;
        final double ref;
        final int sign;
        private final Map<Double, Double> nllAt = new HashMap<>();
        private double scale = Double.NaN;
        String failure;

        Branch(HistFactoryModel model, double[] data, AsymptoticCalculator calc, double referenceCoupling, int sign) {
            this.model = model;
            this.data = data.clone();
            this.calc = calc;
            this.ref = referenceCoupling;
            this.sign = sign;
        }

        boolean valid() {
            return calc.freeFit().converged() && calc.backgroundFit().converged();
        }

        String reason() {
            return "fit to the data failed: " + (calc.freeFit().converged() ? calc.backgroundFit().reason()
                    : calc.freeFit().reason());
        }

        /** The better of the free fit and the mu = 0 fit (a free fit caught in a worse basin than mu = 0 is no fit). */
        private boolean backgroundIsBest() {
            return calc.backgroundFit().nll() < calc.freeFit().nll();
        }

        double poiHat() {
            return backgroundIsBest() ? 0 : calc.freeFit().parameters()[model.poiIndex()];
        }

        double nllHat() {
            return Math.min(calc.freeFit().nll(), calc.backgroundFit().nll());
        }

        double q0() {
            return poiHat() <= 0 ? 0 : Math.max(0, 2 * (calc.backgroundFit().nll() - nllHat()));
        }

        /** -ln L profiled at POI mu (NaN if the conditional fit fails; memoised). */
        double nll(double mu) {
            if (mu == 0) {
                return calc.backgroundFit().nll();
            }
            return nllAt.computeIfAbsent(mu, m -> {
                FitResult f = calc.conditionalFit(m);
                if (!f.converged()) {
                    failure = "conditional fit at POI " + m + " failed: " + f.reason();
                    return Double.NaN;
                }
                return f.nll();
            });
        }

        /**
         * The first step of the bracket searches: the POI's Hesse uncertainty at the best fit, at most 0.5 (the POI is
         * of order one by the choice of the reference coupling; at a best fit on the boundary of a model with powers
         * of 2 and more the curvature vanishes and the Hesse error is useless).
         */
        private double scale() {
            if (Double.isNaN(scale)) {
                double sigma = model.uncertainty(model.poiIndex(), data, calc.freeFit().parameters());
                scale = sigma > 1e-6 && sigma < 0.5 ? sigma : 0.5;
            }
            return scale;
        }

        /** Conditional fits made for the interval (the cost of the observation beyond the limit's fits). */
        int conditionalFits() {
            return nllAt.size();
        }

        /** sqrt(2 (nll(mu) - reference)) - sqrt(level): nearly linear in mu, so Brent needs few fits. */
        private double excess(double mu, double reference, double level) {
            double t = 2 * (nll(mu) - reference);
            return Math.sqrt(Math.max(0, t)) - Math.sqrt(level);
        }

        /** The POI above {@code from} where 2 (nll - reference) reaches level; NaN if not below the POI's bound. */
        double crossingAbove(double from, double reference, double level) {
            double max = model.upperBounds()[model.poiIndex()];
            double step = scale();
            double a = from;
            double b = Math.min(max, from + step);
            double fb = excess(b, reference, level);
            while (fb < 0 && b < max) {
                a = b;
                step *= 2;
                b = Math.min(max, from + step);
                fb = excess(b, reference, level);
            }
            if (!(fb >= 0)) {
                failure = failure != null ? failure : "2 delta(-ln L) stays below " + level + " up to POI " + b;
                return Double.NaN;
            }
            return solve(a, b, reference, level, step);
        }

        /** The POI in [0, from] where 2 (nll - reference) reaches level coming down from 0 (q0 &gt; level). */
        double crossingBelow(double from, double reference, double level) {
            return solve(0, from, reference, level, Math.min(from, scale()));
        }

        private double solve(double a, double b, double reference, double level, double scale) {
            double fa = excess(a, reference, level);
            double fb = excess(b, reference, level);
            if (!Double.isFinite(fa) || !Double.isFinite(fb)) {
                return Double.NaN;
            }
            if (fa == 0) {
                return a;
            }
            if (fb == 0) {
                return b;
            }
            try {
                // 1e-4 of the end (POI ~ 1) or of the first step: far below what a 68 % interval is quoted to
                return new BrentSolver(1e-4, 1e-4 * scale).solve(60, x -> excess(x, reference, level), a, b);
            } catch (RuntimeException e) {
                failure = failure != null ? failure : "no crossing of " + level + " in [" + a + ", " + b + "]: "
                        + e.getMessage();
                return Double.NaN;
            }
        }
    }
}
