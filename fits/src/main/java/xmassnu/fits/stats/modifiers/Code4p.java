package xmassnu.fits.stats.modifiers;

/**
 * Polynomial interpolation and linear extrapolation of a sample's shape (pyhf's code4p, its default for histosys;
 * pyhf {@code interpolators/code4p.py}): delta_b = alpha (hi_b - nom_b) above +1, alpha (nom_b - lo_b) below -1,
 * and inside alpha S_b + A_b alpha^2 (15 - 10 alpha^2 + 3 alpha^4) with S = (up + down) / 2, A = (up - down) / 16,
 * which joins the linear branches with equal value, slope and curvature. S and A are computed once per bin.
 */
record Code4p(int parameter, double[] up, double[] down, double[] halfSum, double[] asymmetry) implements Term.Shift {
    static Code4p of(int parameter, double[] nominal, double[] hi, double[] lo) {
        int n = nominal.length;
        double[] up = new double[n];
        double[] down = new double[n];
        double[] s = new double[n];
        double[] a = new double[n];
        for (int b = 0; b < n; b++) {
            up[b] = hi[b] - nominal[b];
            down[b] = nominal[b] - lo[b];
            s[b] = 0.5 * (up[b] + down[b]);
            a[b] = (up[b] - down[b]) / 16.0;
        }
        return new Code4p(parameter, up, down, s, a);
    }

    @Override
    public void add(double alpha, double[] v, int bins) {
        if (alpha > 1) {
            for (int b = 0; b < bins; b++) {
                v[b] += alpha * up[b];
            }
        } else if (alpha < -1) {
            for (int b = 0; b < bins; b++) {
                v[b] += alpha * down[b];
            }
        } else {
            double a2 = alpha * alpha;
            double polynomial = a2 * (15 - 10 * a2 + 3 * a2 * a2);
            for (int b = 0; b < bins; b++) {
                v[b] += alpha * halfSum[b] + asymmetry[b] * polynomial;
            }
        }
    }

    @Override
    public void derivatives(double alpha, double[] slope, double[] curvature, int bins) {
        if (alpha > 1 || alpha < -1) {
            double[] d = alpha > 1 ? up : down;
            for (int b = 0; b < bins; b++) {
                slope[b] = d[b];
                curvature[b] = 0;
            }
            return;
        }
        double a2 = alpha * alpha;
        // d/dalpha and d2/dalpha2 of P = 15 a^2 - 10 a^4 + 3 a^6
        double p1 = alpha * (30 - 40 * a2 + 18 * a2 * a2);
        double p2 = 30 - 120 * a2 + 90 * a2 * a2;
        for (int b = 0; b < bins; b++) {
            slope[b] = halfSum[b] + asymmetry[b] * p1;
            curvature[b] = asymmetry[b] * p2;
        }
    }
}
