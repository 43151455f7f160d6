package xmassnu.jobs.plots;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * The central 68.27 % confidence interval of a Poisson mean given n observed counts (Garwood, Biometrika 28 (1936)
 * 437; PDG 2024, Statistics review, eq. 40.76): lo = chi2_{a/2}(2n)/2, hi = chi2_{1-a/2}(2n+2)/2 with a = 1 - 0.6827;
 * lo = 0 for n = 0. The error bars drawn on observed counts, as ROOT's kPoisson and mplhep do.
 */
public final class PoissonInterval {
    /** 1 - erf(1/sqrt 2): the probability outside +-1 sigma of a normal distribution. */
    private static final double ALPHA = 0.31731050786291415;

    private PoissonInterval() {}

    /** {lo, hi} for a count n >= 0 (n is rounded: observed counts are integers). */
    public static double[] of(double n) {
        if (!(n >= 0) || !Double.isFinite(n)) {
            throw new IllegalArgumentException("a Poisson count must be finite and >= 0, got " + n);
        }
        long k = Math.round(n);
        double lo = k == 0 ? 0 : new ChiSquaredDistribution(null, 2.0 * k).inverseCumulativeProbability(ALPHA / 2) / 2;
        double hi = new ChiSquaredDistribution(null, 2.0 * k + 2).inverseCumulativeProbability(1 - ALPHA / 2) / 2;
        return new double[] {lo, hi};
    }
}
