package xmassnu.fits.stats;

import org.apache.commons.math3.special.Erf;

/**
 * Hypothesis tests with the asymptotic distributions of the profile-likelihood-ratio test statistics q_mu and
 * q~_mu (Cowan, Cranmer, Gross, Vitells, EPJC 71 (2011) 1554, arXiv:1007.1727, eqs. 16 and 66), with the
 * background-only Asimov dataset built from the conditional fit of mu = 0 to the data (as pyhf does). CLs =
 * CLs+b / CLb; the expected values follow pyhf's convention, n = +2, +1, 0, -1, -2 standard deviations of the
 * background-only test-statistic distribution.
 */
public final class AsymptoticCalculator {
    public enum TestStatistic { QTILDE, Q }

    /** One hypothesis test. {@code clsExpected} has 5 entries (n = 2, 1, 0, -1, -2). */
    public record Result(double poiValue, double clsObserved, double[] clsExpected, double clsbObserved,
                         double clbObserved, boolean valid, String reason) {}

    private final HistFactoryModel model;
    private final double[] data;
    private final double[] asimov;
    private final TestStatistic statistic;
    private final Minimiser minimiser;
    private final double[] scratch;
    private final FitResult freeFitData;
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
        if (!freeFitData.converged() || !background.converged()) {
            invalidReason = "fit to the data failed: " + (freeFitData.converged() ? background.reason() : freeFitData.reason());
            asimov = null;
            freeFitAsimov = null;
            return;
        }
        asimov = model.expectedData(background.parameters());
        freeFitAsimov = freeFit(asimov);
        invalidReason = freeFitAsimov.converged() ? null : "fit to the Asimov data failed: " + freeFitAsimov.reason();
    }

    public FitResult freeFit() {
        return freeFitData;
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
    static double survival(double x) {
        return 0.5 * Erf.erfc(x / Math.sqrt(2));
    }
}
