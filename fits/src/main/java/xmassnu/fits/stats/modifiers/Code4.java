package xmassnu.fits.stats.modifiers;

/**
 * Polynomial interpolation and exponential extrapolation of a normalisation (HistFactory interpolation code 4,
 * pyhf's default for normsys; pyhf {@code interpolators/code4.py}, alpha0 = 1): hi^alpha for alpha &gt;= 1,
 * lo^-alpha for alpha &lt;= -1, and inside 1 + sum_{i=1..6} a_i alpha^i with the a_i fixed by matching value, slope
 * and curvature of the exponentials at alpha = +-1. The a_i are pyhf's closed form A^-1 b, computed once.
 */
public record Code4(int parameter, double hi, double lo, double logHi, double logLo, double[] coefficients)
        implements Term.Factor {

    /** pyhf's A^-1 at alpha0 = 1 (code4.py): rows give a_1 .. a_6 from b below. */
    private static final double[][] A_INVERSE = {
            {15.0 / 16, -15.0 / 16, -7.0 / 16, -7.0 / 16, 1.0 / 16, -1.0 / 16},
            {3.0 / 2, 3.0 / 2, -9.0 / 16, 9.0 / 16, 1.0 / 16, 1.0 / 16},
            {-5.0 / 8, 5.0 / 8, 5.0 / 8, 5.0 / 8, -1.0 / 8, 1.0 / 8},
            {-3.0 / 2, -3.0 / 2, 7.0 / 8, -7.0 / 8, -1.0 / 8, -1.0 / 8},
            {3.0 / 16, -3.0 / 16, -3.0 / 16, -3.0 / 16, 1.0 / 16, -1.0 / 16},
            {1.0 / 2, 1.0 / 2, -5.0 / 16, 5.0 / 16, 1.0 / 16, 1.0 / 16}};

    public static Code4 of(int parameter, double hi, double lo) {
        return new Code4(parameter, hi, lo, Math.log(hi), Math.log(lo), coefficients(hi, lo));
    }

    /** a_0 = 1, a_1 .. a_6 of the polynomial inside |alpha| &lt; 1. */
    public static double[] coefficients(double hi, double lo) {
        double lh = Math.log(hi);
        double ll = Math.log(lo);
        // f(1) - 1, f(-1) - 1, f'(1), f'(-1), f''(1), f''(-1) of the exponential branches
        double[] b = {hi - 1, lo - 1, hi * lh, -lo * ll, hi * lh * lh, lo * ll * ll};
        double[] a = new double[7];
        a[0] = 1;
        for (int r = 0; r < 6; r++) {
            double s = 0;
            for (int c = 0; c < 6; c++) {
                s += A_INVERSE[r][c] * b[c];
            }
            a[r + 1] = s;
        }
        return a;
    }

    @Override
    public double value(double alpha) {
        if (alpha >= 1) {
            return Math.pow(hi, alpha);
        }
        if (alpha <= -1) {
            return Math.pow(lo, -alpha);
        }
        double[] c = coefficients;
        double v = c[6];
        for (int i = 5; i >= 0; i--) {
            v = v * alpha + c[i];
        }
        return v;
    }

    @Override
    public void derivatives(double alpha, double[] out) {
        out[0] = value(alpha);
        if (alpha >= 1 || alpha <= -1) {
            double l = alpha >= 1 ? logHi : -logLo;
            out[1] = out[0] * l;
            out[2] = out[0] * l * l;
            return;
        }
        double[] c = coefficients;
        double d1 = 6 * c[6];
        double d2 = 30 * c[6];
        for (int i = 5; i >= 1; i--) {
            d1 = d1 * alpha + i * c[i];
        }
        for (int i = 5; i >= 2; i--) {
            d2 = d2 * alpha + i * (i - 1) * c[i];
        }
        out[1] = d1;
        out[2] = d2;
    }
}
