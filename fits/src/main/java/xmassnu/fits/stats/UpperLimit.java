package xmassnu.fits.stats;

import java.util.HashMap;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * CLs upper limits on the POI: observed and expected (n = 2 ... -2, sorted ascending as limits). Either by linear
 * interpolation on a fixed scan (as pyhf.infer.intervals.upper_limit with a scan), or by bracketing root finding
 * (Brent) with memoised hypothesis tests.
 */
public final class UpperLimit {
    /** Limits at confidence level 1 - alpha; {@code expected} ascending (-2 sigma ... +2 sigma). */
    public record Limits(double observed, double[] expected, int hypothesisTests, boolean valid, String reason) {}

    private final DoubleFunction<AsymptoticCalculator.Result> hypotest;
    private final Map<Double, AsymptoticCalculator.Result> memo = new HashMap<>();

    public UpperLimit(AsymptoticCalculator calculator) {
        this(calculator::hypotest);
    }

    /** Over any hypothesis test of the POI (asymptotic, toys, or a stand-in in tests). */
    public UpperLimit(DoubleFunction<AsymptoticCalculator.Result> hypotest) {
        this.hypotest = hypotest;
    }

    private AsymptoticCalculator.Result test(double mu) {
        return memo.computeIfAbsent(mu, hypotest::apply);
    }

    /** Linear-scan limits: the POI where CLs crosses alpha, by linear interpolation between scan points. */
    public Limits scan(double from, double to, int points, double alpha) {
        double[] mus = new double[points];
        for (int i = 0; i < points; i++) {
            mus[i] = from + (to - from) * i / (points - 1);
        }
        double[][] cls = new double[6][points];
        for (int i = 0; i < points; i++) {
            AsymptoticCalculator.Result r = test(mus[i]);
            if (!r.valid()) {
                return new Limits(Double.NaN, nan5(), memo.size(), false, r.reason());
            }
            cls[0][i] = r.clsObserved();
            for (int k = 0; k < 5; k++) {
                cls[k + 1][i] = r.clsExpected()[k];
            }
        }
        double obs = interpolateCrossing(mus, cls[0], alpha);
        double[] exp = new double[5];
        for (int k = 0; k < 5; k++) {
            exp[k] = interpolateCrossing(mus, cls[k + 1], alpha);
        }
        java.util.Arrays.sort(exp);
        boolean ok = Double.isFinite(obs) && java.util.Arrays.stream(exp).allMatch(Double::isFinite);
        return new Limits(obs, exp, memo.size(), ok, ok ? null : "CLs does not cross " + alpha + " inside the scan");
    }

    /**
     * pyhf's convention: np.interp(alpha, cls[::-1], mu[::-1]), i.e. interpolation of mu as a function of CLs over
     * the reversed (CLs increasing) arrays.
     */
    static double interpolateCrossing(double[] mu, double[] cls, double alpha) {
        int n = mu.length;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = cls[n - 1 - i];
            y[i] = mu[n - 1 - i];
        }
        if (alpha <= x[0]) {
            return y[0]; // below the smallest CLs: np.interp clamps to the first point
        }
        for (int i = 1; i < n; i++) {
            if (alpha <= x[i]) {
                double t = (alpha - x[i - 1]) / (x[i] - x[i - 1]);
                return y[i - 1] + t * (y[i] - y[i - 1]);
            }
        }
        return Double.NaN;
    }

    /**
     * Root finding: for each curve, bracket the crossing of alpha in [lo, hi] (expanding hi) and solve by Brent. A
     * hypothesis test that fails far above the limit (a conditional fit driven to the edge of its model, e.g. a
     * shape systematic pulled to where a template bin reaches zero) does not decide the limit: the bracket's upper
     * end is moved down towards lo until its test is valid.
     */
    public Limits solve(double lo, double hi, double alpha, double relativeTolerance) {
        double[] exp = new double[5];
        double obs = root(mu -> test(mu).clsObserved(), lo, hi, alpha, relativeTolerance);
        for (int k = 0; k < 5; k++) {
            final int kk = k;
            exp[k] = root(mu -> test(mu).clsExpected()[kk], lo, hi, alpha, relativeTolerance);
        }
        java.util.Arrays.sort(exp);
        boolean ok = Double.isFinite(obs) && java.util.Arrays.stream(exp).allMatch(Double::isFinite);
        return new Limits(obs, exp, memo.size(), ok, ok ? null : "no CLs crossing found" + firstInvalidTest());
    }

    private String firstInvalidTest() {
        return memo.values().stream().filter(r -> !r.valid()).min(java.util.Comparator.comparingDouble(
                AsymptoticCalculator.Result::poiValue)).map(r -> " (" + r.reason() + ")").orElse("");
    }

    /** Hypothesis tests spent on finding a bracket (expansions and retreats from invalid tests). */
    static final int MAX_BRACKET_STEPS = 60;

    private static double root(DoubleFunction<Double> cls, double lo, double hi, double alpha, double tol) {
        double a = lo;
        double fa = cls.apply(a) - alpha;
        if (Double.isNaN(fa)) {
            return Double.NaN;
        }
        double b = hi;
        double fb = cls.apply(b) - alpha;
        for (int step = 0; step < MAX_BRACKET_STEPS && !(fa * fb <= 0); step++) {
            if (Double.isNaN(fb)) {
                b = a + 0.5 * (b - a); // retreat towards the last valid point
            } else {
                a = b; // still on the same side: expand
                fa = fb;
                b = b * 2;
            }
            fb = cls.apply(b) - alpha;
        }
        if (!(fa * fb <= 0)) {
            return Double.NaN;
        }
        try {
            org.apache.commons.math3.analysis.solvers.BrentSolver solver =
                    new org.apache.commons.math3.analysis.solvers.BrentSolver(tol * Math.abs(b), tol * Math.abs(b) * 1e-3);
            return solver.solve(200, x -> cls.apply(x) - alpha, a, b);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double[] nan5() {
        return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    }
}
