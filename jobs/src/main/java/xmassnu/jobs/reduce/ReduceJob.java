package xmassnu.jobs.reduce;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.io.Progress;
import xmassnu.jobs.io.RawHitsWriter;
import xmassnu.jobs.io.StageDirectory;
import xmassnu.jobs.lineage.Lineage;
import xmassnu.jobs.raw.RawBatchReader;
import xmassnu.jobs.raw.RawFiles;
import xmassnu.jobs.raw.RawSplit;
import xmassnu.jobs.simulate.SimulateJob;
import xmassnu.jobs.spark.SparkSchemas;
import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.reco.LightResponse;
import xmassnu.reduction.reco.LightYieldCalibration;
import xmassnu.reduction.reco.RawDataException;
import xmassnu.reduction.reco.ReducedEvents;
import xmassnu.reduction.reco.ReductionKernel;
import xmassnu.reduction.reco.VertexFitter;
import xmassnu.schemas.Tables;

/**
 * The reduce stage: raw Arrow hits to the Parquet event table (DIR/events, partitioned by run_id).
 * Pass 1 derives the light yield from the central 57Co calibration runs; pass 2 reduces every run with its own
 * calibration table. Committed atomically with lineage; reused when the lineage matches.
 */
public final class ReduceJob {
    public static final String EVENTS = "events";
    public static final String REPORT = "_report.json";
    public static final String CALIBRATION = "_calibration.json";
    /** Central calibration events used for the light yield: reconstructed within this radius of the centre. */
    static final double CALIBRATION_RADIUS_CM = 10.0;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReduceJob.class);

    private ReduceJob() {}

    public record Request(Path dataDir, DetectorModel detector, int blocksPerSplit, boolean quarantine, boolean force,
                          boolean quiet) {}

    public record Result(boolean reused, Path eventsDir, String lineageHash, double lightYieldPePerKev,
                         Map<Integer, long[]> countsByRun, List<String> quarantined, double wallSeconds) {
        public long eventsOut() {
            return countsByRun.values().stream().mapToLong(c -> c[1]).sum();
        }
    }

    public static Result run(SparkSession spark, Request req) {
        long t0 = System.nanoTime();
        Path raw = req.dataDir().resolve(SimulateJob.RAW);
        String rawHash = Lineage.recordedHash(raw).filter(h -> Files.isRegularFile(raw.resolve(StageDirectory.SUCCESS)))
                .orElseThrow(() -> new IllegalArgumentException(raw + " is not a committed raw dataset (no _SUCCESS and "
                        + "_lineage.json): run bin/xmass simulate --data " + req.dataDir() + " first"));
        ObjectNode conf = Json.MAPPER.createObjectNode();
        conf.set("detector", Json.MAPPER.valueToTree(req.detector()));
        conf.put("brightEventPe", ReductionKernel.BRIGHT_EVENT_PE);
        conf.put("quarantine", req.quarantine());
        Lineage lineage = Lineage.of("reduce", conf, List.of(rawHash));
        Path eventsDir = req.dataDir().resolve(EVENTS);
        StageDirectory stage = new StageDirectory(eventsDir, lineage);
        if (stage.isCommitted() && !req.force()) {
            return new Result(true, eventsDir, lineage.hash(), Double.NaN, Map.of(), List.of(), 0);
        }
        CalibrationTables tables = CalibrationTables.load(spark, raw);
        Path hits = raw.resolve(SimulateJob.HITS);
        List<RawSplit> splits = RawFiles.plan(hits, run -> true, req.blocksPerSplit());
        java.util.Set<Integer> runsWithData = new java.util.TreeSet<>();
        for (RawSplit s : splits) {
            tables.run(s.runId());
            tables.calibration(s.runId()); // fail now, on the driver, naming the run
            runsWithData.add(s.runId());
        }
        // a catalogued run without raw files would count its live time in the exposure with no events in it
        for (CalibrationTables.CatalogRun r : new java.util.TreeMap<>(tables.runs()).values()) {
            if (!runsWithData.contains(r.runId()) && r.livetimeS() > 0) {
                throw new IllegalArgumentException("run " + r.runId() + " is in the run catalog with "
                        + String.format(java.util.Locale.ROOT, "%.1f", r.livetimeS()) + " s of live time but has no raw "
                        + "hits files under " + hits.resolve(RawHitsWriter.runDirectory(r.runId()))
                        + ": its live time would count with no events; restore its files or remove it from the catalog");
            }
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        DetectorModel det = req.detector();
        long tCal = System.nanoTime();
        double lightYield = calibrateLightYield(jsc, splits, tables, det);
        LOG.info("light-yield calibration pass: {} s", (System.nanoTime() - tCal) * 1e-9);
        Path staging = stage.begin(req.force());
        try {
            CollectionAccumulator<String> bad = spark.sparkContext().collectionAccumulator("quarantined");
            LongAccumulator done = spark.sparkContext().longAccumulator("reduced events");
            CollectionAccumulator<String> inCounts = spark.sparkContext().collectionAccumulator("triggers in");
            boolean quarantine = req.quarantine();
            JavaRDD<RawSplit> rdd = jsc.parallelize(splits, Math.max(1, splits.size()));
            var sharedTables = jsc.broadcast(tables); // once per executor, not inside every task
            JavaRDD<Row> rows = rdd.mapPartitions(it -> reducePartition(it, sharedTables.value(), det, lightYield, quarantine, bad,
                    done, inCounts));
            StructType schema = withoutColumn(SparkSchemas.structType(Tables.EVENTS), "time_since_previous_ns");
            Dataset<Row> events = spark.createDataFrame(rows, schema);
            if (quarantine) {
                // materialise once so that the bad files are known before anything is written
                events = events.persist(StorageLevel.MEMORY_AND_DISK());
                try (Progress p = new Progress("reduce", "events", jsc.statusTracker(), done, req.quiet())) {
                    events.count();
                }
                events = dropQuarantined(events, bad.value());
            }
            Dataset<Row> withPrevious = events.withColumn("time_since_previous_ns", col("trigger_time_ns")
                    .minus(lag(col("trigger_time_ns"), 1).over(Window.partitionBy("run_id").orderBy("event_id"))))
                    .select(SparkSchemas.structType(Tables.EVENTS).fieldNames()[0],
                            java.util.Arrays.copyOfRange(SparkSchemas.structType(Tables.EVENTS).fieldNames(), 1,
                                    Tables.EVENTS.columns().size()));
            try (Progress p = new Progress("reduce", "events", jsc.statusTracker(), done, req.quiet() || quarantine)) {
                withPrevious.repartition(col("run_id")).sortWithinPartitions("run_id", "event_id").write()
                        .mode(SaveMode.ErrorIfExists).option("compression", "zstd")
                        .partitionBy("run_id").parquet(staging.resolve("data").toString());
            }
            if (quarantine) {
                events.unpersist();
            }
            LOG.info("reduction pass and write: {} s", (System.nanoTime() - tCal) * 1e-9);
            moveUp(staging.resolve("data"), staging);
            Map<Integer, long[]> counts = countsByRun(spark, staging, inCounts.value());
            List<String> quarantined = new ArrayList<>(new java.util.TreeSet<>(bad.value()));
            writeReport(staging, counts, quarantined, lightYield);
            stage.commit();
            return new Result(false, eventsDir, lineage.hash(), lightYield, counts, quarantined,
                    (System.nanoTime() - t0) * 1e-9);
        } catch (Exception e) { // SparkException is checked but thrown undeclared by Spark's Scala code
            stage.abort();
            throw unwrap(e);
        }
    }

    /** Pass 1: reconstruct the central 57Co runs with unit light yield and fit the 122 keV peak. */
    static double calibrateLightYield(JavaSparkContext jsc, List<RawSplit> splits, CalibrationTables tables,
                                      DetectorModel det) {
        List<RawSplit> central = splits.stream().filter(s -> {
            CalibrationTables.CatalogRun r = tables.run(s.runId());
            return r.isCalibration() && r.sourceZCm() != null && Math.abs(r.sourceZCm()) < 1e-6;
        }).toList();
        if (central.isEmpty()) {
            throw new IllegalArgumentException("no 57Co calibration run with the source at z = 0 among the raw data: "
                    + "the energy scale cannot be calibrated (simulate a slice that starts with a calibration day)");
        }
        List<Double> pe;
        try {
            // the tables go once per executor as a broadcast, not inside every task
            var shared = jsc.broadcast(tables);
            pe = jsc.parallelize(central, central.size()).mapPartitions(it -> {
                CalibrationTables onExecutor = shared.value();
                List<Double> out = new ArrayList<>();
                ReductionKernel kernel = new ReductionKernel(det, LightResponse.of(det), 1.0);
                ReducedEvents ev = new ReducedEvents();
                try (BufferAllocator alloc = new RootAllocator()) {
                    while (it.hasNext()) {
                        RawSplit s = it.next();
                        kernel.setRun(onExecutor.calibration(s.runId()), onExecutor.run(s.runId()).tdcNsPerCount());
                        try (RawBatchReader reader = new RawBatchReader(s, alloc)) {
                            while (reader.next()) {
                                kernel.process(s.path(), s.runId(), reader.size, reader.eventId, reader.triggerTimeNs,
                                        reader.odTriggered, reader.hitOffsets, reader.pmt, reader.adc, reader.tdc, ev);
                                for (int i = 0; i < ev.size; i++) {
                                    if (ev.rCm[i] < CALIBRATION_RADIUS_CM && (ev.vertexStatus[i] == VertexFitter.CONVERGED
                                            || ev.vertexStatus[i] == VertexFitter.CENTROID)) {
                                        out.add(ev.energyKev[i]); // PE corrected to the centre
                                    }
                                }
                            }
                        }
                    }
                }
                return out.iterator();
            }).collect();
        } catch (Exception e) {
            throw unwrap(e);
        }
        LightYieldCalibration.Result fit = LightYieldCalibration.fit(pe.stream().mapToDouble(Double::doubleValue).toArray());
        if (!fit.converged()) {
            throw new IllegalStateException("57Co peak fit did not converge (" + fit + ")");
        }
        return fit.lightYieldPePerKev();
    }

    static Iterator<Row> reducePartition(Iterator<RawSplit> splits, CalibrationTables tables, DetectorModel det,
                                         double lightYield, boolean quarantine, CollectionAccumulator<String> bad,
                                         LongAccumulator done, CollectionAccumulator<String> inCounts) {
        ReductionKernel kernel = new ReductionKernel(det, LightResponse.of(det), lightYield);
        ReducedEvents ev = new ReducedEvents();
        List<Row> out = new ArrayList<>();
        try (BufferAllocator alloc = new RootAllocator()) {
            while (splits.hasNext()) {
                RawSplit s = splits.next();
                kernel.setRun(tables.calibration(s.runId()), tables.run(s.runId()).tdcNsPerCount());
                List<Row> rows = new ArrayList<>();
                long read = 0;
                try (RawBatchReader reader = new RawBatchReader(s, alloc)) {
                    while (reader.next()) {
                        read += reader.size;
                        kernel.process(s.path(), s.runId(), reader.size, reader.eventId, reader.triggerTimeNs,
                                reader.odTriggered, reader.hitOffsets, reader.pmt, reader.adc, reader.tdc, ev);
                        for (int i = 0; i < ev.size; i++) {
                            rows.add(RowFactory.create(ev.runId[i], ev.eventId[i], ev.triggerTimeNs[i], ev.odTriggered[i],
                                    ev.hitCount[i], ev.totalPe[i], ev.maxPmtPeFraction[i], ev.earlyPeFraction[i],
                                    ev.hitTimeRmsNs[i], ev.energyKev[i], ev.xCm[i], ev.yCm[i], ev.zCm[i], ev.rCm[i],
                                    ev.vertexNll[i], ev.vertexStatus[i], ev.timingRCm[i]));
                        }
                    }
                } catch (RawDataException e) {
                    if (!quarantine) {
                        throw e;
                    }
                    bad.add(s.runId() + "\t" + s.chunkIndex() + "\t" + e.getMessage());
                    continue;
                }
                out.addAll(rows);
                done.add(rows.size());
                inCounts.add(s.runId() + ":" + read);
            }
        }
        return out.iterator();
    }

    /** Drops every row of a (run, chunk) file that had a bad split, so a quarantined file is skipped whole. */
    static Dataset<Row> dropQuarantined(Dataset<Row> events, List<String> bad) {
        Dataset<Row> d = events;
        for (String b : bad) {
            String[] f = b.split("\t");
            int run = Integer.parseInt(f[0]);
            long chunk = Long.parseLong(f[1]);
            d = d.filter(col("run_id").notEqual(run).or(col("event_id").divide(4294967296L).cast("long").notEqual(chunk)));
        }
        return d;
    }

    static StructType withoutColumn(StructType s, String name) {
        return new StructType(java.util.Arrays.stream(s.fields()).filter(f -> !f.name().equals(name))
                .toArray(org.apache.spark.sql.types.StructField[]::new));
    }

    private static void moveUp(Path from, Path to) {
        try (var list = Files.list(from)) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("_") || name.startsWith(".")) {
                    Files.delete(p); // Spark's own _SUCCESS and .crc files; ours are written at commit
                } else {
                    Files.move(p, to.resolve(name));
                }
            }
            Files.delete(from);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<Integer, long[]> countsByRun(SparkSession spark, Path staging, List<String> inCounts) {
        Map<Integer, long[]> counts = new TreeMap<>();
        for (String s : inCounts) {
            String[] f = s.split(":");
            counts.computeIfAbsent(Integer.parseInt(f[0]), k -> new long[2])[0] += Long.parseLong(f[1]);
        }
        for (Row r : spark.read().parquet(staging.toString()).groupBy("run_id").count().collectAsList()) {
            counts.computeIfAbsent(r.getInt(0), k -> new long[2])[1] = r.getLong(1);
        }
        return counts;
    }

    private static void writeReport(Path staging, Map<Integer, long[]> counts, List<String> quarantined,
                                    double lightYield) {
        ObjectNode report = Json.MAPPER.createObjectNode();
        ArrayNode runs = report.putArray("runs");
        counts.forEach((run, c) -> runs.addObject().put("run_id", run).put("triggers_in", c[0]).put("events_out", c[1]));
        ArrayNode q = report.putArray("quarantined");
        quarantined.forEach(s -> {
            String[] f = s.split("\t", 3);
            q.addObject().put("run_id", Integer.parseInt(f[0])).put("chunk", Integer.parseInt(f[1])).put("reason", f[2]);
        });
        ObjectNode cal = Json.MAPPER.createObjectNode();
        cal.put("light_yield_pe_per_kev", lightYield);
        cal.put("method", "57Co 122.06 keV peak of central calibration runs (r < " + CALIBRATION_RADIUS_CM + " cm)");
        try {
            Files.writeString(staging.resolve(REPORT), Json.canonicalPretty(report));
            Files.writeString(staging.resolve(CALIBRATION), Json.canonicalPretty(cal));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Spark wraps task failures; show the user the located cause (file, run, event, field). */
    static RuntimeException unwrap(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RawDataException r) {
                return new IllegalArgumentException("bad raw data: " + r.getMessage(), e);
            }
        }
        String m = e.getMessage();
        String marker = RawDataException.class.getName() + ": ";
        if (m != null && m.contains(marker)) {
            String located = m.substring(m.indexOf(marker) + marker.length());
            return new IllegalArgumentException("bad raw data: " + located.lines().findFirst().orElse(located), e);
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
}
