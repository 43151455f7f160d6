package xmassnu.reduction.reco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.detector.RunCalibration;
import xmassnu.reduction.sim.EventSimulator;
import xmassnu.reduction.sim.HitBuffer;
import xmassnu.reduction.sim.StreamRng;

/** Reconstruction against MC truth (docs/reduction.md shows the full tables from bin/xmass bench reduce). */
class ReconstructionTest {
    static final DetectorModel DET = DetectorModel.XMASS_I;
    static RecoValidation validation;

    @BeforeAll
    static void setUp() {
        validation = new RecoValidation(DET, 14.7);
    }

    @Test
    void energyScaleIsLinearInKeveeAndPositionIndependent() {
        // keVee: 122 keV at the centre reads 122 keVee; a lower-energy deposit reads E x relative light yield
        for (double e : new double[] {5, 30, 122}) {
            double expected = e * DET.scintillation().relativeYield(e) / DET.scintillation().relativeYield(122);
            for (double r : new double[] {0, 20, 35}) {
                RecoValidation.PointStats s = validation.points(e, r, 600, 1);
                assertEquals(expected, s.meanKevee(), 0.02 * expected + 0.05, "E " + e + " keV at r " + r);
            }
        }
        // resolution: 4 % at 122 keV (XMASS), ~ 1/sqrt(PE) at low energy
        assertEquals(0.04, validation.points(122, 0, 1000, 2).resolution(), 0.004);
        double pe5 = 14.7 * 5 * 0.90;
        assertEquals(Math.sqrt((1 + 0.35 * 0.35) / pe5), validation.points(5, 0, 1500, 3).resolution(), 0.02);
    }

    @Test
    void vertexResolutionMatchesXmassScale() {
        // physics.md: O(1-2 cm) at 122 keV, several cm at a few keV (XMASS-I)
        double previous = Double.MAX_VALUE;
        for (double r : new double[] {0, 20, 35}) {
            RecoValidation.PointStats hi = validation.points(122, r, 500, 4);
            assertTrue(hi.vertexRmsCm() < 2.0, "122 keV at r " + r + ": " + hi);
            RecoValidation.PointStats lo = validation.points(5, r, 800, 5);
            // ~ 70 PE: near the centre the pattern is almost uniform and the resolution is ~ 8 cm per coordinate;
            // it improves towards the wall, where the pattern is sharper
            assertTrue(lo.vertexRmsCm() < 10.0 && lo.vertexRmsCm() < previous, "5 keV at r " + r + ": " + lo);
            previous = lo.vertexRmsCm();
            assertTrue(lo.convergedFraction() > 0.98, lo.toString());
        }
        // at 20 cm (the fiducial edge) the radial bias stays well below the resolution
        assertTrue(Math.abs(validation.points(5, 20, 800, 6).radialBiasCm()) < 3.0);
    }

    @Test
    void gapEventsLeakIntoTheFiducialVolume() {
        List<RecoValidation.SurfaceStats> s = validation.surfaceEvents(20, 2, 30, 7);
        RecoValidation.SurfaceStats surface = s.get(0);
        RecoValidation.SurfaceStats gap = s.get(1);
        assertTrue(surface.inWindow() > 100 && gap.inWindow() > 100, s.toString());
        // light leaking from holder gaps is diffuse (Lambertian on a sphere): most low-energy gap events look
        // central - the mechanism of XMASS's dominant background; surface events between PMTs leak less
        assertTrue(gap.fractionInside() > 0.5, gap.toString());
        assertTrue(surface.fractionInside() < gap.fractionInside(), s.toString());
    }

    @Test
    void lightYieldCalibrationRecoversTheSimulatedScale() {
        RunCalibration truth = RunCalibration.truth(DET, 8, 1, 0, 0);
        EventSimulator sim = new EventSimulator(DET, DET.opticalModel(), truth);
        HitBuffer h = new HitBuffer();
        EventSimulator.Outcome o = new EventSimulator.Outcome();
        double[] pe = new double[4000];
        for (int i = 0; i < pe.length; i++) {
            StreamRng rng = StreamRng.of(8, i);
            double e = rng.nextDouble() < 0.856 / 0.963 ? 122.06 : 136.47;
            sim.scintillationPoint(0, 0, 0, e, rng, h, o);
            double sum = 0;
            for (int k = 0; k < h.size(); k++) {
                sum += (h.adc(k) - truth.pedestalAdc()[h.pmt(k)]) / truth.gainAdcPerPe()[h.pmt(k)];
            }
            pe[i] = sum;
        }
        LightYieldCalibration.Result fit = LightYieldCalibration.fit(pe);
        // the detector is tuned to XMASS's measured 14.7 PE/keV (DetectorCalibrationTest)
        assertEquals(14.7, fit.lightYieldPePerKev(), 0.15);
        assertEquals(0.04, fit.resolutionAt122(), 0.005);
        assertTrue(fit.converged());
        assertThrows(IllegalArgumentException.class, () -> LightYieldCalibration.fit(new double[10]));
    }

    @Test
    void badHitsAreReportedWithFileRunEventAndField() {
        ReductionKernel k = new ReductionKernel(DET, LightResponse.of(DET), 14.7);
        RunCalibration cal = RunCalibration.truth(DET, 1, 7, 0, 0).measured(DET, 1);
        k.setRun(cal, 0.4);
        ReducedEvents out = new ReducedEvents();
        long[] ids = {11, 12};
        long[] t = {0, 5};
        boolean[] od = {false, false};
        int[] off = {0, 2, 4};
        RawDataException e = assertThrows(RawDataException.class, () -> k.process("f.arrow", 7, 2, ids, t, od, off,
                new short[] {1, 2, 3, 700}, new int[] {200, 200, 200, 200}, new int[] {10, 10, 10, 10}, out));
        assertEquals("f.arrow: run 7, event 12, field hits.pmt_id: PMT id 700 outside 0..641", e.getMessage());
        e = assertThrows(RawDataException.class, () -> k.process("f.arrow", 7, 2, ids, t, od, off,
                new short[] {1, 2, 3, 4}, new int[] {200, 5000, 200, 200}, new int[] {10, 10, 10, 10}, out));
        assertTrue(e.getMessage().contains("event 11, field hits.adc_counts: ADC count 5000"), e.getMessage());
        e = assertThrows(RawDataException.class, () -> k.process("f.arrow", 7, 2, ids, t, od, off,
                new short[] {1, 2, 3, 4}, new int[] {200, 200, 200, 200}, new int[] {10, -3, 10, 10}, out));
        assertTrue(e.getMessage().contains("field hits.tdc_counts"), e.getMessage());
        e = assertThrows(RawDataException.class, () -> k.process("f.arrow", 7, 2, ids, t, od, off,
                new short[] {1, 2, 3, 3}, new int[] {200, 200, 200, 200}, new int[] {10, 10, 10, 10}, out));
        assertTrue(e.getMessage().contains("PMT 3 appears twice"), e.getMessage());
        // after an error the kernel is reusable: the same PMTs in a good batch pass
        k.process("f.arrow", 7, 2, ids, t, od, off, new short[] {1, 2, 3, 4}, new int[] {200, 200, 200, 200},
                new int[] {10, 10, 10, 10}, out);
        assertEquals(2, out.size);
        assertThrows(IllegalStateException.class, () -> k.process("f.arrow", 8, 0, ids, t, od, off, new short[0],
                new int[0], new int[0], out));
    }
}
