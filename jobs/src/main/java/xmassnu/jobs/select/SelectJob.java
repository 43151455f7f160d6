package xmassnu.jobs.select;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.io.StageDirectory;
import xmassnu.jobs.lineage.Lineage;
import xmassnu.jobs.reduce.CalibrationTables;
import xmassnu.jobs.reduce.ReduceJob;
import xmassnu.jobs.simulate.SimulateJob;
import xmassnu.jobs.spark.SparkSchemas;
import xmassnu.reduction.cuts.Condition;
import xmassnu.reduction.cuts.Cut;
import xmassnu.reduction.cuts.SelectionSettings;
import xmassnu.reduction.detector.DetectorModel;
import xmassnu.schemas.Tables;

/**
 * The select stage: every event of the physics runs gets the bitmask of the cuts it fails (DIR/selection/masks,
 * keyed by run_id and event_id), the passing ones are written with all event columns to DIR/selection/selected, and the cut flow per run and in total, with live time
 * (corrected for the after-trigger veto) and exposure, to DIR/selection/cutflow. Cuts are Spark column expressions
 * built from the same definitions the plain-Java code evaluates ({@link Cut}).
 */
public final class SelectJob {
    public static final String SELECTION = "selection";
    /** Sub-directories: the failed-cut bitmask of every physics event, and the selected events. */
    public static final String MASKS = "masks";
    public static final String SELECTED = "selected";

    private SelectJob() {}

    public record Request(Path dataDir, SelectionSettings settings, DetectorModel detector, boolean force) {}

    /** One line of the total cut flow. */
    public record Step(int index, String cut, long events, double livetimeDays, double exposureKgDay) {}

    public record Result(boolean reused, Path dir, List<Step> total, double fiducialMassKg) {}

    public static Result run(SparkSession spark, Request req) {
        Path events = req.dataDir().resolve(ReduceJob.EVENTS);
        String eventsHash = StageDirectory.committedHash(events, "a committed event table",
                "bin/xmass reduce --data " + req.dataDir());
        List<Cut> cuts = req.settings().cuts();
        Lineage lineage = Lineage.of("select", Json.MAPPER.valueToTree(req.settings()), List.of(eventsHash));
        Path dir = req.dataDir().resolve(SELECTION);
        StageDirectory stage = new StageDirectory(dir, lineage);
        double fiducialMassKg = req.detector().massKg(req.settings().fiducialRadiusCm());
        if (stage.isCommitted() && !req.force()) {
            return new Result(true, dir, readTotal(spark, dir), fiducialMassKg);
        }
        CalibrationTables tables = CalibrationTables.load(spark, req.dataDir().resolve(SimulateJob.RAW));
        List<Integer> physicsRuns = tables.runs().values().stream().filter(r -> !r.isCalibration())
                .map(CalibrationTables.CatalogRun::runId).sorted().toList();
        Path staging = stage.begin(req.force());
        try {
            Dataset<Row> all = SparkSchemas.read(spark, Tables.EVENTS, events)
                    .filter(col("run_id").isin(physicsRuns.toArray()));
            Column mask = lit(0L);
            for (int i = 0; i < cuts.size(); i++) {
                mask = mask.plus(when(not(passes(cuts.get(i))), lit(1L << i)).otherwise(lit(0L)));
            }
            Dataset<Row> masked = all.withColumn("failed_cuts_mask", mask);
            // keys + mask only, not the event table again: each pass reads just the columns it needs, and only
            // the few selected events are shuffled. Input splits are sorted locally, so every file is in event order.
            masked.select("run_id", "event_id", "failed_cuts_mask").sortWithinPartitions("run_id", "event_id").write()
                    .mode(SaveMode.ErrorIfExists).option("compression", "zstd")
                    .option("parquet.enable.dictionary", "false").partitionBy("run_id")
                    .parquet(staging.resolve(MASKS).toString());
            String[] order = SparkSchemas.structType(Tables.SELECTION).fieldNames();
            masked.filter(col("failed_cuts_mask").equalTo(0))
                    .select(java.util.Arrays.stream(order).map(c -> col(c)).toArray(Column[]::new))
                    .repartition(col("run_id")).sortWithinPartitions("run_id", "event_id").write()
                    .mode(SaveMode.ErrorIfExists).partitionBy("run_id").parquet(staging.resolve(SELECTED).toString());
            List<Step> total = writeCutFlow(spark, masked, cuts, tables, physicsRuns, req.settings(), fiducialMassKg,
                    staging.resolve("cutflow"));
            stage.commit();
            return new Result(false, dir, total, fiducialMassKg);
        } catch (RuntimeException e) {
            stage.abort();
            throw e;
        }
    }

    /** The cut as a Spark predicate; a null column value fails it. */
    static Column passes(Cut cut) {
        Column all = lit(true);
        for (Condition c : cut.conditions()) {
            Column v = col(c.column()).cast("double");
            Column p = switch (c.op()) {
                case LESS_THAN -> v.lt(c.value());
                case LESS_OR_EQUAL -> v.leq(c.value());
                case GREATER_OR_EQUAL -> v.geq(c.value());
                case GREATER_THAN -> v.gt(c.value());
                case EQUAL -> v.equalTo(c.value());
                case NOT_EQUAL -> v.notEqual(c.value());
            };
            all = all.and(coalesce(p, lit(false)));
        }
        return all;
    }

    static List<Step> writeCutFlow(SparkSession spark, Dataset<Row> masked, List<Cut> cuts,
                                   CalibrationTables tables, List<Integer> physicsRuns, SelectionSettings settings,
                                   double fiducialMassKg, Path out) {
        long vetoNs = Math.round(settings.minTimeSincePreviousMs() * 1e6);
        List<Column> aggs = new ArrayList<>();
        aggs.add(count(lit(1)).alias("n0"));
        for (int k = 0; k < cuts.size(); k++) {
            long cumulative = (1L << (k + 1)) - 1;
            aggs.add(sum(when(col("failed_cuts_mask").bitwiseAND(cumulative).equalTo(0), 1L).otherwise(0L)).alias("n" + (k + 1)));
        }
        // dead time of the after-trigger veto: each trigger vetoes min(veto, time to the next trigger)
        aggs.add(sum(least(col("time_since_previous_ns"), lit(vetoNs))).alias("veto_ns"));
        Map<Integer, Row> byRun = new TreeMap<>();
        for (Row r : masked.groupBy("run_id").agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).collectAsList()) {
            byRun.put(r.getInt(0), r);
        }
        int vetoIndex = 2; // cut index (1-based in the flow) of after-trigger-veto
        List<Row> rows = new ArrayList<>();
        long[] totals = new long[cuts.size() + 1];
        double liveTotal = 0;
        double liveVetoedTotal = 0;
        for (int run : physicsRuns) {
            Row r = byRun.get(run);
            double live = tables.run(run).livetimeS();
            long vetoed = r == null || r.isNullAt(r.fieldIndex("veto_ns")) ? 0 : r.getLong(r.fieldIndex("veto_ns")) + vetoNs;
            double liveAfterVeto = Math.max(0, live - vetoed * 1e-9);
            liveTotal += live;
            liveVetoedTotal += liveAfterVeto;
            for (int k = 0; k <= cuts.size(); k++) {
                long n = r == null ? 0 : r.getLong(k + 1);
                totals[k] += n;
                double days = (k >= vetoIndex ? liveAfterVeto : live) / 86400.0;
                rows.add(RowFactory.create(run, k, k == 0 ? "all-triggers" : cuts.get(k - 1).name(),
                        k == 0 ? 1 : cuts.get(k - 1).version(), n, days, days * fiducialMassKg));
            }
        }
        List<Step> total = new ArrayList<>();
        for (int k = 0; k <= cuts.size(); k++) {
            double days = (k >= vetoIndex ? liveVetoedTotal : liveTotal) / 86400.0;
            String name = k == 0 ? "all-triggers" : cuts.get(k - 1).name();
            rows.add(RowFactory.create(-1, k, name, k == 0 ? 1 : cuts.get(k - 1).version(), totals[k], days,
                    days * fiducialMassKg));
            total.add(new Step(k, name, totals[k], days, days * fiducialMassKg));
        }
        spark.createDataFrame(rows, SparkSchemas.structType(Tables.CUT_FLOW)).coalesce(1).write()
                .mode(SaveMode.ErrorIfExists).parquet(out.toString());
        return total;
    }

    public static List<Step> readTotal(SparkSession spark, Path dir) {
        List<Step> total = new ArrayList<>();
        for (Row r : SparkSchemas.read(spark, Tables.CUT_FLOW, dir.resolve("cutflow")).filter(col("run_id").equalTo(-1))
                .orderBy("cut_index").collectAsList()) {
            total.add(new Step(r.getAs("cut_index"), r.getAs("cut_name"), r.getAs("events_after"),
                    r.getAs("livetime_days"), r.getAs("exposure_kg_day")));
        }
        return total;
    }
}
