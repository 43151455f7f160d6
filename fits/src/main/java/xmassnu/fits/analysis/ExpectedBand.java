package xmassnu.fits.analysis;

import java.io.Serializable;

/**
 * The expected limits of the background-only hypothesis: median and the -2, -1, +1, +2 sigma quantiles (the Brazil
 * band), in coupling units.
 */
public record ExpectedBand(double minus2, double minus1, double median, double plus1, double plus2) implements Serializable {
    public static final ExpectedBand UNDEFINED = new ExpectedBand(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);

    /** From the five values ascending, -2 sigma first (as the limit solvers return them). */
    public static ExpectedBand of(double[] ascending) {
        if (ascending.length != 5) {
            throw new IllegalArgumentException("an expected band has 5 values, got " + ascending.length);
        }
        return new ExpectedBand(ascending[0], ascending[1], ascending[2], ascending[3], ascending[4]);
    }

    /** -2, -1, median, +1, +2 sigma. */
    public double[] toArray() {
        return new double[] {minus2, minus1, median, plus1, plus2};
    }

    /** The band at k sigma, k in -2..2. */
    public double at(int sigma) {
        return switch (sigma) {
            case -2 -> minus2;
            case -1 -> minus1;
            case 0 -> median;
            case 1 -> plus1;
            case 2 -> plus2;
            default -> throw new IllegalArgumentException("the band has -2..+2 sigma, not " + sigma);
        };
    }
}
