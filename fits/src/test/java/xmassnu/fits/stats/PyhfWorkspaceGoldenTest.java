package xmassnu.fits.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import xmassnu.fits.stats.modifiers.ModifierSettings;

/**
 * The model, fits, hypothesis tests and limits against pyhf on workspaces that exercise one modifier type each
 * (normsys, histosys with a normsys of the same name, two-channel staterror with an empty-uncertainty bin and a
 * shared normfactor, shapesys with a zero-uncertainty bin, lumi) and on the demo's exported magnetic-moment workspace
 * ({@code bin/xmass pipeline --config demo}, {@code spectra/workspaces/magnetic-moment-all.json} without the
 * "xmassnu" provenance key), with pyhf's default interpolation codes and with code1/code0.
 *
 * <p>The numbers in {@code xmassnu/stats/pyhf/golden.json} are pyhf's (0.7.x from source, numpy backend, SciPy
 * SLSQP at tolerance 1e-10), written by {@code PYTHONPATH=/work/tools/pyhf/src python3 fits/src/test/pyhf/golden.py},
 * which records each call in the file's "calls": {@code ws = pyhf.Workspace(spec); model =
 * ws.model(modifier_settings=S); data = ws.data(model)}; {@code model.expected_actualdata(pars)}; {@code -2 *
 * model.logpdf(pars, data)}; {@code pyhf.infer.mle.fit(data, model, return_fitted_val=True)}; {@code
 * pyhf.infer.mle.fixed_poi_fit(1.0, data, model, return_fitted_val=True)}; {@code pyhf.infer.hypotest(mu, data,
 * model, test_stat="qtilde" | "q", return_expected_set=True)}; {@code
 * pyhf.infer.intervals.upper_limits.upper_limit(data, model, scan=None | np.linspace(0, hi, 21), level=L)}.
 *
 * <p>Tolerances, and why: expected counts 1e-12 relative (the same arithmetic); twice-NLL differences between two
 * fixed points 1e-9 (only rounding; pyhf's absolute twice-NLL carries normalisation constants this model drops);
 * fitted twice-NLL differences 2e-6 and CLs 1e-6 absolute (both minimisers stop at a tolerance: pyhf's CLs move by
 * 5e-8 between its tolerances 1e-10 and 1e-14; the largest difference seen is 2e-7); best-fit parameters 2e-3
 * absolute (flat directions of the likelihood: a shift of 1e-3 changes -ln L by ~1e-6); root-found limits 1e-4
 * relative (pyhf's TOMS 748 stops at rtol 1e-4; seen 7e-6); scan limits 2e-5 relative (the same interpolation of
 * CLs values equal to 1e-6; seen 6e-6).
 */
class PyhfWorkspaceGoldenTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode golden() {
        try (InputStream in = PyhfWorkspaceGoldenTest.class.getResourceAsStream("/xmassnu/stats/pyhf/golden.json")) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Workspace workspace(String file) {
        try (InputStream in = PyhfWorkspaceGoldenTest.class.getResourceAsStream("/xmassnu/stats/pyhf/" + file)) {
            return Workspace.parse(MAPPER.readTree(in), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ModifierSettings settings(String name) {
        return switch (name) {
            case "default" -> ModifierSettings.DEFAULT;
            case "code1-code0" -> ModifierSettings.ROOT;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @TestFactory
    Stream<DynamicContainer> everyCaseMatchesPyhf() {
        List<DynamicContainer> out = new ArrayList<>();
        for (JsonNode c : golden().get("cases")) {
            String label = c.get("file").asText() + " [" + c.get("settings").asText() + "]";
            HistFactoryModel m = new HistFactoryModel(workspace(c.get("file").asText()), null,
                    settings(c.get("settings").asText()));
            out.add(DynamicContainer.dynamicContainer(label, Stream.of(
                    DynamicTest.dynamicTest("parameters and auxiliary data", () -> parameters(m, c)),
                    DynamicTest.dynamicTest("expected counts and likelihood", () -> likelihood(m, c)),
                    DynamicTest.dynamicTest("fits", () -> fits(m, c)),
                    DynamicTest.dynamicTest("hypothesis tests", () -> hypotests(m, c)),
                    DynamicTest.dynamicTest("upper limits", () -> limits(m, c)))));
        }
        return out.stream();
    }

    /** Our parameter vector from pyhf's values by name. */
    static double[] pars(HistFactoryModel m, JsonNode named) {
        double[] p = m.initialValues();
        List<String> names = m.parameterNames();
        for (int i = 0; i < p.length; i++) {
            JsonNode v = named.get(names.get(i));
            assertTrue(v != null, "pyhf has no parameter " + names.get(i));
            p[i] = v.asDouble();
        }
        return p;
    }

    static void parameters(HistFactoryModel m, JsonNode c) {
        TreeSet<String> pyhf = new TreeSet<>();
        c.get("parameters").forEach(n -> pyhf.add(n.asText()));
        assertEquals(pyhf, new TreeSet<>(m.parameterNames()));
        assertEquals(c.get("poi").asText(), m.parameterNames().get(m.poiIndex()));
        // every constraint term of this model has pyhf's auxiliary datum (pyhf also keeps constant terms for
        // components pinned by a zero uncertainty: those are the only ones it has in addition)
        double[] observed = m.observedData();
        JsonNode aux = c.get("auxdata");
        for (int k = 0; k < m.auxiliaryCount(); k++) {
            String name = m.auxiliaryParameter(k);
            assertEquals(aux.get(name).asDouble(), observed[m.mainBins() + k], 1e-12 * Math.abs(observed[m.mainBins() + k]),
                    "auxdata of " + name);
        }
        assertTrue(aux.size() >= m.auxiliaryCount());
    }

    static void likelihood(HistFactoryModel m, JsonNode c) {
        double[] data = m.observedData();
        double[] scratch = new double[m.mainBins()];
        JsonNode inside = c.get("points").get("inside");
        JsonNode outside = c.get("points").get("outside");
        for (JsonNode point : List.of(inside, outside)) {
            double[] p = pars(m, point.get("pars"));
            double[] nu = new double[m.mainBins()];
            m.expectedMain(p, nu);
            String[] channels = m.channelNames();
            int offset = 0;
            for (String ch : channels) {
                JsonNode expected = point.get("expected_main").get(ch);
                for (int b = 0; b < expected.size(); b++) {
                    double e = expected.get(b).asDouble();
                    assertEquals(e, nu[offset + b], 1e-12 * Math.abs(e), "channel " + ch + " bin " + b);
                }
                offset += expected.size();
            }
            assertEquals(m.mainBins(), offset);
        }
        double ours = 2 * (m.nll(pars(m, inside.get("pars")), data, scratch) - m.nll(pars(m, outside.get("pars")), data,
                scratch));
        double theirs = inside.get("twice_nll").asDouble() - outside.get("twice_nll").asDouble();
        assertEquals(theirs, ours, 1e-9, "twice-NLL(inside) - twice-NLL(outside)");
    }

    static void fits(HistFactoryModel m, JsonNode c) {
        double[] data = m.observedData();
        double[] scratch = new double[m.mainBins()];
        AsymptoticCalculator calc = new AsymptoticCalculator(m, data, TestStatistic.QTILDE,
                Minimiser.DEFAULT);
        FitResult free = calc.freeFit();
        assertTrue(free.converged(), free.reason());
        double[] pyhfBest = pars(m, c.get("fit").get("pars"));
        double[] reference = pars(m, c.get("points").get("inside").get("pars"));
        // the same minimum: twice-NLL relative to a fixed point, and each best-fit parameter
        double ours = 2 * (free.nll() - m.nll(reference, data, scratch));
        double theirs = c.get("fit").get("twice_nll").asDouble() - c.get("points").get("inside").get("twice_nll").asDouble();
        assertEquals(theirs, ours, 2e-6, "twice-NLL at the best fit");
        assertTrue(free.nll() <= m.nll(pyhfBest, data, scratch) + 1e-6, "pyhf's best fit is not better than ours");
        List<String> names = m.parameterNames();
        for (int i = 0; i < pyhfBest.length; i++) {
            assertEquals(pyhfBest[i], free.parameters()[i], 2e-3, "best-fit " + names.get(i));
        }
        // the conditional fit at mu = 1: twice its NLL above the free fit's
        FitResult cond = calc.fit(data, c.get("fixed_poi_fit").get("mu").asDouble(), free);
        assertTrue(cond.converged(), cond.reason());
        double qOurs = 2 * (cond.nll() - free.nll());
        double qPyhf = c.get("fixed_poi_fit").get("twice_nll").asDouble() - c.get("fit").get("twice_nll").asDouble();
        assertEquals(qPyhf, qOurs, 2e-6, "twice-NLL(mu = 1) - twice-NLL(best fit)");
    }

    static void hypotests(HistFactoryModel m, JsonNode c) {
        for (JsonNode h : c.get("hypotests")) {
            TestStatistic ts = h.get("test_stat").asText().equals("q")
                    ? TestStatistic.Q : TestStatistic.QTILDE;
            double mu = h.get("mu").asDouble();
            AsymptoticCalculator.Result r = new AsymptoticCalculator(m, m.observedData(), ts, Minimiser.DEFAULT).hypotest(mu);
            String at = h.get("test_stat").asText() + " at mu = " + mu;
            assertTrue(r.valid(), at + ": " + r.reason());
            assertEquals(h.get("cls_obs").asDouble(), r.clsObserved(), 1e-6, "CLs_obs, " + at);
            for (int k = 0; k < 5; k++) {
                assertEquals(h.get("cls_exp").get(k).asDouble(), r.clsExpected()[k], 1e-6, "CLs_exp[" + k + "], " + at);
            }
        }
    }

    static void limits(HistFactoryModel m, JsonNode c) {
        UpperLimit ul = new UpperLimit(new AsymptoticCalculator(m, m.observedData(),
                TestStatistic.QTILDE, Minimiser.DEFAULT));
        for (JsonNode l : c.get("limits").get("root")) {
            double level = l.get("level").asDouble();
            UpperLimit.Limits ours = ul.solve(1e-3, 1.0, level, 1e-6);
            assertTrue(ours.valid(), ours.reason());
            compare(l, ours, 1e-4, "root finding at level " + level);
        }
        for (JsonNode l : c.get("limits").get("scan")) {
            double level = l.get("level").asDouble();
            UpperLimit.Limits ours = ul.scan(l.get("lo").asDouble(), l.get("hi").asDouble(), l.get("points").asInt(), level);
            assertTrue(ours.valid(), ours.reason());
            compare(l, ours, 2e-5, "scan at level " + level);
        }
    }

    private static void compare(JsonNode pyhf, UpperLimit.Limits ours, double relative, String at) {
        double obs = pyhf.get("observed").asDouble();
        assertEquals(obs, ours.observed(), relative * obs, "observed limit, " + at);
        for (int k = 0; k < 5; k++) {
            double e = pyhf.get("expected").get(k).asDouble();
            assertEquals(e, ours.expected()[k], relative * e, "expected limit [" + k + "], " + at);
        }
    }
}
