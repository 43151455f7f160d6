package xmassnu.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.jobs.testing.SmallDataset;
import xmassnu.jobs.testing.SparkTestSession;

/**
 * The command-line part of the bad-input catalogue (issue 9): each bad input gives exit code 2 and one line naming
 * what and where, and commits nothing. The raw-data part (truncated or corrupted Arrow files, wrong schema version,
 * PMT id or counts out of range, missing calibration) is in ReduceJobTest.
 */
class BadInputCatalogueTest {

    static CommandLineTest.Run run(String... args) {
        SparkTestSession.get(); // the CLI reuses the test session
        return CommandLineTest.run(args);
    }

    static void assertClearError(CommandLineTest.Run r, String... fragments) {
        assertEquals(2, r.code(), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "error should name '" + f + "': " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void aDataDirectoryThatIsNotOneIsNamed(@TempDir Path tmp) {
        Path empty = tmp.resolve("empty");
        assertClearError(run("reduce", "--data", empty.toString()), empty.toString());
        assertClearError(run("select", "--data", empty.toString()), empty.resolve("events").toString(), "bin/xmass reduce");
        assertClearError(run("spectra", "--data", empty.toString()), empty.resolve("selection").toString(), "bin/xmass select");
        assertClearError(run("fit", "--data", empty.toString()), empty.resolve("spectra").toString(), "bin/xmass spectra");
        assertClearError(run("report", "--data", empty.toString()), "is not committed");
        assertClearError(run("checksum", "--data", empty.toString()), "no committed table");
        assertFalse(Files.exists(empty.resolve("selection")) || Files.exists(empty.resolve("limits")));
    }

    @Test
    void nanOrInfinityInAConfigurationIsRefusedNamingTheFile(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{\"base\": \"demo\", \"fit\": {\"confidenceLevel\": NaN}}");
        assertClearError(run("pipeline", "--config", f.toString(), "--data", tmp.resolve("d").toString()),
                f.toString(), "not valid JSON");
        Files.writeString(f, "{\"binWidthKevee\": Infinity}");
        assertClearError(run("spectra", "--config", f.toString(), "--data", tmp.toString()), f.toString(), "not valid JSON");
        Files.writeString(f, "{\"binWidthKevee\": -1}");
        assertClearError(run("spectra", "--config", f.toString(), "--data", tmp.toString()), "binWidthKevee");
        Files.writeString(f, "{\"confidenceLevel\": 1.5}");
        assertClearError(run("fit", "--config", f.toString(), "--data", tmp.toString()), "confidenceLevel");
        assertFalse(Files.exists(tmp.resolve("d")), "nothing runs before the configuration is valid");
    }

    @Test
    void unknownModelFlavourOrComponentIsNamed(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("c.json");
        Files.writeString(f, "{\"models\": [\"axion\"]}");
        assertClearError(run("spectra", "--config", f.toString(), "--data", tmp.toString()), "unknown model 'axion'");
        Files.writeString(f, "{\"flavours\": [\"sterile\"]}");
        assertClearError(run("spectra", "--config", f.toString(), "--data", tmp.toString()), "unknown flavour 'sterile'");
        Files.writeString(f, "{\"templateEventsByComponent\": {\"radon\": 10}}");
        assertClearError(run("spectra", "--config", f.toString(), "--data", tmp.toString()), "unknown component 'radon'");
        assertClearError(run("pipeline", "--config", "xmass-ii", "--data", tmp.toString()), "xmass-ii", "demo");
    }

    @Test
    void anEmptyRunIsNamedInsteadOfCountingItsLiveTimeWithNoEvents(@TempDir Path tmp) throws Exception {
        Path d = SmallDataset.copy(tmp.resolve("d"), "raw");
        Path physics;
        try (var runs = Files.list(d.resolve("raw/hits"))) {
            physics = runs.sorted().reduce((a, b) -> b).orElseThrow(); // the last run: a physics run
        }
        try (var walk = Files.walk(physics)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
        String run = physics.getFileName().toString().replace("run=", "");
        CommandLineTest.Run r = run("reduce", "--data", d.toString());
        assertClearError(r, "run " + run + " is in the run catalog", "no raw hits files");
        assertFalse(Files.exists(d.resolve("events")), "no event table committed");
    }

    @Test
    void aDuplicatedRunInTheCatalogIsNamedAndNothingIsCommitted(@TempDir Path tmp) throws Exception {
        Path d = SmallDataset.copy(tmp.resolve("d"), "raw");
        Path catalog = d.resolve("raw/runs/run_catalog.parquet");
        Files.copy(catalog, d.resolve("raw/runs/run_catalog-copy.parquet"));
        CommandLineTest.Run r = run("reduce", "--data", d.toString());
        assertClearError(r, "appears twice in the run catalog");
        assertFalse(Files.exists(d.resolve("events")), "no event table committed");
    }
}
