package xmassnu.fits.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import xmassnu.fits.stats.modifiers.ModifierSettings;
import xmassnu.fits.stats.modifiers.Modifiers;

/**
 * The model's structure along pyhf's seams: the modifier registry, one parameter table built from the modifiers'
 * declarations (pyhf's reduce_paramsets_requirements rules: a name declared twice must be declared the same way,
 * shapesys is not shared, the measurement config must fit the declared sizes), and the errors, each naming the
 * channel, sample and modifier. The numbers of the models are pyhf's: PyhfWorkspaceGoldenTest.
 */
class ModelStructureTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A one-channel workspace with the given samples JSON and measurement parameters JSON. */
    static HistFactoryModel model(String samples, String parameters) {
        return model(samples, parameters, ModifierSettings.DEFAULT);
    }

    static HistFactoryModel model(String samples, String parameters, ModifierSettings settings) {
        String ws = "{\"channels\": [{\"name\": \"sr\", \"samples\": [" + samples + "]}],"
                + "\"observations\": [{\"name\": \"sr\", \"data\": [10, 12, 9]}],"
                + "\"measurements\": [{\"name\": \"m\", \"config\": {\"poi\": \"mu\", \"parameters\": [" + parameters + "]}}],"
                + "\"version\": \"1.0.0\"}";
        try {
            return new HistFactoryModel(Workspace.parse(MAPPER.readTree(ws), "ws.json"), null, settings);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String SIGNAL = "{\"name\": \"signal\", \"data\": [1, 2, 1], \"modifiers\": ["
            + "{\"name\": \"mu\", \"type\": \"normfactor\", \"data\": null}]}";

    static String bkg(String name, String modifiers) {
        return "{\"name\": \"" + name + "\", \"data\": [8, 9, 7], \"modifiers\": [" + modifiers + "]}";
    }

    static IllegalArgumentException error(String samples, String parameters) {
        return assertThrows(IllegalArgumentException.class, () -> model(samples, parameters));
    }

    @Test
    void theRegistryHoldsPyhfsModifiersAndTheCouplingPower() {
        assertEquals(List.of("normfactor", "normsys", "histosys", "shapesys", "staterror", "lumi", "shapefactor",
                "xmassnu:coupling-power"), Modifiers.types());
        IllegalArgumentException e = error(SIGNAL + "," + bkg("b",
                "{\"name\": \"x\", \"type\": \"overallsys\", \"data\": null}"), "");
        assertTrue(e.getMessage().contains("channel sr, sample b, modifier x: unknown modifier type 'overallsys'; supported: "
                + Modifiers.types()), e.getMessage());
    }

    @Test
    void oneParameterTableInTheOrderTheModifiersAppear() {
        HistFactoryModel m = model(SIGNAL + "," + bkg("b", "{\"name\": \"stat\", \"type\": \"staterror\", \"data\": [1, 0, 2]},"
                        + "{\"name\": \"jes\", \"type\": \"normsys\", \"data\": {\"hi\": 1.1, \"lo\": 0.9}},"
                        + "{\"name\": \"jes\", \"type\": \"histosys\", \"data\": {\"hi_data\": [9, 9, 7], \"lo_data\": [7, 9, "
                                + "7]}}")
                        + "," + bkg("c", "{\"name\": \"stat\", \"type\": \"staterror\", \"data\": [1, 0, 1]},"
                        + "{\"name\": \"mu\", \"type\": \"xmassnu:coupling-power\", \"data\": {\"power\": 2}}"),
                "{\"name\": \"stat\", \"inits\": [1.0, 1.0, 0.9], \"bounds\": [[0.5, 2], [0.5, 2], [0.5, 2]]}");
        assertEquals(List.of("mu", "stat[0]", "stat[1]", "stat[2]", "jes"), m.parameterNames());
        ParameterTable t = m.parameters();
        assertEquals(ParameterSet.Constraint.NORMAL, t.set("stat").constraint());
        // staterror: sqrt(1 + 1) / 16 and sqrt(4 + 1) / 14 per bin; the middle bin has no error: pinned at its init
        assertArrayEquals(new double[] {Math.sqrt(2) / 16, 1, Math.sqrt(5) / 14}, t.set("stat").widths(), 1e-15);
        assertArrayEquals(new boolean[] {false, false, true, false, false}, m.fixedParameters());
        assertArrayEquals(new double[] {1, 1, 1, 0.9, 0}, m.initialValues(), 0);
        assertArrayEquals(new double[] {0, 0.5, 0.5, 0.5, -5}, m.lowerBounds(), 0);
        // the constraint terms: the two stat bins with an error and jes, in parameter order
        assertEquals(3, m.auxiliaryCount());
        assertEquals(List.of("stat[0]", "stat[2]", "jes"), List.of(m.auxiliaryParameter(0), m.auxiliaryParameter(1),
                m.auxiliaryParameter(2)));
    }

    @Test
    void declarationsAndConfigurationsThatDoNotFitAreRefusedByName() {
        IllegalArgumentException e = error(SIGNAL + "," + bkg("b", "{\"name\": \"x\", \"type\": \"normfactor\", \"data\": null}")
                + "," + bkg("c", "{\"name\": \"x\", \"type\": \"normsys\", \"data\": {\"hi\": 1.1, \"lo\": 0.9}}"), "");
        assertEquals("parameter 'x' is declared differently by normfactor 'x' (channel sr, sample b) and normsys 'x' "
                + "(channel sr, sample c): use distinct modifier names", e.getMessage());
        String shapesys = "{\"name\": \"u\", \"type\": \"shapesys\", \"data\": [1, 1, 1]}";
        e = error(SIGNAL + "," + bkg("b", shapesys) + "," + bkg("c", shapesys), "");
        assertTrue(e.getMessage().startsWith("channel sr, sample c, modifier u (shapesys): another sample already has a "
                + "shapesys of this name"), e.getMessage());
        String stat = "{\"name\": \"stat\", \"type\": \"staterror\", \"data\": [1, 1, 1]}";
        e = error(SIGNAL + "," + bkg("b", stat), "{\"name\": \"stat\", \"inits\": [1.0, 1.0]}");
        assertTrue(e.getMessage().contains("parameter 'stat' (staterror 'stat' (channel sr)), inits: 2 values, expected 3"),
                e.getMessage());
        e = error(SIGNAL, "{\"name\": \"mu\", \"sigmas\": [0.1]}");
        assertTrue(e.getMessage().contains("sigmas given, but the parameter is not Gaussian-constrained"), e.getMessage());
        e = error(SIGNAL + "," + bkg("b", "{\"name\": \"lumi\", \"type\": \"lumi\", \"data\": null}"), "");
        assertTrue(e.getMessage().contains("parameter 'lumi' (lumi 'lumi' (channel sr, sample b)): needs sigmas in the "
                + "measurement config"), e.getMessage());
        e = error(SIGNAL, "{\"name\": \"mu\"}, {\"name\": \"mu\", \"inits\": [2]}");
        assertTrue(e.getMessage().contains("parameter 'mu' is configured twice"), e.getMessage());
        e = error(bkg("b", stat), "");
        assertTrue(e.getMessage().startsWith("POI 'mu' is not a parameter of the model"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model(bkg("b", stat.replace("\"stat\"", "\"mu\"")), ""));
        assertTrue(e.getMessage().contains("POI 'mu' has 3 components"), e.getMessage());
        e = error(SIGNAL + "," + bkg("b", "{\"name\": \"s\", \"type\": \"histosys\", \"data\": {\"hi_data\": [1], \"lo_data\": "
                + "[1, 2, 3]}}"), "");
        assertEquals("channel sr, sample b, modifier s (histosys), data.hi_data: 1 values, the sample has 3 bins",
                e.getMessage());
        e = error(SIGNAL + "," + bkg("b", "{\"name\": \"stat\", \"type\": \"staterror\", \"data\": [1, 1]}"), "");
        assertEquals("channel sr, sample b, modifier stat (staterror), data: 2 values, the sample has 3 bins", e.getMessage());
        e = error(SIGNAL + "," + bkg("b", "{\"name\": \"n\", \"type\": \"normsys\", \"data\": {\"hi\": 1.1, \"lo\": -0.9}}"), "");
        assertTrue(e.getMessage().startsWith("channel sr, sample b, modifier n (normsys): hi and lo must be finite and > 0"),
                e.getMessage());
        e = error(SIGNAL + "," + bkg("b", "{\"name\": \"mu\", \"type\": \"xmassnu:coupling-power\", \"data\": {\"power\": 0}}"),
                "");
        assertTrue(e.getMessage().contains("data.power must be an integer in 1..8"), e.getMessage());
    }

    @Test
    void aStaterrorNameSpansOneChannel() throws Exception {
        String ws = """
                {"channels": [
                  {"name": "a", "samples": [{"name": "s", "data": [1, 2], "modifiers": [
                     {"name": "mu", "type": "normfactor", "data": null}, {"name": "stat", "type": "staterror", "data": [1,
                             1]}]}]},
                  {"name": "b", "samples": [{"name": "s", "data": [1, 2], "modifiers": [
                     {"name": "stat", "type": "staterror", "data": [1, 1]}]}]}],
                 "observations": [{"name": "a", "data": [1, 2]}, {"name": "b", "data": [1, 2]}],
                 "measurements": [{"name": "m", "config": {"poi": "mu", "parameters": []}}], "version": "1.0.0"}
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HistFactoryModel(Workspace.parse(MAPPER.readTree(ws), "ws"), null));
        assertTrue(e.getMessage().contains("staterror 'stat' is already used in channel a; give each channel its own"),
                e.getMessage());
    }

    @Test
    void rootsInterpolationCodesHaveExactDerivativesAwayFromTheirKinks() throws Exception {
        // ModelDerivativesTest's model with every modifier type, under code1 / code0
        HistFactoryModel m = new HistFactoryModel(Workspace.parse(MAPPER.readTree(ModelDerivativesTest.WS), "all"), null,
                ModifierSettings.ROOT);
        int n = m.parameterCount();
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 10; trial++) {
            double[] p = m.initialValues();
            for (int k = 0; k < n; k++) {
                p[k] += 0.2 * (rng.nextDouble() - 0.5);
            }
            p[m.parameterNames().indexOf("escale")] = trial % 2 == 0 ? 0.4 : -1.6;
            p[m.parameterNames().indexOf("norm")] = trial % 2 == 0 ? -0.3 : 1.2;
            double[] nu = new double[m.mainBins()];
            double[][] jac = new double[n][];
            double[][] second = new double[n][];
            m.expectedWithDerivatives(p, nu, jac, second, new boolean[n]);
            double h = 1e-6;
            for (int k = 0; k < n; k++) {
                double[] q = p.clone();
                double[] up = new double[m.mainBins()];
                double[] down = new double[m.mainBins()];
                q[k] = p[k] + h;
                m.expectedMain(q, up);
                q[k] = p[k] - h;
                m.expectedMain(q, down);
                for (int i = 0; i < m.mainBins(); i++) {
                    double numeric = (up[i] - down[i]) / (2 * h);
                    double analytic = jac[k] == null ? 0 : jac[k][i];
                    assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)), m.parameterNames().get(k) + " bin "
                            + i);
                }
            }
        }
    }

    @Test
    void theMinimiserStopsAtAKinkAndHoldsAParameterWhoseMinimumIsThere() {
        // f = 2|x| + (x - 0.5)^2: slopes -3 and +1 either side of 0, so the minimum is the kink; g = |x| + (x - 2)^2 has
        // its minimum at 1.5, beyond the kink
        for (double[] c : new double[][] {{2, 0.5, 0}, {1, 2, 1.5}}) {
            java.util.function.ToDoubleFunction<double[]> f = x -> c[0] * Math.abs(x[0]) + (x[0] - c[1]) * (x[0] - c[1]);
            Minimiser.Curvature d = (x, g, h) -> {
                g[0] += c[0] * (x[0] > 0 ? 1 : -1) + 2 * (x[0] - c[1]);
                h[0][0] += 2;
            };
            for (double start : new double[] {-3, 0, 2.5}) {
                FitResult r = Minimiser.DEFAULT.minimise(f, Minimiser.Curvature.withKinks(d, new double[] {0}),
                        new double[] {start}, new double[] {-5}, new double[] {5}, new boolean[1]);
                assertTrue(r.converged(), r.reason());
                assertEquals(c[2], r.parameters()[0], 1e-9, "from " + start);
            }
        }
    }
}
