package xmassnu.fits.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Conditional fits when the profile has two minima in a nuisance parameter. The shape systematic lowers the
 * signal bins on both sides (by 8 per sigma up, 6 down); the up side also raises two other bins, the down side
 * lowers two bins where the data have a deficit, so the free fit pulls it to about -0.7. A large signal can then be
 * hidden by either sign of the shape parameter: at mu = 2 the negative basin (the free fit's side) is the lower
 * one, at mu = 4 the positive one.
 */
class AsymptoticCalculatorTest {
    static final String WS = """
            {"channels": [{"name": "ch", "samples": [
              {"name": "signal", "data": [0, 0, 10, 10, 0, 0], "modifiers": [{"name": "mu", "type": "normfactor", "data": null}]},
              {"name": "bkg", "data": [50, 50, 50, 50, 50, 50], "modifiers": [{"name": "shape", "type": "histosys",
                "data": {"hi_data": [50, 50, 42, 42, 54, 54], "lo_data": [46, 46, 44, 44, 50, 50]}}]}]}],
             "observations": [{"name": "ch", "data": [44, 44, 52, 52, 50, 50]}],
             "measurements": [{"name": "m", "config": {"poi": "mu", "parameters": []}}],
             "version": "1.0.0"}
            """;

    @Test
    void conditionalFitsKeepTheLowerOfTheTwoBasins() throws Exception {
        HistFactoryModel m = new HistFactoryModel(Workspace.parse(new ObjectMapper().readTree(WS), "bimodal"), null);
        double[] data = m.observedData();
        AsymptoticCalculator c = new AsymptoticCalculator(m, data, TestStatistic.QTILDE,
                Minimiser.DEFAULT);
        FitResult free = c.freeFit();
        int shape = m.parameterNames().indexOf("shape");
        assertTrue(free.parameters()[shape] < -0.5, "free fit pulls the shape negative: " + free.parameters()[shape]);
        boolean initialWorse = false;
        boolean freeWorse = false;
        for (double mu : new double[] {1, 2, 3, 4}) {
            FitResult fromInitial = c.fit(data, mu);
            FitResult fromFree = c.fitFrom(data, mu, free.parameters());
            FitResult kept = c.fit(data, mu, free);
            assertTrue(fromInitial.converged() && fromFree.converged() && kept.converged());
            assertEquals(Math.min(fromInitial.nll(), fromFree.nll()), kept.nll(), 1e-9, "mu = " + mu);
            initialWorse |= fromInitial.nll() > fromFree.nll() + 0.1;
            freeWorse |= fromFree.nll() > fromInitial.nll() + 0.1;
        }
        // the model really has two basins, and each start alone misses the lower one somewhere
        assertTrue(initialWorse, "the initial values' start always found the lower basin");
        assertTrue(freeWorse, "the free fit's start always found the lower basin");
    }
}
