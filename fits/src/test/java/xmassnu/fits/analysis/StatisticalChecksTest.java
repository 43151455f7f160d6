package xmassnu.fits.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import xmassnu.fits.physics.Model;

class StatisticalChecksTest {
    /** Ten 1-keV bins, one background with a 30 % normalisation prior, a 1/T signal (magnetic-moment-like). */
    static AnalysisInputs model() {
        int n = 10;
        double[] bkg = new double[n];
        double[] sm = new double[n];
        double[] pure = new double[n];
        for (int i = 0; i < n; i++) {
            double t = 2.5 + i;
            bkg[i] = 40 * (1 + Math.exp(-t / 4));
            sm[i] = 0.5;
            pure[i] = 1e20 / t;
        }
        return new AnalysisInputs(Model.MAGNETIC_MOMENT, "all", null, bkg.clone(),
                Map.of("flat", new Histogram(bkg, new double[n])), new Histogram(sm, new double[n]),
                new Histogram(new double[n], new double[n]), new Histogram(pure, new double[n]));
    }

    static final FitSettings NO_MC_STAT = new FitSettings(0.90, "qtilde", 0.3, 0.05, false, 1e-3);

    @Test
    void injectedCouplingIsRecoveredWithUnitPulls() {
        // POI = 1 is the reference coupling (5 sqrt(B + 1) signal events); at POI = 2 (4x that, the signal goes as
        // the coupling squared) the fit stays clear of the POI >= 0 boundary despite the 30 % background prior
        StatisticalChecks.Closure c = StatisticalChecks.closure(model(), NO_MC_STAT, 2.0, 400, 7);
        assertTrue(c.failed() < 4, c.failed() + " failed fits");
        assertEquals(2.0, c.meanFittedPoi(), 0.04, "bias of the fitted coupling");
        assertEquals(0, c.meanPull(), 3 / Math.sqrt(400.0) + 0.05, "mean pull");
        assertEquals(1, c.pullWidth(), 0.12, "pull width");
    }

    @Test
    void ninetyPercentLimitsCoverTheTrueCouplingAtLeastNinetyPercentOfTheTime() {
        // CLs is conservative: coverage >= 0.90 (within the toys' binomial error)
        StatisticalChecks.Coverage c = StatisticalChecks.coverage(model(), NO_MC_STAT, 0.5, 200, 11);
        assertTrue(c.failed() < 3, c.failed() + " failed limits");
        assertTrue(c.coverage() >= 0.90 - 3 * c.error(), "coverage " + c.coverage() + " +- " + c.error());
    }
}
