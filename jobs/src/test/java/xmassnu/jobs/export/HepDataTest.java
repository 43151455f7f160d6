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
            ps.add(new LimitFigures.Point("magnetic-moment", f, null, 2e-10,
                    new double[] {1e-10, 1.4e-10, 2e-10, 2.6e-10, 3e-10}));
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
        tables.addAll(observationTables());
        return new HepData.Submission(HepDataTables.comment(cl),
                HepDataTables.pyhfResources(List.of("magnetic-moment-all.json", "millicharge-all.bkgonly.json",
                        "millicharge-all.scan.json.gz"), "pyhf/"), tables);
    }

    /** The goodness-of-fit (post-fit spectrum, pulls) and significance tables; a failed point's NaN is '-'. */
    static List<HepData.Table> observationTables() {
        return List.of(HepDataTables.postFitSpectrum(new double[] {2, 3, 4, 5}, new double[] {1, 0, 4},
                        new double[] {1.5, 0.8, 3.1}, new double[] {0.2, 0.1, Double.NaN}, new double[] {-0.5, -0.8, 0.9},
                        new double[] {-0.43, -1.26, 0.49}, 2.03, 3, 0.566, 0.61, 500),
                HepDataTables.pulls(List.of("norm_pb214", "syst_energy_scale", "free_norm"), new double[] {0, 0,
                        Double.NaN}, new double[] {1, 1, Double.NaN}, new double[] {0.3, -1.2, 1.1},
                        new double[] {0.9, 0.5, 0.2}, new double[] {0.3, -1.2, Double.NaN},
                        new double[] {0.9, 0.5, Double.NaN}),
                HepDataTables.localSignificance(xmassnu.fits.physics.Model.B_L, "all", new double[] {1e-3, 1, 10},
                        new double[] {0.5, 0.02, 0.3}, new double[] {0, 2.05, 0.52}, 2.05, 1, 0.21, 0.81, 0.25, 0.67,
                        1000));
    }

    @Test
    void theSubmissionIsValidAgainstTheHepDataValidatorsSchemas(@TempDir Path dir) throws Exception {
        xmassnu.jobs.testing.LocalFiles.write(HepData.files(submission(0.9)), dir);
        List<JsonNode> docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(dir.resolve("submission.yaml").toFile())
                .readAll();
        assertEquals(1 + 2 + 4 + 3 + 3, docs.size(), "additional info, 2 flavour tables, 4 B-L tables, 3 others, "
                + "3 of the observation");
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

    @Test
    void theObservationTablesCarryTheGoodnessOfFitAndTheGlobalSignificance(@TempDir Path dir) throws Exception {
        xmassnu.jobs.testing.LocalFiles.write(HepData.files(submission(0.9)), dir);
        JsonNode post = YAML.readTree(dir.resolve("Post-fit_spectrum.yaml").toFile());
        JsonNode fit = post.get("dependent_variables").get(1);
        assertEquals("Expected events, background-only fit", fit.get("header").get("name").asText());
        assertEquals(0.2, fit.get("values").get(0).get("errors").get(0).get("symerror").asDouble(), 1e-12);
        assertTrue(fit.get("values").get(2).get("errors") == null, "a NaN error is left out");
        Map<String, JsonNode> q = new LinkedHashMap<>();
        fit.get("qualifiers").forEach(x -> q.put(x.get("name").asText(), x.get("value")));
        assertEquals(2.03, q.get("Baker-Cousins $\\chi^2$").asDouble(), 1e-12);
        assertEquals(3, q.get("Degrees of freedom").asInt());
        assertEquals(0.61, q.get("$p$-value (500 pseudo-experiments)").asDouble(), 1e-12);
        assertEquals(0.9, post.get("dependent_variables").get(2).get("values").get(2).get("value").asDouble(), 1e-12);

        JsonNode pulls = YAML.readTree(dir.resolve("Nuisance-parameter_pulls.yaml").toFile());
        assertEquals("syst_energy_scale", pulls.get("independent_variables").get(0).get("values").get(1).get("value")
                .asText());
        JsonNode pull = pulls.get("dependent_variables").get(3);
        assertTrue(pull.get("header").get("name").asText().startsWith("Pull"));
        assertEquals(-1.2, pull.get("values").get(1).get("value").asDouble(), 1e-12);
        assertEquals(0.5, pull.get("values").get(1).get("errors").get(0).get("symerror").asDouble(), 1e-12);
        assertEquals("-", pull.get("values").get(2).get("value").asText(), "a free parameter has no pull");

        JsonNode z = YAML.readTree(dir.resolve("B-L_local_significance.yaml").toFile());
        assertEquals("MeV", z.get("independent_variables").get(0).get("header").get("units").asText());
        JsonNode localZ = z.get("dependent_variables").get(1);
        assertEquals("Local significance $Z$", localZ.get("header").get("name").asText());
        assertEquals(2.05, localZ.get("values").get(1).get("value").asDouble(), 1e-12);
        Map<String, JsonNode> g = new LinkedHashMap<>();
        localZ.get("qualifiers").forEach(x -> g.put(x.get("name").asText(), x.get("value")));
        assertEquals(0.81, g.get("Global $Z$ (Gross-Vitells)").asDouble(), 1e-12);
        assertEquals(0.25, g.get("Global $p$-value (1000 pseudo-experiments)").asDouble(), 1e-12);
        assertEquals(1.0, g.get("$M_{A'}$ at the largest local $Z$").asDouble(), 1e-12);
    }
}
