package xmassnu.fits.stats;

/**
 * The outcome of a minimisation: best parameters, -ln L at the minimum, and a status. A failed fit carries a
 * reason and NaN values, never a number that looks valid.
 */
public record FitResult(double[] parameters, double nll, boolean converged, int iterations, String reason) {
    public static FitResult failed(int n, String reason, int iterations) {
        double[] nan = new double[n];
        java.util.Arrays.fill(nan, Double.NaN);
        return new FitResult(nan, Double.NaN, false, iterations, reason);
    }
}
