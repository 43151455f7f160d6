package xmassnu.fits.stats;

import org.apache.commons.math3.special.Erf;


/**
 * Hypothesis tests with the asymptotic distributions of the profile-likelihood-ratio test statistics q_mu and
 * q~_mu (Cowan, Cranmer, Gross, Vitells, EPJC 71 (2011) 1554, arXiv:1007.1727, eqs. 16 and 66), with the
 * background-only Asimov dataset built from the conditional fit of mu = 0 to the data (as pyhf does). CLs =
 * CLs+b / CLb; the expected values follow pyhf's convention, n = +2, +1, 0, -1, -2 standard deviations of the
 * background-only test-statistic distribution. The discovery test q0 ({@link #discovery()}) as pyhf's
 * {@code test_stat="q0"}: Asimov dataset of the conditional fit of mu = 1, p0 and its expected band.
 */
public final class AsymptoticCalculator {
    /** One hypothesis test. {@code clsExpected} has 5 entries (n = 2, 1, 0, -1, -2). */
    public record Result(double poiValue, double clsObserved, double[] clsExpected, double clsbObserved,
                         double clbObserved, boolean valid, String reason) {}

    /**
     * The discovery test of mu = 0 (pyhf: {@code hypotest(0, ..., test_stat="q0", return_expected_set=True)}):
     * {@code q0} of the data, its p-value p0 and significance Z = Phi^-1(1 - p0), {@code pValueExpected} the p0
     * expected under mu = 1 at n = 2, 1, 0, -1, -2 standard deviations (ascending p0, as pyhf), {@code poiHat} the
     * best-fit POI. Invalid tests carry NaN and a reason.
     */
    public record Discovery(double q0, double pValue, double significance, double[] pValueExpected, double poiHat,
                            boolean valid, String reason) {
        static Discovery invalid(String reason) {
            double nan = Double.NaN;
            return new Discovery(nan, nan, nan, new double[] {nan, nan, nan, nan, nan}, nan, false, reason);
        }
    }

    private final HistFactoryModel model;
    private final double[] data;
    private final double[] asimov;
    private final TestStatistic statistic;
    private final Minimiser minimiser;
    private final double[] scratch;
    private final FitResult freeFitData;
    private final FitResult backgroundFitData;
    private final FitResult freeFitAsimov;
    private final String invalidReason;

    public AsymptoticCalculator(HistFactoryModel model, double[] data, TestStatistic statistic, Minimiser minimiser) {
        this.model = model;
        this.data = data.clone();
        this.statistic = statistic;
        this.minimiser = minimiser;
        this.scratch = new double[model.mainBins()];
        freeFitData = freeFit(this.data);
        FitResult background = fit(this.data, 0.0, freeFitData);
        backgroundFitData = background;
        if (!freeFitData.converged() || !background.converged()) {
            invalidReason = "fit to the data failed: " + (freeFitData.converged() ? background.reason() : freeFitData.reason());
            asimov = null;
            freeFitAsimov = null;
            return;
        }
        // the discovery test's expected band is that of a signal at mu = 1 (pyhf: asimov_mu = 1 for q0); the limits'
        // that of the background alone
        FitResult asimovTruth = background;
        if (statistic == TestStatistic.Q0) {
            asimovTruth = fit(this.data, 1.0, freeFitData);
            if (!asimovTruth.converged()) {
                invalidReason = "conditional fit at mu = 1 to the data failed: " + asimovTruth.reason();
                asimov = null;
                freeFitAsimov = null;
                return;
            }
        }
        asimov = model.expectedData(asimovTruth.parameters());
        freeFitAsimov = freeFit(asimov);
        invalidReason = freeFitAsimov.converged() ? null : "fit to the Asimov data failed: " + freeFitAsimov.reason();
    }

    /** The free fit to the data (the better of two starts, {@link #freeFit(double[])}). */
    public FitResult freeFit() {
        return freeFitData;
    }

    /** The conditional fit of mu = 0 to the data: the background-only fit (the better of two starts). */
    public FitResult backgroundFit() {
        return backgroundFitData;
    }

    /**
     * The conditional fit of the POI at {@code mu} to the data, started from the model's initial values and from the
     * free fit (the better kept): the profile likelihood at mu is its {@code nll()}.
     */
    public FitResult conditionalFit(double mu) {
        return fit(data, mu, freeFitData);
    }

    /**
     * The discovery test statistic of the data from the two fits every calculator makes anyway (free and mu = 0):
     * q0 = -2 ln(L(0, theta-hat-hat) / L(mu-hat, theta-hat)) for mu-hat &gt;= 0, else 0 (arXiv:1007.1727 eq. 12);
     * NaN if either fit failed. Costs nothing beyond the constructor.
     */
    public double discoveryStatistic() {
        return discoveryStatistic(freeFitData, backgroundFitData);
    }

    private double discoveryStatistic(FitResult free, FitResult background) {
        if (!free.converged() || !background.converged()) {
            return Double.NaN;
        }
        if (free.parameters()[model.poiIndex()] < 0) {
            return 0; // one-sided: a deficit is no evidence for a signal
        }
        return Math.max(0, 2 * (background.nll() - free.nll()));
    }

    /** q0 of any dataset (its own free fit and mu = 0 fit). */
    double discoveryStatistic(double[] d) {
        FitResult free = freeFit(d);
        return discoveryStatistic(free, fit(d, 0.0, free));
    }

    /**
     * The asymptotic discovery test (arXiv:1007.1727 sec. 3.5: under mu = 0, q0 is half a chi-square of one degree
     * of freedom and half a delta at 0, so p0 = 1 - Phi(sqrt q0), eq. 53 Z = sqrt q0). Expected band: the
     * distribution of sqrt q0 under mu = 1 is a unit normal around sqrt q0,A (Asimov data of the conditional fit at
     * mu = 1), so p0 at n standard deviations is 1 - Phi(n + sqrt q0,A) (pyhf's q0 convention). Needs a calculator
     * built with {@link TestStatistic#Q0}.
     */
    public Discovery discovery() {
        if (statistic != TestStatistic.Q0) {
            throw new IllegalStateException("the discovery test needs a calculator built for q0, not " + statistic.label());
        }
        if (invalidReason != null) {
            return Discovery.invalid(invalidReason);
        }
        double q0 = discoveryStatistic();
        double q0Asimov = discoveryStatistic(freeFitAsimov, fit(asimov, 0.0, freeFitAsimov));
        if (!Double.isFinite(q0) || !Double.isFinite(q0Asimov)) {
            return Discovery.invalid("conditional fit at mu = 0 failed");
        }
        double sqA = Math.sqrt(q0Asimov);
        double[] expected = new double[5];
        int k = 0;
        for (int n = 2; n >= -2; n--) {
            expected[k++] = survival(n + sqA);
        }
        double p0 = survival(Math.sqrt(q0));
        return new Discovery(q0, p0, Math.sqrt(q0), expected, freeFitData.parameters()[model.poiIndex()], true, null);
    }

    /**
     * The global free fit: with interference the expected counts are not monotonic in the POI and the likelihood
     * can have two minima along it, so the fit starts from the POI's initial value and from its lower bound and
     * keeps the better converged one.
     */
    FitResult freeFit(double[] d) {
        FitResult a = fit(d, Double.NaN, model.initialValues()[model.poiIndex()]);
        FitResult b = fit(d, Double.NaN, model.lowerBounds()[model.poiIndex()]);
        if (!a.converged()) {
            return b;
        }
        return b.converged() && b.nll() < a.nll() ? b : a;
    }

    /** Fit with the POI free (poiValue NaN) or fixed at poiValue, from the model's initial values. */
    FitResult fit(double[] d, double poiValue) {
        return fit(d, poiValue, Double.NaN);
    }

    /**
     * The conditional fit at poiValue, started from the model's initial values and from the dataset's free fit (its
     * nuisance parameters, the POI set to poiValue); the better converged one is kept. With shape systematics the
     * profile can have two minima in the nuisance parameters (e.g. an energy-scale pull of either sign hiding a large
     * signal), and either start alone can end in the worse one: from the initial values alone the observed B-L
     * limits of the 711-day grid jumped by up to 7 % between neighbouring masses; from the free fit alone a fit far
     * above the limit can miss the other basin (AsymptoticCalculatorTest).
     */
    FitResult fit(double[] d, double poiValue, FitResult free) {
        FitResult fromInitial = fit(d, poiValue);
        if (free == null || !free.converged()) {
            return fromInitial;
        }
        FitResult fromFree = fitFrom(d, poiValue, free.parameters());
        if (!fromInitial.converged()) {
            return fromFree;
        }
        return fromFree.converged() && fromFree.nll() < fromInitial.nll() ? fromFree : fromInitial;
    }

    /** The conditional fit at poiValue from the given parameters (the POI replaced by poiValue). */
    FitResult fitFrom(double[] d, double poiValue, double[] from) {
        return fit(d, poiValue, Double.NaN, from);
    }

    private FitResult fit(double[] d, double poiValue, double poiStart) {
        return fit(d, poiValue, poiStart, model.initialValues());
    }

    private FitResult fit(double[] d, double poiValue, double poiStart, double[] from) {
        double[] start = from.clone();
        if (!Double.isNaN(poiStart)) {
            start[model.poiIndex()] = poiStart;
        }
        boolean[] fixed = model.fixedParameters();
        double[] lo = model.lowerBounds();
        double[] hi = model.upperBounds();
        int poi = model.poiIndex();
        if (!Double.isNaN(poiValue)) {
            start[poi] = poiValue;
            fixed[poi] = true;
            lo[poi] = Math.min(lo[poi], poiValue);
            hi[poi] = Math.max(hi[poi], poiValue);
        }
        return minimiser.minimise(p -> model.nll(p, d, scratch), model.curvature(d), start, lo, hi, fixed);
    }

    /** The test statistic for POI value mu on dataset d given its free fit. */
    double testStatistic(double mu, double[] d, FitResult free) {
        double muHat = free.parameters()[model.poiIndex()];
        if (muHat > mu) {
            return 0; // one-sided: an excess above mu is no evidence against mu
        }
        FitResult cond = fit(d, mu, free);
        if (!cond.converged()) {
            return Double.NaN;
        }
        double q = 2 * (cond.nll() - free.nll());
        if (statistic == TestStatistic.QTILDE && muHat < 0) {
            FitResult zero = fit(d, 0.0, free);
            q = 2 * (cond.nll() - zero.nll());
        }
        return Math.max(q, 0);
    }

    public Result hypotest(double mu) {
        if (!statistic.forLimits()) {
            throw new IllegalStateException("q0 tests the background-only hypothesis: use discovery(), not hypotest(mu)");
        }
        if (invalidReason != null) {
            return invalid(mu, invalidReason);
        }
        double q = testStatistic(mu, data, freeFitData);
        double qA = testStatistic(mu, asimov, freeFitAsimov);
        if (!Double.isFinite(q) || !Double.isFinite(qA)) {
            return invalid(mu, "conditional fit at mu = " + mu + " failed");
        }
        double sq = Math.sqrt(q);
        double sqA = Math.sqrt(qA);
        double t;
        if (statistic == TestStatistic.Q || sq <= sqA) {
            t = sq - sqA;
        } else {
            t = sqA > 0 ? (q - qA) / (2 * sqA) : 0;
        }
        double clsb = survival(t + sqA);
        double clb = survival(t);
        double[] expected = new double[5];
        int k = 0;
        for (int n = 2; n >= -2; n--) {
            expected[k++] = survival(n + sqA) / survival(n);
        }
        return new Result(mu, clsb / clb, expected, clsb, clb, true, null);
    }

    private static Result invalid(double mu, String reason) {
        double[] nan = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        return new Result(mu, Double.NaN, nan, Double.NaN, Double.NaN, false, reason);
    }

    /** 1 - Phi(x), accurate in the far tail. */
    public static double survival(double x) {
        return 0.5 * Erf.erfc(x / Math.sqrt(2));
    }

    /**
     * The significance quoted for an excess: {@link #significance} clipped at 0, since a p-value of 0.5 or more (a
     * deficit, or no excess) is no evidence of a signal, whatever its size (Z = 0, as q0 = 0 gives for one branch).
     */
    public static double excessSignificance(double p) {
        double z = significance(p);
        return Double.isNaN(z) ? z : Math.max(0, z);
    }

    /**
     * Z = Phi^-1(1 - p), the significance of a one-sided p-value (arXiv:1007.1727 sec. 2), from the complementary error
     * function so that small p keep their precision; +infinity for p = 0, NaN outside [0, 1].
     */
    public static double significance(double p) {
        if (!(p >= 0 && p <= 1)) {
            return Double.NaN;
        }
        if (p == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (p == 1) {
            return Double.NEGATIVE_INFINITY;
        }
        double z = Math.sqrt(2) * Erf.erfcInv(2 * p); // erfInv(1 - 2p): loses digits for tiny p, so Newton on ln(1 - Phi)
        if (!Double.isFinite(z)) {
            z = Math.sqrt(-2 * Math.log(p));
        }
        for (int i = 0; i < 4; i++) {
            double s = survival(z);
            double density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
            if (!(s > 0) || !(density > 0)) {
                break;
            }
            z += (Math.log(s) - Math.log(p)) * s / density;
        }
        return z;
    }
}
