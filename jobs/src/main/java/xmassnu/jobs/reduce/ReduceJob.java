package xmassnu.jobs.reduce;

import java.io.IOException;
import java.io.Serializable;
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
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.io.ParquetTableWriter;
import xmassnu.jobs.io.Progress;
import xmassnu.jobs.io.RawHitsWriter;
import xmassnu.jobs.io.StageDirectory;
import xmassnu.jobs.lineage.Lineage;
import xmassnu.jobs.raw.RawBatchReader;
import xmassnu.jobs.raw.RawFiles;
import xmassnu.jobs.raw.RawSplit;
import xmassnu.jobs.simulate.SimulateJob;
import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.reco.LightResponse;
import xmassnu.reduction.reco.LightYieldCalibration;
import xmassnu.reduction.reco.RawDataException;
import xmassnu.reduction.reco.ReducedEvents;
import xmassnu.reduction.reco.ReductionKernel;
import xmassnu.reduction.reco.VertexFitter;
import xmassnu.schemas.MetadataKeys;
import xmassnu.schemas.Table;
import xmassnu.schemas.Tables;

/**
 * The reduce stage: raw Arrow hits to the Parquet event table (DIR/events, partitioned by run_id).
 * Pass 1 derives the light yield from the central 57Co calibration runs; pass 2 reduces every run with its own
 * calibration table, one task per raw split, each writing its own Parquet file (run_id=R/part-cCCCCC-bBBBBB) with
 * the rows in event order: no shuffle, and the files depend only on the data, not on the partitioning. Committed
 * atomically with lineage; reused when the lineage matches.
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
        String rawHash = StageDirectory.committedHash(raw, "a committed raw dataset (no _SUCCESS and _lineage.json)",
                "bin/xmass simulate --data " + req.dataDir());
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
        List<SplitTask> tasks = SplitTask.plan(splits);
        Path staging = stage.begin(req.force());
        try {
            LongAccumulator done = spark.sparkContext().longAccumulator("reduced events");
            boolean quarantine = req.quarantine();
            var sharedTables = jsc.broadcast(tables); // once per executor, not inside every task
            String out = staging.toString();
            String lineageHash = lineage.hash();
            List<SplitResult> results;
            try (Progress p = new Progress("reduce", "events", jsc.statusTracker(), done, req.quiet())) {
                results = new ArrayList<>(jsc.parallelize(tasks, Math.max(1, tasks.size()))
                        .mapPartitions(it -> reducePartition(it, sharedTables.value(), det, lightYield, quarantine, out,
                                lineageHash, done)).collect());
            }
            results.sort(java.util.Comparator.comparingInt(SplitResult::index));
            List<String> quarantined = quarantine ? dropQuarantined(jsc, tasks, results, sharedTables, det,
                    lightYield, out, lineageHash) : List.of();
            LOG.info("reduction pass and write: {} s", (System.nanoTime() - tCal) * 1e-9);
            removeTemporaries(staging);
            Map<Integer, long[]> counts = countsByRun(results);
            writeReport(staging, counts, quarantined, lightYield);
            stage.commit();
            return new Result(false, eventsDir, lineage.hash(), lightYield, counts, quarantined,
                    (System.nanoTime() - t0) * 1e-9);
        } catch (Exception e) { // SparkException is checked but thrown undeclared by Spark's Scala code
            awaitCancelledTasks(jsc);
            stage.abort();
            throw unwrap(e);
        }
    }

    /** After a failed job, Spark's cancelled tasks may still be writing into the staging directory: let them stop. */
    private static void awaitCancelledTasks(JavaSparkContext jsc) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (jsc.statusTracker().getActiveStageIds().length > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
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

    /** The columns of one event file: the event table without run_id, which is the directory (run_id=R). */
    static final Table EVENT_FILE = new Table(Tables.EVENTS.name(), Tables.EVENTS.version(), Tables.EVENTS.storage(),
            Tables.EVENTS.description(), Tables.EVENTS.columns().stream().filter(c -> !c.name().equals("run_id")).toList());

    /**
     * A split and where its first trigger's predecessor is: the last record batch before it in the same run
     * (previousPath null for the first split of a run).
     */
    record SplitTask(int index, RawSplit split, String previousPath, int previousBlock) implements Serializable {
        /** Splits in (run, chunk, block) order, as {@link RawFiles#plan} lists them. */
        static List<SplitTask> plan(List<RawSplit> splits) {
            List<SplitTask> tasks = new ArrayList<>();
            RawSplit last = null; // the last split with at least one batch
            for (RawSplit s : splits) {
                boolean sameRun = last != null && last.runId() == s.runId();
                tasks.add(new SplitTask(tasks.size(), s, sameRun ? last.path() : null, sameRun ? last.endBlock() - 1 : -1));
                if (s.endBlock() > s.firstBlock()) {
                    last = s;
                }
            }
            return tasks;
        }

        SplitTask withoutPredecessor() {
            return new SplitTask(index, split, null, -1);
        }

        /** The Parquet file of this split: named by run, chunk and first batch, so any partitioning writes the same files. */
        Path file(Path root) {
            return root.resolve("run_id=" + split.runId()).resolve(String.format(java.util.Locale.ROOT,
                    "part-c%05d-b%05d.zstd.parquet", split.chunkIndex(), split.firstBlock()));
        }
    }

    /** What a split task did; problem is non-null when its file was bad (quarantine). */
    record SplitResult(int index, int runId, int chunk, long triggersIn, long eventsOut, String problem)
            implements Serializable {}

    static Iterator<SplitResult> reducePartition(Iterator<SplitTask> tasks, CalibrationTables tables, DetectorModel det,
                                                 double lightYield, boolean quarantine, String outDir,
                                                 String lineageHash, LongAccumulator done) {
        ReductionKernel kernel = new ReductionKernel(det, LightResponse.of(det), lightYield);
        ReducedEvents ev = new ReducedEvents();
        List<SplitResult> out = new ArrayList<>();
        try (BufferAllocator alloc = new RootAllocator()) {
            while (tasks.hasNext()) {
                out.add(reduceSplit(tasks.next(), tables, kernel, ev, alloc, quarantine, Path.of(outDir), lineageHash, done));
            }
        }
        return out.iterator();
    }

    /**
     * Reduces one split into its Parquet file. time_since_previous_ns comes from the trigger times in order; the
     * first trigger's predecessor is read from the last batch before the split (one batch decoded), so the event
     * table needs no shuffle. A bad split leaves no file.
     */
    static SplitResult reduceSplit(SplitTask t, CalibrationTables tables, ReductionKernel kernel, ReducedEvents ev,
                                   BufferAllocator alloc, boolean quarantine, Path outDir, String lineageHash,
                                   LongAccumulator done) {
        RawSplit s = t.split();
        kernel.setRun(tables.calibration(s.runId()), tables.run(s.runId()).tdcNsPerCount());
        long read = 0;
        ParquetTableWriter w = null;
        try {
            long previous = t.previousPath() == null ? Long.MIN_VALUE : lastTriggerTime(t, quarantine);
            w = new ParquetTableWriter(EVENT_FILE, t.file(outDir), Map.of(MetadataKeys.LINEAGE_HASH, lineageHash));
            try (RawBatchReader reader = new RawBatchReader(s, alloc)) {
                while (reader.next()) {
                    read += reader.size;
                    kernel.process(s.path(), s.runId(), reader.size, reader.eventId, reader.triggerTimeNs,
                            reader.odTriggered, reader.hitOffsets, reader.pmt, reader.adc, reader.tdc, ev);
                    for (int i = 0; i < ev.size; i++) {
                        w.add(ev.eventId[i]).add(ev.triggerTimeNs[i]);
                        if (previous == Long.MIN_VALUE) {
                            w.addNull();
                        } else {
                            w.add(ev.triggerTimeNs[i] - previous);
                        }
                        previous = ev.triggerTimeNs[i];
                        w.add(ev.odTriggered[i]).add(ev.hitCount[i]).add(ev.totalPe[i]).add(ev.maxPmtPeFraction[i])
                                .add(ev.earlyPeFraction[i]).add(ev.hitTimeRmsNs[i]).add(ev.energyKev[i]).add(ev.xCm[i])
                                .add(ev.yCm[i]).add(ev.zCm[i]).add(ev.rCm[i]).add(ev.vertexNll[i]).add(ev.vertexStatus[i])
                                .add(ev.timingRCm[i]);
                    }
                    done.add(ev.size);
                }
            }
            long written = w.rows();
            w.close();
            return new SplitResult(t.index(), s.runId(), s.chunkIndex(), read, written, null);
        } catch (RawDataException e) {
            if (w != null) {
                w.abort();
            }
            if (!quarantine) {
                throw e;
            }
            return new SplitResult(t.index(), s.runId(), s.chunkIndex(), read, 0, e.getMessage());
        } catch (RuntimeException e) {
            if (w != null) {
                w.abort();
            }
            throw e;
        }
    }

    /**
     * Trigger time of the last trigger in the batch before the split (the predecessor of its first trigger), or
     * Long.MIN_VALUE (unknown) when that batch is unreadable and bad files are quarantined: its own task reports
     * the file. Its own allocator, because Arrow can leak a buffer when decompressing corrupted bytes.
     */
    static long lastTriggerTime(SplitTask t, boolean quarantine) {
        RawSplit prev = new RawSplit(t.previousPath(), t.split().runId(), -1, t.previousBlock(), t.previousBlock() + 1);
        RootAllocator alloc = new RootAllocator();
        try (RawBatchReader reader = new RawBatchReader(prev, alloc, false)) {
            if (!reader.next() || reader.size == 0) {
                throw new RawDataException(prev.path(), prev.runId(), -1, null, "record batch " + t.previousBlock()
                        + " (the predecessor of " + t.split().path() + " batch " + t.split().firstBlock() + ") is empty");
            }
            return reader.triggerTimeNs[reader.size - 1];
        } catch (RawDataException e) {
            if (quarantine) {
                return Long.MIN_VALUE;
            }
            RawBatchReader.verifyChecksum(prev); // a corrupted file: say so, as its own task will
            throw e;
        } finally {
            try {
                alloc.close();
            } catch (IllegalStateException leaked) {
                // only after a corrupted batch: a few kB of direct memory, reclaimed with the allocator
            }
        }
    }

    /**
     * Quarantine: every file of a (run, chunk) with a bad split is removed whole, and a split whose predecessor
     * lay in a removed file is reduced again with an unknown predecessor (its first time_since_previous_ns null),
     * as for the first trigger of a run. Returns the quarantine list (run, chunk, reason).
     */
    static List<String> dropQuarantined(JavaSparkContext jsc, List<SplitTask> tasks, List<SplitResult> results,
                                        org.apache.spark.broadcast.Broadcast<CalibrationTables> tables,
                                        DetectorModel det, double lightYield, String outDir, String lineageHash) {
        java.util.Set<String> badFiles = new java.util.TreeSet<>();
        List<String> quarantined = new ArrayList<>();
        for (SplitResult r : results) {
            if (r.problem() != null) {
                String path = tasks.get(r.index()).split().path();
                if (badFiles.add(path)) {
                    quarantined.add(r.runId() + "\t" + r.chunk() + "\t" + r.problem());
                }
            }
        }
        if (badFiles.isEmpty()) {
            return quarantined;
        }
        List<SplitTask> redo = new ArrayList<>();
        for (SplitTask t : tasks) {
            if (badFiles.contains(t.split().path())) {
                try {
                    Files.deleteIfExists(t.file(Path.of(outDir)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                results.set(t.index(), new SplitResult(t.index(), t.split().runId(), t.split().chunkIndex(),
                        results.get(t.index()).triggersIn(), 0, results.get(t.index()).problem()));
            } else if (t.previousPath() != null && badFiles.contains(t.previousPath())) {
                redo.add(t.withoutPredecessor());
            }
        }
        if (!redo.isEmpty()) {
            LongAccumulator ignored = jsc.sc().longAccumulator();
            for (SplitResult r : jsc.parallelize(redo, redo.size()).mapPartitions(it -> reducePartition(it, tables.value(),
                    det, lightYield, false, outDir, lineageHash, ignored)).collect()) {
                results.set(r.index(), r);
            }
        }
        return quarantined;
    }

    /** A retried task attempt may leave its temporary file behind; the committed table holds final files only. */
    private static void removeTemporaries(Path staging) throws IOException {
        try (var walk = Files.walk(staging)) {
            for (Path p : walk.filter(f -> f.getFileName().toString().startsWith(".")
                    && f.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Map<Integer, long[]> countsByRun(List<SplitResult> results) {
        Map<Integer, long[]> counts = new TreeMap<>();
        for (SplitResult r : results) {
            long[] c = counts.computeIfAbsent(r.runId(), k -> new long[2]);
            c[0] += r.triggersIn();
            c[1] += r.eventsOut();
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
