package xmassnu.jobs.reduce;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.io.ParquetTableWriter;
import xmassnu.jobs.io.Progress;
import xmassnu.jobs.raw.DetectorRecord;
import xmassnu.jobs.raw.RawBatchReader;
import xmassnu.jobs.raw.RawFiles;
import xmassnu.jobs.raw.RawSplit;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.Manifest;
import xmassnu.jobs.stage.Stage;
import xmassnu.jobs.stage.StageContext;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
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
 * The reduce stage: raw Arrow hits to the Parquet event table (events/run_id=R/...). Pass 1 derives the light yield
 * from the central 57Co calibration runs; pass 2 reduces every run with its own calibration table, one task per raw
 * split, each writing its own Parquet file (run_id=R/part-cCCCCC-bBBBBB) with the rows in event order: no shuffle,
 * and the files depend only on the data, not on the partitioning. Triggers read per raw file are checked against the
 * raw manifest's row counts.
 */
public final class ReduceStage implements Stage<ReduceStage.Result> {
    /** Central calibration events used for the light yield: reconstructed within this radius of the centre. */
    static final double CALIBRATION_RADIUS_CM = 10.0;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReduceStage.class);

    private final int blocksPerSplit;
    private final boolean quarantine;

    /**
     * @param blocksPerSplit raw record batches per task, 1..{@value RawFiles#MAX_BLOCKS_PER_SPLIT} (names the event
     *                       files, so it is part of the lineage)
     * @param quarantine     skip raw files with bad data and list them instead of failing
     */
    public ReduceStage(int blocksPerSplit, boolean quarantine) {
        if (blocksPerSplit < 1 || blocksPerSplit > RawFiles.MAX_BLOCKS_PER_SPLIT) {
            throw new IllegalArgumentException("--blocks-per-split must be in [1, " + RawFiles.MAX_BLOCKS_PER_SPLIT
                    + "], got " + blocksPerSplit);
        }
        this.blocksPerSplit = blocksPerSplit;
        this.quarantine = quarantine;
    }

    /** Triggers in and events out of one run. */
    public record RunCounts(int runId, long triggersIn, long eventsOut) implements Serializable {}

    /** A raw file left out by --quarantine, and why. */
    public record Quarantined(int runId, int chunk, String reason) implements Serializable {}

    public record Result(double lightYieldPePerKev, List<RunCounts> runs, List<Quarantined> quarantined) {
        public long triggersIn() {
            return runs.stream().mapToLong(RunCounts::triggersIn).sum();
        }

        public long eventsOut() {
            return runs.stream().mapToLong(RunCounts::eventsOut).sum();
        }
    }

    @Override
    public String name() {
        return "reduce";
    }

    @Override
    public String key() {
        return DataLayout.EVENTS;
    }

    @Override
    public List<Input> inputs() {
        Input raw = Input.of(DataLayout.RAW, "simulate", DataLayout.HITS, DataLayout.CALIB, DataLayout.RUNS,
                DetectorRecord.FILE);
        return List.of(quarantine ? raw.tolerating() : raw);
    }

    @Override
    public JsonNode settings() {
        ObjectNode conf = Json.MAPPER.createObjectNode();
        conf.put("brightEventPe", ReductionKernel.BRIGHT_EVENT_PE);
        conf.put("calibrationRadiusCm", CALIBRATION_RADIUS_CM);
        conf.put("blocksPerSplit", blocksPerSplit);
        conf.put("quarantine", quarantine);
        return conf;
    }

    @Override
    public List<Table> writes() {
        return List.of(Tables.EVENTS);
    }

    @Override
    public Result reuse(StageContext ctx, CommittedStage committed) {
        return ReduceReport.read(ctx.storage(), committed);
    }

    @Override
    public Result compute(StageContext ctx) {
        CommittedStage raw = ctx.input(DataLayout.RAW);
        Map<Location, String> damaged = damagedHitFiles(ctx, raw);
        DetectorModel det = DetectorRecord.read(ctx.storage(), raw);
        CalibrationTables tables = CalibrationTables.load(ctx.storage(), raw);
        List<RawSplit> splits = RawFiles.plan(ctx.storage(), raw.dir(), raw.manifest(), run -> true, blocksPerSplit,
                damaged.keySet());
        checkRunsHaveData(raw, tables, splits);
        JavaSparkContext jsc = ctx.jsc();
        Broadcast<CalibrationTables> sharedTables = jsc.broadcast(tables); // once per executor, not inside every task
        long tCal = System.nanoTime();
        double lightYield = calibrateLightYield(ctx, splits.stream().filter(x -> !damaged.containsKey(x.file())).toList(),
                sharedTables, det);
        LOG.info("light-yield calibration pass: {} s", (System.nanoTime() - tCal) * 1e-9);
        List<SplitTask> tasks = SplitTask.plan(splits);
        List<SplitResult> results = reduceSplits(ctx, tasks, damaged, sharedTables, det, lightYield);
        List<Quarantined> quarantined = quarantine ? dropQuarantined(ctx, tasks, results, sharedTables, det, lightYield)
                : List.of();
        checkTriggerCounts(raw, tasks, results, quarantined);
        for (SplitResult r : results) {
            if (r.file() != null) {
                ctx.output().add(r.file());
            }
        }
        Result result = new Result(lightYield, countsByRun(results), quarantined);
        ReduceReport.write(ctx.output(), result, CALIBRATION_RADIUS_CM);
        return result;
    }

    /**
     * With --quarantine, the raw files that failed their check against the raw manifest (they are left out and listed);
     * a damaged calibration table, run catalog or detector description is an error all the same.
     */
    static Map<Location, String> damagedHitFiles(StageContext ctx, CommittedStage raw) {
        Map<Location, String> damaged = new TreeMap<>();
        Location hits = raw.dir().resolve(DataLayout.HITS);
        ctx.damaged(DataLayout.RAW).forEach((file, problem) -> {
            if (!file.uri().startsWith(hits.uri() + "/")) {
                throw XmassException.badInput(problem + "; only raw hits files can be quarantined");
            }
            damaged.put(file, problem);
        });
        return damaged;
    }

    /** A catalogued run without raw files would count its live time in the exposure with no events in it. */
    static void checkRunsHaveData(CommittedStage raw, CalibrationTables tables, List<RawSplit> splits) {
        Set<Integer> runsWithData = new TreeSet<>();
        for (RawSplit s : splits) {
            tables.run(s.runId());
            tables.calibration(s.runId()); // fail now, on the driver, naming the run
            runsWithData.add(s.runId());
        }
        for (CalibrationTables.CatalogRun r : new TreeMap<>(tables.runs()).values()) {
            if (!runsWithData.contains(r.runId()) && r.livetimeS() > 0) {
                throw XmassException.badInput("run " + r.runId() + " is in the run catalog with "
                        + String.format(Locale.ROOT, "%.1f", r.livetimeS()) + " s of live time but has no raw hits files "
                        + "under " + raw.dir().resolve(DataLayout.HITS + "/" + DataLayout.runDirectory(r.runId()))
                        + ": its live time would count with no events; restore its files or remove it from the catalog");
            }
        }
    }

    /** Pass 1: reconstruct the central 57Co runs with unit light yield and fit the 122 keV peak. */
    static double calibrateLightYield(StageContext ctx, List<RawSplit> splits, Broadcast<CalibrationTables> shared,
                                      DetectorModel det) {
        CalibrationTables tables = shared.value();
        List<RawSplit> central = splits.stream().filter(s -> {
            CalibrationTables.CatalogRun r = tables.run(s.runId());
            return r.isCalibration() && r.sourceZCm() != null && Math.abs(r.sourceZCm()) < 1e-6;
        }).toList();
        if (central.isEmpty()) {
            throw XmassException.badInput("no 57Co calibration run with the source at z = 0 among the raw data: "
                    + "the energy scale cannot be calibrated (simulate a slice that starts with a calibration day)");
        }
        Broadcast<Storage> storage = ctx.storageOnExecutors();
        List<Double> pe = ctx.jsc().parallelize(central, central.size()).mapPartitions(it -> {
            CalibrationTables onExecutor = shared.value();
            List<Double> out = new ArrayList<>();
            ReductionKernel kernel = new ReductionKernel(det, LightResponse.of(det), 1.0);
            ReducedEvents ev = new ReducedEvents();
            try (BufferAllocator alloc = new RootAllocator()) {
                while (it.hasNext()) {
                    RawSplit s = it.next();
                    kernel.setRun(onExecutor.calibration(s.runId()), onExecutor.run(s.runId()).tdcNsPerCount());
                    try (RawBatchReader reader = new RawBatchReader(storage.value(), s, alloc)) {
                        while (reader.next()) {
                            kernel.process(s.path(), s.runId(), reader.size, reader.eventId, reader.triggerTimeNs,
                                    reader.odTriggered, reader.hitOffsets, reader.pmt, reader.adc, reader.tdc, ev);
                            for (int i = 0; i < ev.size; i++) {
                                if (ev.rCm[i] < CALIBRATION_RADIUS_CM && (ev.vertexStatus[i] == VertexFitter.CONVERGED
                                        || ev.vertexStatus[i] == VertexFitter.CENTROID)) {
                                    out.add(ev.energyKevee[i]); // PE corrected to the centre
                                }
                            }
                        }
                    }
                }
            }
            return out.iterator();
        }).collect();
        LightYieldCalibration.Result fit = LightYieldCalibration.fit(pe.stream().mapToDouble(Double::doubleValue).toArray());
        if (!fit.converged()) {
            throw XmassException.badInput("57Co peak fit did not converge (" + fit + ")");
        }
        return fit.lightYieldPePerKev();
    }

    /** Pass 2: every split of an undamaged file reduced by a task; those of damaged files are results with a problem. */
    private List<SplitResult> reduceSplits(StageContext ctx, List<SplitTask> all, Map<Location, String> damaged,
                                           Broadcast<CalibrationTables> tables, DetectorModel det, double lightYield) {
        List<SplitTask> tasks = all.stream().filter(t -> !damaged.containsKey(t.split().file())).toList();
        JavaSparkContext jsc = ctx.jsc();
        LongAccumulator done = jsc.sc().longAccumulator("reduced events");
        Broadcast<Storage> storage = ctx.storageOnExecutors();
        Location out = ctx.output().dir();
        String lineageHash = ctx.lineage().hash();
        boolean q = quarantine;
        List<SplitResult> results;
        try (Progress p = new Progress("reduce", "events", jsc.statusTracker(), done, ctx.quiet())) {
            results = new ArrayList<>(jsc.parallelize(tasks, Math.max(1, tasks.size()))
                    .mapPartitions(it -> reducePartition(it, storage.value(), tables.value(), det, lightYield, q, out,
                            lineageHash, done)).collect());
        }
        for (SplitTask t : all) {
            String problem = damaged.get(t.split().file());
            if (problem != null) {
                results.add(new SplitResult(t.index(), t.split().runId(), t.split().chunkIndex(), 0, 0, null, problem));
            }
        }
        results.sort(java.util.Comparator.comparingInt(SplitResult::index));
        return results;
    }

    /** The columns of one event file: the event table without run_id, which is the directory (run_id=R). */
    static final Table EVENT_FILE = new Table(Tables.EVENTS.name(), Tables.EVENTS.version(), Tables.EVENTS.storage(),
            Tables.EVENTS.description(), Tables.EVENTS.columns().stream().filter(c -> !c.name().equals("run_id")).toList());

    /**
     * A split and where its first trigger's predecessor is: the last record batch before it in the same run
     * (previous null for the first split of a run).
     */
    record SplitTask(int index, RawSplit split, Location previous, int previousBlock) implements Serializable {
        /** Splits in (run, chunk, block) order, as {@link RawFiles#plan} lists them. */
        static List<SplitTask> plan(List<RawSplit> splits) {
            List<SplitTask> tasks = new ArrayList<>();
            RawSplit last = null; // the last split with at least one batch
            for (RawSplit s : splits) {
                boolean sameRun = last != null && last.runId() == s.runId();
                tasks.add(new SplitTask(tasks.size(), s, sameRun ? last.file() : null, sameRun ? last.endBlock() - 1 : -1));
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
        Location file(Location root) {
            return root.resolve(DataLayout.runDirectory(split.runId()) + "/" + String.format(Locale.ROOT,
                    "part-c%05d-b%05d.zstd.parquet", split.chunkIndex(), split.firstBlock()));
        }
    }

    /** What a split task did: its file (null when none), or the problem when its raw file was bad (quarantine). */
    record SplitResult(int index, int runId, int chunk, long triggersIn, long eventsOut, Manifest.Entry file,
                       String problem) implements Serializable {}

    static Iterator<SplitResult> reducePartition(Iterator<SplitTask> tasks, Storage storage, CalibrationTables tables,
                                                 DetectorModel det, double lightYield, boolean quarantine,
                                                 Location outDir, String lineageHash, LongAccumulator done) {
        ReductionKernel kernel = new ReductionKernel(det, LightResponse.of(det), lightYield);
        ReducedEvents ev = new ReducedEvents();
        List<SplitResult> out = new ArrayList<>();
        try (BufferAllocator alloc = new RootAllocator()) {
            while (tasks.hasNext()) {
                out.add(reduceSplit(tasks.next(), storage, tables, kernel, ev, alloc, quarantine, outDir, lineageHash, done));
            }
        }
        return out.iterator();
    }

    /**
     * Reduces one split into its Parquet file. time_since_previous_ns comes from the trigger times in order; the
     * first trigger's predecessor is read from the last batch before the split (one batch decoded), so the event
     * table needs no shuffle. A bad split leaves no file.
     */
    static SplitResult reduceSplit(SplitTask t, Storage storage, CalibrationTables tables, ReductionKernel kernel,
                                   ReducedEvents ev, BufferAllocator alloc, boolean quarantine, Location outDir,
                                   String lineageHash, LongAccumulator done) {
        RawSplit s = t.split();
        kernel.setRun(tables.calibration(s.runId()), tables.run(s.runId()).tdcNsPerCount());
        long read = 0;
        long previous = t.previous() == null ? Long.MIN_VALUE : lastTriggerTime(storage, t, quarantine);
        try (ParquetTableWriter w = new ParquetTableWriter(storage, t.file(outDir), EVENT_FILE,
                Map.of(MetadataKeys.LINEAGE_HASH, lineageHash));
             RawBatchReader reader = new RawBatchReader(storage, s, alloc)) {
            EventColumns c = new EventColumns(w);
            while (reader.next()) {
                read += reader.size;
                kernel.process(s.path(), s.runId(), reader.size, reader.eventId, reader.triggerTimeNs,
                        reader.odTriggered, reader.hitOffsets, reader.pmt, reader.adc, reader.tdc, ev);
                for (int i = 0; i < ev.size; i++) {
                    c.write(ev, i, previous);
                    previous = ev.triggerTimeNs[i];
                }
                done.add(ev.size);
            }
            long written = w.rows();
            return new SplitResult(t.index(), s.runId(), s.chunkIndex(), read, written, w.finish(outDir), null);
        } catch (RawDataException e) {
            if (!quarantine) {
                throw e;
            }
            return new SplitResult(t.index(), s.runId(), s.chunkIndex(), read, 0, null, e.getMessage());
        }
    }

    /** The event-table columns, looked up by name once per file. */
    private static final class EventColumns {
        final ParquetTableWriter w;
        final int eventId;
        final int triggerTime;
        final int sincePrevious;
        final int od;
        final int hits;
        final int pe;
        final int maxFraction;
        final int early;
        final int rms;
        final int energy;
        final int x;
        final int y;
        final int z;
        final int r;
        final int nll;
        final int status;
        final int timingR;

        EventColumns(ParquetTableWriter w) {
            this.w = w;
            eventId = w.column("event_id");
            triggerTime = w.column("trigger_time_ns");
            sincePrevious = w.column("time_since_previous_ns");
            od = w.column("od_triggered");
            hits = w.column("hit_count");
            pe = w.column("total_pe");
            maxFraction = w.column("max_pmt_pe_fraction");
            early = w.column("early_pe_fraction");
            rms = w.column("hit_time_rms_ns");
            energy = w.column("energy_kevee");
            x = w.column("x_cm");
            y = w.column("y_cm");
            z = w.column("z_cm");
            r = w.column("r_cm");
            nll = w.column("vertex_nll");
            status = w.column("vertex_status");
            timingR = w.column("timing_r_cm");
        }

        void write(ReducedEvents ev, int i, long previous) {
            w.set(eventId, ev.eventId[i]).set(triggerTime, ev.triggerTimeNs[i]);
            if (previous == Long.MIN_VALUE) {
                w.setNull(sincePrevious);
            } else {
                w.set(sincePrevious, ev.triggerTimeNs[i] - previous);
            }
            w.set(od, ev.odTriggered[i]).set(hits, ev.hitCount[i]).set(pe, ev.totalPe[i])
                    .set(maxFraction, ev.maxPmtPeFraction[i]).set(early, ev.earlyPeFraction[i]).set(rms, ev.hitTimeRmsNs[i])
                    .set(energy, ev.energyKevee[i]).set(x, ev.xCm[i]).set(y, ev.yCm[i]).set(z, ev.zCm[i]).set(r, ev.rCm[i])
                    .set(nll, ev.vertexNll[i]).set(status, ev.vertexStatus[i]).set(timingR, ev.timingRCm[i]).endRow();
        }
    }

    /**
     * Trigger time of the last trigger in the batch before the split (the predecessor of its first trigger), or
     * Long.MIN_VALUE (unknown) when that batch is unreadable and bad files are quarantined: its own task reports
     * the file. Its own allocator, because Arrow can leak a buffer when decompressing corrupted bytes.
     */
    static long lastTriggerTime(Storage storage, SplitTask t, boolean quarantine) {
        RawSplit prev = new RawSplit(t.previous(), t.split().runId(), -1, t.previousBlock(), t.previousBlock() + 1);
        RootAllocator alloc = new RootAllocator();
        try (RawBatchReader reader = new RawBatchReader(storage, prev, alloc)) {
            if (!reader.next() || reader.size == 0) {
                throw new RawDataException(prev.path(), prev.runId(), -1, null, "record batch " + t.previousBlock()
                        + " (the predecessor of " + t.split().path() + " batch " + t.split().firstBlock() + ") is empty");
            }
            return reader.triggerTimeNs[reader.size - 1];
        } catch (RawDataException e) {
            if (quarantine) {
                return Long.MIN_VALUE;
            }
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
     * Quarantine: every file of a (run, chunk) with a bad split is left out whole, and a split whose predecessor lay
     * in a left-out file is reduced again with an unknown predecessor (its first time_since_previous_ns null), as for
     * the first trigger of a run.
     */
    private List<Quarantined> dropQuarantined(StageContext ctx, List<SplitTask> tasks, List<SplitResult> results,
                                              Broadcast<CalibrationTables> tables, DetectorModel det, double lightYield) {
        Set<Location> badFiles = new TreeSet<>();
        List<Quarantined> quarantined = new ArrayList<>();
        for (SplitResult r : results) {
            if (r.problem() != null && badFiles.add(tasks.get(r.index()).split().file())) {
                quarantined.add(new Quarantined(r.runId(), r.chunk(), r.problem()));
            }
        }
        if (badFiles.isEmpty()) {
            return quarantined;
        }
        List<SplitTask> redo = new ArrayList<>();
        for (SplitTask t : tasks) {
            SplitResult r = results.get(t.index());
            if (badFiles.contains(t.split().file())) {
                if (r.file() != null) {
                    ctx.storage().delete(t.file(ctx.output().dir()));
                }
                results.set(t.index(), new SplitResult(t.index(), r.runId(), r.chunk(), r.triggersIn(), 0, null,
                        r.problem() == null ? "another split of the file was bad" : r.problem()));
            } else if (t.previous() != null && badFiles.contains(t.previous())) {
                redo.add(t.withoutPredecessor());
            }
        }
        if (!redo.isEmpty()) {
            Broadcast<Storage> storage = ctx.storageOnExecutors();
            Location out = ctx.output().dir();
            String lineageHash = ctx.lineage().hash();
            LongAccumulator ignored = ctx.jsc().sc().longAccumulator();
            for (SplitResult r : ctx.jsc().parallelize(redo, redo.size()).mapPartitions(it -> reducePartition(it,
                    storage.value(), tables.value(), det, lightYield, false, out, lineageHash, ignored)).collect()) {
                results.set(r.index(), r);
            }
        }
        return quarantined;
    }

    /** Every trigger of every raw file read exactly once: what the raw manifest says each file holds. */
    static void checkTriggerCounts(CommittedStage raw, List<SplitTask> tasks, List<SplitResult> results,
                                   List<Quarantined> quarantined) {
        Map<Location, Long> read = new TreeMap<>();
        Set<Location> bad = new TreeSet<>();
        for (SplitResult r : results) {
            Location f = tasks.get(r.index()).split().file();
            read.merge(f, r.triggersIn(), Long::sum);
            if (r.problem() != null) {
                bad.add(f);
            }
        }
        for (Map.Entry<Location, Long> e : read.entrySet()) {
            if (bad.contains(e.getKey())) {
                continue;
            }
            Long expected = raw.entry(raw.dir().relativize(e.getKey())).rows();
            if (expected != null && expected.longValue() != e.getValue()) {
                throw XmassException.badInput(e.getKey() + ": read " + e.getValue() + " triggers, the raw commit record "
                        + "says it holds " + expected);
            }
        }
    }

    private static List<RunCounts> countsByRun(List<SplitResult> results) {
        Map<Integer, long[]> counts = new TreeMap<>();
        for (SplitResult r : results) {
            long[] c = counts.computeIfAbsent(r.runId(), k -> new long[2]);
            c[0] += r.triggersIn();
            c[1] += r.eventsOut();
        }
        List<RunCounts> out = new ArrayList<>();
        counts.forEach((run, c) -> out.add(new RunCounts(run, c[0], c[1])));
        return out;
    }

    /** The reduce stage's records: events/_report.json (counts per run, quarantine) and _calibration.json. */
    public static final class ReduceReport {
        private ReduceReport() {}

        static void write(xmassnu.jobs.stage.StageOutput out, Result r, double calibrationRadiusCm) {
            ObjectNode report = Json.MAPPER.createObjectNode();
            ArrayNode runs = report.putArray("runs");
            r.runs().forEach(c -> runs.addObject().put("run_id", c.runId()).put("triggers_in", c.triggersIn())
                    .put("events_out", c.eventsOut()));
            ArrayNode q = report.putArray("quarantined");
            r.quarantined().forEach(x -> q.addObject().put("run_id", x.runId()).put("chunk", x.chunk())
                    .put("reason", x.reason()));
            out.writeJson(DataLayout.REDUCE_REPORT, report);
            ObjectNode cal = Json.MAPPER.createObjectNode();
            cal.put("light_yield_pe_per_kev", r.lightYieldPePerKev());
            cal.put("method", "57Co 122.06 keV peak of central calibration runs (r < " + calibrationRadiusCm + " cm)");
            out.writeJson(DataLayout.CALIBRATION, cal);
        }

        public static Result read(Storage storage, CommittedStage events) {
            JsonNode report = events.readJson(storage, DataLayout.REDUCE_REPORT);
            List<RunCounts> runs = new ArrayList<>();
            report.path("runs").forEach(n -> runs.add(new RunCounts(n.get("run_id").asInt(), n.get("triggers_in").asLong(),
                    n.get("events_out").asLong())));
            List<Quarantined> q = new ArrayList<>();
            report.path("quarantined").forEach(n -> q.add(new Quarantined(n.get("run_id").asInt(), n.get("chunk").asInt(),
                    n.get("reason").asText())));
            return new Result(lightYield(storage, events), runs, q);
        }

        /** The light yield the events were calibrated with, PE per keV at the centre. */
        public static double lightYield(Storage storage, CommittedStage events) {
            JsonNode n = events.readJson(storage, DataLayout.CALIBRATION).get("light_yield_pe_per_kev");
            if (n == null || !(n.asDouble() > 0)) {
                throw XmassException.badInput(events.dir().resolve(DataLayout.CALIBRATION) + " has no light_yield_pe_per_kev");
            }
            return n.asDouble();
        }
    }
}
