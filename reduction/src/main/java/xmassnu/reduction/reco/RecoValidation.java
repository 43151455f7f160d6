package xmassnu.reduction.reco;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.detector.RunCalibration;
import xmassnu.reduction.sim.ChunkSimulator;
import xmassnu.reduction.sim.Component;
import xmassnu.reduction.sim.EventSimulator;
import xmassnu.reduction.sim.HitBuffer;
import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.SimulatedChunk;
import xmassnu.reduction.sim.SimulationConfig;
import xmassnu.reduction.sim.SourceActivities;
import xmassnu.reduction.sim.StreamRng;
import xmassnu.reduction.sim.TabulatedSpectrum;

/**
 * Reconstruction against MC truth: the simulation's forward model, then the reduction kernel with the measured
 * calibration. Used by the tests and by {@code bin/xmass bench reduce}, which prints the tables of docs/reduction.md.
 */
public final class RecoValidation {
    private final DetectorModel det;
    private final RunCalibration truth;
    private final RunCalibration measured;
    private final ReductionKernel kernel;
    private final double lightYield;

    /** @param lightYieldPePerKev the energy scale to reconstruct with (the 57Co-calibrated value in production) */
    public RecoValidation(DetectorModel det, double lightYieldPePerKev) {
        this.det = det;
        this.lightYield = lightYieldPePerKev;
        truth = RunCalibration.truth(det, 2024, 1, 0, 0);
        measured = truth.measured(det, 2024);
        kernel = new ReductionKernel(det, LightResponse.of(det), lightYieldPePerKev);
        kernel.setRun(measured, det.tdcNsPerCount());
    }

    /** Reconstruction of n point events of true energy e at radius r (isotropic directions). */
    public record PointStats(double energyKev, double radiusCm, int triggered, double meanKevee, double resolution,
                             double radialBiasCm, double vertexRmsCm, double convergedFraction, double eventsPerSecond) {}

    public PointStats points(double energyKev, double radiusCm, int n, long seed) {
        EventSimulator sim = new EventSimulator(det, det.opticalModel(), truth);
        TriggerBatch b = new TriggerBatch();
        double[][] pos = new double[n][];
        EventSimulator.Outcome o = new EventSimulator.Outcome();
        HitBuffer h = new HitBuffer();
        for (int i = 0; i < n; i++) {
            StreamRng rng = StreamRng.of(seed, i, Double.doubleToLongBits(energyKev), Double.doubleToLongBits(radiusCm));
            double z = 2 * rng.nextDouble() - 1;
            double phi = 2 * Math.PI * rng.nextDouble();
            double s = Math.sqrt(1 - z * z);
            double[] p = {radiusCm * s * Math.cos(phi), radiusCm * s * Math.sin(phi), radiusCm * z};
            sim.scintillationPoint(p[0], p[1], p[2], energyKev, rng, h, o);
            if (o.triggered) {
                pos[b.add(h)] = p;
            }
        }
        ReducedEvents out = new ReducedEvents();
        long t0 = System.nanoTime();
        b.reduce(kernel, "memory", 1, out);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        double se = 0;
        double se2 = 0;
        double bias = 0;
        double d2 = 0;
        int conv = 0;
        for (int i = 0; i < out.size; i++) {
            se += out.energyKevee[i];
            se2 += out.energyKevee[i] * out.energyKevee[i];
            bias += out.rCm[i] - radiusCm;
            double dx = out.xCm[i] - pos[i][0];
            double dy = out.yCm[i] - pos[i][1];
            double dz = out.zCm[i] - pos[i][2];
            d2 += (dx * dx + dy * dy + dz * dz) / 3; // per coordinate
            conv += out.vertexStatus[i] == VertexFitter.CONVERGED || out.vertexStatus[i] == VertexFitter.CENTROID ? 1 : 0;
        }
        int m = Math.max(1, out.size);
        double mean = se / m;
        return new PointStats(energyKev, radiusCm, out.size, mean, Math.sqrt(Math.max(0, se2 / m - mean * mean)) / mean,
                bias / m, Math.sqrt(d2 / m), conv / (double) m, out.size / seconds);
    }

    /** Surface (window) and gap 210Pb events: how many land in the fiducial volume in the energy window. */
    public record SurfaceStats(String component, int triggered, int inWindow, int inWindowInsideFiducial) {
        public double fractionInside() {
            return inWindow == 0 ? 0 : inWindowInsideFiducial / (double) inWindow;
        }
    }

    public List<SurfaceStats> surfaceEvents(double fiducialRadiusCm, double eMinKevee, double eMaxKevee, long seed) {
        List<SurfaceStats> out = new ArrayList<>();
        TabulatedSpectrum none = new TabulatedSpectrum(new double[] {1, 2}, new double[] {1e-30, 1e-30});
        for (Component c : new Component[] {Component.SURFACE_PB210, Component.GAP_PB210}) {
            SourceActivities a = new SourceActivities(0, 0, 0, 0, 10, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3);
            SimulationConfig config = new SimulationConfig(seed, det, a, none, null, EnumSet.of(c), 3600);
            RunInfo run = new RunInfo(1, RunInfo.PHYSICS, 0, 3_600_000_000_000L, 3600, 0, null, 0, 0);
            SimulatedChunk chunk = new ChunkSimulator(config).simulate(run, truth, 0, 0, 1_000_000_000_000L);
            ReducedEvents ev = new ReducedEvents();
            int[] offsets = java.util.Arrays.copyOf(chunk.hitOffset, chunk.nEvents + 1);
            kernel.process("memory", 1, chunk.nEvents, chunk.eventId, chunk.triggerTimeNs, chunk.odTriggered, offsets,
                    chunk.hitPmt, chunk.hitAdc, chunk.hitTdc, ev);
            int inWindow = 0;
            int inside = 0;
            for (int i = 0; i < ev.size; i++) {
                if (ev.energyKevee[i] >= eMinKevee && ev.energyKevee[i] < eMaxKevee) {
                    inWindow++;
                    inside += ev.rCm[i] < fiducialRadiusCm ? 1 : 0;
                }
            }
            out.add(new SurfaceStats(c.label(), ev.size, inWindow, inside));
        }
        return out;
    }

    public double lightYield() {
        return lightYield;
    }
}
