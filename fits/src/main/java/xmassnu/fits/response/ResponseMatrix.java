package xmassnu.fits.response;

import java.util.Arrays;

/**
 * Detector response to electron recoils from a Monte Carlo sample generated log-uniformly in true energy and
 * uniformly in a sphere of mass {@code generationMassKg}: P(selected in analysis bin j | true bin i) =
 * passed[i][j] / generated[i]. A physics spectrum dR/dT (events per kg, day and keV) is folded into expected counts
 * per analysis bin as
 * <pre>  n_j = exposure_days * M_gen * sum_i P(j | i) * int_{bin i} dR/dT dT</pre>
 * with the Monte Carlo statistical variance sum_i w_i^2 passed[i][j], w_i = exposure_days * M_gen * R_i /
 * generated[i]. Inside a true bin the response is taken as constant; the log-spaced bins keep a 1/T^2 spectrum
 * within a few per cent of constant across a bin, and the bin integral itself is exact to 4-point Gauss-Legendre
 * order in ln T.
 *
 * @param exposureDays live time after the after-trigger veto (the select stage's cut flow), in days
 */
public record ResponseMatrix(double[] trueEdgesKev, double[] recoEdgesKevee, long[] generated,
                             long[] generatedInFiducial, long[] passedInFiducial, long[] passed,
                             double generationMassKg) {

    /** Gauss-Legendre nodes and weights on [-1, 1], 4 points (Abramowitz and Stegun, table 25.4). */
    private static final double[] GL_X = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563,
            0.8611363115940526};
    private static final double[] GL_W = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461,
            0.3478548451374538};
    public static final int NODES_PER_BIN = GL_X.length;

    public ResponseMatrix {
        int nt = trueEdgesKev.length - 1;
        int nr = recoEdgesKevee.length - 1;
        if (nt < 1 || nr < 1 || generated.length != nt || generatedInFiducial.length != nt
                || passedInFiducial.length != nt || passed.length != nt * nr) {
            throw new IllegalArgumentException("response: array sizes do not match " + nt + " true x " + nr
                    + " analysis bins");
        }
        if (!(generationMassKg > 0)) {
            throw new IllegalArgumentException("response: generation mass must be > 0 kg");
        }
        for (int i = 0; i < nt; i++) {
            long sum = 0;
            for (int j = 0; j < nr; j++) {
                sum += passed[i * nr + j];
            }
            if (sum > generated[i] || passedInFiducial[i] > generatedInFiducial[i] || generatedInFiducial[i] > generated[i]) {
                throw new IllegalArgumentException("response: true bin " + i + " has more passing than generated events");
            }
        }
        trueEdgesKev = trueEdgesKev.clone();
        recoEdgesKevee = recoEdgesKevee.clone();
    }

    /** Log-spaced bin edges from lo to hi. */
    public static double[] logEdges(double lo, double hi, int bins) {
        if (!(lo > 0 && hi > lo) || bins < 1) {
            throw new IllegalArgumentException("log bins need 0 < lo < hi and bins >= 1");
        }
        double[] e = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            e[i] = lo * Math.pow(hi / lo, i / (double) bins);
        }
        e[bins] = hi;
        return e;
    }

    /** Equal-width bin edges. */
    public static double[] linearEdges(double lo, double hi, int bins) {
        if (!(hi > lo) || bins < 1) {
            throw new IllegalArgumentException("linear bins need lo < hi and bins >= 1");
        }
        double[] e = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            e[i] = lo + (hi - lo) * i / bins;
        }
        e[bins] = hi;
        return e;
    }

    public int trueBins() {
        return trueEdgesKev.length - 1;
    }

    public int recoBins() {
        return recoEdgesKevee.length - 1;
    }

    /** The recoil energies at which to evaluate a spectrum for {@link #binIntegrals}: NODES_PER_BIN per true bin. */
    public double[] integrationNodesKev() {
        return integrationNodes(trueEdgesKev);
    }

    static double[] integrationNodes(double[] edges) {
        double[] t = new double[(edges.length - 1) * NODES_PER_BIN];
        for (int i = 0; i + 1 < edges.length; i++) {
            double a = Math.log(edges[i]);
            double b = Math.log(edges[i + 1]);
            for (int k = 0; k < NODES_PER_BIN; k++) {
                t[i * NODES_PER_BIN + k] = Math.exp(0.5 * (a + b) + 0.5 * (b - a) * GL_X[k]);
            }
        }
        return t;
    }

    /** Integral of a density over each true bin, from its values at {@link #integrationNodesKev()} (T dlnT). */
    public double[] binIntegrals(double[] densityAtNodes) {
        return binIntegrals(trueEdgesKev, densityAtNodes);
    }

    static double[] binIntegrals(double[] edges, double[] densityAtNodes) {
        int nt = edges.length - 1;
        if (densityAtNodes.length != nt * NODES_PER_BIN) {
            throw new IllegalArgumentException("need " + nt * NODES_PER_BIN + " density values, got " + densityAtNodes.length);
        }
        double[] nodes = integrationNodes(edges);
        double[] out = new double[nt];
        for (int i = 0; i < nt; i++) {
            double half = 0.5 * (Math.log(edges[i + 1]) - Math.log(edges[i]));
            double s = 0;
            for (int k = 0; k < NODES_PER_BIN; k++) {
                int q = i * NODES_PER_BIN + k;
                s += GL_W[k] * densityAtNodes[q] * nodes[q];
            }
            out[i] = half * s;
        }
        return out;
    }

    /** Expected counts per analysis bin and their Monte Carlo statistical error. */
    public record Folded(double[] counts, double[] statError) {
        public double total() {
            return Arrays.stream(counts).sum();
        }
    }

    /** Folds per-true-bin integrated rates (events per kg and day) for an exposure of {@code exposureDays}. */
    public Folded fold(double[] ratePerKgDayByTrueBin, double exposureDays) {
        int nt = trueBins();
        int nr = recoBins();
        if (ratePerKgDayByTrueBin.length != nt) {
            throw new IllegalArgumentException("need " + nt + " true-bin rates, got " + ratePerKgDayByTrueBin.length);
        }
        double[] n = new double[nr];
        double[] var = new double[nr];
        for (int i = 0; i < nt; i++) {
            if (generated[i] == 0) {
                if (ratePerKgDayByTrueBin[i] != 0) {
                    throw new IllegalStateException("true bin " + i + " has rate but no simulated events");
                }
                continue;
            }
            double w = exposureDays * generationMassKg * ratePerKgDayByTrueBin[i] / generated[i];
            for (int j = 0; j < nr; j++) {
                long k = passed[i * nr + j];
                n[j] += w * k;
                var[j] += w * w * k;
            }
        }
        for (int j = 0; j < nr; j++) {
            var[j] = Math.sqrt(var[j]);
        }
        return new Folded(n, var);
    }

    /** Selection efficiency (all cuts but the energy window) for recoils whose true vertex is in the fiducial volume. */
    public double[] efficiency() {
        double[] e = new double[trueBins()];
        for (int i = 0; i < e.length; i++) {
            e[i] = generatedInFiducial[i] == 0 ? Double.NaN : passedInFiducial[i] / (double) generatedInFiducial[i];
        }
        return e;
    }

    /** Binomial standard error of {@link #efficiency()}. */
    public double[] efficiencyError() {
        double[] e = efficiency();
        double[] s = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            s[i] = generatedInFiducial[i] == 0 ? Double.NaN
                    : Math.sqrt(Math.max(e[i] * (1 - e[i]), 1.0 / generatedInFiducial[i]) / generatedInFiducial[i]);
        }
        return s;
    }

    /** Sum of two samples with the same binning (e.g. from two tasks). */
    public ResponseMatrix plus(ResponseMatrix o) {
        if (!Arrays.equals(trueEdgesKev, o.trueEdgesKev) || !Arrays.equals(recoEdgesKevee, o.recoEdgesKevee)
                || generationMassKg != o.generationMassKg) {
            throw new IllegalArgumentException("cannot add responses with different binning or generation volume");
        }
        return new ResponseMatrix(trueEdgesKev, recoEdgesKevee, add(generated, o.generated),
                add(generatedInFiducial, o.generatedInFiducial), add(passedInFiducial, o.passedInFiducial),
                add(passed, o.passed), generationMassKg);
    }

    private static long[] add(long[] a, long[] b) {
        long[] c = a.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += b[i];
        }
        return c;
    }
}
