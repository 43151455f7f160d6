package xmassnu.fits.stats;

import java.util.Arrays;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.special.Erf;

/**
 * Hypothesis tests with test-statistic distributions from pseudo-experiments (as pyhf's ToyCalculator): toys of
 * the signal+background hypothesis are drawn at (mu, theta-hat_mu) and of the background-only one at
 * (0, theta-hat_0), both profiled on the observed data; main bins are Poisson, auxiliary data Gaussian (or Poisson
 * for shapesys) around the profiled nuisances. CLs+b = P(q >= q_obs | mu), CLb = P(q >= q_obs | 0), CLs their ratio;
 * the expected CLs use the background-only quantiles of q at the -2 ... +2 sigma points. The discovery test
 * ({@link #discovery()}, pyhf's {@code test_stat="q0"} with {@code calctype="toybased"}): toys of mu = 0 at
 * (0, theta-hat_0) give p0 = P(q0 &gt;= q0_obs | 0), toys of mu = 1 at (1, theta-hat_1) the expected p0 at their
 * q0 quantiles. Toys are seeded from (seed, mu, toy index): the result does not depend on how toys are split over
 * threads or tasks.
 */
public final class ToyCalculator {
    private final HistFactoryModel model;
    private final double[] data;
    private final TestStatistic statistic;
    private final AsymptoticCalculator fits;
    private final int toys;
    private final long seed;

    public ToyCalculator(HistFactoryModel model, double[] data, TestStatistic statistic,
                         Minimiser minimiser, int toys, long seed) {
        if (toys < 10) {
            throw new IllegalArgumentException("need at least 10 toys, got " + toys);
        }
        this.model = model;
        this.data = data.clone();
        this.statistic = statistic;
        this.fits = new AsymptoticCalculator(model, data, statistic, minimiser);
        this.toys = toys;
        this.seed = seed;
    }

    /** A pseudo-dataset of the model (main bins then auxiliary data) drawn around the parameters p. */
    public static double[] sample(HistFactoryModel model, double[] p, RandomGenerator rng) {
        double[] expected = model.expectedData(p);
        int main = model.mainBins();
        double[] toy = new double[expected.length];
        for (int i = 0; i < main; i++) {
            toy[i] = poisson(expected[i], rng);
        }
        for (int k = main; k < expected.length; k++) {
            HistFactoryModel.Constraint c = model.constraint(k - main);
            toy[k] = c.poisson() ? poisson(expected[k], rng) : expected[k] + c.width() * rng.nextGaussian();
        }
        return toy;
    }

    private static double poisson(double mean, RandomGenerator rng) {
        if (!(mean > 0)) {
            return 0;
        }
        return new PoissonDistribution(rng, mean, PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
    }

    /** Test statistic of one dataset (its own free fit). */
    double testStatistic(double mu, double[] d) {
        return fits.testStatistic(mu, d, fits.freeFit(d));
    }

    /** One hypothesis test at POI value mu. {@code clsExpected}: n = 2, 1, 0, -1, -2 as the asymptotic result. */
    public AsymptoticCalculator.Result hypotest(double mu) {
        if (!statistic.forLimits()) {
            throw new IllegalStateException("q0 tests the background-only hypothesis: use discovery(), not hypotest(mu)");
        }
        FitResult sbFit = fits.fit(data, mu);
        FitResult bFit = fits.fit(data, 0.0);
        if (!sbFit.converged() || !bFit.converged()) {
            return invalid(mu, "profiling the data failed: " + (sbFit.converged() ? bFit.reason() : sbFit.reason()));
        }
        double qObs = testStatistic(mu, data);
        double[] qsb = new double[toys];
        double[] qb = new double[toys];
        for (int t = 0; t < toys; t++) {
            qsb[t] = testStatistic(mu, sample(model, sbFit.parameters(), rng(mu, t, 1)));
            qb[t] = testStatistic(mu, sample(model, bFit.parameters(), rng(mu, t, 2)));
        }
        long failed = Arrays.stream(qsb).filter(q -> !Double.isFinite(q)).count()
                + Arrays.stream(qb).filter(q -> !Double.isFinite(q)).count();
        if (failed > 0.01 * 2 * toys) {
            return invalid(mu, failed + " of " + 2 * toys + " toy fits failed");
        }
        double[] sb = Arrays.stream(qsb).filter(Double::isFinite).sorted().toArray();
        double[] b = Arrays.stream(qb).filter(Double::isFinite).sorted().toArray();
        double clsb = tail(sb, qObs);
        double clb = tail(b, qObs);
        double[] expected = new double[5];
        int k = 0;
        for (int n = 2; n >= -2; n--) {
            double qn = quantile(b, 0.5 * Erf.erfc(-n / Math.sqrt(2))); // Phi(n) of the background-only q
            double tb = tail(b, qn);
            expected[k++] = tb > 0 ? tail(sb, qn) / tb : Double.NaN;
        }
        return new AsymptoticCalculator.Result(mu, clb > 0 ? clsb / clb : Double.NaN, expected, clsb, clb, true, null);
    }

    /**
     * The toy-based discovery test (as pyhf's ToyCalculator with q0): p0 the fraction of background-only toys with q0
     * at least the observed one, its significance Phi^-1(1 - p0) (+infinity if no toy reaches it), and the expected
     * p0 at the quantiles Phi(n), n = 2 ... -2, of the q0 of the mu = 1 toys (ascending p0). Needs a calculator
     * built with {@link TestStatistic#Q0}.
     */
    public AsymptoticCalculator.Discovery discovery() {
        if (statistic != TestStatistic.Q0) {
            throw new IllegalStateException("the discovery test needs a calculator built for q0, not " + statistic.label());
        }
        FitResult bFit = fits.backgroundFit();
        FitResult sFit = fits.fit(data, 1.0);
        if (!bFit.converged() || !sFit.converged()) {
            return AsymptoticCalculator.Discovery.invalid("profiling the data failed: "
                    + (bFit.converged() ? sFit.reason() : bFit.reason()));
        }
        double qObs = fits.discoveryStatistic();
        if (!Double.isFinite(qObs)) {
            return AsymptoticCalculator.Discovery.invalid("fit to the data failed: " + fits.freeFit().reason());
        }
        double[] q0b = new double[toys];
        double[] q0s = new double[toys];
        for (int t = 0; t < toys; t++) {
            q0b[t] = fits.discoveryStatistic(sample(model, bFit.parameters(), rng(0.0, t, 3)));
            q0s[t] = fits.discoveryStatistic(sample(model, sFit.parameters(), rng(1.0, t, 4)));
        }
        long failed = Arrays.stream(q0b).filter(q -> !Double.isFinite(q)).count()
                + Arrays.stream(q0s).filter(q -> !Double.isFinite(q)).count();
        if (failed > 0.01 * 2 * toys) {
            return AsymptoticCalculator.Discovery.invalid(failed + " of " + 2 * toys + " toy fits failed");
        }
        double[] b = Arrays.stream(q0b).filter(Double::isFinite).sorted().toArray();
        double[] s = Arrays.stream(q0s).filter(Double::isFinite).sorted().toArray();
        double p0 = tail(b, qObs);
        double[] expected = new double[5];
        int k = 0;
        for (int n = 2; n >= -2; n--) {
            expected[k++] = tail(b, quantile(s, 0.5 * Erf.erfc(-n / Math.sqrt(2))));
        }
        return new AsymptoticCalculator.Discovery(qObs, p0, AsymptoticCalculator.significance(p0), expected,
                fits.freeFit().parameters()[model.poiIndex()], true, null);
    }

    private RandomGenerator rng(double mu, int toy, int hypothesis) {
        long h = seed;
        h = 31 * h + Double.doubleToLongBits(mu);
        h = 31 * h + toy;
        h = 31 * h + hypothesis;
        return new Well19937c(new int[] {(int) h, (int) (h >>> 32), toy, hypothesis});
    }

    /** Fraction of the sorted sample >= x. */
    static double tail(double[] sorted, double x) {
        int i = Arrays.binarySearch(sorted, x);
        if (i < 0) {
            i = -i - 1;
        } else {
            while (i > 0 && sorted[i - 1] == x) {
                i--;
            }
        }
        return (sorted.length - i) / (double) sorted.length;
    }

    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static AsymptoticCalculator.Result invalid(double mu, String reason) {
        double[] nan = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        return new AsymptoticCalculator.Result(mu, Double.NaN, nan, Double.NaN, Double.NaN, false, reason);
    }
}
