package xmassnu.jobs.bench;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.sql.SparkSession;

import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.io.RawHitsWriter;
import xmassnu.jobs.simulate.SimulateStage;
import xmassnu.jobs.simulate.SolarSpectra;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.reduction.detector.RunCalibration;
import xmassnu.reduction.sim.ChunkSimulator;
import xmassnu.reduction.sim.Component;
import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.RunPlan;
import xmassnu.reduction.sim.SimulatedChunk;
import xmassnu.reduction.sim.SimulationConfig;
import xmassnu.reduction.sim.TabulatedSpectrum;

/**
 * Simulation throughput: the kernel alone per component (one thread, events/s and hits and bytes per trigger,
 * including Arrow encoding), then the whole Spark job on a slice, per core.
 */
public final class SimulationBenchmark {
    private SimulationBenchmark() {}

    public static void run(SparkSession spark, Location work, double sliceDays, int eventsPerComponent) {
        SimulationSettings settings = SimulationSettings.DEFAULT;
        double[][] spectra = SolarSpectra.build(settings);
        TabulatedSpectrum sm = new TabulatedSpectrum(spectra[0], spectra[1]);
        List<RunInfo> runs = RunPlan.fullPeriod(settings.seed());
        RunInfo physics = runs.get(1);
        RunInfo calibration = runs.get(0);
        System.out.println("simulation kernel, one thread; then Arrow IPC encoding (ZSTD) of its triggers:");
        System.out.printf(Locale.ROOT, "%-18s %12s %12s %12s %12s %14s%n", "component", "kernel ev/s", "with I/O ev/s",
                "trigger eff", "hits/trigger", "bytes/trigger");
        Storage storage = Benches.storage(spark);
        Location kernelDir = work.resolve("kernel");
        try (BufferAllocator alloc = new RootAllocator()) {
            for (Component c : Component.values()) {
                if (c == Component.SOLAR_NU_SIGNAL) {
                    continue;
                }
                SimulationConfig config = new SimulationConfig(settings.seed(), settings.detector(),
                        settings.activities(), sm, null, EnumSet.of(c), 3600);
                ChunkSimulator sim = new ChunkSimulator(config);
                RunInfo run = c == Component.CO57 ? calibration : physics;
                RunCalibration truth = RunCalibration.truth(settings.detector(), settings.seed(), run.runId(), 0, 0);
                double rate = sim.ratesHz(run, truth).get(c);
                // muons are ~ 1000x more expensive than anything else: fewer of them
                int n = c == Component.MUON ? Math.max(20, eventsPerComponent / 100) : eventsPerComponent;
                long durationNs = (long) (n / rate * 1e9);
                Location f = kernelDir.resolve("bench-" + c.label() + ".arrow");
                RawHitsWriter.write(sim.simulate(run, truth, 999, 0, durationNs / 2), storage, kernelDir, f, "bench",
                        alloc); // warm-up
                long t0 = System.nanoTime();
                SimulatedChunk chunk = sim.simulate(run, truth, 0, 0, durationNs);
                double kernelSeconds = (System.nanoTime() - t0) * 1e-9;
                long bytes = RawHitsWriter.write(chunk, storage, kernelDir, f, "bench", alloc).bytes();
                double seconds = (System.nanoTime() - t0) * 1e-9;
                System.out.printf(Locale.ROOT, "%-18s %,12.0f %,12.0f %12.3f %12.1f %,14.0f%n", c.label(),
                        chunk.nTruth / kernelSeconds, chunk.nTruth / seconds,
                        chunk.nEvents / (double) Math.max(1, chunk.nTruth), chunk.nHits / (double) Math.max(1, chunk.nEvents),
                        bytes / (double) Math.max(1, chunk.nEvents));
            }
        }
        int cores = spark.sparkContext().defaultParallelism();
        List<RunInfo> slice = RunPlan.firstLiveDays(settings.seed(), sliceDays).stream()
                .filter(r -> !r.isCalibration()).toList();
        StageRunner.Outcome<SimulateStage.Result> o;
        try (StageRunner runner = Benches.runner(spark, work.resolve("job"))) {
            o = runner.run(new SimulateStage(Benches.runs(slice, "bench " + sliceDays), settings, 0), true);
        }
        SimulateStage.Result r = o.result();
        double live = slice.stream().mapToDouble(RunInfo::livetimeS).sum();
        System.out.printf(Locale.ROOT,
                "%nSpark job, %s, physics runs only, %.3f live days (%.0f s): %,d generated, %,d triggers, "
                        + "%.1f s wall%n", spark.sparkContext().master(), sliceDays, live, r.generated(), r.events(),
                o.seconds());
        System.out.printf(Locale.ROOT,
                "  %,.0f generated events/s per core, %,.0f triggers/s per core (%d cores); %.0f bytes/trigger%n",
                r.generated() / o.seconds() / cores, r.events() / o.seconds() / cores, cores,
                r.bytes() / (double) Math.max(1, r.events()));
        double fullTriggers = r.events() / live * RunPlan.TOTAL_LIVE_DAYS * 86400;
        System.out.printf(Locale.ROOT,
                "  extrapolated to 711 live days: %.2e triggers, %.1f h on %d cores, %.2f TB%n", fullTriggers,
                fullTriggers / (r.events() / o.seconds()) / 3600, cores,
                fullTriggers * r.bytes() / Math.max(1, r.events()) / 1e12);
    }
}
