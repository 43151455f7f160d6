package xmassnu.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;

import xmassnu.jobs.config.Json;

/**
 * {@code cls} and {@code upper-limit} as {@code pyhf cls}: the numbers are pyhf's, from fits'
 * {@code xmassnu/stats/pyhf/golden.json} and {@code xmassnu/stats/patches/golden.json} (written by
 * {@code fits/src/test/pyhf/golden.py} and {@code patches_golden.py}; the calls are quoted there and in fits'
 * PyhfWorkspaceGoldenTest and JsonPatchTest), at their tolerance 1e-6 on CLs. Every failure is one line starting
 * "xmass COMMAND: error:", exit code 2 for bad input and 1 for a failed computation.
 */
class StatsCommandTest {
    static final Path RESOURCES = Path.of("..", "fits", "src", "test", "resources", "xmassnu", "stats");

    record Run(int code, String out, String err) {}

    static Run runWithStdin(String stdin, String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        PrintStream originalOut = System.out;
        InputStream originalIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        if (stdin != null) {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            int code = cl.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(originalOut);
            System.setIn(originalIn);
        }
    }

    static Run run(String... args) {
        return runWithStdin(null, args);
    }

    static String ws(String name) {
        return RESOURCES.resolve("pyhf").resolve(name).toString();
    }

    /** pyhf's hypotest result for a golden case (file, settings) at mu with the test statistic. */
    static JsonNode pyhf(String file, String settings, double mu, String testStat) throws Exception {
        JsonNode golden = Json.MAPPER.readTree(RESOURCES.resolve("pyhf/golden.json").toFile());
        for (JsonNode c : golden.get("cases")) {
            if (c.get("file").asText().equals(file) && c.get("settings").asText().equals(settings)) {
                for (JsonNode h : c.get("hypotests")) {
                    if (h.get("mu").asDouble() == mu && h.get("test_stat").asText().equals(testStat)) {
                        return h;
                    }
                }
            }
        }
        throw new AssertionError("no golden " + file + " " + settings + " " + mu + " " + testStat);
    }

    static void assertCls(JsonNode pyhf, Run r) throws Exception {
        assertEquals(0, r.code(), r.err());
        JsonNode n = Json.MAPPER.readTree(r.out());
        assertEquals(pyhf.get("cls_obs").asDouble(), n.get("CLs_obs").asDouble(), 1e-6);
        for (int k = 0; k < 5; k++) {
            assertEquals(pyhf.get("cls_exp").get(k).asDouble(), n.get("CLs_exp").get(k).asDouble(), 1e-6);
        }
    }

    static void assertOneLineError(Run r, int code, String command, String... parts) {
        assertEquals(code, r.code(), r.err());
        String line = r.err().strip();
        assertTrue(!line.contains("\n") && line.startsWith("xmass " + command + ": error: "), "one line: " + r.err());
        for (String p : parts) {
            assertTrue(line.contains(p), "'" + p + "' in: " + line);
        }
    }

    @Test
    void clsMatchesPyhfWithEveryInputForm(@TempDir Path dir) throws Exception {
        JsonNode expected = pyhf("normsys.json", "default", 2.0, "qtilde");
        assertCls(expected, run("cls", ws("normsys.json"), "--test-poi", "2.0"));
        assertCls(expected, run("cls", ws("normsys.json"), "--poi-value", "2"));
        assertCls(expected, runWithStdin(Files.readString(Path.of(ws("normsys.json"))), "cls", "-", "--test-poi", "2"));
        assertCls(pyhf("normsys.json", "default", 2.0, "q"), run("cls", ws("normsys.json"), "--test-poi", "2", "--test-stat",
                "q"));
        Path out = dir.resolve("cls.json");
        Run toFile = run("cls", ws("normsys.json"), "--test-poi", "2", "--output-file", out.toString());
        assertEquals("", toFile.out());
        assertCls(expected, new Run(toFile.code(), Files.readString(out), toFile.err()));
        // ROOT's interpolation codes, as pyhf's modifier_settings
        assertCls(pyhf("histosys.json", "code1-code0", 2.0, "qtilde"), run("cls", ws("histosys.json"), "--test-poi", "2",
                "--normsys-interpcode", "code1", "--histosys-interpcode", "code0"));
        assertCls(pyhf("histosys.json", "default", 2.0, "qtilde"), run("cls", ws("histosys.json"), "--test-poi", "2",
                "--normsys-interpcode", "code4", "--histosys-interpcode", "code4p"));
    }

    /**
     * The discovery test against pyhf 0.7 (numpy backend, scipy optimizer with ftol 1e-12):
     * {@code obs, exp = pyhf.infer.hypotest(0.0, ws.data(m), m, test_stat="q0", return_expected_set=True)} on the
     * workspaces of fits/src/test/resources/xmassnu/stats/pyhf.
     */
    @Test
    void clsWithQ0IsTheDiscoveryTestAsPyhf() throws Exception {
        Object[][] cases = {
            {"normsys.json", 0.06419992528918232, new double[] {0.0008516183730415786, 0.016273668383979603,
                0.12763892620866957, 0.44526910724270213, 0.8057598969324626}},
            {"histosys.json", 0.009176128666429762, new double[] {1.2453231183398082e-05, 0.0006507572387751331,
                0.013357891238401169, 0.11205997549937896, 0.4146319996154013}},
        };
        for (Object[] c : cases) {
            Run r = run("cls", ws((String) c[0]), "--test-stat", "q0");
            assertEquals(0, r.code(), r.err());
            JsonNode n = Json.MAPPER.readTree(r.out());
            double p0 = (double) c[1];
            assertEquals(p0, n.get("p0_obs").asDouble(), 1e-5 * p0, (String) c[0]);
            double[] exp = (double[]) c[2];
            for (int k = 0; k < 5; k++) {
                assertEquals(exp[k], n.get("p0_exp").get(k).asDouble(), 1e-4 * exp[k], c[0] + " expected " + k);
            }
            // scipy.stats.norm.isf(p0)
            assertEquals(c[0].equals("normsys.json") ? 1.5204423 : 2.3584333, n.get("Z_obs").asDouble(), 1e-4, (String) c[0]);
        }
        assertOneLineError(run("cls", ws("normsys.json"), "--test-stat", "q0", "--test-poi", "1"), 2, "cls",
                "q0 tests POI = 0");
        assertOneLineError(run("upper-limit", ws("normsys.json"), "--test-stat", "q0"), 2, "upper-limit",
                "discovery test");
    }

    @Test
    void patchesAndPatchsetsAsPyhf(@TempDir Path dir) throws Exception {
        JsonNode golden = Json.MAPPER.readTree(RESOURCES.resolve("patches/golden.json").toFile()).get("patched");
        String bkg = RESOURCES.resolve("patches/bkgonly.json").toString();
        String patchset = RESOURCES.resolve("patches/patchset.json").toString();
        for (String name : new String[] {"sig_500", "sig_1000"}) {
            JsonNode h = golden.get(name);
            assertCls(h, run("cls", bkg, "-p", patchset, "--patch-name", name));
        }
        // the same signal as a plain JSON patch (pyhf cls -p): no digests to check
        JsonNode set = Json.MAPPER.readTree(Path.of(patchset).toFile());
        Path patch = dir.resolve("sig_500.json");
        Files.writeString(patch, set.get("patches").get(0).get("patch").toString());
        assertCls(golden.get("sig_500"), run("cls", bkg, "-p", patch.toString()));
        assertOneLineError(run("cls", bkg, "-p", patchset), 2, "cls", "--patch-name", "sig_500, sig_1000");
        assertOneLineError(run("cls", bkg, "-p", patchset, "--patch-name", "sig_1"), 2, "cls", "no patch named 'sig_1'");
        assertOneLineError(run("cls", ws("normsys.json"), "-p", patchset, "--patch-name", "sig_500"), 2, "cls",
                "not the patchset's background-only workspace");
        Files.writeString(patch, "[{\"op\": \"remove\", \"path\": \"/channels/0/samples/7\"}]");
        assertOneLineError(run("cls", bkg, "-p", patch.toString()), 2, "cls", patch.toString(), "operation 0");
        Files.writeString(patch, "[{\"op\": \"delete\", \"path\": \"/channels\"}]");
        assertOneLineError(run("cls", bkg, "-p", patch.toString()), 2, "cls", "not a valid pyhf jsonpatch");
    }

    @Test
    void upperLimitMatchesPyhfAndTakesTheMeasurement(@TempDir Path dir) throws Exception {
        JsonNode golden = Json.MAPPER.readTree(RESOURCES.resolve("pyhf/golden.json").toFile());
        JsonNode scan = golden.get("cases").get(0).get("limits").get("scan").get(0); // normsys.json, default codes
        Run r = run("upper-limit", ws("normsys.json"), "--scan", scan.get("lo").asDouble() + "," + scan.get("hi").asDouble()
                + "," + scan.get("points").asInt(), "--cl", String.valueOf(1 - scan.get("level").asDouble()));
        assertEquals(0, r.code(), r.err());
        JsonNode n = Json.MAPPER.readTree(r.out());
        assertEquals(scan.get("observed").asDouble(), n.get("observed").asDouble(), 2e-5 * scan.get("observed").asDouble());
        for (int k = 0; k < 5; k++) {
            double e = scan.get("expected").get(k).asDouble();
            assertEquals(e, n.get("expected").get(k).asDouble(), 2e-5 * e);
        }
        // a second measurement with a narrower POI range: --measurement picks it, the scan past its bound warns
        ObjectNode spec = (ObjectNode) Json.MAPPER.readTree(Path.of(ws("normsys.json")).toFile());
        ObjectNode second = ((ArrayNode) spec.get("measurements")).addObject().put("name", "narrow");
        second.putObject("config").put("poi", "mu").putArray("parameters").addObject().put("name", "mu")
                .putArray("bounds").addArray().add(0.0).add(3.0);
        Path two = dir.resolve("two.json");
        Files.writeString(two, spec.toString());
        Run narrow = run("upper-limit", two.toString(), "--measurement", "narrow", "--scan", "0,4,9");
        assertEquals(0, narrow.code(), narrow.err());
        assertTrue(narrow.err().contains("xmass upper-limit: warning: --scan to 4 is outside the bounds [0, 3] of the POI mu"),
                narrow.err());
        assertOneLineError(run("upper-limit", two.toString(), "--measurement", "wide"), 2, "upper-limit",
                "no measurement 'wide'", "meas, narrow");
    }

    @Test
    void everyFailureIsOneLine(@TempDir Path dir) throws Exception {
        String normsys = ws("normsys.json");
        assertOneLineError(run("cls", dir.resolve("none.json").toString()), 2, "cls", "no such file");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"channels\": [");
        assertOneLineError(run("cls", bad.toString()), 2, "cls", "not valid JSON");
        assertOneLineError(run("cls", normsys, "--test-poi", "abc"), 2, "cls", "--test-poi must be a finite number");
        assertOneLineError(run("cls", normsys, "--test-stat", "Q"), 2, "cls", "--test-stat must be one of [qtilde, q");
        assertOneLineError(run("cls", normsys, "--normsys-interpcode", "code2"), 2, "cls", "code2", "[code1, code4]");
        assertOneLineError(run("upper-limit", normsys, "--histosys-interpcode", "code1"), 2, "upper-limit", "[code0, code4p]");
        assertOneLineError(run("upper-limit", normsys, "--cl", "1.5"), 2, "upper-limit", "--cl must be in (0, 1)");
        assertOneLineError(run("upper-limit", normsys, "--scan", "3,1,5"), 2, "upper-limit", "LO < HI");
        ObjectNode spec = (ObjectNode) Json.MAPPER.readTree(Path.of(normsys).toFile());
        // schema: a normsys without data.hi, an unknown modifier type, an extra top-level key
        ObjectNode mod = (ObjectNode) spec.get("channels").get(0).get("samples").get(1).get("modifiers").get(0);
        ((ObjectNode) mod.get("data")).remove("hi");
        Files.writeString(bad, spec.toString());
        assertOneLineError(run("cls", bad.toString()), 2, "cls", "not a valid pyhf workspace",
                "channel sr, sample bkg1, modifier bkg1_norm", "'hi'");
        ((ObjectNode) mod.get("data")).put("hi", 1.1);
        mod.put("type", "overallsys");
        Files.writeString(bad, spec.toString());
        assertOneLineError(run("cls", bad.toString()), 2, "cls", "unknown modifier type 'overallsys'");
        mod.put("type", "normsys");
        spec.put("xmassnu", "provenance");
        Files.writeString(bad, spec.toString());
        assertOneLineError(run("upper-limit", bad.toString()), 2, "upper-limit", "top level", "'xmassnu'");
        spec.remove("xmassnu");
        // duplicates, named as pyhf names them
        ArrayNode samples = (ArrayNode) spec.get("channels").get(0).get("samples");
        samples.add(samples.get(1).deepCopy());
        Files.writeString(bad, spec.toString());
        assertOneLineError(run("cls", bad.toString()), 2, "cls", "duplicate samples 'bkg1' in channel sr");
        samples.remove(3);
        ((ArrayNode) samples.get(1).get("modifiers")).add(mod.deepCopy());
        Files.writeString(bad, spec.toString());
        assertOneLineError(run("cls", bad.toString()), 2, "cls", "duplicate modifiers 'bkg1_norm (normsys)'",
                "channel sr, sample bkg1");
        ((ArrayNode) samples.get(1).get("modifiers")).remove(2);
        ((ArrayNode) spec.get("channels")).add(spec.get("channels").get(0).deepCopy());
        Files.writeString(bad, spec.toString());
        assertOneLineError(run("cls", bad.toString()), 2, "cls", "duplicate channels 'sr'");
        // a test that cannot be computed (the signal's negative counts leave no valid expectation at mu = 1): exit 1
        Files.writeString(bad, "{\"channels\": [{\"name\": \"c\", \"samples\": ["
                + "{\"name\": \"s\", \"data\": [-10.0], \"modifiers\": [{\"name\": \"mu\", \"type\": \"normfactor\", \"data\": "
                        + "null}]},"
                + "{\"name\": \"b\", \"data\": [5.0], \"modifiers\": []}]}],"
                + "\"observations\": [{\"name\": \"c\", \"data\": [5.0]}],"
                + "\"measurements\": [{\"name\": \"m\", \"config\": {\"poi\": \"mu\", \"parameters\": []}}], \"version\": "
                        + "\"1.0.0\"}");
        assertOneLineError(run("cls", bad.toString()), 1, "cls", "failed");
    }

    @Test
    void warnsWhenTheTestPoiPassesItsBoundsAndReadsTheCouplingPowerExtension(@TempDir Path dir) throws Exception {
        Run r = run("cls", ws("normsys.json"), "--test-poi", "12");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("xmass cls: warning: --test-poi 12 is outside the bounds [0, 10] of the POI mu"), r.err());
        // xmassnu's one extension validates (pyhf's schema plus exactly that modifier) and gives the same CLs as the
        // equivalent pyhf model: signal x mu^1 is a normfactor
        ObjectNode spec = (ObjectNode) Json.MAPPER.readTree(Path.of(ws("normsys.json")).toFile());
        ObjectNode mu = (ObjectNode) spec.get("channels").get(0).get("samples").get(0).get("modifiers").get(0);
        mu.put("type", "xmassnu:coupling-power").putObject("data").put("power", 1);
        Path f = dir.resolve("power.json");
        Files.writeString(f, spec.toString());
        assertCls(pyhf("normsys.json", "default", 2.0, "qtilde"), run("cls", f.toString(), "--test-poi", "2"));
        ((ObjectNode) mu.get("data")).put("power", 9);
        Files.writeString(f, spec.toString());
        assertOneLineError(run("cls", f.toString()), 2, "cls", "power", "maximum");
    }
}
