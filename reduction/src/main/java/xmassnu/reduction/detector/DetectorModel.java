package xmassnu.reduction.detector;

/**
 * Every detector parameter the simulation and the reconstruction share, with XMASS-I defaults
 * (docs/detector.md lists each with its source and tag). Immutable and validated; reconstruction uses the
 * geometry and optics, never the per-run truth constants.
 *
 * <p>Two defaults are tuned rather than quoted: {@code lightYieldPePerKev} = 14.41 photoelectrons per keV at the
 * centre, which with 2 % afterpulsing and the single-PE charge response gives the measured 14.7 PE/keV of XMASS
 * for 122 keV; and {@code intrinsicResolution} = 3.2 %, which with photoelectron statistics gives the measured
 * 4 % (sigma) at 122 keV. The test DetectorCalibrationTest checks both.
 */
public record DetectorModel(
        double pmtRadiusCm,
        double lxeRadiusCm,
        double lxeDensityGPerCm3,
        double photocathodeRadiusCm,
        double scatteringLengthCm,
        double absorptionLengthCm,
        double diffuseCollection,
        double lightYieldPePerKev,
        double intrinsicResolution,
        double speResolutionPe,
        double hitThresholdPe,
        double transitTimeSpreadNs,
        double photonSpeedCmPerNs,
        double darkRateHz,
        double noisyDarkRateHz,
        double afterpulseProbability,
        double readoutWindowNs,
        double preTriggerNs,
        int triggerHits,
        int triggerWindowNs,
        double tdcNsPerCount,
        int adcMaxCounts,
        int tdcMaxCounts,
        double nominalGainAdcPerPe,
        double gainSpread,
        double gainDriftPerYear,
        double nominalPedestalAdc,
        double pedestalSpreadAdc,
        double pedestalNoiseAdc,
        double timingOffsetSpreadNs,
        double gainCalibrationPrecision,
        int deadChannelsAtEnd,
        int noisyChannelsAtEnd,
        ScintillationModel scintillation) implements java.io.Serializable {

    public static final DetectorModel XMASS_I = new DetectorModel(
            40.0, 41.0, 2.89, 2.486, 52.0, 500.0, 0.5,
            14.41, 0.032, 0.35, 0.2, 2.0, 18.6,
            200.0, 20000.0, 0.02, 1000.0, 200.0, 4, 200, 0.4, 4095, 65535,
            20.0, 0.15, 0.03, 100.0, 5.0, 1.5, 2.0, 0.005, 6, 4,
            ScintillationModel.DEFAULT);

    public DetectorModel {
        positive("pmtRadiusCm", pmtRadiusCm);
        positive("lxeRadiusCm", lxeRadiusCm);
        if (lxeRadiusCm < pmtRadiusCm) {
            throw new IllegalArgumentException("lxeRadiusCm (" + lxeRadiusCm + ") must be >= pmtRadiusCm (" + pmtRadiusCm + ")");
        }
        positive("lxeDensityGPerCm3", lxeDensityGPerCm3);
        positive("photocathodeRadiusCm", photocathodeRadiusCm);
        positive("lightYieldPePerKev", lightYieldPePerKev);
        nonNegative("intrinsicResolution", intrinsicResolution);
        nonNegative("speResolutionPe", speResolutionPe);
        nonNegative("hitThresholdPe", hitThresholdPe);
        nonNegative("transitTimeSpreadNs", transitTimeSpreadNs);
        positive("photonSpeedCmPerNs", photonSpeedCmPerNs);
        nonNegative("darkRateHz", darkRateHz);
        nonNegative("noisyDarkRateHz", noisyDarkRateHz);
        fraction("afterpulseProbability", afterpulseProbability);
        positive("readoutWindowNs", readoutWindowNs);
        nonNegative("preTriggerNs", preTriggerNs);
        if (triggerHits < 1 || triggerWindowNs < 1) {
            throw new IllegalArgumentException("triggerHits and triggerWindowNs must be >= 1");
        }
        positive("tdcNsPerCount", tdcNsPerCount);
        positive("nominalGainAdcPerPe", nominalGainAdcPerPe);
        fraction("gainSpread", gainSpread);
        nonNegative("gainDriftPerYear", gainDriftPerYear);
        nonNegative("nominalPedestalAdc", nominalPedestalAdc);
        nonNegative("pedestalSpreadAdc", pedestalSpreadAdc);
        nonNegative("pedestalNoiseAdc", pedestalNoiseAdc);
        nonNegative("timingOffsetSpreadNs", timingOffsetSpreadNs);
        fraction("gainCalibrationPrecision", gainCalibrationPrecision);
        if (deadChannelsAtEnd < 0 || noisyChannelsAtEnd < 0 || deadChannelsAtEnd + noisyChannelsAtEnd > PmtArray.COUNT / 2) {
            throw new IllegalArgumentException("dead/noisy channel counts must be >= 0 and leave most channels good");
        }
        if (scintillation == null) {
            throw new IllegalArgumentException("scintillation model missing");
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be > 0 and finite, got " + v);
        }
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite, got " + v);
        }
    }

    private static void fraction(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }

    public PmtArray pmtArray() {
        return PMT_ARRAYS.computeIfAbsent(pmtRadiusCm, PmtArray::new);
    }

    /** The parameters that determine the optics; optical models (immutable, ~ 100 ms to build) are shared per key. */
    public record OpticsKey(double pmtRadiusCm, double photocathodeRadiusCm, double scatteringLengthCm,
                            double absorptionLengthCm, double diffuseCollection) {}

    public OpticsKey opticsKey() {
        return new OpticsKey(pmtRadiusCm, photocathodeRadiusCm, scatteringLengthCm, absorptionLengthCm, diffuseCollection);
    }

    public OpticalModel opticalModel() {
        return OPTICS.computeIfAbsent(opticsKey(), k -> new OpticalModel(pmtArray(), photocathodeRadiusCm,
                scatteringLengthCm, absorptionLengthCm, diffuseCollection));
    }

    private static final java.util.concurrent.ConcurrentHashMap<Double, PmtArray> PMT_ARRAYS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.ConcurrentHashMap<OpticsKey, OpticalModel> OPTICS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Liquid-xenon mass of a sphere of the given radius, kg. */
    public double massKg(double radiusCm) {
        return 4.0 / 3.0 * Math.PI * radiusCm * radiusCm * radiusCm * lxeDensityGPerCm3 / 1000.0;
    }

    /** Radius of the sphere of the given LXe mass, cm (97 kg -> 20.0 cm). */
    public double radiusForMassCm(double massKg) {
        return Math.cbrt(massKg * 1000.0 / lxeDensityGPerCm3 * 3.0 / (4.0 * Math.PI));
    }
}
