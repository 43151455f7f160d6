package xmassnu.jobs.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.jobs.cli.Main;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.reduce.ReduceStage;
import xmassnu.jobs.select.SelectStage;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.jobs.testing.ChildJvm;
import xmassnu.jobs.testing.CommandLines;
import xmassnu.jobs.testing.S3TestServer;
import xmassnu.jobs.testing.SmallDataset;
import xmassnu.jobs.testing.SparkTestSession;
import xmassnu.jobs.testing.Stages;
import xmassnu.reduction.cuts.SelectionSettings;

/**
 * A reduction on S3 that dies between uploading its data and writing its commit record: every event file is a complete
 * object, so is the lineage (the commit's first write), a stray file of another attempt lies beside them and the dead
 * process's lock is left; only {@code _SUCCESS}, the commit point, is missing. The state is made exactly as a killed
 * process leaves it (the stage computes through a {@link StageOutput} whose commit never runs, and no abort cleans up).
 * Readers must never take it for committed, and a rerun must complete it with the same events as a clean run.
 * The second test kills (SIGKILL) a real {@code xmass reduce} process in the middle of its uploads.
 */
class S3CrashedCommitTest {
    @Test
    void aReductionKilledBeforeItsCommitIsNeverReadAndARerunCompletesIt() throws Exception {
        Setup setup = Setup.onS3("crash");
        SparkSession spark = setup.spark();
        Storage storage = setup.storage();
        Location root = setup.root();
        DataLayout layout = setup.layout();
        List<Manifest.Entry> cleanFiles = setup.cleanFiles();

        ReduceStage reduce = new ReduceStage(4, false);
        Map<String, CommittedStage> inputs = new LinkedHashMap<>();
        Map<String, Map<Location, String>> damaged = new LinkedHashMap<>();
        for (Stage.Input in : reduce.inputs()) {
            inputs.put(in.key(), CommittedStage.open(storage, layout.stage(in.key()), in.key(), "the test's setup"));
            damaged.put(in.key(), new TreeMap<>());
        }
        Lineage lineage;
        try (StageRunner r = StageRunner.open(spark, storage, layout, "test", true)) {
            lineage = r.lineage(reduce);
        }
        StageOutput crashed = new StageOutput(storage, layout.events(), DataLayout.EVENTS);
        crashed.begin();
        reduce.compute(new StageContext(spark, storage, layout, inputs, damaged, crashed, lineage, true));
        // the commit's first write, then the process is gone: no manifest, no abort, its lock left behind
        storage.writeString(layout.events().resolve(Lineage.FILE), lineage.toJsonText());
        Manifest.Entry first = cleanFiles.get(0);
        String stray = first.path().substring(0, first.path().lastIndexOf('/') + 1) + "part-99999-attempt-2.parquet";
        storage.write(layout.events().resolve(stray), storage.readBytes(layout.events().resolve(first.path())));
        storage.writeString(layout.lock(), deadProcessLock());
        List<String> uploaded = storage.listFiles(layout.events()).stream().map(Storage.Entry::path).toList();
        assertTrue(uploaded.containsAll(cleanFiles.stream().map(Manifest.Entry::path).toList()), uploaded.toString());
        assertTrue(uploaded.contains(Lineage.FILE) && !uploaded.contains(Manifest.FILE), uploaded.toString());

        // never committed to a reader: the stage probe, the checksum command, the next stage
        assertTrue(CommittedStage.probe(storage, layout.events(), DataLayout.EVENTS).isEmpty());
        CommandLines.Run sums = CommandLines.run("checksum", "--data", root.toString());
        assertTrue(sums.out().contains("events not committed"), sums.out());
        assertNotEquals(0, sums.code(), "no committed table: " + sums.err());
        assertFalse(sums.err().isBlank() || sums.err().strip().contains("\n"), sums.err());
        XmassException notCommitted;
        try (StageRunner r = StageRunner.open(spark, storage, layout, "test", true)) { // takes over the dead one's lock
            notCommitted = assertThrows(XmassException.class,
                    () -> r.run(new SelectStage(SelectionSettings.XMASS_I), false));
        }
        assertTrue(notCommitted.getMessage().contains(layout.events() + " is not a committed events output"),
                notCommitted.getMessage());
        assertFalse(storage.exists(layout.selection()), "the failed selection left nothing");

        // the rerun: the reduction is computed (not reused), committed, and holds exactly the clean run's events
        try (StageRunner r = StageRunner.open(spark, storage, layout, "test", true)) {
            assertFalse(r.run(reduce, false).reused());
        }
        setup.assertRerunEqualsTheCleanRun(); // the stray attempt is gone
    }

    @Test
    void aReduceProcessKilledAmidItsUploadsIsNeverReadAndARerunCompletesIt(@TempDir Path tmp) throws Exception {
        Setup setup = Setup.onS3("killed");
        Storage storage = setup.storage();
        Location root = setup.root();
        DataLayout layout = setup.layout();
        List<Manifest.Entry> cleanFiles = setup.cleanFiles();
        assertTrue(cleanFiles.size() >= 3, "tasks enough to kill the process between two uploads: " + cleanFiles);

        // one core: the tasks upload their event files one after another; killed once the first is complete
        List<String> options = new ArrayList<>();
        S3TestServer.shared().sparkProperties().forEach((k, v) -> options.add("-D" + k + "=" + v));
        Path log = tmp.resolve("reduce.log");
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(options, Main.class.getName(),
                List.of("--quiet", "--master", "local[1]", "reduce", "--data", root.toString())))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process reduce = pb.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (reduce.isAlive() && System.nanoTime() < deadline && eventFiles(storage, layout) == 0) {
            Thread.sleep(20);
        }
        assertTrue(reduce.isAlive(), "the reduction ended before the kill: " + Files.readString(log));
        reduce.destroyForcibly(); // SIGKILL: no shutdown hook, no abort, the lock stays
        assertTrue(reduce.waitFor(30, TimeUnit.SECONDS));
        List<String> left = storage.listFiles(layout.events()).stream().map(Storage.Entry::path).toList();
        assertFalse(left.contains(Manifest.FILE), "killed before its commit: " + left);
        long parts = eventFiles(storage, layout);
        assertTrue(parts >= 1, "killed after its first complete upload: " + left);
        System.err.printf(java.util.Locale.ROOT, "S3CrashedCommitTest: killed with %d of %d event files uploaded%n",
                parts, cleanFiles.size());
        assertTrue(storage.exists(layout.lock()), "the killed process left its lock");

        // never committed to a reader
        assertTrue(CommittedStage.probe(storage, layout.events(), DataLayout.EVENTS).isEmpty());
        CommandLines.Run sums = CommandLines.run("checksum", "--data", root.toString());
        assertTrue(sums.out().contains("events not committed"), sums.out());
        assertNotEquals(0, sums.code(), sums.err());

        // the rerun (this JVM) takes over the dead lock, computes the reduction and commits exactly the clean events
        CommandLines.Run rerun = CommandLines.run("--quiet", "reduce", "--data", root.toString());
        assertEquals(0, rerun.code(), rerun.err());
        setup.assertRerunEqualsTheCleanRun();
    }

    /** Event files (complete objects) under the events directory so far. */
    private static long eventFiles(Storage storage, DataLayout layout) {
        return storage.exists(layout.events()) ? storage.listFiles(layout.events()).stream()
                .filter(f -> f.path().endsWith(".parquet")).count() : 0;
    }

    /**
     * Committed raw data on S3 under {@code bucket/NAME/data} (a copy of {@link SmallDataset}'s: a commit record names
     * no location) and what a clean reduction of it gives: the checksum command's events line and the event files.
     */
    private record Setup(SparkSession spark, Storage storage, Location root, DataLayout layout, String clean,
                         List<Manifest.Entry> cleanFiles) {
        static Setup onS3(String name) {
            SparkSession spark = SparkTestSession.get();
            S3TestServer s3 = S3TestServer.shared();
            s3.applyTo(spark.sparkContext().hadoopConfiguration());
            Storage storage = Storage.of(spark.sparkContext().hadoopConfiguration());
            Location root = Location.of(s3.bucketUri() + "/" + name + "/data");
            storage.delete(root);
            DataLayout layout = new DataLayout(root);
            SmallDataset.reduced();
            String clean = eventsLine(CommandLines.run("checksum", "--data", SmallDataset.dir().toString()));
            List<Manifest.Entry> cleanFiles = Stages.committed(SmallDataset.dir(), DataLayout.EVENTS).manifest()
                    .files().stream().filter(Manifest.Entry::isTable).toList();
            Stages.copy(Storage.local(), Location.local(SmallDataset.dir().resolve(DataLayout.RAW)), storage,
                    layout.raw());
            return new Setup(spark, storage, root, layout, clean, cleanFiles);
        }

        /**
         * The rerun's events: the clean run's files (names, sizes, checksums, rows), nothing beside them and the
         * manifest, the same rows and content checksum, and the lock released.
         */
        void assertRerunEqualsTheCleanRun() {
            CommittedStage events = CommittedStage.open(storage, layout.events(), DataLayout.EVENTS, "the rerun");
            assertEquals(cleanFiles, events.manifest().files().stream().filter(Manifest.Entry::isTable).toList());
            List<String> listed = new ArrayList<>(events.manifest().files().stream().map(Manifest.Entry::path)
                    .toList());
            listed.add(Manifest.FILE);
            listed.sort(String::compareTo);
            assertEquals(listed, storage.listFiles(layout.events()).stream().map(Storage.Entry::path).toList(),
                    "nothing beside the committed files");
            assertEquals(clean, eventsLine(CommandLines.run("checksum", "--data", root.toString())),
                    "no event duplicated or missing: the rows and content checksum of a clean run");
            assertFalse(storage.exists(layout.lock()), "the lock is released");
        }
    }

    /** The "events ROWS CHECKSUM" line of the checksum command's output. */
    private static String eventsLine(CommandLines.Run r) {
        return r.out().lines().filter(l -> l.startsWith(DataLayout.EVENTS + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no events line: " + r));
    }

    /** A lock record as a process that has since ended wrote it (a recent heartbeat: only the dead pid makes it stale). */
    private static String deadProcessLock() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return "{\"command\":\"xmass reduce\",\"heartbeat_epoch_ms\":" + System.currentTimeMillis() + ",\"host\":\""
                + InetAddress.getLocalHost().getHostName() + "\",\"owner\":\"crashed\",\"pid\":" + p.pid()
                + ",\"started\":\"2026-01-01T00:00:00Z\"}";
    }
}
