package xmassnu.reduction.mc;

import java.util.Arrays;
import java.util.List;

import xmassnu.reduction.cuts.EventCuts;
import xmassnu.reduction.cuts.SelectionSettings;
import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.detector.RunCalibration;
import xmassnu.reduction.reco.LightResponse;
import xmassnu.reduction.reco.ReducedEvents;
import xmassnu.reduction.reco.ReductionKernel;
import xmassnu.reduction.reco.TriggerBatch;
import xmassnu.reduction.sim.ChunkSimulator;
import xmassnu.reduction.sim.Component;
import xmassnu.reduction.sim.EventSimulator;
import xmassnu.reduction.sim.HitBuffer;
import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.SimulatedChunk;
import xmassnu.reduction.sim.SimulationConfig;
import xmassnu.reduction.sim.StreamRng;

/**
 * Simulated samples through the same chain as the data, without files: the forward model, the reduction kernel
 * with a run's measured calibration and the data's light yield, and the selection cuts. It gives
 * <ul>
 *   <li>the detector response to electron recoils: counts per (true-energy bin, analysis bin) for recoils
 *       generated log-uniformly in energy and uniformly in a sphere, from which any physics spectrum is folded;</li>
 *   <li>background templates: one component simulated alone, counts per analysis bin.</li>
 * </ul>
 * The detector state of the Monte Carlo is the measured calibration (what an experiment knows), used for both the
 * digitisation and the reconstruction. The after-trigger veto is not applied event by event: for events
 * uncorrelated with the previous trigger it is dead time, already removed from the exposure by the select stage.
 * The energy-window cut is applied as the analysis binning (events outside the bins are not counted).
 */
public final class TemplateMonteCarlo {
    private final DetectorModel det;
    private final RunCalibration calibration;
    private final ReductionKernel kernel;
    private final EventCuts cuts;
    private final long maskWithoutWindow;
    private final double[] recoEdgesKevee;
    private final double fiducialRadiusCm;

    /** Counts of the electron-recoil response sample of one task. */
    public record ResponseCounts(long[] generated, long[] generatedInFiducial, long[] passedInFiducial,
                                 long[] passed) {
        /** passed[trueBin * recoBins + recoBin]. */
        public long passed(int trueBin, int recoBin, int recoBins) {
            return passed[trueBin * recoBins + recoBin];
        }
    }

    /** Counts of one component's sample of one task. */
    public record ComponentCounts(long generated, long triggered, long[] passed) {}

    public TemplateMonteCarlo(DetectorModel det, RunCalibration measured, double tdcNsPerCount,
                              double lightYieldPePerKev, SelectionSettings selection, double[] recoEdgesKevee) {
        this.det = det;
        this.calibration = measured;
        this.kernel = new ReductionKernel(det, LightResponse.of(det), lightYieldPePerKev);
        kernel.setRun(measured, tdcNsPerCount);
        this.cuts = new EventCuts(selection);
        this.maskWithoutWindow = ~(1L << cuts.bit("energy-window"));
        this.recoEdgesKevee = checkEdges(recoEdgesKevee, "analysis bin edges");
        if (recoEdgesKevee[0] < selection.energyMinKevee()
                || recoEdgesKevee[recoEdgesKevee.length - 1] > selection.energyMaxKevee()) {
            throw new IllegalArgumentException("analysis bins [" + recoEdgesKevee[0] + ", "
                    + recoEdgesKevee[recoEdgesKevee.length - 1] + "] keVee must lie inside the energy window ["
                    + selection.energyMinKevee() + ", " + selection.energyMaxKevee() + ") keVee");
        }
        this.fiducialRadiusCm = selection.fiducialRadiusCm();
    }

    static double[] checkEdges(double[] edges, String what) {
        if (edges.length < 2) {
            throw new IllegalArgumentException(what + ": need at least two edges");
        }
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1]) || !Double.isFinite(edges[i]) || !Double.isFinite(edges[i - 1])) {
                throw new IllegalArgumentException(what + " must be finite and increasing: " + Arrays.toString(edges));
            }
        }
        return edges.clone();
    }

    /** Bin of x in edges, or -1 outside. */
    static int bin(double[] edges, double x) {
        if (!(x >= edges[0]) || !(x < edges[edges.length - 1])) {
            return -1;
        }
        int i = Arrays.binarySearch(edges, x);
        return i >= 0 ? i : -i - 2;
    }

    private boolean passedExceptWindow(ReducedEvents ev, int i) {
        return (cuts.failedMask(ev, i, Double.POSITIVE_INFINITY) & maskWithoutWindow) == 0;
    }

    /**
     * n electron recoils with energy log-uniform over [trueEdges[0], trueEdges[last]) keV and position uniform in
     * the sphere of radius {@code generationRadiusCm}. Randomness from (seed, run, chunk, event): any split of a
     * sample into tasks gives the same counts.
     */
    public ResponseCounts electronRecoils(double[] trueEdgesKev, double generationRadiusCm, long seed, int chunk,
                                          int n) {
        return electronRecoils(trueEdgesKev, generationRadiusCm, seed, chunk, n, List.of(RecoVariation.NOMINAL))[0];
    }

    /** The same sample, counted once per response variation (same events for all). */
    public ResponseCounts[] electronRecoils(double[] trueEdgesKev, double generationRadiusCm, long seed, int chunk,
                                            int n, List<RecoVariation> variations) {
        double[] edges = checkEdges(trueEdgesKev, "true-energy bin edges");
        if (!(edges[0] > 0)) {
            throw new IllegalArgumentException("true-energy bins must start above 0 keV (log-uniform generation)");
        }
        if (!(generationRadiusCm > 0 && generationRadiusCm <= det.pmtRadiusCm())) {
            throw new IllegalArgumentException("generation radius must be in (0, " + det.pmtRadiusCm() + "] cm, got "
                    + generationRadiusCm);
        }
        int nt = edges.length - 1;
        int nr = recoEdgesKevee.length - 1;
        int nv = variations.size();
        long[] generated = new long[nt];
        long[] inFid = new long[nt];
        long[][] passedFid = new long[nv][nt];
        long[][] passed = new long[nv][nt * nr];
        EventSimulator sim = new EventSimulator(det, det.opticalModel(), calibration);
        EventSimulator.Outcome outcome = new EventSimulator.Outcome();
        HitBuffer hits = new HitBuffer();
        TriggerBatch batch = new TriggerBatch();
        int[] trueBin = new int[n];
        boolean[] trueFid = new boolean[n];
        int[] row = new int[n];
        double logLo = Math.log(edges[0]);
        double logSpan = Math.log(edges[nt]) - logLo;
        double[] pos = new double[3];
        for (int i = 0; i < n; i++) {
            StreamRng rng = StreamRng.of(seed, StreamRng.purpose("er-response"), calibration.runId(), chunk, i);
            double e = Math.min(Math.exp(logLo + logSpan * rng.nextDouble()), Math.nextDown(edges[nt]));
            ChunkSimulator.uniformInSphere(generationRadiusCm, rng, pos);
            trueBin[i] = bin(edges, e);
            trueFid[i] = pos[0] * pos[0] + pos[1] * pos[1] + pos[2] * pos[2] < fiducialRadiusCm * fiducialRadiusCm;
            generated[trueBin[i]]++;
            inFid[trueBin[i]] += trueFid[i] ? 1 : 0;
            sim.scintillationPoint(pos[0], pos[1], pos[2], e, rng, hits, outcome);
            row[i] = outcome.triggered ? batch.add(hits) : -1;
        }
        ReducedEvents ev = new ReducedEvents();
        batch.reduce(kernel, "er-response-mc", calibration.runId(), ev);
        for (int i = 0; i < n; i++) {
            if (row[i] < 0) {
                continue;
            }
            for (int v = 0; v < nv; v++) {
                int b = vary(ev, row[i], variations.get(v), null, seed, chunk, i);
                if (trueFid[i] && b != FAILED) {
                    passedFid[v][trueBin[i]]++;
                }
                if (b >= 0) {
                    passed[v][trueBin[i] * nr + b]++;
                }
            }
        }
        ResponseCounts[] out = new ResponseCounts[nv];
        for (int v = 0; v < nv; v++) {
            out[v] = new ResponseCounts(generated.clone(), inFid.clone(), passedFid[v], passed[v]);
        }
        return out;
    }

    /** vary() result: failed a cut other than the energy window. */
    private static final int FAILED = -2;

    /**
     * Applies a variation to event i (energy and radius, restored afterwards) and evaluates the cuts: the analysis
     * bin, -1 when only the energy window fails (or the energy is outside the bins), {@link #FAILED} otherwise.
     */
    private int vary(ReducedEvents ev, int i, RecoVariation v, Component c, long seed, int chunk, long event) {
        if (v.isNominal() || !v.appliesTo(c)) {
            return passedExceptWindow(ev, i) ? bin(recoEdgesKevee, ev.energyKevee[i]) : FAILED;
        }
        double e = ev.energyKevee[i];
        double r = ev.rCm[i];
        ev.energyKevee[i] = v.variedEnergyKevee(e, seed, calibration.runId(), chunk, event);
        ev.rCm[i] = r + v.radiusShiftCm();
        try {
            return passedExceptWindow(ev, i) ? bin(recoEdgesKevee, ev.energyKevee[i]) : FAILED;
        } finally {
            ev.energyKevee[i] = e;
            ev.rCm[i] = r;
        }
    }

    /** One chunk of a simulation restricted to one component (config), reduced and selected: counts per analysis bin. */
    public ComponentCounts component(SimulationConfig config, RunInfo run, int chunk, long startNs, long endNs) {
        return component(config, run, chunk, startNs, endNs, List.of(RecoVariation.NOMINAL), 0)[0];
    }

    /** The same, counted once per response variation (same events for all). */
    public ComponentCounts[] component(SimulationConfig config, RunInfo run, int chunk, long startNs, long endNs,
                                       List<RecoVariation> variations, long variationSeed) {
        if (config.components().size() != 1) {
            throw new IllegalArgumentException("a template sample simulates exactly one component, got "
                    + config.components());
        }
        Component component = config.components().iterator().next();
        SimulatedChunk c = new ChunkSimulator(config).simulate(run, calibration, chunk, startNs, endNs);
        ReducedEvents ev = new ReducedEvents();
        int[] offsets = Arrays.copyOf(c.hitOffset, c.nEvents + 1);
        kernel.process("template-mc", calibration.runId(), c.nEvents, c.eventId, c.triggerTimeNs, c.odTriggered,
                offsets, c.hitPmt, c.hitAdc, c.hitTdc, ev);
        ComponentCounts[] out = new ComponentCounts[variations.size()];
        for (int v = 0; v < variations.size(); v++) {
            long[] passed = new long[recoEdgesKevee.length - 1];
            for (int i = 0; i < ev.size; i++) {
                int b = vary(ev, i, variations.get(v), component, variationSeed, chunk, ev.eventId[i]);
                if (b >= 0) {
                    passed[b]++;
                }
            }
            out[v] = new ComponentCounts(c.nTruth, c.nEvents, passed);
        }
        return out;
    }
}
