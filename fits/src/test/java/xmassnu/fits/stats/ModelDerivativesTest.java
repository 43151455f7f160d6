package xmassnu.fits.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The analytic derivatives of the expected counts against central differences of {@link HistFactoryModel#expectedMain}
 * (an independent computation: values only), on a model with every modifier type, a normsys and a histosys sharing
 * one parameter (as HistFactory pairs them), histosys parameters inside and outside +-1 and normsys ones too.
 */
class ModelDerivativesTest {
    static final String WS = """
            {"channels": [
              {"name": "a", "samples": [
                {"name": "signal", "data": [3, 6, 2], "modifiers": [
                  {"name": "mu", "type": "xmassnu:coupling-power", "data": {"power": 4}},
                  {"name": "lumi", "type": "lumi", "data": null},
                  {"name": "escale", "type": "histosys", "data": {"hi_data": [3.5, 6.2, 1.7], "lo_data": [2.4, 5.9, 2.3]}}]},
                {"name": "interference", "data": [-1, -2, -0.5], "modifiers": [
                  {"name": "mu", "type": "xmassnu:coupling-power", "data": {"power": 2}}]},
                {"name": "bkg", "data": [50, 40, 30], "modifiers": [
                  {"name": "escale", "type": "histosys", "data": {"hi_data": [52, 39, 33], "lo_data": [47, 42, 28]}},
                  {"name": "escale", "type": "normsys", "data": {"hi": 1.05, "lo": 0.97}},
                  {"name": "norm", "type": "normsys", "data": {"hi": 1.3, "lo": 0.8}},
                  {"name": "stat", "type": "staterror", "data": [2, 3, 1.5]},
                  {"name": "lumi", "type": "lumi", "data": null}]},
                {"name": "other", "data": [10, 12, 8], "modifiers": [
                  {"name": "stat", "type": "staterror", "data": [1, 1, 1]},
                  {"name": "uncorr", "type": "shapesys", "data": [2, 2, 2]},
                  {"name": "k", "type": "normfactor", "data": null}]}]},
              {"name": "b", "samples": [
                {"name": "free", "data": [20, 25], "modifiers": [
                  {"name": "sf", "type": "shapefactor", "data": null},
                  {"name": "norm", "type": "normsys", "data": {"hi": 1.3, "lo": 0.8}}]}]}],
             "observations": [{"name": "a", "data": [60, 55, 40]}, {"name": "b", "data": [21, 24]}],
             "measurements": [{"name": "m", "config": {"poi": "mu", "parameters": [
               {"name": "lumi", "auxdata": [1.0], "sigmas": [0.02], "bounds": [[0.5, 1.5]], "inits": [1.0]}]}}],
             "version": "1.0.0"}
            """;

    @Test
    void analyticDerivativesMatchCentralDifferences() throws Exception {
        HistFactoryModel m = new HistFactoryModel(Workspace.parse(new ObjectMapper().readTree(WS), "all-modifiers"), null);
        int n = m.parameterCount();
        int bins = m.mainBins();
        SplittableRandom rng = new SplittableRandom(7);
        int escale = m.parameterNames().indexOf("escale");
        int norm = m.parameterNames().indexOf("norm");
        for (int trial = 0; trial < 20; trial++) {
            double[] p = m.initialValues();
            for (int k = 0; k < n; k++) {
                p[k] += 0.2 * (rng.nextDouble() - 0.5);
            }
            // alternate the interpolation regimes of the shared and the plain alpha: inside, above +1, below -1
            p[escale] = new double[] {0.3, 1.7, -2.2, -0.8}[trial % 4];
            p[norm] = new double[] {-0.4, 2.5, 0.9, -1.6}[trial % 4];
            p[m.poiIndex()] = 0.5 + rng.nextDouble();
            double[] nu = new double[bins];
            double[][] jac = new double[n][];
            double[][] second = new double[n][];
            m.expectedWithDerivatives(p, nu, jac, second, new boolean[n]);
            double[] values = new double[bins];
            m.expectedMain(p, values);
            for (int i = 0; i < bins; i++) {
                assertEquals(values[i], nu[i], 1e-12 * Math.abs(values[i]), "nu_" + i);
            }
            double[] up = new double[bins];
            double[] down = new double[bins];
            for (int k = 0; k < n; k++) {
                double h = 1e-5 * Math.max(1, Math.abs(p[k]));
                double[] q = p.clone();
                q[k] = p[k] + h;
                m.expectedMain(q, up);
                q[k] = p[k] - h;
                m.expectedMain(q, down);
                for (int i = 0; i < bins; i++) {
                    double fd1 = (up[i] - down[i]) / (2 * h);
                    double fd2 = (up[i] - 2 * values[i] + down[i]) / (h * h);
                    double a1 = jac[k] == null ? 0 : jac[k][i];
                    double a2 = second[k] == null ? 0 : second[k][i];
                    String at = m.parameterNames().get(k) + ", bin " + i + ", trial " + trial;
                    assertEquals(fd1, a1, 1e-6 * (1 + Math.abs(fd1)), "d nu / d " + at);
                    assertEquals(fd2, a2, 2e-3 * (1 + Math.abs(fd2)), "d2 nu / d " + at);
                }
            }
            assertNotNull(jac[escale]);
        }
    }
}
