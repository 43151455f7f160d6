package xmassnu.jobs.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.analysis.AnalysisInputs;
import xmassnu.fits.analysis.CouplingLimit;
import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.physics.Model;

class PyhfExportTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final FitSettings S = FitSettings.XMASS_I;

    static List<AnalysisInputs> inputs() {
        return List.of(SyntheticInputs.of(Model.MILLICHARGE, null, 40), SyntheticInputs.of(Model.B_L, 1.0, 40),
                SyntheticInputs.of(Model.MAGNETIC_MOMENT, null, 40));
    }

    static Map<String, JsonNode> files() {
        return PyhfExport.files(inputs(), S, List.of("tilt")).stream()
                .collect(Collectors.toMap(PyhfExport.File::name, PyhfExport.File::json));
    }

    @Test
    void everyModelIsExportedAndEveryWorkspaceAndPatchIsValidAgainstPyhfsSchemas() throws Exception {
        Map<String, JsonNode> f = files();
        assertEquals(java.util.Set.of("millicharge-all.bkgonly.json", "millicharge-all.scan.json.gz",
                "millicharge-all.meta.json", "b-l-all.bkgonly.json", "b-l-all.scan.json.gz", "b-l-all.meta.json",
                "magnetic-moment-all.json", "magnetic-moment-all.meta.json"), f.keySet());
        var workspace = PublishedSchemas.pyhf("workspace.json");
        var patch = PublishedSchemas.pyhf("jsonpatch.json");
        for (String name : List.of("magnetic-moment-all.json", "millicharge-all.bkgonly.json", "b-l-all.bkgonly.json")) {
            PublishedSchemas.assertValid(workspace, JSON.writeValueAsString(f.get(name)), name);
        }
        for (String base : List.of("millicharge-all", "b-l-all")) {
            JsonNode scan = f.get(base + PyhfExport.SCAN_SUFFIX);
            assertEquals(PyhfExport.SCAN_OVER_REFERENCE.length, scan.get("points").size(), base);
            for (JsonNode p : scan.get("points")) {
                PublishedSchemas.assertValid(patch, JSON.writeValueAsString(p.get("patch")), base + " patch");
                // the patched workspace is a valid workspace too
                ObjectNode patched = ((ObjectNode) f.get(base + ".bkgonly.json")).deepCopy();
                ((ArrayNode) patched.get("channels").get(0).get("samples")).add(p.get("patch").get(0).get("value"));
                PublishedSchemas.assertValid(workspace, JSON.writeValueAsString(patched), base + " patched");
            }
        }
    }

    @Test
    void theSchemasRejectWhatPyhfRejects() throws Exception {
        // the old export: a top-level "xmassnu" key, which pyhf's additionalProperties: false forbids
        ObjectNode ws = ((ObjectNode) files().get("magnetic-moment-all.json")).deepCopy();
        ws.putObject("xmassnu").put("reference_coupling", 1.0);
        assertFalse(PublishedSchemas.errors(PublishedSchemas.pyhf("workspace.json"), JSON.writeValueAsString(ws))
                .isEmpty());
        // the native coupling-power modifier is not a pyhf modifier
        ObjectNode nativeWs = xmassnu.fits.analysis.LimitWorkspace.build(inputs().get(0), S).workspace().toJson();
        assertFalse(PublishedSchemas.errors(PublishedSchemas.pyhf("workspace.json"), JSON.writeValueAsString(nativeWs))
                .isEmpty());
    }

    @Test
    void metadataLivesInSidecars() {
        Map<String, JsonNode> f = files();
        JsonNode meta = f.get("magnetic-moment-all.meta.json");
        assertEquals("(coupling / reference_coupling)^2", meta.get("poi_meaning").asText());
        double ref = CouplingLimit.compute(inputs().get(2), S).referenceCoupling();
        assertEquals(ref, meta.get("reference_coupling").asDouble(), 1e-12 * ref);
        assertEquals("tilt", f.get("b-l-all.meta.json").get("profiled_systematics").asText());
        assertEquals(PyhfExport.MU_SIGNAL, f.get("millicharge-all.meta.json").get("poi").asText());
    }

    /**
     * The scan reproduces this project's limits in pyhf. Reference numbers: the files of these inputs
     * (PyhfExport.write of inputs(), FitSettings.XMASS_I, systematics [tilt]) through docs/pyhf/limit_from_scan.py
     * with pyhf 0.7.6.dev398 (numpy backend, scipy optimiser):
     * {@code PYTHONPATH=/work/tools/pyhf/src python3 docs/pyhf/limit_from_scan.py DIR/millicharge-all} and
     * {@code .../b-l-all}; the magnetic moment with pyhf.infer.intervals.upper_limits.upper_limit(data, model,
     * scan=None, level=0.1) on magnetic-moment-all.json, mapped by reference * POI^(1/2). Tolerance 0.5 %: the Java
     * limits are solved to 1e-3 relative (FitSettings.relativeTolerance) and the scan's ĝ and interpolation add a
     * few 1e-3 (0.1-decade steps).
     */
    @Test
    void pyhfReproducesTheLimitsFromTheExport() {
        double[][] pyhf = {
                {1.6399552980539558, 0.9646549266805791, 1.1332488064385662, 1.3747015662084707, 1.7018280432532626,
                        2.100165387889375},
                {1.2863894675928236, 0.9822273082967196, 1.0641716835515753, 1.1729874089644357, 1.3056596248185868,
                        1.4528359888975808},
                {1.5838522132372757, 0.9039909559621636, 1.0722082116549139, 1.3122931623890004, 1.6348519312093677,
                        2.024948272069489}};
        List<AnalysisInputs> ins = inputs();
        for (int m = 0; m < 3; m++) {
            CouplingLimit.Result r = CouplingLimit.compute(ins.get(m), S);
            assertTrue(r.converged(), r.reason());
            String what = ins.get(m).model().label();
            assertEquals(pyhf[m][0], r.observed(), 5e-3 * pyhf[m][0], what + " observed");
            for (int k = 0; k < 5; k++) {
                assertEquals(pyhf[m][k + 1], r.expected()[k], 5e-3 * pyhf[m][k + 1], what + " expected " + k);
            }
        }
    }

    @Test
    void scanNumbersKeepTenSignificantDigits() {
        assertEquals("1.23456789", PyhfExport.round(1.2345678901234).toPlainString()); // 1.234567890, zero stripped
        assertEquals("2.718281828", PyhfExport.round(Math.E).toPlainString());
        assertEquals(-3.456789012e-25, PyhfExport.round(-3.45678901234567e-25).doubleValue(), 1e-37);
        assertEquals(7.0e-310, PyhfExport.round(7.0e-310).doubleValue(), 1e-319);
        assertEquals(0, PyhfExport.round(0).signum());
        assertEquals(123456.789, PyhfExport.round(123456.789).doubleValue(), 0);
    }

    @Test
    void filesAreWrittenAsPyhfReadsThem(@TempDir Path dir) throws Exception {
        java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        PyhfExport.files(inputs(), S, List.of("tilt")).forEach(f -> files.put(f.name(), PyhfExport.bytes(f)));
        xmassnu.jobs.testing.LocalFiles.write(files, dir);
        JsonNode ws = JSON.readTree(dir.resolve("magnetic-moment-all.json").toFile());
        assertFalse(ws.has("xmassnu"));
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("b-l-all.scan.json.gz")))) {
            assertEquals(PyhfExport.SCAN_OVER_REFERENCE.length, JSON.readTree(in).get("points").size());
        }
    }
}
