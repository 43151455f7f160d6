package xmassnu.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.jobs.errors.ExitCode;
import xmassnu.jobs.testing.CommandLines;
import xmassnu.jobs.testing.Manifests;
import xmassnu.jobs.testing.SmallDataset;
import xmassnu.jobs.testing.SparkTestSession;

/**
 * The command-line part of the bad-input catalogue: each bad input gives one line naming what and where, the exit
 * status of its kind (2 a usage or configuration error, 3 bad input data, 4 the environment), no stack trace, and
 * commits nothing. The raw-data part is in ReduceStageTest, the event-table part in SelectStageTest, the stage
 * protocol's own faults in StageRunnerTest.
 */
class BadInputCatalogueTest {

    static CommandLines.Run run(String... args) {
        SparkTestSession.get(); // the CLI reuses the test session
        return CommandLines.run(args);
    }

    static void assertClearError(CommandLines.Run r, ExitCode code, String... fragments) {
        assertEquals(code.status(), r.code(), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "error should name '" + f + "': " + r.err());
        }
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(": error: "), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    static Path config(Path dir, String json) throws Exception {
        Path f = dir.resolve("c-" + Integer.toHexString(json.hashCode()) + ".json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void aDataDirectoryThatIsNotOneIsNamed(@TempDir Path tmp) throws Exception {
        Path empty = tmp.resolve("empty");
        assertClearError(run("reduce", "--data", empty.toString()), ExitCode.BAD_INPUT, empty.resolve("raw").toString(),
                "bin/xmass simulate");
        assertClearError(run("select", "--data", empty.toString()), ExitCode.BAD_INPUT, empty.resolve("events").toString(),
                "bin/xmass reduce");
        assertClearError(run("spectra", "--data", empty.toString()), ExitCode.BAD_INPUT,
                empty.resolve("selection").toString(), "bin/xmass select");
        assertClearError(run("fit", "--data", empty.toString()), ExitCode.BAD_INPUT, empty.resolve("spectra").toString(),
                "bin/xmass spectra");
        assertClearError(run("report", "--data", empty.toString()), ExitCode.BAD_INPUT, "is not a committed");
        assertClearError(run("checksum", "--data", empty.toString()), ExitCode.BAD_INPUT, "not a data directory");
        assertFalse(Files.exists(empty.resolve("selection")) || Files.exists(empty.resolve("limits")));
        // a file where the data directory should be, a scheme Hadoop does not know, a URI without its path
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertClearError(run("select", "--data", file.toString()), ExitCode.BAD_INPUT, file.toString(), "is a file");
        assertClearError(run("select", "--data", "nosuchfs://host/x"), ExitCode.USAGE, "nosuchfs", "no filesystem");
        assertClearError(run("select", "--data", "s3a:relative"), ExitCode.USAGE, "s3a:relative", "absolute path");
    }

    @Test
    void nanOrInfinityInAConfigurationIsRefusedNamingTheFile(@TempDir Path tmp) throws Exception {
        Path f = config(tmp, "{\"base\": \"demo\", \"fit\": {\"confidenceLevel\": NaN}}");
        assertClearError(run("pipeline", "--config", f.toString(), "--data", tmp.resolve("d").toString()), ExitCode.USAGE,
                f.toString(), "not valid JSON");
        f = config(tmp, "{\"base\": \"defaults\", \"spectra\": {\"binWidthKevee\": Infinity}}");
        assertClearError(run("spectra", "--config", f.toString(), "--data", tmp.toString()), ExitCode.USAGE, f.toString(),
                "not valid JSON");
        f = config(tmp, "{\"base\": \"defaults\", \"spectra\": {\"binWidthKevee\": -1}}");
        assertClearError(run("spectra", "--config", f.toString(), "--data", tmp.toString()), ExitCode.USAGE, "binWidthKevee");
        f = config(tmp, "{\"base\": \"defaults\", \"fit\": {\"confidenceLevel\": 1.5}}");
        assertClearError(run("fit", "--config", f.toString(), "--data", tmp.toString()), ExitCode.USAGE, "confidenceLevel");
        f = config(tmp, "{\"fit\": {\"confidenceLevel\": 0.95}}");
        assertClearError(run("fit", "--config", f.toString(), "--data", tmp.toString()), ExitCode.USAGE, "base");
        assertFalse(Files.exists(tmp.resolve("d")), "nothing runs before the configuration is valid");
    }

    @Test
    void unknownModelFlavourOrComponentIsNamed(@TempDir Path tmp) throws Exception {
        Path f = config(tmp, "{\"base\": \"defaults\", \"spectra\": {\"models\": [\"axion\"]}}");
        assertClearError(run("spectra", "--config", f.toString(), "--data", tmp.toString()), ExitCode.USAGE,
                "unknown model 'axion'");
        f = config(tmp, "{\"base\": \"defaults\", \"spectra\": {\"flavours\": [\"sterile\"]}}");
        assertClearError(run("spectra", "--config", f.toString(), "--data", tmp.toString()), ExitCode.USAGE,
                "unknown flavour 'sterile'");
        f = config(tmp, "{\"base\": \"defaults\", \"spectra\": {\"templateEventsByComponent\": {\"radon\": 10}}}");
        assertClearError(run("spectra", "--config", f.toString(), "--data", tmp.toString()), ExitCode.USAGE,
                "unknown component 'radon'");
        assertClearError(run("pipeline", "--config", "xmass-ii", "--data", tmp.toString()), ExitCode.USAGE, "xmass-ii",
                "demo");
    }

    @Test
    void numericOptionsAreBounded(@TempDir Path tmp) {
        for (String n : new String[] {"0", "-1", "65"}) {
            assertClearError(run("reduce", "--data", tmp.toString(), "--blocks-per-split", n), ExitCode.USAGE,
                    "--blocks-per-split must be in [1, 64]");
        }
        assertClearError(run("sweep", "--data", tmp.toString(), "--mass-stride", "0"), ExitCode.USAGE, "--mass-stride");
        assertClearError(run("fit", "--data", tmp.toString(), "--project-live-days", "-5"), ExitCode.USAGE,
                "--project-live-days");
        assertClearError(run("simulate", "--data", tmp.toString(), "--days", "0"), ExitCode.USAGE, "--days");
        assertFalse(Files.exists(tmp.resolve("raw")) || Files.exists(tmp.resolve("events")));
    }

    @Test
    void anEmptyRunIsNamedInsteadOfCountingItsLiveTimeWithNoEvents(@TempDir Path tmp) throws Exception {
        Path d = SmallDataset.copy(tmp.resolve("d"), "raw");
        Path physics;
        try (var runs = Files.list(d.resolve("raw/hits"))) {
            physics = runs.sorted().reduce((a, b) -> b).orElseThrow(); // the last run: a physics run
        }
        String run = physics.getFileName().toString().replace("run_id=", "");
        // deleted files are noticed against the commit record ...
        Path first;
        try (var files = Files.list(physics)) {
            first = files.sorted().findFirst().orElseThrow();
        }
        Files.copy(first, tmp.resolve("keep"));
        Files.delete(first);
        assertClearError(run("reduce", "--data", d.toString()), ExitCode.BAD_INPUT, first.toString(), "missing");
        // ... and a run whose files were never committed is noticed against the run catalog
        Files.copy(tmp.resolve("keep"), first);
        try (var files = Files.list(physics)) {
            for (Path f : files.sorted().toList()) {
                Manifests.dropFromCommit(d.resolve("raw"), "hits/" + physics.getFileName() + "/" + f.getFileName());
            }
        }
        assertClearError(run("reduce", "--data", d.toString()), ExitCode.BAD_INPUT, "run " + run + " is in the run catalog",
                "no raw hits files");
        assertFalse(Files.exists(d.resolve("events")), "no event table committed");
    }

    @Test
    void aDuplicatedRunInTheCatalogIsNamedAndNothingIsCommitted(@TempDir Path tmp) throws Exception {
        Path d = SmallDataset.copy(tmp.resolve("d"), "raw");
        Path copy = d.resolve("raw/runs/run_catalog-copy.parquet");
        Files.copy(d.resolve("raw/runs/run_catalog.parquet"), copy);
        // an unlisted file is never read ...
        assertEquals(0, run("reduce", "--data", d.toString()).code());
        // ... a committed duplicate is named
        Manifests.addToCommit(d.resolve("raw"), copy, "run_catalog/v1", 3);
        CommandLines.Run r = run("reduce", "--force", "--data", d.toString());
        assertClearError(r, ExitCode.BAD_INPUT, "appears twice in the run catalog");
    }
}
