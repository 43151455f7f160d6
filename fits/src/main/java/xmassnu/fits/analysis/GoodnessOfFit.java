package xmassnu.fits.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.special.Gamma;

import xmassnu.fits.stats.AsymptoticCalculator;
import xmassnu.fits.stats.FitResult;
import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.Minimiser;
import xmassnu.fits.stats.PostFit;
import xmassnu.fits.stats.TestStatistic;
import xmassnu.fits.stats.ToyCalculator;

/**
 * How well the background-only model (backgrounds + Standard-Model solar neutrinos, every nuisance profiled, no
 * signal) fits the selected spectrum. The test statistic is the saturated-model likelihood ratio, the Baker-Cousins
 * chi-square (NIM 221 (1984) 437) of the whole likelihood:
 * chi2 = 2 sum_bins [nu - n + n ln(n / nu)] + the constraint terms ((aux - theta)^2 / sigma^2 for a Gaussian),
 * with ndof = bins + auxiliary measurements - free parameters (= bins when every nuisance has its own constraint:
 * exact for a linear Gaussian model, where the auxiliary data are measurements like the bins). Its p-value from
 * chi-square(ndof) holds for large counts; the toy p-value (pseudo-experiments of the fitted background, auxiliary
 * data fluctuated too, each fitted as the data) holds at any count. Also: the post-fit pull (theta-hat - aux) /
 * sigma_prior and constraint sigma_post / sigma_prior of every nuisance, the post-fit expected counts with their
 * 1-sigma band (covariance of the fit), and the residuals per bin.
 */
public final class GoodnessOfFit {
    private GoodnessOfFit() {}

    /** Seeds of the toys: (seed, toy) and this purpose, so any split of the toys gives the same ones. */
    private static final int PURPOSE = 0x60f;

    /**
     * One nuisance parameter after the fit. {@code priorCentre} and {@code priorWidth} its auxiliary measurement
     * (NaN for an unconstrained parameter, whose pull and constraint are NaN too), {@code postFit} +-
     * {@code postFitError} the fit, {@code pull} = (postFit - priorCentre) / priorWidth, {@code constraint} =
     * postFitError / priorWidth (&lt; 1: the data know more than the prior).
     */
    public record Pull(String parameter, double priorCentre, double priorWidth, double postFit, double postFitError,
                       double pull, double constraint) implements java.io.Serializable {}

    /**
     * The goodness of fit. {@code postFitBackground} (backgrounds + Standard Model at the fit) +-
     * {@code postFitBackgroundError}; {@code residual} = observed - postFitBackground; {@code devianceResidual} =
     * sign(n - nu) sqrt(2 (nu - n + n ln(n / nu))), whose squares sum to the main bins' part of chi2.
     * {@code pValueToys} NaN without toys; {@code failedToys} the toys whose fit failed (left out).
     */
    public record Result(double chi2, int ndof, double pValueAsymptotic, double pValueToys, int toys, int failedToys,
                         List<Pull> pulls, double[] observed, double[] postFitBackground,
                         double[] postFitBackgroundError, double[] residual, double[] devianceResidual,
                         boolean converged, String reason) implements java.io.Serializable {
        static Result failed(String reason) {
            return new Result(Double.NaN, 0, Double.NaN, Double.NaN, 0, 0, List.of(), new double[0], new double[0],
                    new double[0], new double[0], new double[0], false, reason);
        }
    }

    /**
     * The background-only fit of the inputs' spectrum (the signal of the grid point is switched off: any grid point
     * of the spectrum gives the same result); {@code toys} 0 for no toy p-value.
     */
    public static Result compute(AnalysisInputs in, FitSettings s, int toys, long seed) {
        HistFactoryModel m;
        try {
            m = new HistFactoryModel(LimitWorkspace.build(in, s).workspace(), null);
        } catch (IllegalArgumentException e) {
            return Result.failed(e.getMessage());
        }
        return of(m, m.observedData(), toys, seed);
    }

    /** The goodness of fit of the model with its POI fixed at 0 to {@code data} (main bins then auxiliary data). */
    public static Result of(HistFactoryModel m, double[] data, int toys, long seed) {
        if (toys < 0) {
            throw new IllegalArgumentException("toys must be >= 0, got " + toys);
        }
        FitResult fit = new AsymptoticCalculator(m, data, TestStatistic.QTILDE,
                Minimiser.DEFAULT).backgroundFit();
        if (!fit.converged()) {
            return Result.failed("background-only fit failed: " + fit.reason());
        }
        double[] best = fit.parameters();
        double chi2 = chi2(m, data, fit);
        boolean[] fixed = m.fixedParameters();
        fixed[m.poiIndex()] = true;
        int free = 0;
        for (boolean f : fixed) {
            free += f ? 0 : 1;
        }
        int ndof = data.length - free; // main bins + auxiliary data - free parameters
        double pAsymptotic = ndof > 0 ? Gamma.regularizedGammaQ(0.5 * ndof, 0.5 * chi2) : Double.NaN;

        int main = m.mainBins();
        double[] nu = new double[main];
        m.expectedMain(best, nu);
        double[][] cov = PostFit.covariance(m, data, best, fixed);
        double[] band = cov == null ? nanArray(main) : PostFit.expectedError(m, best, cov);
        PostFit.Prior[] priors = PostFit.priors(m, data);
        List<Pull> pulls = new ArrayList<>();
        List<String> names = m.parameterNames();
        for (int k = 0; k < best.length; k++) {
            if (fixed[k]) {
                continue;
            }
            double err = cov == null ? Double.NaN : Math.sqrt(Math.max(0, cov[k][k]));
            PostFit.Prior p = priors[k];
            double centre = p == null ? Double.NaN : p.centre();
            double width = p == null ? Double.NaN : p.width();
            pulls.add(new Pull(names.get(k), centre, width, best[k], err, (best[k] - centre) / width, err / width));
        }
        double[] observed = Arrays.copyOf(data, main);
        double[] residual = new double[main];
        double[] deviance = new double[main];
        for (int i = 0; i < main; i++) {
            residual[i] = observed[i] - nu[i];
            double d = 2 * (nu[i] - observed[i] + (observed[i] > 0 ? observed[i] * Math.log(observed[i] / nu[i]) : 0));
            deviance[i] = Math.signum(residual[i]) * Math.sqrt(Math.max(0, d));
        }

        double pToys = Double.NaN;
        int failed = 0;
        if (toys > 0) {
            int atLeast = 0;
            for (int t = 0; t < toys; t++) {
                double[] toy = ToyCalculator.sample(m, best,
                        new Well19937c(new int[] {(int) seed, (int) (seed >>> 32), t, PURPOSE}));
                double c = toyChi2(m, toy, best);
                if (!Double.isFinite(c)) {
                    failed++;
                } else if (c >= chi2) {
                    atLeast++;
                }
            }
            pToys = toys > failed ? atLeast / (double) (toys - failed) : Double.NaN;
        }
        String reason = cov == null ? "the Hessian of the background-only fit is singular: no errors" : null;
        return new Result(chi2, ndof, pAsymptotic, pToys, toys, failed, List.copyOf(pulls), observed, nu, band,
                residual, deviance, cov != null, reason);
    }

    private static double chi2(HistFactoryModel m, double[] data, FitResult fit) {
        return Math.max(0, 2 * (fit.nll() - PostFit.saturatedNll(m, data)));
    }

    /**
     * A toy's chi2 from its background-only fit, started from the model's initial values and from the truth of the
     * toys (the data's fit): the better kept, as the data's fit keeps the better of two starts.
     */
    private static double toyChi2(HistFactoryModel m, double[] toy, double[] truth) {
        FitResult best = Fits.better(Fits.backgroundOnly(m, toy, m.initialValues()), Fits.backgroundOnly(m, toy, truth));
        return best.converged() ? chi2(m, toy, best) : Double.NaN;
    }

    private static double[] nanArray(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
