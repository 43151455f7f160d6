package xmassnu.reduction.sim;

import java.util.Arrays;

import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.detector.OpticalModel;
import xmassnu.reduction.detector.PmtArray;
import xmassnu.reduction.detector.RunCalibration;

/**
 * Forward model of one event's raw data: photoelectrons per PMT, single-PE charge, scintillation timing, transit
 * time spread, dark hits and afterpulses, the hit discriminator, the multiplicity trigger, and digitisation into
 * ADC/TDC counts with the run's true gains, pedestals and timing offsets. One instance per thread (it reuses
 * buffers); all randomness comes from the {@link StreamRng} passed in.
 */
public final class EventSimulator {
    private static final int N = PmtArray.COUNT;

    private final DetectorModel det;
    private final OpticalModel optics;
    private final RunCalibration truth;
    private final double[] fractions = new double[N];
    private final double[] distances = new double[N];
    private final double[] cumulative = new double[N];
    private final int[] peCount = new int[N];
    private final long[] pePrefix = new long[N];
    private final double[] firstTime = new double[N];
    private final double[] charge = new double[N];
    private final int[] touched = new int[N];
    private final boolean[] isTouched = new boolean[N];
    private int nTouched;
    private final double[] sortedTimes = new double[N];
    private final double[] noisyRates = new double[N];
    private final int[] goodChannels;
    private final double totalDarkRateHz;

    /** Outcome of {@link #simulate}: whether it triggered, and the trigger time relative to the event time. */
    public static final class Outcome {
        public boolean triggered;
        public double triggerOffsetNs;
        public int nHitsAboveThreshold;
        /** Charge of the recorded hits (PE), 0 when the event did not trigger. */
        public double recordedPe;
    }

    public EventSimulator(DetectorModel det, OpticalModel optics, RunCalibration truth) {
        this.det = det;
        this.optics = optics;
        this.truth = truth;
        int good = 0;
        double dark = 0;
        for (int i = 0; i < N; i++) {
            if (truth.status()[i] != RunCalibration.DEAD) {
                good++;
                noisyRates[i] = truth.status()[i] == RunCalibration.NOISY ? det.noisyDarkRateHz() : det.darkRateHz();
                dark += noisyRates[i];
            }
        }
        goodChannels = new int[good];
        for (int i = 0, k = 0; i < N; i++) {
            if (truth.status()[i] != RunCalibration.DEAD) {
                goodChannels[k++] = i;
            }
        }
        totalDarkRateHz = dark;
    }

    private void reset() {
        for (int k = 0; k < nTouched; k++) {
            int i = touched[k];
            peCount[i] = 0;
            charge[i] = 0;
            firstTime[i] = Double.POSITIVE_INFINITY;
            isTouched[i] = false;
        }
        nTouched = 0;
    }

    private void touch(int i) {
        if (!isTouched[i]) {
            isTouched[i] = true;
            touched[nTouched++] = i;
            firstTime[i] = Double.POSITIVE_INFINITY;
        }
    }

    /** Scintillation from a point at (x, y, z) depositing {@code energyKev}. */
    public Outcome scintillationPoint(double xCm, double yCm, double zCm, double energyKev, StreamRng rng,
                                      HitBuffer out, Outcome outcome) {
        optics.fill(xCm, yCm, zCm, fractions, distances);
        return scintillate(energyKev, 1.0, rng, out, outcome);
    }

    /** Light leaking from a holder gap at wall direction (ux, uy, uz): Lambertian, a fraction of the light visible. */
    public Outcome scintillationGap(double ux, double uy, double uz, double energyKev, double visibleFraction,
                                    StreamRng rng, HitBuffer out, Outcome outcome) {
        optics.fillLambertian(ux, uy, uz, fractions, distances);
        return scintillate(energyKev, visibleFraction, rng, out, outcome);
    }

    private Outcome scintillate(double energyKev, double visibleFraction, StreamRng rng, HitBuffer out,
                                Outcome outcome) {
        reset();
        double scale = Math.max(0, 1 + det.intrinsicResolution() * rng.nextGaussian());
        double meanPe = det.lightYieldPePerKev() * energyKev * det.scintillation().relativeYield(energyKev)
                * visibleFraction * scale;
        double tau = det.scintillation().decayTimeNs(energyKev);
        double total = 0;
        for (int i = 0; i < N; i++) {
            total += fractions[i];
            cumulative[i] = total;
        }
        double muTotal = meanPe * total;
        if (muTotal < 300) {
            // Poisson splitting: N ~ Poisson(mu_total), each PE to PMT i with probability f_i / sum f
            long nPe = rng.nextPoisson(muTotal);
            for (long k = 0; k < nPe; k++) {
                double u = rng.nextDouble() * total;
                int i = Arrays.binarySearch(cumulative, u);
                i = i >= 0 ? Math.min(i + 1, N - 1) : -i - 1;
                touch(i);
                peCount[i]++;
            }
        } else {
            for (int i = 0; i < N; i++) {
                double mu = meanPe * fractions[i];
                long n = rng.nextPoisson(mu);
                if (n > 0) {
                    touch(i);
                    peCount[i] = (int) Math.min(n, Integer.MAX_VALUE);
                }
            }
        }
        for (int k = 0; k < nTouched; k++) {
            int i = touched[k];
            int n = peCount[i];
            // earliest of n exponential emission times is exponential with mean tau/n
            firstTime[i] = distances[i] / det.photonSpeedCmPerNs() + rng.nextExponential(tau / n)
                    + det.transitTimeSpreadNs() * rng.nextGaussian();
            charge[i] = speCharge(n, rng);
        }
        return finish(rng, out, outcome);
    }

    /** Cherenkov light from a beta in the quartz window of {@code pmt}: fast, mostly in that PMT. */
    public Outcome cherenkov(int pmt, int photoelectrons, double ownFraction, StreamRng rng, HitBuffer out,
                             Outcome outcome) {
        reset();
        for (int k = 0; k < photoelectrons; k++) {
            int i = rng.nextDouble() < ownFraction ? pmt : rng.nextInt(N);
            touch(i);
            peCount[i]++;
        }
        for (int k = 0; k < nTouched; k++) {
            int i = touched[k];
            firstTime[i] = det.transitTimeSpreadNs() * rng.nextGaussian() + (i == pmt ? 0 : 2.0);
            charge[i] = speCharge(peCount[i], rng);
        }
        return finish(rng, out, outcome);
    }

    /** Only dark hits: {@code hits} single PEs on random good channels within the trigger window. */
    public Outcome darkCoincidence(int hits, StreamRng rng, HitBuffer out, Outcome outcome) {
        reset();
        for (int k = 0; k < hits; k++) {
            int i = goodChannels[rng.nextInt(goodChannels.length)];
            touch(i);
            peCount[i]++;
            double t = rng.nextDouble() * det.triggerWindowNs();
            firstTime[i] = Math.min(firstTime[i], t);
            charge[i] += speCharge(1, rng);
        }
        return finish(rng, out, outcome);
    }

    private double speCharge(int n, StreamRng rng) {
        if (n == 1) {
            double q;
            do {
                q = 1 + det.speResolutionPe() * rng.nextGaussian();
            } while (q < 0);
            return q;
        }
        return Math.max(0, n + det.speResolutionPe() * Math.sqrt(n) * rng.nextGaussian());
    }

    /** Expected number of dark-noise hits (all channels) in one readout window. */
    public double meanDarkHitsPerWindow() {
        return totalDarkRateHz * det.readoutWindowNs() * 1e-9;
    }

    public double totalDarkRateHz() {
        return totalDarkRateHz;
    }

    private Outcome finish(StreamRng rng, HitBuffer out, Outcome outcome) {
        // dark hits anywhere in the readout window (before and after the light)
        long nDark = rng.nextPoisson(meanDarkHitsPerWindow());
        for (long k = 0; k < nDark; k++) {
            int i = pickDarkChannel(rng);
            touch(i);
            double t = -det.preTriggerNs() + rng.nextDouble() * det.readoutWindowNs();
            firstTime[i] = Math.min(firstTime[i], t);
            charge[i] += speCharge(1, rng);
            peCount[i]++;
        }
        // afterpulses add charge inside the integration gate: Poisson(p x PE) per channel, drawn as one Poisson
        // total over all PEs, each afterpulse landing on a channel in proportion to its PEs (Poisson splitting)
        if (det.afterpulseProbability() > 0 && nTouched > 0) {
            long totalPe = 0;
            for (int k = 0; k < nTouched; k++) {
                totalPe += peCount[touched[k]];
                pePrefix[k] = totalPe;
            }
            double expected = totalPe * det.afterpulseProbability();
            if (expected > nTouched) {
                // very bright events (muons): one Poisson per channel is cheaper than one pick per afterpulse
                for (int k = 0; k < nTouched; k++) {
                    long n = rng.nextPoisson(peCount[touched[k]] * det.afterpulseProbability());
                    if (n > 0) {
                        charge[touched[k]] += speCharge((int) n, rng);
                    }
                }
                expected = 0;
            }
            long ap = expected > 0 ? rng.nextPoisson(expected) : 0;
            for (long a = 0; a < ap; a++) {
                long pick = (long) (rng.nextDouble() * totalPe);
                int k = Arrays.binarySearch(pePrefix, 0, nTouched, pick);
                k = k >= 0 ? k + 1 : -k - 1; // first prefix strictly greater than pick
                charge[touched[k]] += speCharge(1, rng);
            }
        }
        // discriminator and dead channels; recorded time includes the channel's timing offset
        int nAbove = 0;
        for (int k = 0; k < nTouched; k++) {
            int i = touched[k];
            if (truth.status()[i] == RunCalibration.DEAD || charge[i] < det.hitThresholdPe()) {
                isTouched[i] = false;
                continue;
            }
            firstTime[i] += truth.timingOffsetNs()[i];
            sortedTimes[nAbove++] = firstTime[i];
        }
        outcome.nHitsAboveThreshold = nAbove;
        outcome.triggered = false;
        int m = det.triggerHits();
        if (nAbove >= m) {
            // usual case: the m earliest hits already form the coincidence (found by partial selection);
            // otherwise (an early dark hit) fall back to sorting and scanning every window
            partialSelect(sortedTimes, nAbove, m);
            if (sortedTimes[m - 1] - sortedTimes[0] <= det.triggerWindowNs()) {
                outcome.triggered = true;
                outcome.triggerOffsetNs = sortedTimes[m - 1];
            } else {
                Arrays.sort(sortedTimes, 0, nAbove);
                for (int k = 0; k + m - 1 < nAbove; k++) {
                    if (sortedTimes[k + m - 1] - sortedTimes[k] <= det.triggerWindowNs()) {
                        outcome.triggered = true;
                        outcome.triggerOffsetNs = sortedTimes[k + m - 1];
                        break;
                    }
                }
            }
        }
        out.clear();
        outcome.recordedPe = 0;
        if (outcome.triggered) {
            double windowStart = outcome.triggerOffsetNs - det.preTriggerNs();
            Arrays.sort(touched, 0, nTouched);
            for (int k = 0; k < nTouched; k++) {
                int i = touched[k];
                if (!isTouched[i]) {
                    continue;
                }
                double adc = truth.pedestalAdc()[i] + truth.gainAdcPerPe()[i] * charge[i]
                        + det.pedestalNoiseAdc() * rng.nextGaussian();
                int adcCounts = (int) Math.max(0, Math.min(det.adcMaxCounts(), Math.round(adc)));
                long tdc = Math.round((firstTime[i] - windowStart) / det.tdcNsPerCount());
                int tdcCounts = (int) Math.max(0, Math.min(det.tdcMaxCounts(), tdc));
                out.add(i, adcCounts, tdcCounts);
                outcome.recordedPe += charge[i];
            }
        }
        // restore flags cleared by the discriminator so reset() sees every touched channel
        for (int k = 0; k < nTouched; k++) {
            isTouched[touched[k]] = true;
        }
        return outcome;
    }

    /** Moves the m smallest of a[0..n) into a[0..m), sorted (insertion into a small prefix: O(n m)). */
    static void partialSelect(double[] a, int n, int m) {
        for (int i = 1; i < m; i++) {
            double v = a[i];
            int j = i - 1;
            while (j >= 0 && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
        for (int i = m; i < n; i++) {
            double v = a[i];
            if (v < a[m - 1]) {
                a[i] = a[m - 1];
                int j = m - 2;
                while (j >= 0 && a[j] > v) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
        }
    }

    private int pickDarkChannel(StreamRng rng) {
        double u = rng.nextDouble() * totalDarkRateHz;
        for (int i : goodChannels) {
            u -= noisyRates[i];
            if (u <= 0) {
                return i;
            }
        }
        return goodChannels[goodChannels.length - 1];
    }
}
