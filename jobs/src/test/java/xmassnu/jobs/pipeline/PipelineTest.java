package xmassnu.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.fit.GridPoint;
import xmassnu.jobs.report.ReportStage;
import xmassnu.jobs.spectra.Variation;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.testing.Stages;

class PipelineTest {
    @Test
    void demoRunsEndToEndAndASecondRunReusesEveryStage(@TempDir Path tmp) throws Exception {
        PipelineConfig demo = PipelineConfig.load("demo");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        PipelineJob.Result first;
        try (StageRunner runner = Stages.runner(tmp)) {
            first = PipelineJob.run(runner, demo, false, quiet);
        }
        for (String stage : List.of("raw", "events", "selection", "spectra", "limits")) { // stages, not the report
            assertTrue(Files.isRegularFile(tmp.resolve(stage).resolve("_SUCCESS")), stage + " committed");
            assertTrue(Files.isRegularFile(tmp.resolve(stage).resolve("_lineage.json")), stage + " has lineage");
        }
        assertTrue(first.stages().stream().noneMatch(PipelineJob.StageReport::reused));
        // the sweep: every variation of the spectra committed with its lineage, and the shifts table
        for (Variation v : xmassnu.jobs.spectra.Systematics.XMASS_I.variations()) {
            Path dir = tmp.resolve("sweep").resolve(v.directoryName());
            assertTrue(Files.isRegularFile(dir.resolve("_SUCCESS")) && Files.isRegularFile(dir.resolve("_lineage.json")),
                    v.label());
        }
        assertTrue(Files.readAllLines(tmp.resolve("sweep/shifts/shifts.csv")).size() > 10);
        // every grid point (magnetic moment, millicharge x 3 rows: both signs and each, B-L x 51 masses), its limits
        // and observation converged; the limits equal the committed golden's (a regression check; the independent
        // anchors are pyhf's numbers, GoldenLimitsTest)
        assertEquals(4 + 3 * 4 + 4 * 51, first.limits().size());
        for (GridPoint p : first.limits()) {
            assertTrue(p.converged(), p.key() + ": " + p.reason());
            assertTrue(p.observation().converged(), p.key() + " " + p.couplingSign() + ": " + p.observation().reason());
        }
        xmassnu.jobs.testing.GoldenLimits.check(tmp.resolve("limits").resolve("limits.csv"));
        // the observation: a goodness of fit with its toys, and the B-L scan's global significance
        JsonNode gof = Json.MAPPER.readTree(tmp.resolve("limits/goodness_of_fit.json").toFile());
        assertTrue(gof.get("converged").asBoolean() && gof.get("toys").asInt() == 200, gof.toString());
        JsonNode scans = Json.MAPPER.readTree(tmp.resolve("limits/significance.json").toFile()).get("scans");
        assertEquals(1, scans.size());
        assertEquals(51, scans.get(0).get("masses_mev").size());
        assertTrue(scans.get(0).get("toys").asInt() >= 90, scans.toString());
        // the report: one HTML page with its plots beside it
        Location report = Stages.run(tmp, new ReportStage(true), false).result();
        Path index = report.localPath();
        String html = Files.readString(index);
        for (String part : List.of("Cut flow", "energy.png", "radius.png", "spectrum.png", "efficiency.png",
                "exclusion-b-l.png", "XMASS-I 2020", "magnetic-moment", "Systematic variations", "solar-flux:up",
                "Configuration and lineage", "profiled as nuisance parameters: atomic-model, delta-cp, energy-resolution, "
                        + "energy-scale", "Goodness of fit", "pulls.png", "spectrum-post-fit.png", "Significance",
                "significance-b-l-all.png", "Millicharge, both signs", "cls-scan-millicharge.png",
                // the demo selects no event: nothing to see, and the report says so from the numbers
                "No significant signal is observed")) {
            assertTrue(html.contains(part), "report lacks " + part);
        }
        for (String png : List.of("energy.png", "radius.png", "spectrum.png", "efficiency.png", "exclusion-b-l.png",
                "pulls.png", "spectrum-post-fit.png", "significance-b-l-all.png", "cls-scan-millicharge.png")) {
            assertTrue(Files.size(index.resolveSibling(png)) > 5_000, png);
        }
        // and as a reader sees it: every plot of the report (PNG and SVG) has drawn data in headless chromium
        xmassnu.jobs.testing.HeadlessChromium.lookIfInstalled(index, 32); // 16 figures, PNG and SVG
        PipelineJob.Result second;
        try (StageRunner runner = Stages.runner(tmp)) {
            second = PipelineJob.run(runner, demo, false, quiet);
        }
        assertTrue(second.stages().stream().allMatch(PipelineJob.StageReport::reused), second.stages().toString());
        assertEquals(first.limits(), second.limits(), "the reused limits read back as computed");
    }

    @Test
    void configurationsAreValidatedBeforeAnythingRuns(@TempDir Path tmp) throws Exception {
        assertEquals(711.0, PipelineConfig.load("xmass-i-711d").days());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> PipelineConfig.load("nope"));
        assertTrue(unknown.getMessage().contains("demo"), unknown.getMessage());

        Path f = tmp.resolve("c.json");
        Files.writeString(f, "{\"base\": \"demo\", \"name\": \"mine\", \"fit\": {\"confidenceLevel\": 0.95}}");
        PipelineConfig mine = PipelineConfig.load(f.toString());
        assertEquals(0.05, mine.days());
        assertEquals(0.95, mine.fitSettings().confidenceLevel());

        Files.writeString(f, "{\"base\": \"demo\", \"selection\": {\"fiducialRadiusCm\": -3}}");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> PipelineConfig.load(f.toString()));
        assertTrue(bad.getMessage().contains("selection") && bad.getMessage().contains("fiducialRadiusCm"), bad.getMessage());

        Files.writeString(f, "{\"base\": \"demo\", \"spectra\": {\"models\": [\"dark-matter\"]}}");
        bad = assertThrows(IllegalArgumentException.class, () -> PipelineConfig.load(f.toString()));
        assertTrue(bad.getMessage().contains("dark-matter"), bad.getMessage());

        Files.writeString(f, "{\"base\": \"demo\", \"spectra\": {\"atomicModel\": \"impulse\"}}");
        assertEquals("impulse", PipelineConfig.load(f.toString()).spectraSettings().physics().atomicModel().name());
        assertEquals("stepping", PipelineConfig.load("demo").spectraSettings().physics().atomicModel().name());
        Files.writeString(f, "{\"base\": \"demo\", \"spectra\": {\"atomicModel\": \"rrpa\"}}");
        bad = assertThrows(IllegalArgumentException.class, () -> PipelineConfig.load(f.toString()));
        assertTrue(bad.getMessage().contains("unknown atomic model 'rrpa'"), bad.getMessage());

        Files.writeString(f, "{\"base\": \"demo\", \"runs\": \"1-3\"}");
        bad = assertThrows(IllegalArgumentException.class, () -> PipelineConfig.load(f.toString()));
        assertTrue(bad.getMessage().contains("exactly one of days and runs"), bad.getMessage());

        Files.writeString(f, "{\"base\": \"demo\", \"fit\": {\"confidenceLevel\": NaN}}");
        bad = assertThrows(IllegalArgumentException.class, () -> PipelineConfig.load(f.toString()));
        assertTrue(bad.getMessage().contains("not valid JSON"), bad.getMessage());

        // strict: a base is required, integers stay integers, strings are not numbers, no duplicate keys or trailing text
        for (String[] c : new String[][] {
                {"{\"name\": \"no-base\", \"fit\": {}}", "name the built-in configuration"},
                {"{\"base\": \"demo\", \"spectra\": {\"trueBins\": 120.7}}", "trueBins"},
                {"{\"base\": \"demo\", \"fit\": {\"toys\": 0.9}}", "toys"},
                {"{\"base\": \"demo\", \"fit\": {\"confidenceLevel\": \"0.9\"}}", "confidenceLevel"},
                {"{\"base\": \"demo\", \"fitSeed\": 1, \"fitSeed\": 2}", "Duplicate field 'fitSeed'"},
                {"{\"base\": \"demo\"} {\"fitSeed\": 2}", "not valid JSON"},
                {"{\"base\": \"demo\", \"selection\": {\"fiducialRadiusCm\": 45}}", "outside the xenon"},
                {"{\"base\": \"demo\", \"spectra\": {\"massPoints\": 3, \"massMinMev\": 1, \"massMaxMev\": 1}}",
                        "masses must be distinct"}}) {
            Files.writeString(f, c[0]);
            bad = assertThrows(IllegalArgumentException.class, () -> PipelineConfig.load(f.toString()), c[0]);
            assertTrue(bad.getMessage().contains(c[1]), c[0] + " -> " + bad.getMessage());
        }
    }
}
