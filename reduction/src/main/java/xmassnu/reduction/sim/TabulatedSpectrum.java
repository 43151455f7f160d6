package xmassnu.reduction.sim;

import java.util.Arrays;

/**
 * A 1-D probability density on a grid (piecewise linear), sampled by exact inversion of its piecewise-quadratic
 * CDF. The integral of the density is kept as {@link #integral()}: for a rate spectrum in events/(kg day keV)
 * that is the total rate.
 */
public final class TabulatedSpectrum {
    private final double[] x;
    private final double[] density;
    private final double[] cdf;
    private final double integral;

    public TabulatedSpectrum(double[] x, double[] density) {
        if (x.length < 2 || x.length != density.length) {
            throw new IllegalArgumentException("need >= 2 grid points and as many densities");
        }
        this.x = x.clone();
        this.density = density.clone();
        cdf = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (!(density[i] >= 0) || !Double.isFinite(density[i])) {
                throw new IllegalArgumentException("density[" + i + "] = " + density[i] + " is negative or not finite");
            }
            if (i > 0) {
                if (!(x[i] > x[i - 1])) {
                    throw new IllegalArgumentException("grid not increasing at index " + i);
                }
                cdf[i] = cdf[i - 1] + 0.5 * (density[i] + density[i - 1]) * (x[i] - x[i - 1]);
            }
        }
        integral = cdf[cdf.length - 1];
        if (!(integral > 0)) {
            throw new IllegalArgumentException("spectrum integrates to zero");
        }
    }

    public double integral() {
        return integral;
    }

    public double min() {
        return x[0];
    }

    public double max() {
        return x[x.length - 1];
    }

    /** Integral of the density between a and b. */
    public double integral(double a, double b) {
        return cdfAt(Math.min(b, max())) - cdfAt(Math.max(a, min()));
    }

    private double cdfAt(double v) {
        if (v <= x[0]) {
            return 0;
        }
        if (v >= max()) {
            return integral;
        }
        int i = Arrays.binarySearch(x, v);
        if (i >= 0) {
            return cdf[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double slope = (density[hi] - density[lo]) / (x[hi] - x[lo]);
        double dx = v - x[lo];
        return cdf[lo] + density[lo] * dx + 0.5 * slope * dx * dx;
    }

    public double sample(StreamRng rng) {
        double target = rng.nextDouble() * integral;
        int i = Arrays.binarySearch(cdf, target);
        if (i >= 0) {
            return x[Math.min(i, x.length - 1)];
        }
        int hi = Math.min(-i - 1, x.length - 1);
        int lo = hi - 1;
        double rest = target - cdf[lo];
        double d0 = density[lo];
        double slope = (density[hi] - d0) / (x[hi] - x[lo]);
        double dx;
        if (Math.abs(slope) < 1e-300) {
            dx = d0 > 0 ? rest / d0 : 0;
        } else {
            // solve d0 dx + slope dx^2 / 2 = rest (the root in [0, x[hi]-x[lo]])
            double disc = Math.max(0, d0 * d0 + 2 * slope * rest);
            dx = 2 * rest / (d0 + Math.sqrt(disc));
        }
        return Math.min(x[hi], x[lo] + dx);
    }
}
