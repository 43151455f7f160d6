package xmassnu.fits.analysis;

import xmassnu.fits.stats.TestStatistic;
import xmassnu.fits.stats.TestStatistics;

/**
 * The statistical model and limit settings. Defaults: one-sided 90 % CL CLs limits with q~, a binned Poisson
 * likelihood with constrained background normalisations (XMASS-I's statistical treatment is not public in detail:
 * docs/statistics.md).
 *
 * @param backgroundNormUncertainty relative 1-sigma prior width of every background normalisation (not published; default 0.3)
 * @param solarFluxUncertainty      relative 1-sigma uncertainty of the Standard-Model solar rate: B16 pp +-0.6 %,
 *                                  7Be +-6 %, weighted by their share of the rate below 30 keV it is ~ 2 %; 5 % is
 *                                  used to also cover the atomic-binding model (a choice: docs/statistics.md)
 * @param relativeTolerance         of the coupling limits (Brent root finding)
 * @param toys                      0: asymptotic only; N &gt; 0: also CLs from N pseudo-experiments per hypothesis at
 *                                  the asymptotic observed limit of every grid point (checks the approximation:
 *                                  it should be close to 1 - confidenceLevel)
 * @param profileSystematics        true: every +-1 sigma systematic variation of the spectra stage's templates enters
 *                                  the likelihood as one histosys nuisance parameter on all samples together, so
 *                                  the limits include them; false: only the normalisation and Monte Carlo
 *                                  statistics uncertainties (the systematic sweep's per-variation shifts are of
 *                                  these limits)
 * @param goodnessOfFitToys         background-only pseudo-experiments for the goodness of fit's p-value (the
 *                                  chi-square one is poor at low counts; {@link GoodnessOfFit}); 0: none
 * @param lookElsewhereToys         background-only pseudo-experiments over each mass scan for its global
 *                                  significance ({@link LookElsewhere}); 0: none (no global significance)
 */
public record FitSettings(double confidenceLevel, String testStatistic, double backgroundNormUncertainty,
                          double solarFluxUncertainty, boolean mcStatUncertainty, double relativeTolerance, int toys,
                          boolean profileSystematics, int goodnessOfFitToys, int lookElsewhereToys)
        implements java.io.Serializable {

    public static final FitSettings XMASS_I = new FitSettings(0.90, "qtilde", 0.3, 0.05, true, 1e-3, 0, true, 1000,
            1000);

    /** Without the observation's toys. */
    public FitSettings(double confidenceLevel, String testStatistic, double backgroundNormUncertainty,
                       double solarFluxUncertainty, boolean mcStatUncertainty, double relativeTolerance, int toys,
                       boolean profileSystematics) {
        this(confidenceLevel, testStatistic, backgroundNormUncertainty, solarFluxUncertainty, mcStatUncertainty,
                relativeTolerance, toys, profileSystematics, 0, 0);
    }

    /** Without toys, systematic variations profiled. */
    public FitSettings(double confidenceLevel, String testStatistic, double backgroundNormUncertainty,
                       double solarFluxUncertainty, boolean mcStatUncertainty, double relativeTolerance) {
        this(confidenceLevel, testStatistic, backgroundNormUncertainty, solarFluxUncertainty, mcStatUncertainty,
                relativeTolerance, 0, true);
    }

    /** The same settings with the systematic variations profiled or not. */
    public FitSettings withProfileSystematics(boolean profile) {
        return new FitSettings(confidenceLevel, testStatistic, backgroundNormUncertainty, solarFluxUncertainty,
                mcStatUncertainty, relativeTolerance, toys, profile, goodnessOfFitToys, lookElsewhereToys);
    }

    public FitSettings {
        if (!(confidenceLevel > 0.5 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidenceLevel must be in (0.5, 1), got " + confidenceLevel);
        }
        statistic(testStatistic);
        if (!(backgroundNormUncertainty > 0 && backgroundNormUncertainty < 1)) {
            throw new IllegalArgumentException("backgroundNormUncertainty must be in (0, 1), got " + backgroundNormUncertainty);
        }
        if (!(solarFluxUncertainty > 0 && solarFluxUncertainty < 1)) {
            throw new IllegalArgumentException("solarFluxUncertainty must be in (0, 1), got " + solarFluxUncertainty);
        }
        if (toys != 0 && (toys < 10 || toys > 1_000_000)) {
            throw new IllegalArgumentException("toys must be 0 (asymptotic only) or in [10, 1e6], got " + toys);
        }
        if (goodnessOfFitToys != 0 && (goodnessOfFitToys < 50 || goodnessOfFitToys > 1_000_000)) {
            throw new IllegalArgumentException("goodnessOfFitToys must be 0 (none) or in [50, 1e6], got "
                    + goodnessOfFitToys);
        }
        if (lookElsewhereToys != 0 && (lookElsewhereToys < 50 || lookElsewhereToys > 1_000_000)) {
            throw new IllegalArgumentException("lookElsewhereToys must be 0 (none) or in [50, 1e6], got "
                    + lookElsewhereToys);
        }
        if (!(relativeTolerance > 0 && relativeTolerance < 0.1)) {
            throw new IllegalArgumentException("relativeTolerance must be in (0, 0.1), got " + relativeTolerance);
        }
    }

    public TestStatistic statistic() {
        return statistic(testStatistic);
    }

    private static TestStatistic statistic(String s) {
        TestStatistic t = TestStatistics.parse(s, "testStatistic");
        if (!t.forLimits()) {
            throw new IllegalArgumentException("testStatistic must be qtilde or q, got '" + s
                    + "' (q0 is the discovery test: every grid point computes it anyway)");
        }
        return t;
    }
}
