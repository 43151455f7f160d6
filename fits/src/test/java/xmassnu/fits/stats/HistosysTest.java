package xmassnu.fits.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Shape systematics between +-1 sigma templates (histosys), against the HistFactory specification as pyhf
 * implements it (pyhf.interpolators.code4p, pyhf's histosys default; CERN-OPEN-2012-016): at alpha = +1 and -1 the
 * sample is exactly the hi and lo template, at 0 the nominal; outside [-1, 1] it extrapolates linearly; for a
 * symmetric variation it is linear everywhere.
 */
class HistosysTest {
    static final String WS = """
            {"channels": [{"name": "ch", "samples": [
              {"name": "signal", "data": [5, 5, 5], "modifiers": [{"name": "mu", "type": "normfactor", "data": null}]},
              {"name": "bkg", "data": [100, 80, 60], "modifiers": [{"name": "shape", "type": "histosys",
                "data": {"hi_data": [110, 84, 57], "lo_data": [92, 76, 63]}}]}]}],
             "observations": [{"name": "ch", "data": [104, 83, 59]}],
             "measurements": [{"name": "m", "config": {"poi": "mu", "parameters": []}}],
             "version": "1.0.0"}
            """;

    static HistFactoryModel model() throws Exception {
        return new HistFactoryModel(Workspace.parse(new ObjectMapper().readTree(WS), "test"), null);
    }

    static double[] expected(HistFactoryModel m, double mu, double alpha) {
        double[] p = m.initialValues();
        p[m.poiIndex()] = mu;
        p[m.parameterNames().indexOf("shape")] = alpha;
        double[] out = new double[m.mainBins()];
        m.expectedMain(p, out);
        return out;
    }

    @Test
    void interpolationHitsTheTemplatesAndExtrapolatesLinearly() throws Exception {
        HistFactoryModel m = model();
        assertArrayEquals(new double[] {100, 80, 60}, expected(m, 0, 0), 1e-12);
        assertArrayEquals(new double[] {110, 84, 57}, expected(m, 0, 1), 1e-12);
        assertArrayEquals(new double[] {92, 76, 63}, expected(m, 0, -1), 1e-12);
        // beyond +-1: nominal + alpha * (hi - nominal), nominal + alpha * (nominal - lo) below
        assertArrayEquals(new double[] {120, 88, 54}, expected(m, 0, 2), 1e-12);
        assertArrayEquals(new double[] {84, 72, 66}, expected(m, 0, -2), 1e-12);
        // bin 1 is symmetric (+4 / -4): linear inside as well
        assertEquals(82, expected(m, 0, 0.5)[1], 1e-12);
        // the signal adds on top
        assertEquals(115, expected(m, 1, 1)[0], 1e-12);
    }

    @Test
    void insideAndOutsideJoinWithTheSameValueSlopeAndCurvature() throws Exception {
        // code4p's polynomial is built so that value, first and second derivative match the linear extrapolation
        // at alpha = +-1 (pyhf.interpolators.code4p): the second derivative outside is 0
        HistFactoryModel m = model();
        double h = 1e-4;
        for (double edge : new double[] {1, -1}) {
            for (int bin = 0; bin < 3; bin++) {
                double in1 = expected(m, 0, edge * (1 - h))[bin];
                double in2 = expected(m, 0, edge * (1 - 2 * h))[bin];
                double at = expected(m, 0, edge)[bin];
                double out1 = expected(m, 0, edge * (1 + h))[bin];
                double out2 = expected(m, 0, edge * (1 + 2 * h))[bin];
                assertEquals((out1 - at) / h, (at - in1) / h, 1e-3, "slope at " + edge + ", bin " + bin);
                // second differences: rounding of ~100 counts at h = 1e-4 gives ~1e-4, the O(h) term ~1e-2
                assertEquals(0, (at - 2 * in1 + in2) / (h * h), 0.05, "curvature inside at " + edge);
                assertEquals(0, (out2 - 2 * out1 + at) / (h * h), 1e-3, "curvature outside at " + edge);
            }
        }
    }

    @Test
    void theShapeParameterIsConstrainedAndProfiled() throws Exception {
        HistFactoryModel m = model();
        assertTrue(m.parameterNames().contains("shape"));
        // main bins as expected at alpha = 1 (no signal), auxiliary datum at its nominal 0: the fit lands between,
        // close to 1 because three bins outweigh the unit-Gaussian constraint
        double[] data = m.observedData();
        double[] main = expected(m, 0, 1);
        System.arraycopy(main, 0, data, 0, main.length);
        boolean[] fixed = m.fixedParameters().clone();
        fixed[m.poiIndex()] = true;
        double[] start = m.initialValues();
        start[m.poiIndex()] = 0;
        double[] scratch = new double[data.length];
        FitResult fit = Minimiser.DEFAULT.minimise(p -> m.nll(p, data, scratch), m.curvature(data), start,
                m.lowerBounds(), m.upperBounds(), fixed);
        assertTrue(fit.converged(), fit.reason());
        double alpha = fit.parameters()[m.parameterNames().indexOf("shape")];
        assertTrue(alpha > 0.5 && alpha < 1.0, "fitted alpha " + alpha);
    }

}
