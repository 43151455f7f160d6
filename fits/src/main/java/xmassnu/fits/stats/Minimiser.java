package xmassnu.fits.stats;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Bounded minimiser for smooth likelihoods: projected Newton with finite-difference gradient and Hessian,
 * Levenberg damping when the Hessian is not positive definite and a backtracking line search; parameters at an
 * active bound are held there. If it does not converge, a second strategy (coordinate descent with golden-section
 * line searches, then Newton again) is tried before reporting failure with a reason.
 */
public final class Minimiser {
    private final int maxIterations;

    public Minimiser(int maxIterations) {
        this.maxIterations = maxIterations;
    }

    public static final Minimiser DEFAULT = new Minimiser(200);

    /**
     * Derivatives supplied by the objective: the gradient and a positive semi-definite curvature matrix (e.g. the
     * Gauss-Newton / Fisher information of a Poisson likelihood). Newton steps with it need O(n) model evaluations
     * per iteration instead of the O(n^2) of a finite-difference Hessian.
     */
    public interface Curvature {
        void derivatives(double[] x, double[] gradient, double[][] curvature);

        /**
         * Per parameter, the point where the objective's slope jumps (HistFactory's piecewise interpolation codes 0
         * and 1 at alpha = 0), NaN where it is smooth; null if it is smooth everywhere. Steps stop at a kink, and a
         * parameter at a kink where the objective rises on both sides is held there like one at a bound.
         */
        default double[] kinks() {
            return null;
        }

        /** The same derivatives, with kinks. */
        static Curvature withKinks(Curvature c, double[] kinks) {
            double[] k = kinks.clone();
            return new Curvature() {
                @Override
                public void derivatives(double[] x, double[] gradient, double[][] curvature) {
                    c.derivatives(x, gradient, curvature);
                }

                @Override
                public double[] kinks() {
                    return k;
                }
            };
        }
    }

    public FitResult minimise(ToDoubleFunction<double[]> f, double[] start, double[] lo, double[] hi, boolean[] fixed) {
        return minimise(f, null, start, lo, hi, fixed);
    }

    /** As {@link #minimise(ToDoubleFunction, double[], double[], double[], boolean[])}, with derivatives if non-null. */
    public FitResult minimise(ToDoubleFunction<double[]> f, Curvature derivatives, double[] start, double[] lo,
                              double[] hi, boolean[] fixed) {
        double[] x = start.clone();
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(hi[i], Math.max(lo[i], x[i]));
        }
        double[] kinks = derivatives == null ? null : derivatives.kinks();
        if (derivatives != null) {
            // newton moves its argument only to accepted (finite, lower) iterates; a route that stalled (its
            // curvature leaves out cross terms, which slows it to linear convergence far from the data) has still
            // only descended: the finite-difference route continues from there instead of from the start
            double[] last = x.clone();
            FitResult r = newton(f, derivatives, kinks, last, lo, hi, fixed);
            if (r.converged()) {
                return r;
            }
            x = last;
        }
        FitResult r = newton(f, null, kinks, x, lo, hi, fixed);
        if (r.converged()) {
            return r;
        }
        double[] y = start.clone();
        coordinateDescent(f, y, lo, hi, fixed, 30);
        FitResult second = newton(f, null, kinks, y, lo, hi, fixed);
        if (second.converged()) {
            return second;
        }
        return FitResult.failed(x.length, "no convergence after Newton and coordinate-descent strategies ("
                + r.reason() + "; " + second.reason() + ")", r.iterations() + second.iterations());
    }

    private FitResult newton(ToDoubleFunction<double[]> f, Curvature derivatives, double[] kinks, double[] x,
                             double[] lo, double[] hi, boolean[] fixed) {
        int n = x.length;
        double fx = f.applyAsDouble(x);
        if (!Double.isFinite(fx)) {
            return FitResult.failed(n, "likelihood not finite at the start point", 0);
        }
        double lambda = 0;
        // the derivative route either converges fast or not at all (an inexact curvature stalls): give up early
        int limit = derivatives != null ? Math.min(maxIterations, 60) : maxIterations;
        for (int it = 1; it <= limit; it++) {
            double[] h = new double[n];
            for (int i = 0; i < n; i++) {
                h[i] = 1e-5 * Math.max(1, Math.abs(x[i]));
            }
            double[] g;
            double[][] full = null;
            if (derivatives != null) {
                g = new double[n];
                full = new double[n][n];
                derivatives.derivatives(x, g, full);
            } else {
                g = gradient(f, x, h, lo, hi, fixed);
            }
            boolean[] active = new boolean[n];
            int free = 0;
            for (int i = 0; i < n; i++) {
                active[i] = fixed[i] || (x[i] <= lo[i] && g[i] > 0) || (x[i] >= hi[i] && g[i] < 0);
                if (!active[i] && kinks != null && x[i] == kinks[i]) {
                    active[i] = atKink(f, x, fx, i, lo[i], hi[i], g);
                }
                if (!active[i]) {
                    free++;
                }
            }
            double gnorm = 0;
            for (int i = 0; i < n; i++) {
                if (!active[i]) {
                    gnorm = Math.max(gnorm, Math.abs(g[i]) * Math.max(1, Math.abs(x[i])));
                }
            }
            if (free == 0 || gnorm < 1e-7) {
                return new FitResult(x.clone(), fx, true, it, "converged");
            }
            int[] idx = new int[free];
            for (int i = 0, k = 0; i < n; i++) {
                if (!active[i]) {
                    idx[k++] = i;
                }
            }
            double[][] hess;
            if (full != null) {
                hess = new double[free][free];
                for (int a = 0; a < free; a++) {
                    for (int b = 0; b < free; b++) {
                        hess[a][b] = full[idx[a]][idx[b]];
                    }
                }
            } else {
                hess = hessian(f, x, h, idx, lo, hi);
            }
            double[] step = null;
            for (int attempt = 0; attempt < 30 && step == null; attempt++) {
                double[][] a = new double[free][free];
                double[] b = new double[free];
                for (int r = 0; r < free; r++) {
                    System.arraycopy(hess[r], 0, a[r], 0, free);
                    a[r][r] += lambda * Math.max(1e-12, Math.abs(hess[r][r]));
                    b[r] = -g[idx[r]];
                }
                try {
                    double[] s = LinearAlgebra.solve(a, b);
                    double descent = 0;
                    for (int r = 0; r < free; r++) {
                        descent += s[r] * g[idx[r]];
                    }
                    if (descent < 0 && Arrays.stream(s).allMatch(Double::isFinite)) {
                        step = s;
                    } else {
                        lambda = lambda == 0 ? 1e-3 : lambda * 10;
                    }
                } catch (ArithmeticException e) {
                    lambda = lambda == 0 ? 1e-3 : lambda * 10;
                }
            }
            if (step == null) {
                return FitResult.failed(n, "no descent direction", it);
            }
            double t = 1;
            double[] trial = new double[n];
            double ft = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 40; ls++) {
                System.arraycopy(x, 0, trial, 0, n);
                for (int r = 0; r < free; r++) {
                    int i = idx[r];
                    trial[i] = Math.min(hi[i], Math.max(lo[i], x[i] + t * step[r]));
                    if (kinks != null && x[i] != kinks[i] && Double.isFinite(kinks[i])) {
                        // stop at the kink: the derivatives hold on x's side of it only
                        trial[i] = x[i] > kinks[i] ? Math.max(kinks[i], trial[i]) : Math.min(kinks[i], trial[i]);
                    }
                }
                ft = f.applyAsDouble(trial);
                if (Double.isFinite(ft) && ft <= fx + 1e-14 * Math.abs(fx)) {
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            if (!accepted) {
                return gnorm < 1e-4 ? new FitResult(x.clone(), fx, true, it, "converged (line search at precision)")
                        : FitResult.failed(n, "line search failed", it);
            }
            double improvement = fx - ft;
            System.arraycopy(trial, 0, x, 0, n);
            fx = ft;
            lambda = lambda / 10 < 1e-8 ? 0 : lambda / 10;
            if (improvement == 0 && t == 1) {
                return new FitResult(x.clone(), fx, true, it, "converged"); // a full Newton step changed nothing
            }
        }
        return FitResult.failed(n, "iteration limit " + limit, limit);
    }

    /**
     * Parameter i sits at its kink: the one-sided slopes decide. Rising on both sides, it is a minimum along i and
     * held (true); otherwise g[i] becomes the slope of the side that descends (the steeper one if both do).
     */
    private static boolean atKink(ToDoubleFunction<double[]> f, double[] x, double fx, int i, double lo, double hi,
                                  double[] g) {
        double h = 1e-7 * Math.max(1, Math.abs(x[i]));
        double[] y = x.clone();
        y[i] = Math.min(hi, x[i] + h);
        double right = y[i] > x[i] ? (f.applyAsDouble(y) - fx) / (y[i] - x[i]) : Double.POSITIVE_INFINITY;
        y[i] = Math.max(lo, x[i] - h);
        double left = y[i] < x[i] ? (fx - f.applyAsDouble(y)) / (x[i] - y[i]) : Double.NEGATIVE_INFINITY;
        if (left <= 0 && right >= 0) {
            return true;
        }
        g[i] = right < 0 && (left <= 0 || -right >= left) ? right : left;
        return false;
    }

    private static double[] gradient(ToDoubleFunction<double[]> f, double[] x, double[] h, double[] lo, double[] hi,
                                     boolean[] fixed) {
        int n = x.length;
        double[] g = new double[n];
        double[] y = x.clone();
        for (int i = 0; i < n; i++) {
            if (fixed[i]) {
                continue;
            }
            double up = Math.min(hi[i], x[i] + h[i]);
            double dn = Math.max(lo[i], x[i] - h[i]);
            y[i] = up;
            double fu = f.applyAsDouble(y);
            y[i] = dn;
            double fd = f.applyAsDouble(y);
            y[i] = x[i];
            g[i] = (fu - fd) / (up - dn);
        }
        return g;
    }

    private static double[][] hessian(ToDoubleFunction<double[]> f, double[] x, double[] h, int[] idx, double[] lo,
                                      double[] hi) {
        int m = idx.length;
        double[][] out = new double[m][m];
        double[] y = x.clone();
        double f0 = f.applyAsDouble(x);
        for (int a = 0; a < m; a++) {
            int i = idx[a];
            double hi1 = Math.min(h[i], Math.max(1e-12, Math.min(hi[i] - x[i], x[i] - lo[i]) * 0.5 + 1e-12));
            for (int b = a; b < m; b++) {
                int j = idx[b];
                double hj = Math.min(h[j], Math.max(1e-12, Math.min(hi[j] - x[j], x[j] - lo[j]) * 0.5 + 1e-12));
                double v;
                if (a == b) {
                    y[i] = x[i] + hi1;
                    double fp = f.applyAsDouble(y);
                    y[i] = x[i] - hi1;
                    double fm = f.applyAsDouble(y);
                    y[i] = x[i];
                    v = (fp - 2 * f0 + fm) / (hi1 * hi1);
                } else {
                    y[i] = x[i] + hi1;
                    y[j] = x[j] + hj;
                    double fpp = f.applyAsDouble(y);
                    y[j] = x[j] - hj;
                    double fpm = f.applyAsDouble(y);
                    y[i] = x[i] - hi1;
                    double fmm = f.applyAsDouble(y);
                    y[j] = x[j] + hj;
                    double fmp = f.applyAsDouble(y);
                    y[i] = x[i];
                    y[j] = x[j];
                    v = (fpp - fpm - fmp + fmm) / (4 * hi1 * hj);
                }
                out[a][b] = v;
                out[b][a] = v;
            }
        }
        return out;
    }

    private static void coordinateDescent(ToDoubleFunction<double[]> f, double[] x, double[] lo, double[] hi,
                                          boolean[] fixed, int sweeps) {
        for (int s = 0; s < sweeps; s++) {
            for (int i = 0; i < x.length; i++) {
                if (fixed[i]) {
                    continue;
                }
                double a = Math.max(lo[i], x[i] - Math.max(1, Math.abs(x[i])));
                double b = Math.min(hi[i], x[i] + Math.max(1, Math.abs(x[i])));
                final int k = i;
                double[] y = x.clone();
                ToDoubleFunction<Double> g = v -> {
                    y[k] = v;
                    return f.applyAsDouble(y);
                };
                double gr = (Math.sqrt(5) - 1) / 2;
                double c = b - gr * (b - a);
                double d = a + gr * (b - a);
                for (int it = 0; it < 60; it++) {
                    if (g.applyAsDouble(c) < g.applyAsDouble(d)) {
                        b = d;
                    } else {
                        a = c;
                    }
                    c = b - gr * (b - a);
                    d = a + gr * (b - a);
                }
                double best = 0.5 * (a + b);
                if (g.applyAsDouble(best) < f.applyAsDouble(x)) {
                    x[i] = best;
                }
            }
        }
    }
}
