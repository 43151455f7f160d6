package xmassnu.jobs.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

import org.apache.spark.sql.SparkSession;

import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.reduce.ReduceStage;
import xmassnu.jobs.simulate.SimulateStage;
import xmassnu.jobs.simulate.SolarSpectra;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.jobs.storage.Location;
import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.detector.RunCalibration;
import xmassnu.reduction.reco.LightResponse;
import xmassnu.reduction.reco.RecoValidation;
import xmassnu.reduction.reco.ReducedEvents;
import xmassnu.reduction.reco.ReductionKernel;
import xmassnu.reduction.reco.VertexFitter;
import xmassnu.reduction.sim.ChunkSimulator;
import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.RunPlan;
import xmassnu.reduction.sim.SimulatedChunk;
import xmassnu.reduction.sim.SimulationConfig;
import xmassnu.reduction.sim.TabulatedSpectrum;

/**
 * Reduction: validation against MC truth (the tables of docs/reduction.md), the kernel's speed on the real trigger
 * mix, and the Spark job end to end on a simulated slice.
 */
public final class ReductionBenchmark {
    private ReductionBenchmark() {}

    public static void run(SparkSession spark, Location work, double sliceDays) {
        DetectorModel det = DetectorModel.XMASS_I;
        RecoValidation v = new RecoValidation(det, 14.7);
        System.out.println("validation on MC truth (point events, isotropic directions, light yield 14.7 PE/keV):");
        System.out.printf(Locale.ROOT, "%8s %6s %10s %10s %12s %12s %10s%n", "E [keV]", "r [cm]", "keVee", "sigma/E",
                "r bias [cm]", "vtx rms [cm]", "fit ok");
        for (double e : new double[] {2, 5, 10, 30, 122}) {
            for (double r : new double[] {0, 10, 20, 30, 35}) {
                RecoValidation.PointStats s = v.points(e, r, 1000, 17);
                System.out.printf(Locale.ROOT,
                        "%8.0f %6.0f %10.2f %10.3f %12.2f %12.2f %10.3f%n", e, r, s.meanKevee(), s.resolution(),
                        s.radialBiasCm(), s.vertexRmsCm(), s.convergedFraction());
            }
        }
        System.out.println("\nsurface 210Pb events with 2-30 keVee reconstructed inside R < 20 cm:");
        for (RecoValidation.SurfaceStats s : v.surfaceEvents(20, 2, 30, 18)) {
            System.out.printf(Locale.ROOT, "  %-14s %,7d in window, %,7d inside: %.1f %%%n", s.component(), s.inWindow(),
                    s.inWindowInsideFiducial(), 100 * s.fractionInside());
        }

        kernelSpeed(det);

        // Spark end to end
        SimulationSettings settings = SimulationSettings.DEFAULT;
        int cores = spark.sparkContext().defaultParallelism();
        List<RunInfo> slice = RunPlan.firstLiveDays(settings.seed(), sliceDays);
        try (StageRunner runner = Benches.runner(spark, work.resolve("reduce-bench"))) {
            runner.run(new SimulateStage(Benches.runs(slice, "bench " + sliceDays), settings, 0), false);
            StageRunner.Outcome<ReduceStage.Result> o = runner.run(new ReduceStage(4, false), true);
            ReduceStage.Result r = o.result();
            System.out.printf(Locale.ROOT,
                    "%nSpark job (%s, %d cores, data in %s), %.3f live days + calibration run: %,d events in "
                            + "%.1f s wall -> %,.0f events/s per core (light yield %.3f PE/keV)%n",
                    spark.sparkContext().master(), cores, work.scheme(), sliceDays, r.eventsOut(), o.seconds(),
                    r.eventsOut() / o.seconds() / cores, r.lightYieldPePerKev());
        }
    }

    /** Two hours of a physics run: ~ 15 000 triggers, so one timed pass takes a few hundred ms, not a few tens. */
    static final long KERNEL_SAMPLE_NS = 7_200_000_000_000L;
    static final int KERNEL_WARMUP_PASSES = 5;
    static final int KERNEL_TIMED_PASSES = 7;

    /**
     * The kernel alone, one thread, on the physics trigger mix of the simulation: passes over the same triggers
     * after a warm-up; the median pass and the range are printed (the machine is shared: single passes scatter),
     * then the cost per event class (few-hit triggers are fitted, bright ones take the corrected centroid).
     */
    private static void kernelSpeed(DetectorModel det) {
        SimulationSettings settings = SimulationSettings.DEFAULT;
        double[][] spectra = SolarSpectra.build(settings);
        SimulationConfig config = new SimulationConfig(settings.seed(), det, settings.activities(),
                new TabulatedSpectrum(spectra[0], spectra[1]), null, settings.componentSet(), 3600);
        RunInfo physics = RunPlan.fullPeriod(settings.seed()).get(1);
        RunCalibration truth = RunCalibration.truth(det, settings.seed(), physics.runId(), 0, 0);
        SimulatedChunk chunk = new ChunkSimulator(config).simulate(physics, truth, 0, 0, KERNEL_SAMPLE_NS);
        ReductionKernel kernel = new ReductionKernel(det, LightResponse.of(det), 14.7);
        kernel.setRun(truth.measured(det, settings.seed()), det.tdcNsPerCount());
        ReducedEvents out = new ReducedEvents();
        int[] offsets = Arrays.copyOf(chunk.hitOffset, chunk.nEvents + 1);
        double[] eventsPerSecond = new double[KERNEL_TIMED_PASSES];
        for (int pass = -KERNEL_WARMUP_PASSES; pass < KERNEL_TIMED_PASSES; pass++) {
            long t0 = System.nanoTime();
            kernel.process("bench", physics.runId(), chunk.nEvents, chunk.eventId, chunk.triggerTimeNs,
                    chunk.odTriggered, offsets, chunk.hitPmt, chunk.hitAdc, chunk.hitTdc, out);
            long elapsed = System.nanoTime() - t0;
            if (pass >= 0) {
                eventsPerSecond[pass] = chunk.nEvents / (elapsed * 1e-9);
            }
        }
        Arrays.sort(eventsPerSecond);
        System.out.printf(Locale.ROOT,
                "%nreduction kernel, one thread, physics trigger mix (%,d triggers, %.0f hits/trigger), %d passes "
                        + "after %d warm-up passes: median %,.0f events/s (range %,.0f-%,.0f)%n", chunk.nEvents,
                chunk.nHits / (double) chunk.nEvents, KERNEL_TIMED_PASSES, KERNEL_WARMUP_PASSES,
                eventsPerSecond[KERNEL_TIMED_PASSES / 2], eventsPerSecond[0], eventsPerSecond[KERNEL_TIMED_PASSES - 1]);
        // the classes by what the kernel did with each trigger (rows are in trigger order)
        int[] status = Arrays.copyOf(out.vertexStatus, out.size);
        int[] goodHits = Arrays.copyOf(out.hitCount, out.size);
        String[] classNames = {"fitted, < 10 hits", "fitted, >= 10 hits", "bright (> 1000 PE): centroid"};
        IntPredicate[] classes = {
            e -> status[e] != VertexFitter.CENTROID && goodHits[e] < 10,
            e -> status[e] != VertexFitter.CENTROID && goodHits[e] >= 10,
            e -> status[e] == VertexFitter.CENTROID};
        double medianPassSeconds = chunk.nEvents / eventsPerSecond[KERNEL_TIMED_PASSES / 2];
        for (int c = 0; c < classNames.length; c++) {
            TriggerSubset subset = TriggerSubset.of(chunk, classes[c]);
            if (subset.n == 0) {
                continue;
            }
            long best = Long.MAX_VALUE;
            for (int pass = 0; pass < 3; pass++) {
                long t0 = System.nanoTime();
                kernel.process("bench", physics.runId(), subset.n, subset.eventId, subset.triggerTimeNs, subset.od,
                        subset.offsets, subset.pmt, subset.adc, subset.tdc, out);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf(Locale.ROOT,
                    "  %-30s %,7d triggers (%4.1f %%), %6.1f hits/trigger: %6.2f us per trigger, %4.1f %% of the time%n",
                    classNames[c], subset.n, 100.0 * subset.n / chunk.nEvents, subset.hits() / (double) subset.n,
                    best * 1e-3 / subset.n, 100 * best * 1e-9 / medianPassSeconds);
        }
    }

    /** The triggers of a chunk selected by index, as the kernel's input arrays. */
    private static final class TriggerSubset {
        int n;
        long[] eventId;
        long[] triggerTimeNs;
        boolean[] od;
        int[] offsets;
        short[] pmt;
        int[] adc;
        int[] tdc;

        int hits() {
            return offsets[n];
        }

        static TriggerSubset of(SimulatedChunk chunk, IntPredicate selected) {
            TriggerSubset s = new TriggerSubset();
            s.eventId = new long[chunk.nEvents];
            s.triggerTimeNs = new long[chunk.nEvents];
            s.od = new boolean[chunk.nEvents];
            s.offsets = new int[chunk.nEvents + 1];
            s.pmt = new short[chunk.nHits];
            s.adc = new int[chunk.nHits];
            s.tdc = new int[chunk.nHits];
            for (int e = 0; e < chunk.nEvents; e++) {
                if (!selected.test(e)) {
                    continue;
                }
                int from = chunk.hitOffset[e];
                int hits = chunk.hitOffset[e + 1] - from;
                s.eventId[s.n] = chunk.eventId[e];
                s.triggerTimeNs[s.n] = chunk.triggerTimeNs[e];
                s.od[s.n] = chunk.odTriggered[e];
                int to = s.offsets[s.n];
                System.arraycopy(chunk.hitPmt, from, s.pmt, to, hits);
                System.arraycopy(chunk.hitAdc, from, s.adc, to, hits);
                System.arraycopy(chunk.hitTdc, from, s.tdc, to, hits);
                s.n++;
                s.offsets[s.n] = to + hits;
            }
            return s;
        }
    }
}
