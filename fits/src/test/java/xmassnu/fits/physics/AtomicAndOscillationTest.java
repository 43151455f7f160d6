package xmassnu.fits.physics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AtomicAndOscillationTest {

    @Test
    void steppingApproximationSteps() {
        SteppingApproximation xe = SteppingApproximation.XENON;
        assertEquals(54, xe.totalElectrons());
        // Carlson's binding energies (docs/physics.md, "Atomic binding"): Z_eff = 44 for 1.148-4.786 keV, 52 for 5.453-34.561
        // keV, 54 above the K edge
        assertEquals(44, xe.effectiveElectrons(2.0));
        assertEquals(44, xe.effectiveElectrons(4.78));
        assertEquals(48, xe.effectiveElectrons(4.80)); // L3 (4 electrons) opens at 4.786 keV
        assertEquals(52, xe.effectiveElectrons(10.0));
        assertEquals(52, xe.effectiveElectrons(34.5));
        assertEquals(54, xe.effectiveElectrons(34.6));
        assertEquals(26, xe.effectiveElectrons(0.5)); // N and O shells: 2+2+4+4+6+2+2+4
    }

    @Test
    void vacuumSurvivalProbabilityMatchesPhysicsMd() {
        // physics.md: P_ee ~ 0.55 for sin^2 t12 = 0.307, sin^2 t13 = 0.022; Borexino pp: 0.57 +- 0.09
        assertEquals(0.55, Oscillations.DEFAULT.vacuumSurvivalProbability(), 0.005);
        assertEquals(Oscillations.DEFAULT.vacuumSurvivalProbability(),
                Oscillations.DEFAULT.survivalProbability(1e-4, 100), 1e-5);
        assertEquals(0.57, Oscillations.DEFAULT.survivalProbability(0.3, SolarSource.PP.productionElectronDensityNa()), 0.09);
        // Borexino 7Be (862 keV): 0.53 +- 0.05
        assertEquals(0.53, Oscillations.DEFAULT.survivalProbability(0.8613,
                SolarSource.BE7_861.productionElectronDensityNa()), 0.05);
    }

    @Test
    void mswAtHighEnergyMatchesSno() {
        // SNO combined analysis, PRC 88 (2013) 025501, arXiv:1109.0763: P_ee(10 MeV) = 0.317 +- 0.016
        assertEquals(0.317, Oscillations.DEFAULT.survivalProbability(10, SolarSource.B8.productionElectronDensityNa()),
                0.03);
    }

    @Test
    void matterPotentialInPracticalUnits() {
        // sqrt2 G_F n_e = 7.63e-14 eV for n_e = N_A cm^-3 (e.g. Giunti & Kim eq. 9.9) -> 2 V E = 1.526e-7 eV^2 at 1 MeV
        assertEquals(1.526e-7, Oscillations.matterTermEv2(1, 1), 0.002e-7);
    }

    @Test
    void flavourProbabilitiesSumToOne() {
        for (double e : new double[] {0.1, 0.86, 5, 15}) {
            double sum = 0;
            for (Flavour f : Flavour.values()) {
                sum += Oscillations.DEFAULT.probability(f, e, SolarSource.B8);
            }
            assertEquals(1.0, sum, 1e-12);
        }
    }

    @Test
    void threeFlavourCompositionMatchesAnIndependentMatrixCalculation() {
        // numpy: U = R23 @ U13(delta) @ R12 (PDG parametrisation), w = (c13^2 (1+c2m)/2, c13^2 (1-c2m)/2, s13^2),
        // P = (abs(U)**2) @ w with c2m from the same MSW formula (A = 2 sqrt2 G_F n_e E c13^2):
        //   P(1e-4 MeV, pp)  = [0.54998, 0.18283, 0.26719]   (the "~ 0.183 : 0.267 at delta = 197 deg")
        //   P(10 MeV, 8B)    = [0.30448, 0.37851, 0.31701]
        //   vacuum, delta = 239 / 172 deg: mu 0.19418 / 0.18196; sin^2 t23 = 0.567 / 0.525: mu 0.17492 / 0.19078
        Oscillations o = Oscillations.DEFAULT;
        assertEquals(0.18283, o.probability(Flavour.MU, 1e-4, SolarSource.PP), 1e-5);
        assertEquals(0.26719, o.probability(Flavour.TAU, 1e-4, SolarSource.PP), 1e-5);
        assertEquals(0.37851, o.probability(Flavour.MU, 10, SolarSource.B8), 1e-5);
        assertEquals(0.31701, o.probability(Flavour.TAU, 10, SolarSource.B8), 1e-5);
        assertEquals(0.19418, o.withDeltaCpShiftSigma(1).probability(Flavour.MU, 1e-4, SolarSource.PP), 2e-5);
        assertEquals(0.18196, o.withDeltaCpShiftSigma(-1).probability(Flavour.MU, 1e-4, SolarSource.PP), 2e-5);
        assertEquals(0.17492, o.withSin2Theta23ShiftSigma(1).probability(Flavour.MU, 1e-4, SolarSource.PP), 2e-5);
        assertEquals(0.19078, o.withSin2Theta23ShiftSigma(-1).probability(Flavour.MU, 1e-4, SolarSource.PP), 2e-5);
        // theta23 and delta move only the mu : tau split, never nu_e
        assertEquals(o.probability(Flavour.E, 0.3, SolarSource.PP),
                o.withDeltaCpShiftSigma(1).withSin2Theta23ShiftSigma(-1).probability(Flavour.E, 0.3, SolarSource.PP));
        // with theta13 = 0 the old split (1 - P_ee) cos^2 t23 : (1 - P_ee) sin^2 t23 is exact, whatever delta
        Oscillations noT13 = new Oscillations(0.307, 0, 0.546, 7.53e-5, 197);
        double pee = noT13.probability(Flavour.E, 0.3, SolarSource.PP);
        assertEquals((1 - pee) * (1 - 0.546), noT13.probability(Flavour.MU, 0.3, SolarSource.PP), 1e-12);
    }

    @Test
    void massContentIsUnitary() {
        Oscillations o = new Oscillations(0.31, 0.03, 0.45, 7.4e-5, 123);
        double[] col = new double[3];
        for (Flavour f : Flavour.values()) {
            double[] u = o.massContent(f);
            assertEquals(1, u[0] + u[1] + u[2], 1e-12, f.name());
            for (int i = 0; i < 3; i++) {
                col[i] += u[i];
            }
        }
        assertArrayEquals(new double[] {1, 1, 1}, col, 1e-12);
    }

    @Test
    void invalidMixingIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Oscillations(1.2, 0.02, 0.5, 7.5e-5, 0));
        assertThrows(IllegalArgumentException.class, () -> new Oscillations(0.3, 0.02, 0.5, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new Oscillations(0.3, 0.02, 0.5, 7.5e-5, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SignalVariation.ATOMIC_MODEL.apply(SignalPhysics.DEFAULT, -1));
        assertEquals("impulse", SignalVariation.ATOMIC_MODEL.apply(SignalPhysics.DEFAULT, 1).atomicModel().name());
        assertEquals("theta23:down", SignalVariation.THETA23.variationName(-1));
    }
}
