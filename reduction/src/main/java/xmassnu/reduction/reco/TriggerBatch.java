package xmassnu.reduction.reco;

import java.util.Arrays;

import xmassnu.reduction.sim.HitBuffer;

/** Triggers simulated in memory, collected as the reduction kernel's input arrays (no raw file in between). */
public final class TriggerBatch {
    private int n;
    private long[] ids = new long[1024];
    private long[] times = new long[1024];
    private boolean[] od = new boolean[1024];
    private int[] offsets = new int[1025];
    private short[] pmt = new short[1 << 16];
    private int[] adc = new int[1 << 16];
    private int[] tdc = new int[1 << 16];
    private int hits;

    /** Appends one trigger's hits; returns its row in the reduced output. */
    public int add(HitBuffer h) {
        if (n + 1 >= ids.length) {
            int size = ids.length * 2;
            ids = Arrays.copyOf(ids, size);
            times = Arrays.copyOf(times, size);
            od = Arrays.copyOf(od, size);
            offsets = Arrays.copyOf(offsets, size + 1);
        }
        if (hits + h.size() > pmt.length) {
            int size = Math.max(pmt.length * 2, hits + h.size());
            pmt = Arrays.copyOf(pmt, size);
            adc = Arrays.copyOf(adc, size);
            tdc = Arrays.copyOf(tdc, size);
        }
        offsets[n] = hits;
        for (int k = 0; k < h.size(); k++) {
            pmt[hits] = h.pmt(k);
            adc[hits] = h.adc(k);
            tdc[hits] = h.tdc(k);
            hits++;
        }
        ids[n] = n;
        n++;
        offsets[n] = hits;
        return n - 1;
    }

    public int size() {
        return n;
    }

    /** Runs the kernel (already set to the run's calibration) over the batch. */
    public void reduce(ReductionKernel kernel, String source, int runId, ReducedEvents out) {
        kernel.process(source, runId, n, ids, times, od, offsets, pmt, adc, tdc, out);
    }
}
