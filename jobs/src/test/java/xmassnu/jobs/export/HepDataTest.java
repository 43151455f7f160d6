package xmassnu.jobs.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import xmassnu.jobs.plots.LimitFigures;

class HepDataTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    static List<LimitFigures.Point> points() {
        List<LimitFigures.Point> ps = new ArrayList<>();
        for (String f : HepDataTables.FLAVOURS) {
            ps.add(new LimitFigures.Point("millicharge", f, null, 6e-12, new double[] {3e-12, 4e-12, 5e-12, 7e-12, 9e-12}));
            ps.add(new LimitFigures.Point("magnetic-moment", f, null, 2e-10, new double[] {1e-10, 1.4e-10, 2e-10, 2.6e-10, 3e-10}));
            for (double m : new double[] {1e-3, 1, 10}) {
                ps.add(new LimitFigures.Point("b-l", f, m, 1e-6 * (1 + m), new double[] {5e-7, 7e-7, 1e-6, 1.3e-6, Double.NaN}));
            }
        }
        return ps;
    }

    static HepData.Submission submission(double cl) {
        List<HepData.Table> tables = new ArrayList<>(HepDataTables.limits(points(), cl, "energy-scale, energy-resolution",
                "4.74"));
        Map<String, double[]> expected = new LinkedHashMap<>();
        expected.put("$^{214}$Pb", new double[] {1, 2, 3});
        expected.put("solar $\\nu$ (SM): \"pp\"", new double[] {0.1, 0.1, 0.1});
        tables.add(HepDataTables.spectrum(new double[] {2, 3, 4, 5}, new double[] {1, 0, 4}, expected,
                new double[] {0.1, 0.2, 0.3}, "pre-fit, nominal"));
        tables.add(HepDataTables.efficiency(new double[] {1, 2}, new double[] {2, 3}, new double[] {0.5, 0.9}));
        tables.add(HepDataTables.cutFlow(List.of("all-triggers", "od-veto"), new long[] {100, 90}, new double[] {1, 0.9},
                new double[] {800, 720}));
        return new HepData.Submission(HepDataTables.comment(cl),
                HepDataTables.pyhfResources(List.of("magnetic-moment-all.json", "millicharge-all.bkgonly.json",
                        "millicharge-all.scan.json.gz"), "pyhf/"), tables);
    }

    @Test
    void theSubmissionIsValidAgainstTheHepDataValidatorsSchemas(@TempDir Path dir) throws Exception {
        xmassnu.jobs.testing.LocalFiles.write(HepData.files(submission(0.9)), dir);
        List<JsonNode> docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(dir.resolve("submission.yaml").toFile())
                .readAll();
        assertEquals(1 + 2 + 4 + 3, docs.size(), "additional info, 2 flavour tables, 4 B-L tables, 3 others");
        PublishedSchemas.assertValid(PublishedSchemas.hepdata("additional_info_schema.json"),
                JSON.writeValueAsString(docs.get(0)), "additional info");
        for (JsonNode table : docs.subList(1, docs.size())) {
            PublishedSchemas.assertValid(PublishedSchemas.hepdata("submission_schema.json"),
                    JSON.writeValueAsString(table), table.get("name").asText());
            JsonNode data = YAML.readTree(dir.resolve(table.get("data_file").asText()).toFile());
            PublishedSchemas.assertValid(PublishedSchemas.hepdata("data_schema.json"), JSON.writeValueAsString(data),
                    table.get("data_file").asText());
        }
        // the pyhf files are additional resources of the submission
        assertEquals("HistFactory", docs.get(0).get("additional_resources").get(0).get("type").asText());
    }

    @Test
    void theSchemasCatchWhatTheValidatorWould() throws Exception {
        JsonNode bad = JSON.readTree("{\"name\": \"t\", \"description\": \"d\", \"keywords\": [{\"name\": \"energy\", "
                + "\"values\": [1]}], \"data_file\": \"t.yaml\"}");
        assertFalse(PublishedSchemas.errors(PublishedSchemas.hepdata("submission_schema.json"),
                JSON.writeValueAsString(bad)).isEmpty(), "keyword names are an enum");
    }

    @Test
    void tablesFollowTheFieldsConventions(@TempDir Path dir) throws Exception {
        xmassnu.jobs.testing.LocalFiles.write(HepData.files(submission(0.95)), dir);
        String sub = Files.readString(dir.resolve("submission.yaml"));
        assertTrue(sub.contains("95% CL") && !sub.contains("90%"), "the configured CL everywhere");
        JsonNode milli = YAML.readTree(dir.resolve("Neutrino_millicharge_limits.yaml").toFile());
        JsonNode flavour = milli.get("independent_variables").get(0);
        assertEquals("Flavour case", flavour.get("header").get("name").asText());
        assertEquals(4, flavour.get("values").size(), "one row per flavour case");
        assertEquals("$\\nu_\\mu$ only", flavour.get("values").get(2).get("value").asText());
        JsonNode expected = milli.get("dependent_variables").get(1);
        assertEquals("Expected upper limit on $\\epsilon = |q_\\nu| / e$", expected.get("header").get("name").asText());
        JsonNode errs = expected.get("values").get(0).get("errors");
        assertEquals(-1e-12, errs.get(0).get("asymerror").get("minus").asDouble(), 1e-24);
        assertEquals("2 sigma", errs.get(1).get("label").asText());
        assertEquals("95% CL", expected.get("qualifiers").get(0).get("value").asText());
        JsonNode mm = YAML.readTree(dir.resolve("Neutrino_magnetic_moment_limits.yaml").toFile());
        assertEquals("$\\mu_B$", mm.get("dependent_variables").get(0).get("header").get("units").asText());
        // a failed +2 sigma is '-' and drops the 2 sigma error, never a hand-quoted NaN
        JsonNode bl = YAML.readTree(dir.resolve("B-L_exclusion.yaml").toFile());
        assertEquals(1, bl.get("dependent_variables").get(1).get("values").get(0).get("errors").size());
        // quotes, colons and backslashes survive (a YAML library, not hand-quoting)
        JsonNode spec = YAML.readTree(dir.resolve("Energy_spectrum.yaml").toFile());
        assertEquals("Expected events, solar $\\nu$ (SM): \"pp\"",
                spec.get("dependent_variables").get(3).get("header").get("name").asText());
        assertEquals(2.0, spec.get("independent_variables").get(0).get("values").get(0).get("low").asDouble());
    }
}
