package xmassnu.jobs.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.jobs.config.RunSelection;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.jobs.testing.SparkTestSession;
import xmassnu.jobs.testing.Stages;
import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.RunPlan;
import xmassnu.schemas.MetadataKeys;

class SimulateStageTest {
    static SparkSession spark;
    static final SimulationSettings SETTINGS = SimulationSettings.DEFAULT.withSeed(77);
    /** 0.002 live days (173 s) of physics after the first calibration run; 60 s chunks. */
    static List<RunInfo> runs;

    @BeforeAll
    static void setUp() {
        spark = SparkTestSession.get();
        runs = RunPlan.firstLiveDays(77, 0.002);
    }

    static SimulationSettings smallChunks() {
        return new SimulationSettings(77, 60, SETTINGS.components(), SETTINGS.flux(), SETTINGS.millichargeConvention(),
                SETTINGS.detector(), SETTINGS.activities(), null, null);
    }

    static StageRunner.Outcome<SimulateStage.Result> simulate(Path dir, int partitions, boolean force) {
        return Stages.run(dir, new SimulateStage(new RunSelection(runs, "days 0.002"), smallChunks(), partitions), force);
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void sameSeedGivesIdenticalBytesWithOneAndFourPartitions(@TempDir Path tmp) throws IOException {
        SimulateStage.Result one = simulate(tmp.resolve("p1"), 1, false).result();
        simulate(tmp.resolve("p4"), 4, false);
        assertTrue(one.chunks().size() >= 4, "needs several chunks, got " + one.chunks().size());
        Path rawOne = tmp.resolve("p1").resolve(DataLayout.RAW);
        Path rawFour = tmp.resolve("p4").resolve(DataLayout.RAW);
        List<Path> a = files(rawOne);
        List<Path> b = files(rawFour);
        assertEquals(a.stream().map(p -> rawOne.relativize(p)).toList(), b.stream().map(p -> rawFour.relativize(p)).toList());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
        }
    }

    @Test
    void rawFilesReadBackWithThePlainArrowReaderAndMatchTruth(@TempDir Path tmp) throws IOException {
        StageRunner.Outcome<SimulateStage.Result> o = simulate(tmp, 2, false);
        SimulateStage.Result r = o.result();
        Path raw = tmp.resolve(DataLayout.RAW);
        long events = 0;
        List<Path> arrows = files(raw.resolve(DataLayout.HITS));
        assertTrue(arrows.stream().allMatch(p -> p.toString().endsWith(".arrow")), "only Arrow files below hits/: " + arrows);
        assertFalse(arrows.isEmpty());
        try (RootAllocator alloc = new RootAllocator()) {
            for (Path f : arrows) {
                try (FileInputStream in = new FileInputStream(f.toFile());
                     ArrowFileReader reader = new ArrowFileReader(in.getChannel(), alloc, CommonsCompressionFactory.INSTANCE)) {
                    VectorSchemaRoot root = reader.getVectorSchemaRoot();
                    assertEquals("raw_hits", root.getSchema().getCustomMetadata().get(MetadataKeys.SCHEMA_NAME));
                    assertEquals(o.lineage().hash(), root.getSchema().getCustomMetadata().get(MetadataKeys.LINEAGE_HASH));
                    while (reader.loadNextBatch()) {
                        ListVector hits = (ListVector) root.getVector("hits");
                        for (int i = 0; i < root.getRowCount(); i++) {
                            int n = hits.getElementEndIndex(i) - hits.getElementStartIndex(i);
                            assertTrue(n >= 4, "a triggered event has >= 4 hits");
                        }
                        events += root.getRowCount();
                    }
                }
            }
        }
        assertEquals(r.events(), events);
        Dataset<Row> truth = spark.read().option("recursiveFileLookup", "true")
                .parquet(raw.resolve(DataLayout.TRUTH).toString());
        assertEquals(r.generated(), truth.count());
        assertEquals(events, truth.filter("triggered").count());
        long calibRows = spark.read().option("recursiveFileLookup", "true")
                .parquet(raw.resolve(DataLayout.CALIB).toString()).count();
        assertEquals(642L * runs.size(), calibRows);
        Row[] catalog = (Row[]) spark.read().parquet(raw.resolve(DataLayout.RUNS).toString())
                .orderBy("run_id").collect();
        assertEquals(runs.size(), catalog.length);
        assertEquals("co57-calibration", catalog[0].getAs("run_type"));
        assertEquals(0.002 * 86400, (double) catalog[1].getAs("livetime_s"), 1e-6);
    }

    @Test
    void rerunReusesAndADifferentConfigurationIsRefused(@TempDir Path tmp) throws IOException {
        assertFalse(simulate(tmp, 2, false).reused());
        assertTrue(simulate(tmp, 3, false).reused(), "the partitioning is not part of the lineage");
        SimulateStage other = new SimulateStage(new RunSelection(runs, "days 0.002"), smallChunks().withSeed(78), 2);
        XmassException e = assertThrows(XmassException.class, () -> Stages.run(tmp, other, false));
        assertTrue(e.getMessage().contains("another lineage") && e.getMessage().contains("settings.settings.seed"),
                e.getMessage());
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(tmp)) {
            s.forEach(entries::add);
        }
        assertEquals(List.of(tmp.resolve(DataLayout.RAW)), entries, "nothing but the committed raw output, no lock left");
    }

    @Test
    void badConfigurationNamesTheField(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{\"activities\": {\"gapPb210Bq\": -1}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimulationSettings.load(f));
        assertTrue(e.getMessage().contains("gapPb210Bq must be >= 0"), e.getMessage());
        Files.writeString(f, "{\"activities\": {\"radonBq\": 1}}");
        e = assertThrows(IllegalArgumentException.class, () -> SimulationSettings.load(f));
        assertTrue(e.getMessage().contains("unknown configuration field 'activities.radonBq'"), e.getMessage());
        Files.writeString(f, "{\"components\": [\"pmt-gamma\", \"unicorns\"]}");
        e = assertThrows(IllegalArgumentException.class, () -> SimulationSettings.load(f));
        assertTrue(e.getMessage().contains("unknown component 'unicorns'"), e.getMessage());
        Files.writeString(f, "{\"seed\": NaN}");
        e = assertThrows(IllegalArgumentException.class, () -> SimulationSettings.load(f));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        Files.writeString(f, "{\"activities\": {\"kr85BqPerKg\": 1e-6}, \"seed\": 5}");
        SimulationSettings ok = SimulationSettings.load(f);
        assertEquals(1e-6, ok.activities().kr85BqPerKg());
        assertEquals(5, ok.seed());
        assertEquals(SETTINGS.activities().gapPb210Bq(), ok.activities().gapPb210Bq());
    }
}
