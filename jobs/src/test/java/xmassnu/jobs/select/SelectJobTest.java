package xmassnu.jobs.select;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

import xmassnu.jobs.testing.SmallDataset;
import xmassnu.jobs.testing.SparkTestSession;
import xmassnu.reduction.cuts.Cut;
import xmassnu.reduction.cuts.SelectionSettings;
import xmassnu.reduction.detector.DetectorModel;

class SelectJobTest {
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
        SelectJob.Result r = SelectJob.run(spark, new SelectJob.Request(dir, settings, DetectorModel.XMASS_I, false));
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
        Dataset<Row> selected = xmassnu.jobs.spark.SparkSchemas.read(spark, xmassnu.schemas.Tables.SELECTION, r.dir().resolve(SelectJob.SELECTED));
        assertEquals(r.total().get(cuts.size()).events(), selected.count());
        // the masks table has one row per physics event, and its empty masks are exactly the selected keys
        Dataset<Row> masks = xmassnu.jobs.spark.SparkSchemas.read(spark, xmassnu.schemas.Tables.CUT_MASKS, r.dir().resolve(SelectJob.MASKS));
        assertEquals(events.size(), masks.count());
        assertEquals(0, masks.filter(col("failed_cuts_mask").equalTo(0)).select("run_id", "event_id")
                .except(selected.select("run_id", "event_id")).count());
        for (int k = 0; k <= cuts.size(); k++) { // any cut flow can be recomputed from the masks alone
            long cumulative = (1L << k) - 1;
            assertEquals(expected[k], masks.filter(col("failed_cuts_mask").bitwiseAND(cumulative).equalTo(0)).count(), "masks, cut " + k);
        }
        Dataset<Row> flow = spark.read().parquet(r.dir().resolve("cutflow").toString());
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
        SelectJob.Result r = SelectJob.run(spark, new SelectJob.Request(dir, loose, DetectorModel.XMASS_I, false));
        assertEquals(r.total().get(2).events(), r.total().get(3).events(), "hit-time-rms < 1e9 ns passes everything");
        assertTrue(SelectJob.run(spark, new SelectJob.Request(dir, loose, DetectorModel.XMASS_I, false)).reused());
    }
}
