package xmassnu.reduction.reco;

/**
 * Downhill simplex minimiser (Nelder &amp; Mead, Comput. J. 7 (1965) 308; standard coefficients 1, 2, 0.5, 0.5)
 * for small, cheap, possibly non-smooth problems such as vertex and peak fits. A function value of +infinity
 * marks an infeasible point (bounds). Reuses its arrays: one instance per thread.
 */
public final class NelderMead {
    /** The objective: returns f(x); +infinity outside the feasible region. */
    @FunctionalInterface
    public interface Objective {
        double value(double[] x);
    }

    private final int n;
    private final double[][] simplex;
    private final double[] values;
    private final double[] centroid;
    private final double[] trial;
    private final double[] trial2;
    private int evaluations;
    private boolean converged;

    public NelderMead(int dimension) {
        n = dimension;
        simplex = new double[n + 1][n];
        values = new double[n + 1];
        centroid = new double[n];
        trial = new double[n];
        trial2 = new double[n];
    }

    public int evaluations() {
        return evaluations;
    }

    public boolean converged() {
        return converged;
    }

    /**
     * Minimises from {@code start} (must be feasible) with initial steps {@code step}; stops when the spread of
     * function values is below {@code fTolerance} and the simplex is smaller than {@code xTolerance}, or after
     * {@code maxEvaluations}. The best point is written into {@code start}; returns its value.
     */
    public double minimise(Objective f, double[] start, double[] step, double fTolerance, double xTolerance,
                           int maxEvaluations) {
        evaluations = 0;
        converged = false;
        for (int i = 0; i <= n; i++) {
            System.arraycopy(start, 0, simplex[i], 0, n);
            if (i > 0) {
                simplex[i][i - 1] += step[i - 1];
            }
            values[i] = eval(f, simplex[i]);
            if (i > 0 && values[i] == Double.POSITIVE_INFINITY) {
                simplex[i][i - 1] -= 2 * step[i - 1];
                values[i] = eval(f, simplex[i]);
            }
        }
        while (evaluations < maxEvaluations) {
            int best = 0;
            int worst = 0;
            int second = 0;
            for (int i = 1; i <= n; i++) {
                if (values[i] < values[best]) {
                    best = i;
                }
                if (values[i] > values[worst]) {
                    worst = i;
                }
            }
            second = best;
            for (int i = 0; i <= n; i++) {
                if (i != worst && values[i] > values[second]) {
                    second = i;
                }
            }
            if (Math.abs(values[worst] - values[best]) < fTolerance && size(best) < xTolerance) {
                converged = true;
                break;
            }
            java.util.Arrays.fill(centroid, 0);
            for (int i = 0; i <= n; i++) {
                if (i != worst) {
                    for (int d = 0; d < n; d++) {
                        centroid[d] += simplex[i][d] / n;
                    }
                }
            }
            for (int d = 0; d < n; d++) {
                trial[d] = centroid[d] + (centroid[d] - simplex[worst][d]);
            }
            double fr = eval(f, trial);
            if (fr < values[best]) {
                for (int d = 0; d < n; d++) {
                    trial2[d] = centroid[d] + 2 * (centroid[d] - simplex[worst][d]);
                }
                double fe = eval(f, trial2);
                if (fe < fr) {
                    replace(worst, trial2, fe);
                } else {
                    replace(worst, trial, fr);
                }
            } else if (fr < values[second]) {
                replace(worst, trial, fr);
            } else {
                boolean outside = fr < values[worst];
                for (int d = 0; d < n; d++) {
                    trial2[d] = outside ? centroid[d] + 0.5 * (trial[d] - centroid[d])
                            : centroid[d] + 0.5 * (simplex[worst][d] - centroid[d]);
                }
                double fc = eval(f, trial2);
                if (fc < Math.min(fr, values[worst])) {
                    replace(worst, trial2, fc);
                } else {
                    for (int i = 0; i <= n; i++) {
                        if (i != best) {
                            for (int d = 0; d < n; d++) {
                                simplex[i][d] = simplex[best][d] + 0.5 * (simplex[i][d] - simplex[best][d]);
                            }
                            values[i] = eval(f, simplex[i]);
                        }
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) {
            if (values[i] < values[best]) {
                best = i;
            }
        }
        System.arraycopy(simplex[best], 0, start, 0, n);
        return values[best];
    }

    /** Largest coordinate distance of a vertex from the best one (only needed once the values have converged). */
    private double size(int best) {
        double size = 0;
        for (int i = 0; i <= n; i++) {
            for (int d = 0; d < n; d++) {
                size = Math.max(size, Math.abs(simplex[i][d] - simplex[best][d]));
            }
        }
        return size;
    }

    private double eval(Objective f, double[] x) {
        evaluations++;
        double v = f.value(x);
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    private void replace(int i, double[] x, double v) {
        System.arraycopy(x, 0, simplex[i], 0, n);
        values[i] = v;
    }
}
