package xmassnu.reduction.detector;

import xmassnu.reduction.sim.StreamRng;
import xmassnu.schemas.PmtStatus;

/**
 * Per-run, per-PMT constants: gain (ADC counts per PE), pedestal, timing offset and status. The simulation
 * digitises with the {@link #truth} constants; the calibration tables it writes are {@link #measured} copies with
 * the finite precision of an LED/source calibration, which is all the reconstruction ever sees.
 */
public record RunCalibration(int runId, double[] gainAdcPerPe, double[] pedestalAdc, double[] timingOffsetNs,
                             byte[] status) implements java.io.Serializable {

    /** Channel status codes of the pmt_calibration contract ({@link PmtStatus}). */
    public static final byte GOOD = PmtStatus.GOOD.code();
    public static final byte DEAD = PmtStatus.DEAD.code();
    public static final byte NOISY = PmtStatus.NOISY.code();

    public RunCalibration {
        int n = PmtArray.COUNT;
        if (gainAdcPerPe.length != n || pedestalAdc.length != n || timingOffsetNs.length != n || status.length != n) {
            throw new IllegalArgumentException("run " + runId + ": calibration arrays must have " + n + " entries");
        }
        for (int i = 0; i < n; i++) {
            if (!(gainAdcPerPe[i] > 0) || !Double.isFinite(pedestalAdc[i]) || !Double.isFinite(timingOffsetNs[i])) {
                throw new IllegalArgumentException("run " + runId + ", PMT " + i + ": invalid calibration (gain "
                        + gainAdcPerPe[i] + ", pedestal " + pedestalAdc[i] + ", offset " + timingOffsetNs[i] + ")");
            }
            if (status[i] < GOOD || status[i] > NOISY) {
                throw new IllegalArgumentException("run " + runId + ", PMT " + i + ": unknown status " + status[i]);
            }
        }
    }

    /**
     * True constants of a run: each PMT's gain drifts linearly from its own starting value; dead and noisy
     * channels appear at PMT-specific times spread uniformly over the data period ({@code periodFraction} in [0,1]).
     */
    public static RunCalibration truth(DetectorModel det, long seed, int runId, double yearsSinceStart,
                                       double periodFraction) {
        int n = PmtArray.COUNT;
        double[] gain = new double[n];
        double[] ped = new double[n];
        double[] offset = new double[n];
        byte[] status = new byte[n];
        StreamRng failures = StreamRng.of(seed, StreamRng.purpose("channel-failures"));
        int[] order = new int[n];
        double[] failTime = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // a seed-dependent permutation picks which channels die or become noisy, and when
        for (int i = n - 1; i > 0; i--) {
            int j = failures.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int k = 0; k < det.deadChannelsAtEnd() + det.noisyChannelsAtEnd(); k++) {
            failTime[order[k]] = failures.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            StreamRng pmt = StreamRng.of(seed, StreamRng.purpose("pmt-constants"), i);
            double g0 = det.nominalGainAdcPerPe() * Math.max(0.3, 1 + det.gainSpread() * pmt.nextGaussian());
            double drift = det.gainDriftPerYear() * pmt.nextGaussian();
            double p0 = det.nominalPedestalAdc() + det.pedestalSpreadAdc() * pmt.nextGaussian();
            double t0 = det.timingOffsetSpreadNs() * pmt.nextGaussian();
            StreamRng run = StreamRng.of(seed, StreamRng.purpose("pmt-run-jitter"), runId, i);
            gain[i] = g0 * (1 + drift * yearsSinceStart);
            ped[i] = p0 + 0.3 * run.nextGaussian();
            offset[i] = t0 + 0.05 * run.nextGaussian();
        }
        for (int k = 0; k < det.deadChannelsAtEnd() + det.noisyChannelsAtEnd(); k++) {
            int pmt = order[k];
            if (periodFraction >= failTime[pmt]) {
                status[pmt] = k < det.deadChannelsAtEnd() ? DEAD : NOISY;
            }
        }
        return new RunCalibration(runId, gain, ped, offset, status);
    }

    /** What the calibration measured: gains within the calibration precision, pedestals to 0.1 ADC, offsets to 0.1 ns. */
    public RunCalibration measured(DetectorModel det, long seed) {
        int n = PmtArray.COUNT;
        double[] g = new double[n];
        double[] p = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            StreamRng rng = StreamRng.of(seed, StreamRng.purpose("calibration-measurement"), runId, i);
            g[i] = gainAdcPerPe[i] * (1 + det.gainCalibrationPrecision() * rng.nextGaussian());
            p[i] = pedestalAdc[i] + 0.1 * rng.nextGaussian();
            t[i] = timingOffsetNs[i] + 0.1 * rng.nextGaussian();
        }
        return new RunCalibration(runId, g, p, t, status.clone());
    }
}
