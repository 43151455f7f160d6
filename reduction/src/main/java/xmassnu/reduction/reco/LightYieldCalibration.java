package xmassnu.reduction.reco;

import java.util.Arrays;

/**
 * The energy scale from a 57Co calibration run at the centre: a binned Poisson likelihood fit of the
 * collection-corrected PE spectrum with the 122.06 keV (85.6 %) and 136.47 keV (10.7 %) lines (NNDC ENSDF 57Co),
 * a common resolution scaling like sqrt(E) and a flat background. The fitted PE of the 122 keV line defines
 * 122 keVee: light yield = PE(122) / 122.06 keV.
 */
public final class LightYieldCalibration {
    public static final double LINE_KEV = 122.06;
    static final double SECOND_LINE_KEV = 136.47;
    static final double SECOND_LINE_RATIO = 0.107 / 0.856;

    /** Fitted light yield (PE/keV), resolution (sigma/E at 122 keV), their uncertainty-free best values and n. */
    public record Result(double lightYieldPePerKev, double resolutionAt122, int eventsInFit, boolean converged) {}

    private LightYieldCalibration() {}

    public static Result fit(double[] correctedPe) {
        double[] pe = Arrays.stream(correctedPe).filter(v -> v > 0 && Double.isFinite(v)).sorted().toArray();
        if (pe.length < 200) {
            throw new IllegalArgumentException("57Co calibration: only " + pe.length
                    + " central calibration events, need >= 200 to fit the 122 keV peak");
        }
        // coarse mode: the densest 2 % window of the upper half of the spectrum
        int w = Math.max(5, pe.length / 50);
        double mode = pe[pe.length / 2];
        double narrowest = Double.MAX_VALUE;
        for (int i = pe.length / 4; i + w < pe.length; i++) {
            double width = pe[i + w] - pe[i];
            if (width < narrowest) {
                narrowest = width;
                mode = 0.5 * (pe[i + w] + pe[i]);
            }
        }
        double lo = 0.75 * mode;
        double hi = 1.35 * mode;
        int bins = 80;
        double[] counts = new double[bins];
        double width = (hi - lo) / bins;
        int inRange = 0;
        for (double v : pe) {
            if (v >= lo && v < hi) {
                counts[(int) ((v - lo) / width)]++;
                inRange++;
            }
        }
        final int nInRange = inRange;
        NelderMead nm = new NelderMead(4);
        double[] p = {mode / LINE_KEV, 0.04, nInRange * 0.9, nInRange * 0.1 / bins};
        double[] step = {p[0] * 0.01, 0.005, nInRange * 0.05, Math.max(1, p[3] * 0.5)};
        NelderMead.Objective nll = q -> {
            double ly = q[0];
            double res = q[1];
            double norm = q[2];
            double bkg = q[3];
            if (ly <= 0 || res <= 0.005 || res > 0.5 || norm <= 0 || bkg < 0) {
                return Double.POSITIVE_INFINITY;
            }
            double s = 0;
            for (int b = 0; b < bins; b++) {
                double x = lo + (b + 0.5) * width;
                double mu = bkg + norm * width * (line(x, ly, res, LINE_KEV) + SECOND_LINE_RATIO
                        * line(x, ly, res, SECOND_LINE_KEV)) / (1 + SECOND_LINE_RATIO);
                s += mu - counts[b] * Math.log(Math.max(mu, 1e-300));
            }
            return s;
        };
        nm.minimise(nll, p, step, 1e-6, 1e-6, 4000);
        return new Result(p[0], p[1], nInRange, nm.converged());
    }

    /** Normal density of a line of energy e (keV) in PE, sigma = res x LY x sqrt(e x 122.06). */
    private static double line(double x, double ly, double res, double e) {
        double mean = ly * e;
        double sigma = res * ly * Math.sqrt(e * LINE_KEV);
        double z = (x - mean) / sigma;
        return Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
    }
}
