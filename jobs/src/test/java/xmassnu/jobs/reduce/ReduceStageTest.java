package xmassnu.jobs.reduce;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.jobs.errors.ExitCode;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.simulate.SimulateStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.jobs.testing.Manifests;
import xmassnu.jobs.testing.SmallDataset;
import xmassnu.jobs.testing.SparkTestSession;
import xmassnu.jobs.testing.Stages;
import xmassnu.reduction.sim.RunInfo;

class ReduceStageTest {
    static SparkSession spark;
    static Path dataset;
    static List<RunInfo> runs;
    static SimulateStage.Result simulated;

    @BeforeAll
    static void simulateOnce() {
        spark = SparkTestSession.get();
        dataset = SmallDataset.dir();
        runs = SmallDataset.runs();
        simulated = SmallDataset.simulated();
    }

    static StageRunner.Outcome<ReduceStage.Result> reduce(Path dir, boolean quarantine) {
        return Stages.run(dir, new ReduceStage(4, quarantine), false);
    }

    static Path copyOfDataset(Path tmp) throws IOException {
        Path copy = tmp.resolve("copy");
        try (Stream<Path> s = Files.walk(dataset.resolve(DataLayout.RAW))) {
            for (Path p : s.toList()) {
                Path target = copy.resolve(DataLayout.RAW).resolve(dataset.resolve(DataLayout.RAW).relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    static Path firstPhysicsFile(Path dir) throws IOException {
        int run = runs.stream().filter(r -> !r.isCalibration()).findFirst().orElseThrow().runId();
        try (Stream<Path> s = Files.list(dir.resolve(DataLayout.RAW).resolve(DataLayout.HITS).resolve("run_id=" + run))) {
            return s.sorted().findFirst().orElseThrow();
        }
    }

    @Test
    void reducesEveryTriggerAndCalibratesTheEnergyScale(@TempDir Path tmp) throws IOException {
        Path dir = copyOfDataset(tmp);
        ReduceStage.Result r = reduce(dir, false).result();
        Path eventsDir = dir.resolve(DataLayout.EVENTS);
        assertEquals(simulated.events(), r.eventsOut());
        for (ReduceStage.RunCounts c : r.runs()) {
            assertEquals(c.triggersIn(), c.eventsOut(), "run " + c.runId() + ": in == out");
        }
        // the simulated detector has 14.7 PE/keV at 122 keV (DetectorCalibrationTest); the calibration finds it
        assertEquals(14.7, r.lightYieldPePerKev(), 0.15);
        Dataset<Row> events = spark.read().parquet(eventsDir.toString());
        assertEquals(simulated.events(), events.count());
        // 57Co events at the centre reconstruct at 122 keVee
        int calRun = runs.get(0).runId();
        double peak = events.filter(col("run_id").equalTo(calRun).and(col("r_cm").lt(10)).and(col("energy_kevee").between(100,
                145)))
                .agg(org.apache.spark.sql.functions.expr("percentile_approx(energy_kevee, 0.5)")).first().getDouble(0);
        assertEquals(122.06, peak, 2.5);
        // time since the previous trigger: null only for the first event of each run, positive otherwise
        assertEquals(runs.size(), events.filter(col("time_since_previous_ns").isNull()).count());
        assertEquals(0, events.filter(col("time_since_previous_ns").leq(0)).count());
        // each task computes it from its predecessor batch (no shuffle); a window over the whole run must agree
        Dataset<Row> lagged = events.withColumn("by_window", col("trigger_time_ns").minus(org.apache.spark.sql.functions
                .lag(col("trigger_time_ns"),
                        1).over(org.apache.spark.sql.expressions.Window.partitionBy("run_id").orderBy("event_id"))));
        assertEquals(0, lagged.filter(not(col("by_window").eqNullSafe(col("time_since_previous_ns")))).count());
        // one file per raw split, named by run, chunk and first batch: the layout does not depend on the partitioning
        try (Stream<Path> files = Files.walk(eventsDir)) {
            List<String> names = files.filter(p -> p.getParent().getFileName().toString().startsWith("run_id="))
                    .map(p -> p.getFileName().toString()).toList();
            assertFalse(names.isEmpty());
            assertTrue(names.stream().allMatch(n -> n.matches("part-c\\d{5}-b\\d{5}\\.zstd\\.parquet")), names.toString());
        }
        // one encoding per column chunk: parquet-mr writes a chunk's encodings in HashSet order, which changes
        // between JVMs as soon as there are two, and the file's bytes would no longer be a function of its rows
        try (Stream<Path> files = Files.walk(eventsDir)) {
            Path file = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
            try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                    new org.apache.parquet.io.LocalInputFile(file))) {
                for (var block : reader.getFooter().getBlocks()) {
                    for (var column : block.getColumns()) {
                        assertEquals(1, column.getEncodings().size(), column.getPath() + " " + column.getEncodings());
                    }
                }
            }
        }
        // the second run reuses
        assertTrue(reduce(dir, false).reused());
    }

    @Test
    void dataSourceReadsPrunesAndPushesDownRuns() {
        Path raw = dataset.resolve(DataLayout.RAW);
        Dataset<Row> all = spark.read().format("xmass-raw").load(raw.toString());
        assertEquals(simulated.events(), all.count());
        int physicsRun = runs.get(1).runId();
        Dataset<Row> one = spark.read().format("xmass-raw").load(raw.toString()).filter(col("run_id").equalTo(physicsRun))
                .select("event_id", "hits");
        long expected = simulated.chunks().stream().filter(c -> c.runId() == physicsRun).mapToLong(c -> c.events()).sum();
        assertEquals(expected, one.count());
        String plan = one.queryExecution().executedPlan().toString();
        assertTrue(plan.contains("run_id"), plan);
        // fewer input partitions than the whole dataset: the calibration run was skipped at planning
        assertTrue(one.rdd().getNumPartitions() < all.rdd().getNumPartitions());
        Row first = one.orderBy("event_id").first();
        assertTrue(first.getList(1).size() >= 4);
    }

    @Test
    void truncatedFileFailsNamingItAndCommitsNothing(@TempDir Path tmp) throws IOException {
        Path dir = copyOfDataset(tmp);
        Path f = firstPhysicsFile(dir);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        XmassException e = assertThrows(XmassException.class, () -> reduce(dir, false));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(DataLayout.EVENTS)));
    }

    @Test
    void corruptedBatchFailsOrIsQuarantined(@TempDir Path tmp) throws IOException {
        Path dir = copyOfDataset(tmp);
        Path f = firstPhysicsFile(dir);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            // flip bytes in the middle of the record batches; the length and the footer stay intact
            raf.seek(raf.length() / 2);
            raf.write(new byte[64]);
        }
        XmassException e = assertThrows(XmassException.class, () -> reduce(dir, false));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("altered"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(DataLayout.EVENTS)));

        ReduceStage.Result q = reduce(dir, true).result();
        assertEquals(1, q.quarantined().size(), q.quarantined().toString());
        Path eventsDir = dir.resolve(DataLayout.EVENTS);
        String json = Files.readString(eventsDir.resolve(DataLayout.REDUCE_REPORT));
        assertTrue(json.contains("\"quarantined\"") && json.contains("\"chunk\" : 0"), json);
        long lost = simulated.chunks().stream().filter(c -> c.runId() == runs.get(1).runId() && c.chunkIndex() == 0)
                .mapToLong(c -> c.events()).sum();
        assertEquals(simulated.events() - lost, q.eventsOut());
        // the trigger after the quarantined file has an unknown predecessor: null, like the first of a run
        Dataset<Row> kept = spark.read().parquet(eventsDir.toString());
        assertEquals(runs.size(), kept.filter(col("time_since_previous_ns").isNull()).count());
        assertEquals(0, kept.filter(col("time_since_previous_ns").leq(0)).count());
    }

    @Test
    void wrongSchemaVersionAndMissingCalibrationAreNamed(@TempDir Path tmp) throws IOException {
        Path dir = copyOfDataset(tmp);
        int run = runs.get(1).runId();
        Path calib = dir.resolve(DataLayout.RAW).resolve(DataLayout.CALIB).resolve("run_id=" + run);
        try (Stream<Path> s = Files.walk(calib)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Manifests.dropFromCommit(dir.resolve(DataLayout.RAW), "calib/run_id=" + run + "/pmt_calibration.parquet");
        XmassException e = assertThrows(XmassException.class, () -> reduce(dir, false));
        assertTrue(e.getMessage().contains("run " + run + " has no PMT calibration"), e.getMessage());

        Path dir2 = copyOfDataset(tmp.resolve("b"));
        Path f = firstPhysicsFile(dir2);
        // a converter writing a future version of the contract (with a matching checksum)
        org.apache.arrow.vector.types.pojo.Schema base = xmassnu.schemas.ArrowSchemas.toArrow(xmassnu.schemas.Tables.RAW_HITS);
        Map<String, String> meta = new java.util.HashMap<>(base.getCustomMetadata());
        meta.put(xmassnu.schemas.MetadataKeys.SCHEMA_VERSION, "9");
        meta.put(xmassnu.schemas.MetadataKeys.RUN_ID, Integer.toString(run));
        try (org.apache.arrow.memory.RootAllocator alloc = new org.apache.arrow.memory.RootAllocator();
             org.apache.arrow.vector.VectorSchemaRoot root = org.apache.arrow.vector.VectorSchemaRoot.create(
                     new org.apache.arrow.vector.types.pojo.Schema(base.getFields(), meta), alloc);
             java.io.FileOutputStream out = new java.io.FileOutputStream(f.toFile());
             org.apache.arrow.vector.ipc.ArrowFileWriter w = new org.apache.arrow.vector.ipc.ArrowFileWriter(root, null,
                     out.getChannel())) {
            w.start();
            w.end();
        }
        Manifests.recommit(dir2.resolve(DataLayout.RAW), f);
        RuntimeException e2 = assertThrows(RuntimeException.class, () -> reduce(dir2, false));
        assertTrue(String.valueOf(e2.getMessage()).contains("raw_hits v9, expected raw_hits/v1")
                || String.valueOf(e2.getCause()).contains("raw_hits v9, expected raw_hits/v1"), String.valueOf(e2));
    }

    @Test
    void deletedCommittedFileIsNoticed(@TempDir Path tmp) throws IOException {
        Path dir = copyOfDataset(tmp);
        Path f = firstPhysicsFile(dir);
        Files.delete(f);
        XmassException e = assertThrows(XmassException.class, () -> reduce(dir, false));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("missing"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(DataLayout.EVENTS)));
    }

    @Test
    void aDirectoryWithoutRawDataIsRefused(@TempDir Path tmp) {
        XmassException e = assertThrows(XmassException.class, () -> reduce(tmp, false));
        assertTrue(e.getMessage().contains("is not a committed raw output") && e.getMessage().contains("bin/xmass simulate"),
                e.getMessage());
    }
}
