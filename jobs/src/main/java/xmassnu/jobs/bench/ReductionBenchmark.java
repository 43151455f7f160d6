package xmassnu.jobs.bench;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.SparkSession;

import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.reduce.ReduceJob;
import xmassnu.jobs.simulate.SimulateJob;
import xmassnu.jobs.simulate.SolarSpectra;
import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.detector.RunCalibration;
import xmassnu.reduction.reco.LightResponse;
import xmassnu.reduction.reco.RecoValidation;
import xmassnu.reduction.reco.ReducedEvents;
import xmassnu.reduction.reco.ReductionKernel;
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

    public static void run(SparkSession spark, Path work, double sliceDays) {
        DetectorModel det = DetectorModel.XMASS_I;
        RecoValidation v = new RecoValidation(det, 14.7);
        System.out.println("validation on MC truth (point events, isotropic directions, light yield 14.7 PE/keV):");
        System.out.printf("%8s %6s %10s %10s %12s %12s %10s%n", "E [keV]", "r [cm]", "keVee", "sigma/E",
                "r bias [cm]", "vtx rms [cm]", "fit ok");
        for (double e : new double[] {2, 5, 10, 30, 122}) {
            for (double r : new double[] {0, 10, 20, 30, 35}) {
                RecoValidation.PointStats s = v.points(e, r, 1000, 17);
                System.out.printf("%8.0f %6.0f %10.2f %10.3f %12.2f %12.2f %10.3f%n", e, r, s.meanKevee(), s.resolution(),
                        s.radialBiasCm(), s.vertexRmsCm(), s.convergedFraction());
            }
        }
        System.out.println("\nsurface 210Pb events with 2-30 keVee reconstructed inside R < 20 cm:");
        for (RecoValidation.SurfaceStats s : v.surfaceEvents(20, 2, 30, 18)) {
            System.out.printf("  %-14s %,7d in window, %,7d inside: %.1f %%%n", s.component(), s.inWindow(),
                    s.inWindowInsideFiducial(), 100 * s.fractionInside());
        }

        // kernel speed on the physics trigger mix (one thread)
        SimulationSettings settings = SimulationSettings.DEFAULT;
        double[][] spectra = SolarSpectra.build(settings);
        SimulationConfig config = new SimulationConfig(settings.seed(), det, settings.activities(),
                new TabulatedSpectrum(spectra[0], spectra[1]), null, settings.componentSet(), 3600);
        RunInfo physics = RunPlan.fullPeriod(settings.seed()).get(1);
        RunCalibration truth = RunCalibration.truth(det, settings.seed(), physics.runId(), 0, 0);
        SimulatedChunk chunk = new ChunkSimulator(config).simulate(physics, truth, 0, 0, 1_200_000_000_000L);
        ReductionKernel kernel = new ReductionKernel(det, LightResponse.of(det), 14.7);
        kernel.setRun(truth.measured(det, settings.seed()), det.tdcNsPerCount());
        ReducedEvents out = new ReducedEvents();
        int[] offsets = java.util.Arrays.copyOf(chunk.hitOffset, chunk.nEvents + 1);
        kernel.process("bench", physics.runId(), chunk.nEvents, chunk.eventId, chunk.triggerTimeNs, chunk.odTriggered,
                offsets, chunk.hitPmt, chunk.hitAdc, chunk.hitTdc, out); // warm-up
        long t0 = System.nanoTime();
        int repeats = 3;
        for (int i = 0; i < repeats; i++) {
            kernel.process("bench", physics.runId(), chunk.nEvents, chunk.eventId, chunk.triggerTimeNs,
                    chunk.odTriggered, offsets, chunk.hitPmt, chunk.hitAdc, chunk.hitTdc, out);
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        System.out.printf("%nreduction kernel, one thread, physics trigger mix (%,d triggers, %.0f hits/trigger): "
                + "%,.0f events/s%n", chunk.nEvents, chunk.nHits / (double) chunk.nEvents, repeats * chunk.nEvents / seconds);

        // Spark end to end
        int cores = spark.sparkContext().defaultParallelism();
        List<RunInfo> slice = RunPlan.firstLiveDays(settings.seed(), sliceDays);
        Path data = work.resolve("reduce-bench");
        SimulateJob.run(spark, new SimulateJob.Request(data, slice, "bench " + sliceDays, settings, 0, false, true));
        ReduceJob.Result r = ReduceJob.run(spark, new ReduceJob.Request(data, det, 4, false, true, true));
        System.out.printf("%nSpark job (%s, %d cores), %.3f live days + calibration run: %,d events in %.1f s wall -> "
                        + "%,.0f events/s per core (light yield %.3f PE/keV)%n", spark.sparkContext().master(), cores,
                sliceDays, r.eventsOut(), r.wallSeconds(), r.eventsOut() / r.wallSeconds() / cores, r.lightYieldPePerKev());
    }
}
