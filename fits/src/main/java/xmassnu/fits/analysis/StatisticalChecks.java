package xmassnu.fits.analysis;

import java.util.Arrays;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import xmassnu.fits.stats.AsymptoticCalculator;
import xmassnu.fits.stats.FitResult;
import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.Minimiser;
import xmassnu.fits.stats.ToyCalculator;
import xmassnu.fits.stats.UpperLimit;

/**
 * Checks of the statistics on pseudo-experiments drawn from the model itself: closure (inject a coupling, fit it
 * back: pulls of zero mean and unit width) and coverage (the fraction of toys whose upper limit lies above the
 * injected coupling: at least the confidence level, CLs being conservative). Toys are seeded from (seed, toy):
 * any split over tasks gives the same answer.
 */
public final class StatisticalChecks {
    private StatisticalChecks() {}

    /** Pull summary of a closure test; {@code pulls} of the converged toys. */
    public record Closure(double injectedPoi, double meanFittedPoi, double meanPull, double pullWidth, int toys,
                          int failed, double[] pulls) {}

    /** Coverage summary: fraction of toys with limit >= injected, and its binomial error. */
    public record Coverage(double injectedPoi, double coverage, double error, int toys, int failed) {}

    private static RandomGenerator rng(long seed, int toy) {
        return new Well19937c(new int[] {(int) seed, (int) (seed >>> 32), toy, 0x5eed});
    }

    private static double[] injectedParameters(HistFactoryModel m, double poi) {
        double[] p = m.initialValues();
        p[m.poiIndex()] = poi;
        return p;
    }

    /** Closure in POI units (coupling / reference coupling) of the native model of {@code in}. */
    public static Closure closure(AnalysisInputs in, FitSettings s, double injectedPoi, int toys, long seed) {
        HistFactoryModel m = new HistFactoryModel(LimitWorkspace.build(in, s).workspace(), null);
        double[] truth = injectedParameters(m, injectedPoi);
        double[] pulls = new double[toys];
        double sumFit = 0;
        int ok = 0;
        int poi = m.poiIndex();
        for (int t = 0; t < toys; t++) {
            double[] toy = ToyCalculator.sample(m, truth, rng(seed, t));
            double[] scratch = new double[m.mainBins()];
            FitResult f = Minimiser.DEFAULT.minimise(p -> m.nll(p, toy, scratch), m.curvature(toy), m.initialValues(),
                    m.lowerBounds(), m.upperBounds(), m.fixedParameters());
            if (!f.converged()) {
                continue;
            }
            double sigma = m.uncertainty(m.poiIndex(), toy, f.parameters());
            if (!(sigma > 0)) {
                continue;
            }
            pulls[ok++] = (f.parameters()[poi] - injectedPoi) / sigma;
            sumFit += f.parameters()[poi];
        }
        double[] p = Arrays.copyOf(pulls, ok);
        double mean = Arrays.stream(p).average().orElse(Double.NaN);
        double var = Arrays.stream(p).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, ok - 1);
        return new Closure(injectedPoi, sumFit / Math.max(1, ok), mean, Math.sqrt(var), toys, toys - ok, p);
    }

    /** Coverage of the upper limit at confidence level s.confidenceLevel() (asymptotic CLs, Brent). */
    public static Coverage coverage(AnalysisInputs in, FitSettings s, double injectedPoi, int toys, long seed) {
        HistFactoryModel m = new HistFactoryModel(LimitWorkspace.build(in, s).workspace(), null);
        double[] truth = injectedParameters(m, injectedPoi);
        int covered = 0;
        int ok = 0;
        for (int t = 0; t < toys; t++) {
            double[] toy = ToyCalculator.sample(m, truth, rng(seed, t));
            UpperLimit.Limits l = new UpperLimit(new AsymptoticCalculator(m, toy, s.statistic(), Minimiser.DEFAULT))
                    .solve(1e-3, 2.0, 1 - s.confidenceLevel(), s.relativeTolerance());
            if (!Double.isFinite(l.observed())) {
                continue;
            }
            ok++;
            covered += l.observed() >= injectedPoi ? 1 : 0;
        }
        double c = covered / (double) Math.max(1, ok);
        return new Coverage(injectedPoi, c, Math.sqrt(c * (1 - c) / Math.max(1, ok)), toys, toys - ok);
    }
}
