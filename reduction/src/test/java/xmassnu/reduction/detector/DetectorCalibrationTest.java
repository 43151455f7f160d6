package xmassnu.reduction.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import xmassnu.reduction.sim.EventSimulator;
import xmassnu.reduction.sim.HitBuffer;
import xmassnu.reduction.sim.StreamRng;

/** The detector model against XMASS-I's measured numbers (NIM A 716 (2013) 78, arXiv:1301.2815). */
class DetectorCalibrationTest {
    private static final DetectorModel DET = DetectorModel.XMASS_I;

    /** Mean and relative sigma of the measured charge sum (ADC back to PE with the true constants). */
    static double[] chargeResponse(double energyKev, double zCm, int n) {
        RunCalibration cal = RunCalibration.truth(DET, 11, 1, 0, 0);
        EventSimulator sim = new EventSimulator(DET, DET.opticalModel(), cal);
        HitBuffer h = new HitBuffer();
        EventSimulator.Outcome o = new EventSimulator.Outcome();
        double s = 0;
        double s2 = 0;
        int triggered = 0;
        for (int i = 0; i < n; i++) {
            sim.scintillationPoint(0, 0, zCm, energyKev, StreamRng.of(3, i), h, o);
            if (!o.triggered) {
                continue;
            }
            triggered++;
            double pe = 0;
            for (int k = 0; k < h.size(); k++) {
                int p = h.pmt(k);
                pe += (h.adc(k) - cal.pedestalAdc()[p]) / cal.gainAdcPerPe()[p];
            }
            s += pe;
            s2 += pe * pe;
        }
        double mean = s / triggered;
        return new double[] {mean, Math.sqrt(s2 / triggered - mean * mean) / mean, triggered / (double) n};
    }

    @Test
    void geometryHas642PmtsOnTheSphere() {
        PmtArray a = DET.pmtArray();
        double minNeighbour = Double.MAX_VALUE;
        for (int i = 0; i < PmtArray.COUNT; i++) {
            double r = Math.sqrt(a.xCm(i) * a.xCm(i) + a.yCm(i) * a.yCm(i) + a.zCm(i) * a.zCm(i));
            assertEquals(40.0, r, 1e-9);
            for (int j = i + 1; j < PmtArray.COUNT; j++) {
                double dx = a.xCm(i) - a.xCm(j);
                double dy = a.yCm(i) - a.yCm(j);
                double dz = a.zCm(i) - a.zCm(j);
                minNeighbour = Math.min(minNeighbour, Math.sqrt(dx * dx + dy * dy + dz * dz));
            }
        }
        // hexagonal packing of 642 points on R = 40 cm: d = sqrt(4 pi R^2 / 642 / (sqrt(3)/2)) = 6.0 cm; the
        // 2-inch R10789 window is ~ 5.4 cm across, so no two tubes may be closer than that
        assertTrue(minNeighbour > 5.35 && minNeighbour < 6.1, "nearest neighbour " + minNeighbour);
        // XMASS: photocathode coverage > 62 % (NIM A 716 (2013) 78)
        assertEquals(0.62, DET.opticalModel().coverage(), 0.01);
        // 97 kg fiducial volume <-> R = 20 cm (physics.md)
        assertEquals(20.0, DET.radiusForMassCm(97), 0.05);
    }

    @Test
    void lightYieldAndResolutionAt122KevInTheCentre() {
        // XMASS-I: 14.7 PE/keV and 4 % (sigma) resolution for 122 keV gammas at the centre (NIM A 716 (2013) 78, arXiv:1301.2815)
        double[] r = chargeResponse(122.0, 0, 4000);
        assertEquals(14.7, r[0] / 122.0, 0.15);
        assertEquals(0.040, r[1], 0.003);
    }

    @Test
    void resolutionScalesLikePhotoelectronStatisticsAtLowEnergy() {
        // sigma/E ~ 1/sqrt(N_pe) x sqrt(1 + sigma_spe^2) at low energy, an independent estimate
        double[] r = chargeResponse(5.0, 0, 4000);
        double expected = Math.sqrt((1 + 0.35 * 0.35) / r[0] + 0.032 * 0.032);
        assertEquals(expected, r[1], 0.1 * expected);
    }

    @Test
    void triggerEfficiencyNearThresholdMatchesPoissonMultiplicity() {
        // With ~ 0.01 PE per PMT, every PE is its own hit: efficiency = P(N_pe >= 4) for N ~ Poisson(mu),
        // mu = light yield x E x relative yield (0.80 at <= 1 keV). Independent of the simulation's code paths.
        for (double e : new double[] {0.2, 0.3, 0.5}) {
            double mu = DET.lightYieldPePerKev() * e * DET.scintillation().relativeYield(e);
            double p = Math.exp(-mu) * (1 + mu + mu * mu / 2 + mu * mu * mu / 6);
            double[] r = chargeResponse(e, 0, 4000);
            assertEquals(1 - p, r[2], 0.04, "E = " + e + " keV");
        }
        assertEquals(1.0, chargeResponse(2.0, 0, 500)[2], 0.005);
    }

    @Test
    void eventsNearTheWallPutTheirLightIntoOnePmt() {
        double[] f = new double[PmtArray.COUNT];
        OpticalModel optics = DET.opticalModel();
        double sum = optics.fill(0, 0, 39.9, f, null);
        double max = 0;
        for (double v : f) {
            max = Math.max(max, v);
        }
        assertTrue(max / sum > 0.4);
        // a Lambertian source on a sphere lights the wall almost uniformly (integrating-sphere property)
        sum = optics.fillLambertian(0, 0, 1, f, null);
        max = 0;
        for (double v : f) {
            max = Math.max(max, v);
        }
        assertTrue(max / sum < 3.0 / PmtArray.COUNT);
    }

    @Test
    void invalidDetectorParametersAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DetectorModel(
                40, 39, 2.89, 2.486, 52, 500, 0.5, 14.41, 0.032, 0.35, 0.2, 2, 18.6, 200, 20000, 0.02, 1000, 200, 4,
                200, 0.4, 4095, 65535, 20, 0.15, 0.03, 100, 5, 1.5, 2, 0.005, 6, 4, ScintillationModel.DEFAULT));
        assertTrue(e.getMessage().contains("lxeRadiusCm"));
    }
}
