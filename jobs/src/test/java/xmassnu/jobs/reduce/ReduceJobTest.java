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

import xmassnu.jobs.simulate.SimulateJob;
import xmassnu.jobs.testing.SmallDataset;
import xmassnu.jobs.testing.SparkTestSession;
import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.sim.RunInfo;

class ReduceJobTest {
    static SparkSession spark;
    static Path dataset;
    static List<RunInfo> runs;
    static SimulateJob.Result simulated;

    @BeforeAll
    static void simulateOnce() {
        spark = SparkTestSession.get();
        dataset = SmallDataset.dir();
        runs = SmallDataset.runs();
        simulated = SmallDataset.simulated();
    }

    static ReduceJob.Request request(Path dir, boolean quarantine) {
        return new ReduceJob.Request(dir, DetectorModel.XMASS_I, 4, quarantine, false, true);
    }

    static Path copyOfDataset(Path tmp) throws IOException {
        Path copy = tmp.resolve("copy");
        try (Stream<Path> s = Files.walk(dataset.resolve(SimulateJob.RAW))) {
            for (Path p : s.toList()) {
                Path target = copy.resolve(SimulateJob.RAW).resolve(dataset.resolve(SimulateJob.RAW).relativize(p).toString());
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
        try (Stream<Path> s = Files.list(dir.resolve(SimulateJob.RAW).resolve(SimulateJob.HITS).resolve("run=" + run))) {
            return s.sorted().findFirst().orElseThrow();
        }
    }

    @Test
    void reducesEveryTriggerAndCalibratesTheEnergyScale(@TempDir Path tmp) throws IOException {
        Path dir = copyOfDataset(tmp);
        ReduceJob.Result r = ReduceJob.run(spark, request(dir, false));
        assertEquals(simulated.events(), r.eventsOut());
        for (Map.Entry<Integer, long[]> e : r.countsByRun().entrySet()) {
            assertEquals(e.getValue()[0], e.getValue()[1], "run " + e.getKey() + ": in == out");
        }
        // the simulated detector has 14.7 PE/keV at 122 keV (DetectorCalibrationTest); the calibration finds it
        assertEquals(14.7, r.lightYieldPePerKev(), 0.15);
        Dataset<Row> events = spark.read().parquet(r.eventsDir().toString());
        assertEquals(simulated.events(), events.count());
        // 57Co events at the centre reconstruct at 122 keVee
        int calRun = runs.get(0).runId();
        double peak = events.filter(col("run_id").equalTo(calRun).and(col("r_cm").lt(10)).and(col("energy_kev").between(100, 145)))
                .agg(org.apache.spark.sql.functions.expr("percentile_approx(energy_kev, 0.5)")).first().getDouble(0);
        assertEquals(122.06, peak, 2.5);
        // time since the previous trigger: null only for the first event of each run, positive otherwise
        assertEquals(runs.size(), events.filter(col("time_since_previous_ns").isNull()).count());
        assertEquals(0, events.filter(col("time_since_previous_ns").leq(0)).count());
        // each task computes it from its predecessor batch (no shuffle); a window over the whole run must agree
        Dataset<Row> lagged = events.withColumn("by_window", col("trigger_time_ns").minus(org.apache.spark.sql.functions
                .lag(col("trigger_time_ns"), 1).over(org.apache.spark.sql.expressions.Window.partitionBy("run_id").orderBy("event_id"))));
        assertEquals(0, lagged.filter(not(col("by_window").eqNullSafe(col("time_since_previous_ns")))).count());
        // one file per raw split, named by run, chunk and first batch: the layout does not depend on the partitioning
        try (Stream<Path> files = Files.walk(r.eventsDir())) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).toList();
            assertFalse(names.isEmpty());
            assertTrue(names.stream().allMatch(n -> n.matches("part-c\\d{5}-b\\d{5}\\.zstd\\.parquet")), names.toString());
        }
        // one encoding per column chunk: parquet-mr writes a chunk's encodings in HashSet order, which changes
        // between JVMs as soon as there are two, and the file's bytes would no longer be a function of its rows
        try (Stream<Path> files = Files.walk(r.eventsDir())) {
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
        assertTrue(ReduceJob.run(spark, request(dir, false)).reused());
    }

    @Test
    void dataSourceReadsPrunesAndPushesDownRuns() {
        Path raw = dataset.resolve(SimulateJob.RAW);
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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReduceJob.run(spark, request(dir, false)));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(ReduceJob.EVENTS)));
        assertNoStaging(dir);
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
        RuntimeException e = assertThrows(RuntimeException.class, () -> ReduceJob.run(spark, request(dir, false)));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(ReduceJob.EVENTS)));

        ReduceJob.Result q = ReduceJob.run(spark, request(dir, true));
        assertEquals(1, q.quarantined().size(), q.quarantined().toString());
        String json = Files.readString(q.eventsDir().resolve(ReduceJob.REPORT));
        assertTrue(json.contains("\"quarantined\"") && json.contains("\"chunk\" : 0"), json);
        long lost = simulated.chunks().stream().filter(c -> c.runId() == runs.get(1).runId() && c.chunkIndex() == 0)
                .mapToLong(c -> c.events()).sum();
        assertEquals(simulated.events() - lost, q.eventsOut());
        // the trigger after the quarantined file has an unknown predecessor: null, like the first of a run
        Dataset<Row> kept = spark.read().parquet(q.eventsDir().toString());
        assertEquals(runs.size(), kept.filter(col("time_since_previous_ns").isNull()).count());
        assertEquals(0, kept.filter(col("time_since_previous_ns").leq(0)).count());
    }

    @Test
    void wrongSchemaVersionAndMissingCalibrationAreNamed(@TempDir Path tmp) throws IOException {
        Path dir = copyOfDataset(tmp);
        int run = runs.get(1).runId();
        Path calib = dir.resolve(SimulateJob.RAW).resolve(SimulateJob.CALIB).resolve("run=" + run);
        try (Stream<Path> s = Files.walk(calib)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReduceJob.run(spark, request(dir, false)));
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
        Files.writeString(xmassnu.jobs.io.RawHitsWriter.checksumFile(f),
                Long.toHexString(xmassnu.jobs.io.RawHitsWriter.crc32c(f)) + "\n");
        e = assertThrows(IllegalArgumentException.class, () -> ReduceJob.run(spark, request(dir2, false)));
        assertTrue(e.getMessage().contains("raw_hits v9, expected raw_hits/v1"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutRawDataIsRefused(@TempDir Path tmp) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReduceJob.run(spark, request(tmp, false)));
        assertTrue(e.getMessage().contains("not a committed raw dataset"), e.getMessage());
    }

    static void assertNoStaging(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("staging")));
        }
    }
}
