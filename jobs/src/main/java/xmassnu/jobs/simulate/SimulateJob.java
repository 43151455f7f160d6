package xmassnu.jobs.simulate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.io.ParquetTableWriter;
import xmassnu.jobs.io.Progress;
import xmassnu.jobs.io.RawHitsWriter;
import xmassnu.jobs.io.StageDirectory;
import xmassnu.jobs.lineage.Lineage;
import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.detector.PmtArray;
import xmassnu.reduction.detector.RunCalibration;
import xmassnu.reduction.sim.ChunkSimulator;
import xmassnu.reduction.sim.Component;
import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.SimulatedChunk;
import xmassnu.reduction.sim.SimulationConfig;
import xmassnu.reduction.sim.TabulatedSpectrum;
import xmassnu.schemas.MetadataKeys;
import xmassnu.schemas.Tables;

/**
 * The simulate stage: fans the (run, chunk) grid out over Spark tasks; each task simulates its chunk and writes
 * raw/hits/run=R/chunk-K.arrow and raw/truth/run=R/chunk-K.parquet; the driver adds the per-run calibration
 * tables and the run catalog and commits raw/ atomically with its lineage.
 */
public final class SimulateJob {
    public static final String RAW = "raw";
    public static final String HITS = "hits";
    public static final String TRUTH = "truth";
    public static final String CALIB = "calib";
    public static final String RUNS = "runs";

    private SimulateJob() {}

    /** What to simulate. */
    public record Request(Path dataDir, List<RunInfo> runs, String runSelection, SimulationSettings settings,
                          int partitions, boolean force, boolean quiet) {}

    /** What was simulated (or reused). */
    public record Result(boolean reused, Path rawDir, String lineageHash, List<ChunkSummary> chunks, double wallSeconds) {
        public long events() {
            return chunks.stream().mapToLong(ChunkSummary::events).sum();
        }

        public long generated() {
            return chunks.stream().mapToLong(c -> sum(c.generated())).sum();
        }

        public long bytes() {
            return chunks.stream().mapToLong(c -> c.rawBytes() + c.truthBytes()).sum();
        }

        private static long sum(long[] a) {
            long s = 0;
            for (long v : a) {
                s += v;
            }
            return s;
        }
    }

    public static Lineage lineage(Request req) {
        ObjectNode conf = Json.MAPPER.createObjectNode();
        conf.set("settings", req.settings().toJson());
        conf.put("runs", req.runSelection());
        return Lineage.of("simulate", conf, List.of());
    }

    public static Result run(SparkSession spark, Request req) {
        long t0 = System.nanoTime();
        Lineage lineage = lineage(req);
        Path rawDir = req.dataDir().resolve(RAW);
        StageDirectory stage = new StageDirectory(rawDir, lineage);
        if (stage.isCommitted() && !req.force()) {
            return new Result(true, rawDir, lineage.hash(), List.of(), 0);
        }
        SimulationSettings settings = req.settings();
        double[][] spectra = SolarSpectra.build(settings);
        Path staging = stage.begin(req.force());
        try {
            List<ChunkTask> tasks = new ArrayList<>();
            for (RunInfo r : req.runs()) {
                long liveNs = Math.round(r.livetimeS() * 1e9);
                long chunkNs = Math.round(settings.chunkLivetimeS() * 1e9);
                int k = 0;
                for (long s = 0; s < liveNs; s += chunkNs, k++) {
                    tasks.add(ChunkTask.of(r, k, s, Math.min(liveNs, s + chunkNs)));
                }
            }
            String settingsJson = Json.canonical(settings.toJson());
            String hash = lineage.hash();
            String stagingPath = staging.toString();
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            LongAccumulator eventsDone = spark.sparkContext().longAccumulator("simulated events");
            int partitions = req.partitions() > 0 ? req.partitions() : Math.max(1, Math.min(tasks.size(),
                    jsc.defaultParallelism() * 4));
            JavaRDD<ChunkTask> rdd = jsc.parallelize(tasks, partitions);
            List<ChunkSummary> summaries;
            try (Progress p = new Progress("simulate", "events", jsc.statusTracker(), eventsDone, req.quiet())) {
                summaries = rdd.mapPartitions(it -> simulatePartition(it, settingsJson, spectra, hash, stagingPath,
                        eventsDone)).collect();
            }
            writeCalibrationAndCatalog(staging, req.runs(), settings, hash);
            stage.commit();
            List<ChunkSummary> sorted = new ArrayList<>(summaries);
            sorted.sort((a, b) -> a.runId() != b.runId() ? Integer.compare(a.runId(), b.runId())
                    : Integer.compare(a.chunkIndex(), b.chunkIndex()));
            return new Result(false, rawDir, hash, sorted, (System.nanoTime() - t0) * 1e-9);
        } catch (RuntimeException e) {
            stage.abort();
            throw e;
        }
    }

    static Iterator<ChunkSummary> simulatePartition(Iterator<ChunkTask> tasks, String settingsJson, double[][] spectra,
                                                   String lineageHash, String stagingPath, LongAccumulator done)
            throws IOException {
        SimulationSettings settings = Json.MAPPER.readValue(settingsJson, SimulationSettings.class);
        TabulatedSpectrum sm = new TabulatedSpectrum(spectra[0], spectra[1]);
        TabulatedSpectrum signal = spectra[2] == null ? null : new TabulatedSpectrum(spectra[0], spectra[2]);
        SimulationConfig config = new SimulationConfig(settings.seed(), settings.detector(), settings.activities(), sm,
                signal, settings.componentSet(), settings.chunkLivetimeS(), settings.windowRestriction());
        ChunkSimulator simulator = new ChunkSimulator(config);
        Path staging = Path.of(stagingPath);
        List<ChunkSummary> out = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            while (tasks.hasNext()) {
                ChunkTask t = tasks.next();
                long start = System.nanoTime();
                RunInfo run = t.run();
                RunCalibration truth = RunCalibration.truth(settings.detector(), settings.seed(), run.runId(),
                        run.yearsSinceStart(), run.periodFraction());
                SimulatedChunk chunk = simulator.simulate(run, truth, t.chunkIndex(), t.chunkStartNs(), t.chunkEndNs());
                String runDir = RawHitsWriter.runDirectory(run.runId());
                long rawBytes = RawHitsWriter.write(chunk, staging.resolve(HITS).resolve(runDir)
                        .resolve(RawHitsWriter.fileName(t.chunkIndex())), lineageHash, allocator);
                Path truthFile = staging.resolve(TRUTH).resolve(runDir)
                        .resolve(String.format("chunk-%05d.parquet", t.chunkIndex()));
                writeTruth(chunk, truthFile, lineageHash);
                long[] generated = chunk.generatedByComponent.clone();
                long[] triggered = chunk.triggeredByComponent.clone();
                done.add(chunk.nEvents);
                out.add(new ChunkSummary(run.runId(), t.chunkIndex(), generated, triggered, chunk.nEvents, chunk.nHits,
                        rawBytes, Files.size(truthFile), System.nanoTime() - start));
            }
        }
        return out.iterator();
    }

    static void writeTruth(SimulatedChunk c, Path file, String lineageHash) {
        try (ParquetTableWriter w = new ParquetTableWriter(Tables.MC_TRUTH, file,
                Map.of(MetadataKeys.LINEAGE_HASH, lineageHash))) {
            for (int i = 0; i < c.nTruth; i++) {
                w.add(c.runId).add(c.truthEventId[i]).add(c.truthId[i]).add(c.component(i).label())
                        .add(c.truthEnergyKev[i]).add(c.truthX[i]).add(c.truthY[i]).add(c.truthZ[i])
                        .add(c.truthTimeNs[i]).add(c.truthTriggered[i]);
            }
        }
    }

    static void writeCalibrationAndCatalog(Path staging, List<RunInfo> runs, SimulationSettings settings,
                                           String lineageHash) {
        DetectorModel det = settings.detector();
        Map<String, String> meta = Map.of(MetadataKeys.LINEAGE_HASH, lineageHash);
        for (RunInfo r : runs) {
            RunCalibration measured = RunCalibration.truth(det, settings.seed(), r.runId(), r.yearsSinceStart(),
                    r.periodFraction()).measured(det, settings.seed());
            Path f = staging.resolve(CALIB).resolve(RawHitsWriter.runDirectory(r.runId())).resolve("pmt_calibration.parquet");
            try (ParquetTableWriter w = new ParquetTableWriter(Tables.PMT_CALIBRATION, f, meta)) {
                for (int i = 0; i < PmtArray.COUNT; i++) {
                    w.add(r.runId()).add(i).add(measured.gainAdcPerPe()[i]).add(measured.pedestalAdc()[i])
                            .add(measured.timingOffsetNs()[i]).add(measured.status()[i]);
                }
            }
        }
        try (ParquetTableWriter w = new ParquetTableWriter(Tables.RUN_CATALOG,
                staging.resolve(RUNS).resolve("run_catalog.parquet"), meta)) {
            for (RunInfo r : runs) {
                w.add(r.runId()).add(r.runType()).add(r.startUnixNs()).add(r.endUnixNs()).add(r.livetimeS())
                        .add(r.deadtimeS()).add(det.triggerHits()).add(det.triggerWindowNs()).add(det.hitThresholdPe())
                        .add(det.tdcNsPerCount());
                if (r.sourceZCm() == null) {
                    w.addNull();
                } else {
                    w.add(r.sourceZCm());
                }
            }
        }
    }

    /** Total size of the files below a directory, bytes. */
    public static long sizeOf(Path dir) {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
