package xmassnu.jobs.simulate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.config.RunSelection;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.io.ParquetTableWriter;
import xmassnu.jobs.io.Progress;
import xmassnu.jobs.io.RawHitsWriter;
import xmassnu.jobs.raw.DetectorRecord;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.Manifest;
import xmassnu.jobs.stage.Stage;
import xmassnu.jobs.stage.StageContext;
import xmassnu.jobs.stage.StageOutput;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.detector.PmtArray;
import xmassnu.reduction.detector.RunCalibration;
import xmassnu.reduction.sim.ChunkSimulator;
import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.SimulatedChunk;
import xmassnu.reduction.sim.SimulationConfig;
import xmassnu.reduction.sim.TabulatedSpectrum;
import xmassnu.schemas.MetadataKeys;
import xmassnu.schemas.Table;
import xmassnu.schemas.Tables;

/**
 * The simulate stage: raw data as a DAQ converter would write them. The (run, chunk) grid fans out over Spark tasks;
 * each task simulates its chunk and writes raw/hits/run_id=R/chunk-K.arrow and raw/truth/run_id=R/chunk-K.parquet;
 * the driver adds the per-run calibration tables, the run catalog and the detector description.
 */
public final class SimulateStage implements Stage<SimulateStage.Result> {
    private final RunSelection runs;
    private final SimulationSettings settings;
    private final int partitions;

    /**
     * @param partitions Spark partitions of the chunk tasks; 0: four per core, at most one per chunk (never changes
     *                   the output)
     */
    public SimulateStage(RunSelection runs, SimulationSettings settings, int partitions) {
        if (partitions < 0 || partitions > 100_000) {
            throw new IllegalArgumentException("partitions must be in [0, 100000] (0: 4 per core), got " + partitions);
        }
        this.runs = runs;
        this.settings = settings;
        this.partitions = partitions;
    }

    /** What was simulated; {@code chunks} is empty when the output was reused. */
    public record Result(List<ChunkSummary> chunks) {
        public long events() {
            return chunks.stream().mapToLong(ChunkSummary::events).sum();
        }

        public long generated() {
            return chunks.stream().mapToLong(c -> java.util.Arrays.stream(c.generated()).sum()).sum();
        }

        public long bytes() {
            return chunks.stream().mapToLong(c -> c.rawBytes() + c.truthBytes()).sum();
        }
    }

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String key() {
        return DataLayout.RAW;
    }

    @Override
    public List<Input> inputs() {
        return List.of();
    }

    @Override
    public JsonNode settings() {
        ObjectNode conf = Json.MAPPER.createObjectNode();
        conf.set("settings", settings.toJson());
        conf.put("runs", runs.label());
        return conf;
    }

    @Override
    public List<Table> writes() {
        return List.of(Tables.RAW_HITS, Tables.MC_TRUTH, Tables.PMT_CALIBRATION, Tables.RUN_CATALOG);
    }

    @Override
    public Result reuse(StageContext ctx, CommittedStage committed) {
        return new Result(List.of());
    }

    @Override
    public Result compute(StageContext ctx) {
        List<ChunkTask> tasks = planChunks();
        List<ChunkSummary> chunks = simulateChunks(ctx, tasks);
        Map<String, String> meta = Map.of(MetadataKeys.LINEAGE_HASH, ctx.lineage().hash());
        writeCalibration(ctx.output(), ctx.storage(), meta);
        writeRunCatalog(ctx.output(), ctx.storage(), meta);
        DetectorRecord.write(ctx.output(), settings.detector());
        return new Result(chunks);
    }

    /** One task per (run, chunk of at most chunkLivetimeS of live time). */
    List<ChunkTask> planChunks() {
        List<ChunkTask> tasks = new ArrayList<>();
        for (RunInfo r : runs.runs()) {
            long liveNs = Math.round(r.livetimeS() * 1e9);
            long chunkNs = Math.round(settings.chunkLivetimeS() * 1e9);
            int k = 0;
            for (long s = 0; s < liveNs; s += chunkNs, k++) {
                tasks.add(ChunkTask.of(r, k, s, Math.min(liveNs, s + chunkNs)));
            }
        }
        return tasks;
    }

    private List<ChunkSummary> simulateChunks(StageContext ctx, List<ChunkTask> tasks) {
        double[][] spectra = SolarSpectra.build(settings);
        String settingsJson = Json.canonical(settings.toJson());
        String hash = ctx.lineage().hash();
        Location raw = ctx.output().dir();
        Broadcast<Storage> storage = ctx.storageOnExecutors();
        JavaSparkContext jsc = ctx.jsc();
        LongAccumulator eventsDone = jsc.sc().longAccumulator("simulated events");
        int slices = partitions > 0 ? partitions : Math.max(1, Math.min(tasks.size(), jsc.defaultParallelism() * 4));
        List<ChunkOutput> outputs;
        try (Progress p = new Progress("simulate", "events", jsc.statusTracker(), eventsDone, ctx.quiet())) {
            outputs = jsc.parallelize(tasks, slices).mapPartitions(it -> simulatePartition(it, settingsJson, spectra,
                    hash, storage.value(), raw, eventsDone)).collect();
        }
        List<ChunkSummary> summaries = new ArrayList<>();
        for (ChunkOutput o : outputs) {
            ctx.output().add(o.hits());
            ctx.output().add(o.truth());
            summaries.add(o.summary());
        }
        summaries.sort((a, b) -> a.runId() != b.runId() ? Integer.compare(a.runId(), b.runId())
                : Integer.compare(a.chunkIndex(), b.chunkIndex()));
        return summaries;
    }

    /** A chunk's two files and its counts. */
    record ChunkOutput(Manifest.Entry hits, Manifest.Entry truth, ChunkSummary summary) implements java.io.Serializable {}

    static Iterator<ChunkOutput> simulatePartition(Iterator<ChunkTask> tasks, String settingsJson, double[][] spectra,
                                                  String lineageHash, Storage storage, Location raw,
                                                  LongAccumulator done) throws java.io.IOException {
        SimulationSettings settings = Json.MAPPER.readValue(settingsJson, SimulationSettings.class);
        TabulatedSpectrum sm = new TabulatedSpectrum(spectra[0], spectra[1]);
        TabulatedSpectrum signal = spectra[2] == null ? null : new TabulatedSpectrum(spectra[0], spectra[2]);
        SimulationConfig config = new SimulationConfig(settings.seed(), settings.detector(), settings.activities(), sm,
                signal, settings.componentSet(), settings.chunkLivetimeS(), settings.windowRestriction());
        ChunkSimulator simulator = new ChunkSimulator(config);
        List<ChunkOutput> out = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            while (tasks.hasNext()) {
                ChunkTask t = tasks.next();
                long start = System.nanoTime();
                RunInfo run = t.run();
                RunCalibration truth = RunCalibration.truth(settings.detector(), settings.seed(), run.runId(),
                        run.yearsSinceStart(), run.periodFraction());
                SimulatedChunk chunk = simulator.simulate(run, truth, t.chunkIndex(), t.chunkStartNs(), t.chunkEndNs());
                String runDir = DataLayout.runDirectory(run.runId());
                Manifest.Entry hits = RawHitsWriter.write(chunk, storage, raw, raw.resolve(DataLayout.HITS + "/" + runDir
                        + "/" + RawHitsWriter.fileName(t.chunkIndex())), lineageHash, allocator);
                Manifest.Entry truthFile = writeTruth(chunk, storage, raw, raw.resolve(DataLayout.TRUTH + "/" + runDir
                        + "/" + String.format(Locale.ROOT, "chunk-%05d.parquet", t.chunkIndex())), lineageHash);
                done.add(chunk.nEvents);
                out.add(new ChunkOutput(hits, truthFile, new ChunkSummary(run.runId(), t.chunkIndex(),
                        chunk.generatedByComponent.clone(), chunk.triggeredByComponent.clone(), chunk.nEvents,
                        chunk.nHits, hits.bytes(), truthFile.bytes(), System.nanoTime() - start)));
            }
        }
        return out.iterator();
    }

    static Manifest.Entry writeTruth(SimulatedChunk c, Storage storage, Location raw, Location file, String lineageHash) {
        try (ParquetTableWriter w = new ParquetTableWriter(storage, file, Tables.MC_TRUTH,
                Map.of(MetadataKeys.LINEAGE_HASH, lineageHash))) {
            int run = w.column("run_id");
            int event = w.column("event_id");
            int truthId = w.column("truth_id");
            int component = w.column("component");
            int energy = w.column("true_energy_kev");
            int x = w.column("true_x_cm");
            int y = w.column("true_y_cm");
            int z = w.column("true_z_cm");
            int time = w.column("time_ns");
            int triggered = w.column("triggered");
            for (int i = 0; i < c.nTruth; i++) {
                w.set(run, c.runId).set(event, c.truthEventId[i]).set(truthId, c.truthId[i])
                        .set(component, c.component(i).label()).set(energy, c.truthEnergyKev[i]).set(x, c.truthX[i])
                        .set(y, c.truthY[i]).set(z, c.truthZ[i]).set(time, c.truthTimeNs[i])
                        .set(triggered, c.truthTriggered[i]).endRow();
            }
            return w.finish(raw);
        }
    }

    /** The measured calibration constants of every run, one table per run (what LED and source runs would give). */
    void writeCalibration(StageOutput out, Storage storage, Map<String, String> meta) {
        DetectorModel det = settings.detector();
        for (RunInfo r : runs.runs()) {
            RunCalibration measured = RunCalibration.truth(det, settings.seed(), r.runId(), r.yearsSinceStart(),
                    r.periodFraction()).measured(det, settings.seed());
            Location f = out.resolve(DataLayout.CALIB + "/" + DataLayout.runDirectory(r.runId()) + "/pmt_calibration.parquet");
            try (ParquetTableWriter w = new ParquetTableWriter(storage, f, Tables.PMT_CALIBRATION, meta)) {
                int run = w.column("run_id");
                int pmt = w.column("pmt_id");
                int gain = w.column("gain_adc_per_pe");
                int pedestal = w.column("pedestal_adc");
                int offset = w.column("timing_offset_ns");
                int status = w.column("status");
                for (int i = 0; i < PmtArray.COUNT; i++) {
                    w.set(run, r.runId()).set(pmt, i).set(gain, measured.gainAdcPerPe()[i])
                            .set(pedestal, measured.pedestalAdc()[i]).set(offset, measured.timingOffsetNs()[i])
                            .set(status, measured.status()[i]).endRow();
                }
                out.add(w.finish(out.dir()));
            }
        }
    }

    void writeRunCatalog(StageOutput out, Storage storage, Map<String, String> meta) {
        DetectorModel det = settings.detector();
        Location f = out.resolve(DataLayout.RUNS + "/run_catalog.parquet");
        try (ParquetTableWriter w = new ParquetTableWriter(storage, f, Tables.RUN_CATALOG, meta)) {
            int run = w.column("run_id");
            int type = w.column("run_type");
            int start = w.column("start_unix_ns");
            int end = w.column("end_unix_ns");
            int live = w.column("livetime_s");
            int dead = w.column("deadtime_s");
            int hits = w.column("trigger_hits");
            int window = w.column("trigger_window_ns");
            int threshold = w.column("hit_threshold_pe");
            int tdc = w.column("tdc_ns_per_count");
            int sourceZ = w.column("source_z_cm");
            for (RunInfo r : runs.runs()) {
                w.set(run, r.runId()).set(type, r.runType()).set(start, r.startUnixNs()).set(end, r.endUnixNs())
                        .set(live, r.livetimeS()).set(dead, r.deadtimeS()).set(hits, det.triggerHits())
                        .set(window, det.triggerWindowNs()).set(threshold, det.hitThresholdPe())
                        .set(tdc, det.tdcNsPerCount());
                if (r.sourceZCm() == null) {
                    w.setNull(sourceZ);
                } else {
                    w.set(sourceZ, r.sourceZCm());
                }
                w.endRow();
            }
            out.add(w.finish(out.dir()));
        }
    }
}
