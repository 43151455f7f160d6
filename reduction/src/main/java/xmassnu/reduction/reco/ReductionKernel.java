package xmassnu.reduction.reco;

import java.util.ArrayList;
import java.util.List;

import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.detector.PmtArray;
import xmassnu.reduction.detector.RunCalibration;

/**
 * Raw hits to event-table rows for a batch of triggers: calibration (ADC to PE with the run's gains and
 * pedestals, TDC to ns with its timing offsets, dead and noisy channels masked), event features, the ML vertex and
 * the energy in keVee. Plain arrays in, columnar arrays out; one instance per thread.
 *
 * <p>Energy: keVee = total PE / (light yield x S_eff(vertex) / S_eff(centre)), with the light yield in PE/keV
 * measured by the 57Co calibration (122 keV at the centre), so that 122 keV at the centre is 122 keVee.
 */
public final class ReductionKernel {
    /** Window defining the Cherenkov-like early-light fraction (XMASS: first 20 ns). */
    public static final double EARLY_WINDOW_NS = 20.0;
    /** Decay constant of the weights of the early-light centroid. */
    static final double TIMING_WEIGHT_NS = 5.0;
    /** Above this many PE (~ 70 keVee,
            well above the 2-30 keVee analysis window) the vertex is the corrected charge centroid (vertex_status 4). */
    public static final double BRIGHT_EVENT_PE = 1000;

    private final DetectorModel det;
    private final double lightYieldPePerKev;
    private final PmtArray pmts;
    private final VertexFitter fitter;
    private RunCalibration calibration;
    private double tdcNsPerCount;
    private final boolean[] seen = new boolean[PmtArray.COUNT];
    private int[] goodPmt = new int[PmtArray.COUNT];
    private double[] goodPe = new double[PmtArray.COUNT];
    private double[] goodTime = new double[PmtArray.COUNT];

    public ReductionKernel(DetectorModel det, LightResponse response, double lightYieldPePerKev) {
        if (!(lightYieldPePerKev > 0) || !Double.isFinite(lightYieldPePerKev)) {
            throw new IllegalArgumentException("light yield must be > 0 PE/keV, got " + lightYieldPePerKev);
        }
        this.det = det;
        this.lightYieldPePerKev = lightYieldPePerKev;
        this.pmts = det.pmtArray();
        this.fitter = new VertexFitter(response, pmts, BRIGHT_EVENT_PE);
    }

    /** Switches to a run's calibration (from the calibration tables, never from the simulation truth). */
    public void setRun(RunCalibration measured, double tdcNsPerCountOfRun) {
        this.calibration = measured;
        this.tdcNsPerCount = tdcNsPerCountOfRun;
        List<Integer> masked = new ArrayList<>();
        for (int i = 0; i < PmtArray.COUNT; i++) {
            if (measured.status()[i] != RunCalibration.GOOD) {
                masked.add(i);
            }
        }
        fitter.setMasked(masked.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Reduces {@code n} triggers. Hits of trigger e are [offsets[e], offsets[e+1]) in the hit arrays.
     *
     * @throws RawDataException for a PMT id, ADC or TDC count out of range or a PMT hit twice in one trigger
     */
    public void process(String file, int runId, int n, long[] eventId, long[] triggerTimeNs, boolean[] od,
                        int[] offsets, short[] pmt, int[] adc, int[] tdc, ReducedEvents out) {
        if (calibration == null || calibration.runId() != runId) {
            throw new IllegalStateException("kernel holds the calibration of run "
                    + (calibration == null ? "none" : calibration.runId()) + ", not of run " + runId);
        }
        out.reset(n);
        for (int e = 0; e < n; e++) {
            int good = 0;
            double total = 0;
            double maxPe = 0;
            double firstTime = Double.POSITIVE_INFINITY;
            for (int k = offsets[e]; k < offsets[e + 1]; k++) {
                int p = pmt[k];
                if (p < 0 || p >= PmtArray.COUNT) {
                    clearSeen(pmt, offsets[e], k);
                    throw new RawDataException(file, runId, eventId[e], "hits.pmt_id", "PMT id " + p + " outside 0.."
                            + (PmtArray.COUNT - 1));
                }
                if (adc[k] < 0 || adc[k] > det.adcMaxCounts()) {
                    clearSeen(pmt, offsets[e], k);
                    throw new RawDataException(file, runId, eventId[e], "hits.adc_counts", "ADC count " + adc[k]
                            + " outside 0.." + det.adcMaxCounts() + " (PMT " + p + ")");
                }
                if (tdc[k] < 0 || tdc[k] > det.tdcMaxCounts()) {
                    clearSeen(pmt, offsets[e], k);
                    throw new RawDataException(file, runId, eventId[e], "hits.tdc_counts", "TDC count " + tdc[k]
                            + " outside 0.." + det.tdcMaxCounts() + " (PMT " + p + ")");
                }
                if (seen[p]) {
                    clearSeen(pmt, offsets[e], k);
                    throw new RawDataException(file, runId, eventId[e], "hits.pmt_id", "PMT " + p + " appears twice");
                }
                seen[p] = true;
                if (calibration.status()[p] != RunCalibration.GOOD) {
                    continue;
                }
                double pe = (adc[k] - calibration.pedestalAdc()[p]) / calibration.gainAdcPerPe()[p];
                double t = tdc[k] * tdcNsPerCount - calibration.timingOffsetNs()[p];
                goodPmt[good] = p;
                goodPe[good] = pe;
                goodTime[good] = t;
                good++;
                total += pe;
                maxPe = Math.max(maxPe, pe);
                firstTime = Math.min(firstTime, t);
            }
            clearSeen(pmt, offsets[e], offsets[e + 1]);
            double early = 0;
            double mean = 0;
            for (int i = 0; i < good; i++) {
                mean += goodTime[i];
            }
            mean = good > 0 ? mean / good : 0;
            double var = 0;
            double wx = 0;
            double wy = 0;
            double wz = 0;
            double wsum = 0;
            for (int i = 0; i < good; i++) {
                double dt = goodTime[i] - firstTime;
                if (dt <= EARLY_WINDOW_NS) {
                    early += goodPe[i];
                }
                var += (goodTime[i] - mean) * (goodTime[i] - mean);
                double w = Math.max(goodPe[i], 0) * Math.exp(-dt / TIMING_WEIGHT_NS);
                wx += w * pmts.xCm(goodPmt[i]);
                wy += w * pmts.yCm(goodPmt[i]);
                wz += w * pmts.zCm(goodPmt[i]);
                wsum += w;
            }
            fitter.fit(good, goodPmt, goodPe);
            int row = out.size++;
            out.runId[row] = runId;
            out.eventId[row] = eventId[e];
            out.triggerTimeNs[row] = triggerTimeNs[e];
            out.odTriggered[row] = od[e];
            out.hitCount[row] = good;
            out.totalPe[row] = total;
            out.maxPmtPeFraction[row] = total > 0 ? maxPe / total : 0;
            out.earlyPeFraction[row] = total > 0 ? early / total : 0;
            out.hitTimeRmsNs[row] = good > 0 ? Math.sqrt(var / good) : 0;
            out.xCm[row] = fitter.x;
            out.yCm[row] = fitter.y;
            out.zCm[row] = fitter.z;
            out.rCm[row] = Math.sqrt(fitter.x * fitter.x + fitter.y * fitter.y + fitter.z * fitter.z);
            out.vertexNll[row] = fitter.nll;
            out.vertexStatus[row] = fitter.status;
            out.energyKevee[row] = total / (lightYieldPePerKev * fitter.relativeCollection);
            out.timingRCm[row] = wsum > 0 ? Math.sqrt(wx * wx + wy * wy + wz * wz) / wsum : 0;
        }
    }

    private void clearSeen(short[] pmt, int from, int to) {
        for (int k = from; k < to; k++) {
            int p = pmt[k];
            if (p >= 0 && p < PmtArray.COUNT) {
                seen[p] = false;
            }
        }
    }
}
