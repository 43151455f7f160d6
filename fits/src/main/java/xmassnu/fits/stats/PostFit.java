package xmassnu.fits.stats;

/**
 * What a fit says about its parameters beyond their values: the auxiliary measurement (prior) of every constrained
 * parameter, the covariance matrix at the minimum, the uncertainty it gives the expected counts, and the
 * saturated-model value of -ln L (each datum fitted exactly) that a goodness-of-fit ratio needs.
 */
public final class PostFit {
    private PostFit() {}

    /**
     * The auxiliary measurement of one constrained parameter in a dataset: Gaussian (centre = the auxiliary datum,
     * width sigma) or Poisson (shapesys: centre aux / tau, width sqrt(aux) / tau).
     */
    public record Prior(int parameter, double centre, double width, boolean poisson) {}

    /** The prior of every parameter (index = parameter), null where a parameter has no constraint term. */
    public static Prior[] priors(HistFactoryModel m, double[] data) {
        Prior[] out = new Prior[m.parameterCount()];
        int main = m.mainBins();
        for (int k = 0; k < data.length - main; k++) {
            HistFactoryModel.Constraint c = m.constraint(k);
            double aux = data[main + k];
            out[c.param()] = c.poisson() ? new Prior(c.param(), aux / c.width(), Math.sqrt(aux) / c.width(), true)
                    : new Prior(c.param(), aux, c.width(), false);
        }
        return out;
    }

    /**
     * -ln L of the saturated model in {@link HistFactoryModel#nll}'s convention: every main bin at its count
     * (n - n ln n, 0 ln 0 = 0) and every constraint at its datum (Gaussian 0, Poisson a - a ln a). Twice the
     * difference to a fit's -ln L is the Baker-Cousins likelihood-ratio chi-square of the whole likelihood
     * chi-square_lambda (Baker, Cousins, NIM 221 (1984) 437), with the auxiliary measurements as data.
     */
    public static double saturatedNll(HistFactoryModel m, double[] data) {
        int main = m.mainBins();
        double s = 0;
        for (int i = 0; i < main; i++) {
            s += data[i] - xLogX(data[i]);
        }
        for (int k = 0; k < data.length - main; k++) {
            if (m.constraint(k).poisson()) {
                double a = data[main + k];
                s += a - xLogX(a);
            }
        }
        return s;
    }

    private static double xLogX(double x) {
        return x > 0 ? x * Math.log(x) : 0;
    }

    /**
     * The covariance of the free parameters at a minimum: the inverse of the Hessian of -ln L, from central
     * differences of its exact gradient ({@link HistFactoryModel#curvature}; the curvature matrix itself leaves out
     * some second derivatives). Rows and columns of fixed parameters are zero; null if the Hessian is singular.
     */
    public static double[][] covariance(HistFactoryModel m, double[] data, double[] best, boolean[] fixed) {
        int n = best.length;
        int[] idx = new int[n];
        int free = 0;
        for (int i = 0; i < n; i++) {
            if (!fixed[i]) {
                idx[free++] = i;
            }
        }
        Minimiser.Curvature c = m.curvature(data);
        double[] lo = m.lowerBounds();
        double[] hi = m.upperBounds();
        double[][] hess = new double[free][free];
        for (int a = 0; a < free; a++) {
            int i = idx[a];
            double h = 1e-5 * Math.max(1, Math.abs(best[i]));
            double up = Math.min(hi[i], best[i] + h);
            double dn = Math.max(lo[i], best[i] - h);
            double[] gUp = gradient(c, best, i, up, n);
            double[] gDn = gradient(c, best, i, dn, n);
            for (int b = 0; b < free; b++) {
                hess[a][b] = (gUp[idx[b]] - gDn[idx[b]]) / (up - dn);
            }
        }
        double[][] cov = new double[n][n];
        for (int a = 0; a < free; a++) {
            for (int b = 0; b < a; b++) {
                double v = 0.5 * (hess[a][b] + hess[b][a]);
                hess[a][b] = v;
                hess[b][a] = v;
            }
        }
        for (int b = 0; b < free; b++) {
            double[] e = new double[free];
            e[b] = 1;
            double[] col;
            try {
                col = LinearAlgebra.solve(hess, e);
            } catch (ArithmeticException ex) {
                return null;
            }
            for (int a = 0; a < free; a++) {
                cov[idx[a]][idx[b]] = col[a];
            }
        }
        return cov;
    }

    private static double[] gradient(Minimiser.Curvature c, double[] at, int i, double value, int n) {
        double[] x = at.clone();
        x[i] = value;
        double[] g = new double[n];
        c.derivatives(x, g, new double[n][n]);
        return g;
    }

    /**
     * The 1-sigma uncertainty of every main-bin expected count at parameters p with covariance cov (linear error
     * propagation, J cov J^T, the Jacobian J by central differences of the expected counts).
     */
    public static double[] expectedError(HistFactoryModel m, double[] p, double[][] cov) {
        int n = p.length;
        int bins = m.mainBins();
        double[][] jac = new double[n][];
        double[] up = new double[bins];
        double[] dn = new double[bins];
        for (int k = 0; k < n; k++) {
            if (cov[k][k] == 0) {
                continue;
            }
            double h = 1e-6 * Math.max(1, Math.abs(p[k]));
            double[] x = p.clone();
            x[k] = p[k] + h;
            m.expectedMain(x, up);
            x[k] = p[k] - h;
            m.expectedMain(x, dn);
            jac[k] = new double[bins];
            for (int i = 0; i < bins; i++) {
                jac[k][i] = (up[i] - dn[i]) / (2 * h);
            }
        }
        double[] err = new double[bins];
        for (int i = 0; i < bins; i++) {
            double v = 0;
            for (int k = 0; k < n; k++) {
                if (jac[k] == null) {
                    continue;
                }
                for (int l = 0; l < n; l++) {
                    if (jac[l] != null) {
                        v += jac[k][i] * cov[k][l] * jac[l][i];
                    }
                }
            }
            err[i] = Math.sqrt(Math.max(0, v));
        }
        return err;
    }
}
