package xmassnu.reduction.sim;

import java.util.Arrays;

/**
 * The columnar output of one (run, chunk): triggered events with their hits (list offsets into the hit arrays,
 * as Arrow lays them out) and the truth of every generated event.
 */
public final class SimulatedChunk {
    public final int runId;
    public final int chunkIndex;
    // triggered events
    public int nEvents;
    public long[] eventId = new long[256];
    public long[] triggerTimeNs = new long[256];
    public int[] triggerBits = new int[256];
    public boolean[] odTriggered = new boolean[256];
    /** hits of event i are [hitOffset[i], hitOffset[i+1]) */
    public int[] hitOffset = new int[257];
    public int nHits;
    public short[] hitPmt = new short[4096];
    public int[] hitAdc = new int[4096];
    public int[] hitTdc = new int[4096];
    // truth
    public int nTruth;
    public long[] truthId = new long[256];
    public long[] truthEventId = new long[256];
    public byte[] truthComponent = new byte[256];
    public double[] truthEnergyKev = new double[256];
    public double[] truthX = new double[256];
    public double[] truthY = new double[256];
    public double[] truthZ = new double[256];
    public long[] truthTimeNs = new long[256];
    public boolean[] truthTriggered = new boolean[256];

    /** Every generated event and every trigger per component (truth rows may be fewer in a restricted simulation). */
    public final long[] generatedByComponent = new long[Component.values().length];
    public final long[] triggeredByComponent = new long[Component.values().length];

    public SimulatedChunk(int runId, int chunkIndex) {
        this.runId = runId;
        this.chunkIndex = chunkIndex;
    }

    void addEvent(long id, long timeNs, int bits, boolean od, HitBuffer hits) {
        if (nEvents == eventId.length) {
            int n = nEvents * 2;
            eventId = Arrays.copyOf(eventId, n);
            triggerTimeNs = Arrays.copyOf(triggerTimeNs, n);
            triggerBits = Arrays.copyOf(triggerBits, n);
            odTriggered = Arrays.copyOf(odTriggered, n);
            hitOffset = Arrays.copyOf(hitOffset, n + 1);
        }
        if (nHits + hits.size > hitPmt.length) {
            int n = Math.max(hitPmt.length * 2, nHits + hits.size);
            hitPmt = Arrays.copyOf(hitPmt, n);
            hitAdc = Arrays.copyOf(hitAdc, n);
            hitTdc = Arrays.copyOf(hitTdc, n);
        }
        eventId[nEvents] = id;
        triggerTimeNs[nEvents] = timeNs;
        triggerBits[nEvents] = bits;
        odTriggered[nEvents] = od;
        hitOffset[nEvents] = nHits;
        System.arraycopy(hits.pmt, 0, hitPmt, nHits, hits.size);
        System.arraycopy(hits.adc, 0, hitAdc, nHits, hits.size);
        System.arraycopy(hits.tdc, 0, hitTdc, nHits, hits.size);
        nHits += hits.size;
        nEvents++;
        hitOffset[nEvents] = nHits;
    }

    void addTruth(long id, long eventIdOrMinus1, Component c, double eKev, double x, double y, double z, long t,
                  boolean triggered) {
        if (nTruth == truthId.length) {
            int n = nTruth * 2;
            truthId = Arrays.copyOf(truthId, n);
            truthEventId = Arrays.copyOf(truthEventId, n);
            truthComponent = Arrays.copyOf(truthComponent, n);
            truthEnergyKev = Arrays.copyOf(truthEnergyKev, n);
            truthX = Arrays.copyOf(truthX, n);
            truthY = Arrays.copyOf(truthY, n);
            truthZ = Arrays.copyOf(truthZ, n);
            truthTimeNs = Arrays.copyOf(truthTimeNs, n);
            truthTriggered = Arrays.copyOf(truthTriggered, n);
        }
        truthId[nTruth] = id;
        truthEventId[nTruth] = eventIdOrMinus1;
        truthComponent[nTruth] = (byte) c.ordinal();
        truthEnergyKev[nTruth] = eKev;
        truthX[nTruth] = x;
        truthY[nTruth] = y;
        truthZ[nTruth] = z;
        truthTimeNs[nTruth] = t;
        truthTriggered[nTruth] = triggered;
        nTruth++;
    }

    public Component component(int truthIndex) {
        return Component.values()[truthComponent[truthIndex]];
    }
}
