package xmassnu.fits.stats.modifiers;

/**
 * Piecewise-linear interpolation of a sample's shape (HistFactory interpolation code 0, ROOT's default for a
 * HistoSys; pyhf {@code interpolators/code0.py}): delta_b = alpha (hi_b - nom_b) for alpha &gt; 0, alpha (nom_b -
 * lo_b) otherwise. Its slope jumps at alpha = 0.
 */
record Code0(int parameter, double[] up, double[] down) implements Term.Shift {
    static Code0 of(int parameter, double[] nominal, double[] hi, double[] lo) {
        int n = nominal.length;
        double[] up = new double[n];
        double[] down = new double[n];
        for (int b = 0; b < n; b++) {
            up[b] = hi[b] - nominal[b];
            down[b] = nominal[b] - lo[b];
        }
        return new Code0(parameter, up, down);
    }

    /** The slope jumps at alpha = 0 (unless the variation is symmetric). */
    @Override
    public double kink() {
        return 0;
    }

    @Override
    public void add(double alpha, double[] v, int bins) {
        double[] d = alpha > 0 ? up : down;
        for (int b = 0; b < bins; b++) {
            v[b] += alpha * d[b];
        }
    }

    @Override
    public void derivatives(double alpha, double[] slope, double[] curvature, int bins) {
        double[] d = alpha > 0 ? up : down;
        for (int b = 0; b < bins; b++) {
            slope[b] = d[b];
            curvature[b] = 0;
        }
    }
}
