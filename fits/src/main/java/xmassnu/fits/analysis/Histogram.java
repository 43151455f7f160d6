package xmassnu.fits.analysis;

/** Counts per analysis bin with their statistical error (Monte Carlo or, for data, none). Validated, immutable. */
public record Histogram(double[] counts, double[] statError) implements java.io.Serializable {
    public Histogram {
        if (counts.length != statError.length || counts.length == 0) {
            throw new IllegalArgumentException("histogram: counts and errors need the same, non-zero length");
        }
        for (int i = 0; i < counts.length; i++) {
            if (!Double.isFinite(counts[i]) || !(statError[i] >= 0) || !Double.isFinite(statError[i])) {
                throw new IllegalArgumentException("histogram bin " + i + ": counts " + counts[i] + " +- " + statError[i]
                        + " not finite");
            }
        }
        counts = counts.clone();
        statError = statError.clone();
    }

    /** A copy: the histogram is immutable. */
    @Override
    public double[] counts() {
        return counts.clone();
    }

    /** A copy: the histogram is immutable. */
    @Override
    public double[] statError() {
        return statError.clone();
    }

    public static Histogram withoutError(double[] counts) {
        return new Histogram(counts, new double[counts.length]);
    }

    public int bins() {
        return counts.length;
    }

    public double total() {
        double s = 0;
        for (double c : counts) { // the field, not the accessor: no copy
            s += c;
        }
        return s;
    }

    public Histogram scaled(double f) {
        double[] c = counts.clone();
        double[] e = statError.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] *= f;
            e[i] *= Math.abs(f);
        }
        return new Histogram(c, e);
    }
}
