package xmassnu.reduction.sim;

import java.util.Arrays;

/** Growable columnar buffer of one event's hits (PMT id, ADC counts, TDC counts), sorted by PMT id. */
public final class HitBuffer {
    short[] pmt = new short[64];
    int[] adc = new int[64];
    int[] tdc = new int[64];
    int size;

    public void clear() {
        size = 0;
    }

    void add(int pmtId, int adcCounts, int tdcCounts) {
        if (size == pmt.length) {
            pmt = Arrays.copyOf(pmt, size * 2);
            adc = Arrays.copyOf(adc, size * 2);
            tdc = Arrays.copyOf(tdc, size * 2);
        }
        pmt[size] = (short) pmtId;
        adc[size] = adcCounts;
        tdc[size] = tdcCounts;
        size++;
    }

    public int size() {
        return size;
    }

    public short pmt(int i) {
        return pmt[i];
    }

    public int adc(int i) {
        return adc[i];
    }

    public int tdc(int i) {
        return tdc[i];
    }
}
