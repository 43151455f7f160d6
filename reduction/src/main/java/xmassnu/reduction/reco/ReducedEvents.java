package xmassnu.reduction.reco;

import java.util.Arrays;

/** Columnar output of the reduction kernel for one batch: the event-table columns (see schemas, table events). */
public final class ReducedEvents {
    public int size;
    public int[] runId = new int[0];
    public long[] eventId = new long[0];
    public long[] triggerTimeNs = new long[0];
    public boolean[] odTriggered = new boolean[0];
    public int[] hitCount = new int[0];
    public double[] totalPe = new double[0];
    public double[] maxPmtPeFraction = new double[0];
    public double[] earlyPeFraction = new double[0];
    public double[] hitTimeRmsNs = new double[0];
    public double[] energyKevee = new double[0];
    public double[] xCm = new double[0];
    public double[] yCm = new double[0];
    public double[] zCm = new double[0];
    public double[] rCm = new double[0];
    public double[] vertexNll = new double[0];
    public int[] vertexStatus = new int[0];
    public double[] timingRCm = new double[0];

    public void reset(int capacity) {
        size = 0;
        if (runId.length < capacity) {
            runId = new int[capacity];
            eventId = new long[capacity];
            triggerTimeNs = new long[capacity];
            odTriggered = new boolean[capacity];
            hitCount = new int[capacity];
            totalPe = new double[capacity];
            maxPmtPeFraction = new double[capacity];
            earlyPeFraction = new double[capacity];
            hitTimeRmsNs = new double[capacity];
            energyKevee = new double[capacity];
            xCm = new double[capacity];
            yCm = new double[capacity];
            zCm = new double[capacity];
            rCm = new double[capacity];
            vertexNll = new double[capacity];
            vertexStatus = new int[capacity];
            timingRCm = new double[capacity];
        }
    }

    @Override
    public String toString() {
        return "ReducedEvents[" + size + "] " + Arrays.toString(Arrays.copyOf(energyKevee, Math.min(size, 5)));
    }
}
