package xmassnu.jobs.select;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.spark.SparkSchemas;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.testing.Manifests;
import xmassnu.jobs.testing.SmallDataset;
import xmassnu.jobs.testing.SparkTestSession;
import xmassnu.jobs.testing.Stages;
import xmassnu.reduction.cuts.Cut;
import xmassnu.reduction.cuts.SelectionSettings;
import xmassnu.schemas.Tables;

class SelectStageTest {
    static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = SparkTestSession.get();
        SmallDataset.reduced();
    }

    static Path copyWithEvents(Path tmp) throws Exception {
        Path copy = tmp.resolve("d");
        for (String sub : List.of("raw", "events")) {
            Path from = SmallDataset.dir().resolve(sub);
            try (var walk = Files.walk(from)) {
                for (Path p : walk.toList()) {
                    Path t = copy.resolve(sub).resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                    }
                }
            }
        }
        return copy;
    }

    @Test
    void cutFlowAddsUpAndMatchesADirectCountWithThePlainJavaCuts(@TempDir Path tmp) throws Exception {
        Path dir = copyWithEvents(tmp);
        SelectionSettings settings = SelectionSettings.XMASS_I;
        SelectStage.Result r = Stages.run(dir, new SelectStage(settings), false).result();
        CommittedStage selection = Stages.committed(dir, DataLayout.SELECTION);
        List<Cut> cuts = settings.cuts();
        assertEquals(cuts.size() + 1, r.total().size());
        // direct count: evaluate the cuts in plain Java on every physics event of the event table
        int calibrationRun = SmallDataset.runs().get(0).runId();
        List<Row> events = spark.read().parquet(dir.resolve("events").toString())
                .filter(col("run_id").notEqual(calibrationRun)).collectAsList();
        long[] expected = new long[cuts.size() + 1];
        for (Row e : events) {
            Map<String, Double> values = new HashMap<>();
            for (String c : e.schema().fieldNames()) {
                Object v = e.getAs(c);
                values.put(c, v == null ? null : v instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) v).doubleValue());
            }
            expected[0]++;
            for (int k = 0; k < cuts.size(); k++) {
                if (!cuts.get(k).passes(values)) {
                    break;
                }
                expected[k + 1]++;
            }
        }
        for (int k = 0; k <= cuts.size(); k++) {
            assertEquals(expected[k], r.total().get(k).events(), "after cut " + k);
            if (k > 0) {
                assertTrue(r.total().get(k).events() <= r.total().get(k - 1).events());
            }
        }
        // selected events are exactly those with an empty mask; per-run rows add up to the total
        Dataset<Row> selected = SparkSchemas.read(spark, selection, DataLayout.SELECTED, Tables.SELECTION);
        assertEquals(r.total().get(cuts.size()).events(), selected.count());
        // the masks table has one row per physics event, and its empty masks are exactly the selected keys
        Dataset<Row> masks = SparkSchemas.read(spark, selection, DataLayout.MASKS, Tables.CUT_MASKS);
        assertEquals(events.size(), masks.count());
        assertEquals(0, masks.filter(col("failed_cuts_mask").equalTo(0)).select("run_id", "event_id")
                .except(selected.select("run_id", "event_id")).count());
        for (int k = 0; k <= cuts.size(); k++) { // any cut flow can be recomputed from the masks alone
            long cumulative = (1L << k) - 1;
            assertEquals(expected[k], masks.filter(col("failed_cuts_mask").bitwiseAND(cumulative).equalTo(0)).count(), "masks, "
                    + "cut " + k);
        }
        Dataset<Row> flow = spark.read().parquet(dir.resolve(DataLayout.SELECTION).resolve(DataLayout.CUT_FLOW).toString());
        for (int k = 0; k <= cuts.size(); k++) {
            long perRun = flow.filter(col("run_id").notEqual(-1).and(col("cut_index").equalTo(k)))
                    .agg(org.apache.spark.sql.functions.sum("events_after")).first().getLong(0);
            assertEquals(r.total().get(k).events(), perRun);
        }
        // the after-trigger veto costs live time (~ 4 Hz x 10 ms = 4 %); exposure = 96.8 kg x live time
        double live = r.total().get(0).livetimeDays();
        assertEquals(0.003, live, 1e-9);
        double afterVeto = r.total().get(2).livetimeDays();
        assertTrue(afterVeto < live && afterVeto > 0.9 * live, afterVeto + " of " + live);
        assertEquals(96.8, r.total().get(2).exposureKgDay() / afterVeto, 0.1);
    }

    @Test
    void aTriviallyPassingCutHasUnitEfficiencyAndRerunsReuse(@TempDir Path tmp) throws Exception {
        Path dir = copyWithEvents(tmp);
        SelectionSettings loose = new SelectionSettings(10, 1e9, 0.6, 0.15, 20, 2, 30);
        SelectStage.Result r = Stages.run(dir, new SelectStage(loose), false).result();
        assertEquals(r.total().get(2).events(), r.total().get(3).events(), "hit-time-rms < 1e9 ns passes everything");
        assertTrue(Stages.run(dir, new SelectStage(loose), false).reused());
    }

    @Test
    void aDeletedEventFileIsAnErrorNotASmallerCutFlow(@TempDir Path tmp) throws Exception {
        Path dir = copyWithEvents(tmp);
        Path events = dir.resolve(DataLayout.EVENTS);
        Path victim;
        try (var walk = Files.walk(events)) {
            victim = walk.filter(p -> p.toString().endsWith(".parquet")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Files.delete(victim);
        XmassException e = assertThrows(XmassException.class, () -> Stages.run(dir, new SelectStage(SelectionSettings.XMASS_I),
                false));
        assertTrue(e.getMessage().contains(victim.toString()) && e.getMessage().contains("missing"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(DataLayout.SELECTION)), "nothing committed");
        // removed from the commit record too, the reduce report's count of the run still catches it
        Files.copy(SmallDataset.dir().resolve(DataLayout.EVENTS).resolve(events.relativize(victim).toString()), victim);
        Manifests.dropFromCommit(events, events.relativize(victim).toString());
        e = assertThrows(XmassException.class, () -> Stages.run(dir, new SelectStage(SelectionSettings.XMASS_I), false));
        assertTrue(e.getMessage().contains("the reduce report says"), e.getMessage());
    }

    @Test
    void flippedBytesInAnEventFileAreAnErrorNamingIt(@TempDir Path tmp) throws Exception {
        Path dir = copyWithEvents(tmp);
        Path victim;
        try (var walk = Files.walk(dir.resolve(DataLayout.EVENTS))) { // the last file: a physics run's
            victim = walk.filter(p -> p.toString().endsWith(".parquet")).sorted().reduce((x, y) -> y).orElseThrow();
        }
        byte[] b = Files.readAllBytes(victim);
        b[b.length / 2] ^= 0x5a;
        Files.write(victim, b);
        XmassException e = assertThrows(XmassException.class, () -> Stages.run(dir, new SelectStage(SelectionSettings.XMASS_I),
                false));
        assertTrue(e.getMessage().contains(victim.toString()) && e.getMessage().contains("altered"), e.getMessage());
        // committed with the flip (as a writer that wrote garbage would have), the page checksums still catch it
        Manifests.recommit(dir.resolve(DataLayout.EVENTS), victim);
        e = assertThrows(XmassException.class, () -> Stages.run(dir, new SelectStage(SelectionSettings.XMASS_I), false));
        assertTrue(e.getMessage().contains(victim.toString()), e.getMessage());
    }

    @Test
    void aFiducialRadiusOutsideTheXenonIsRefusedNamingTheRange(@TempDir Path tmp) throws Exception {
        Path dir = copyWithEvents(tmp);
        SelectionSettings tooBig = new SelectionSettings(10, 100, 0.6, 0.15, 45, 2, 30);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Stages.run(dir, new SelectStage(tooBig), false));
        assertTrue(e.getMessage().contains("selection.fiducialRadiusCm") && e.getMessage().contains("(0, 41.0]"),
                e.getMessage());
    }
}
