package xmassnu.fits.stats.modifiers;

/**
 * Piecewise-exponential interpolation of a normalisation (HistFactory interpolation code 1, ROOT's default for an
 * OverallSys; pyhf {@code interpolators/code1.py}; Cranmer et al., CERN-OPEN-2012-016, eq. 9): f = hi^alpha for
 * alpha &gt; 0, lo^-alpha otherwise. Its second derivative jumps at alpha = 0.
 */
record Code1(int parameter, double hi, double lo, double logHi, double logLo) implements Term.Factor {
    static Code1 of(int parameter, double hi, double lo) {
        return new Code1(parameter, hi, lo, Math.log(hi), Math.log(lo));
    }

    /** The slope jumps at alpha = 0 (unless the variation is symmetric). */
    @Override
    public double kink() {
        return 0;
    }

    @Override
    public double value(double alpha) {
        return alpha > 0 ? Math.pow(hi, alpha) : Math.pow(lo, -alpha);
    }

    @Override
    public void derivatives(double alpha, double[] out) {
        double v = value(alpha);
        double l = alpha > 0 ? logHi : -logLo;
        out[0] = v;
        out[1] = v * l;
        out[2] = v * l * l;
    }
}
