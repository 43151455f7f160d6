package xmassnu.fits.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import xmassnu.fits.physics.Model;

class LookElsewhereTest {
    static final int BINS = 16;

    /**
     * A bump hunt: a flat background of 50 per bin (30 % prior), and at each "mass" a Gaussian bump of 1.2 bins' width
     * centred on bin 2 + mass (B-L-like: no interference, the pure piece ~ g^4). Neighbouring masses overlap, so q0
     * is correlated along the scan as in the B-L mass scan.
     */
    static List<AnalysisInputs> scan(double[] observed, int masses) {
        double[] bkg = new double[BINS];
        Arrays.fill(bkg, 50);
        List<AnalysisInputs> out = new ArrayList<>();
        for (int k = 0; k < masses; k++) {
            double mass = 1 + 0.5 * k;
            double[] bump = new double[BINS];
            for (int i = 0; i < BINS; i++) {
                double x = (i - (2 + mass)) / 1.2;
                bump[i] = 1e8 * Math.exp(-0.5 * x * x);
            }
            out.add(new AnalysisInputs(Model.B_L, "all", mass, observed, Map.of("flat", Histogram.withoutError(bkg)),
                    Histogram.withoutError(new double[BINS]), Histogram.withoutError(new double[BINS]),
                    Histogram.withoutError(bump)));
        }
        return out;
    }

    static double[] flatObserved() {
        double[] obs = {51, 47, 55, 49, 46, 53, 50, 58, 62, 49, 44, 52, 48, 51, 47, 50};
        return obs;
    }

    @Test
    void theScanSeesTheSameQ0AsEachGridPoint() {
        List<AnalysisInputs> s = scan(flatObserved(), 12);
        LookElsewhere lee = new LookElsewhere(s, ObservationPointTest.NO_MC_STAT);
        double[] q = lee.observedQ0();
        for (int k = 0; k < s.size(); k++) {
            ObservationPoint.Result r = ObservationPoint.compute(s.get(k), ObservationPointTest.NO_MC_STAT);
            assertEquals(r.q0(), q[k], 1e-6 * Math.max(1, r.q0()), "mass " + s.get(k).massMev());
        }
    }

    @Test
    void toysDoNotDependOnHowTheyAreSplit() {
        LookElsewhere lee = new LookElsewhere(scan(flatObserved(), 6), ObservationPointTest.NO_MC_STAT);
        LookElsewhere.ToyBlock all = lee.toys(9, 0, 8);
        LookElsewhere.ToyBlock a = lee.toys(9, 0, 3);
        LookElsewhere.ToyBlock b = new LookElsewhere(scan(flatObserved(), 6), ObservationPointTest.NO_MC_STAT)
                .toys(9, 3, 5);
        for (int t = 0; t < 8; t++) {
            assertArrayEquals(all.q0()[t], t < 3 ? a.q0()[t] : b.q0()[t - 3], 0);
        }
        double[] obs = lee.observedQ0();
        LookElsewhere.Result one = LookElsewhere.combine(lee.massesMev(), obs, List.of(all), 0.5);
        LookElsewhere.Result two = LookElsewhere.combine(lee.massesMev(), obs, List.of(b, a), 0.5);
        assertEquals(one.globalPValueToys(), two.globalPValueToys(), 0);
        assertEquals(one.meanUpcrossings(), two.meanUpcrossings(), 0);
        assertThrows(IllegalArgumentException.class,
                () -> LookElsewhere.combine(lee.massesMev(), obs, List.of(all, a), 0.5));
    }

    @Test
    void upcrossingsAndTheBoundByHand() {
        // levels 0.5: up at steps 1->2 and 4->5 (0.2 -> 0.9, 0.1 -> 0.5): 2; a scan starting above it has none there
        assertEquals(2, LookElsewhere.upcrossings(new double[] {0, 0.2, 0.9, 3, 0.1, 0.5, 0.4}, 0.5));
        assertEquals(0, LookElsewhere.upcrossings(new double[] {1, 2, 3}, 0.5));
        // p = (1 - Phi(sqrt u)) + N0 exp(-(u - u0)/2): u = 9, N0 = 2, u0 = 0.5: 0.0013498980316301 + 2 exp(-4.25)
        assertEquals(0.0013498980316301 + 2 * Math.exp(-4.25), LookElsewhere.grossVitells(9, 2, 0.5), 1e-12);
    }

    @Test
    void grossVitellsAgreesWithBruteForceToys() {
        // calibrate E[N(u0 = 0.5)] on 300 toys, then compare the GV global p-value with the fraction of 1500 other
        // background-only toys whose maximum q0 over the 14-mass scan reaches u, at local Z = 2 and 2.5 (u = 4, 6.25).
        // GV is an upper bound that becomes exact for large u (its neglected terms fall faster than exp(-u/2)), a few
        // ten per cent high at Z_local ~ 2 on a coarse grid; asserted within 3 binomial errors of the toys plus 3
        // standard errors of the calibration plus 15 % of the toys' p.
        LookElsewhere lee = new LookElsewhere(scan(flatObserved(), 14), ObservationPointTest.NO_MC_STAT);
        double[] masses = lee.massesMev();
        double[] zeros = new double[masses.length];
        LookElsewhere.Result calibration = LookElsewhere.combine(masses, zeros, List.of(lee.toys(5, 0, 300)), 0.5);
        double meanN = calibration.meanUpcrossings();
        assertTrue(meanN > 0.2, "upcrossings of 0.5 per toy: " + meanN);
        LookElsewhere.ToyBlock brute = lee.toys(5, 300, 1500);
        for (double u : new double[] {4, 6.25}) {
            double[] observed = zeros.clone();
            observed[7] = u;
            LookElsewhere.Result r = LookElsewhere.combine(masses, observed, List.of(brute), 0.5);
            assertEquals(0, r.failedToys());
            double gv = LookElsewhere.grossVitells(u, meanN, 0.5);
            double tolerance = 3 * r.globalPValueToysError() + 3 * calibration.meanUpcrossingsError()
                    * Math.exp(-0.5 * (u - 0.5)) + 0.15 * r.globalPValueToys();
            System.out.printf(java.util.Locale.ROOT, "u = %.2f: local p %.4f, toys' global p %.4f +- %.4f, GV %.4f"
                    + " (E[N(0.5)] = %.3f +- %.3f)%n", u, r.localPValueAtMax(), r.globalPValueToys(),
                    r.globalPValueToysError(), gv, meanN, calibration.meanUpcrossingsError());
            assertEquals(r.globalPValueToys(), gv, tolerance, "global p at u = " + u + " (local "
                    + r.localPValueAtMax() + ")");
            assertTrue(r.globalPValueToys() > 2 * r.localPValueAtMax(), "the look-elsewhere effect is there");
        }
    }

    @Test
    void scansOfOtherSpectraOrUnsortedMassesAreRefused() {
        List<AnalysisInputs> s = new ArrayList<>(scan(flatObserved(), 4));
        java.util.Collections.swap(s, 1, 2);
        assertThrows(IllegalArgumentException.class, () -> new LookElsewhere(s, ObservationPointTest.NO_MC_STAT));
        List<AnalysisInputs> other = new ArrayList<>(scan(flatObserved(), 3));
        double[] obs = flatObserved();
        obs[0] += 1;
        other.add(scan(obs, 4).get(3));
        assertThrows(IllegalArgumentException.class, () -> new LookElsewhere(other, ObservationPointTest.NO_MC_STAT));
    }
}
