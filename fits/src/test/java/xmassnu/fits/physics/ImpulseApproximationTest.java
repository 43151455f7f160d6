package xmassnu.fits.physics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ImpulseApproximationTest {

    private static final ImpulseApproximation XE = ImpulseApproximation.XENON;
    private static final SignalPhysics IMPULSE = SignalPhysics.DEFAULT.withAtomicModel(AtomicModel.parse("impulse"));

    /** Trapezoid over the raw table, written here independently of the class under test. */
    private static double trapezoid(double[] x, double[] y) {
        double s = 0;
        for (int i = 1; i < x.length; i++) {
            s += 0.5 * (x[i] - x[i - 1]) * (y[i] + y[i - 1]);
        }
        return s;
    }

    @Test
    void eachSubshellProfileIntegratesToItsElectronCount() {
        List<String[]> rows = ImpulseApproximation.rows("/xmassnu/atomic/xenon-compton-profiles.csv", 18);
        double[] p = rows.stream().mapToDouble(r -> Double.parseDouble(r[0])).toArray();
        int[] n = XE.occupancy();
        double totalAtZero = 0;
        for (int s = 0; s < n.length; s++) {
            final int col = s + 1;
            double[] j = rows.stream().mapToDouble(r -> n[col - 1] * Double.parseDouble(r[col])).toArray();
            // J is symmetric in p_z: the electrons are twice the integral over [0, 100 a.u.]. The Biggs tables end at
            // 100 a.u., which cuts 1.9 % of the K shell's (p ~ Z a.u.) and < 0.5 % of every other subshell's.
            double electrons = 2 * trapezoid(p, j);
            double tolerance = s == 0 ? 0.025 : 0.005;
            assertEquals(n[s], electrons, tolerance * n[s], XE.shells()[s]);
            totalAtZero += j[0];
        }
        // xraylib 4.0.0: ComptonProfile(54, 0.0) = 9.7400 (the atom's total profile at p_z = 0, a separate table)
        assertEquals(9.74, totalAtZero, 0.005);
        assertEquals(54, java.util.Arrays.stream(n).sum());
    }

    @Test
    void bindingEnergiesAreXraylibsAndCloseToTheSteppingTable() {
        // xraylib 4.0.0: EdgeEnergy(54, K_SHELL) = 34.5644, EdgeEnergy(54, L3_SHELL) = 4.7822,
        // EdgeEnergy(54, M5_SHELL) = 0.6767, EdgeEnergy(54, O3_SHELL) = 0.0121 keV
        double[] b = XE.bindingKev();
        assertEquals(34.5644, b[0], 1e-9);
        assertEquals(4.7822, b[3], 1e-9);
        assertEquals(0.6767, b[8], 1e-9);
        assertEquals(0.0121, b[16], 1e-9);
        // Carlson's values in the stepping table agree to 1 % above 0.1 keV (N2 0.1455 vs 0.147: 1.0 %)
        for (int i = 0; i < b.length; i++) {
            double carlson = SteppingApproximation.XENON_BINDING_KEV[i];
            if (carlson > 0.1) {
                assertEquals(carlson, b[i], 0.011 * carlson, XE.shells()[i]);
            }
            assertEquals(SteppingApproximation.XENON_OCCUPANCY[i], XE.occupancy()[i], XE.shells()[i]);
        }
    }

    @Test
    void hydrogenicShellGivesTheClosedFormEnhancement() {
        // A 1s shell of momentum scale Z a.u.: J(p) = 8/(3 pi Z) (1 + p^2/Z^2)^-3 per electron, <p_z^2> = Z^2/3
        // (<p^2> = Z^2). Pairing +p_z with -p_z, the impulse approximation's count for the 1/q^4 weight is
        // n (1 + 4 <p_z^2> / q_f^2) and exactly n for the contact and 1/q^2 weights (class comment).
        double z = 5;
        double[] p = new double[2001];
        double[] j = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = 100.0 * i / (p.length - 1);
            j[i] = 8 / (3 * Math.PI * z) * Math.pow(1 + p[i] * p[i] / (z * z), -3);
        }
        ImpulseApproximation h = new ImpulseApproximation(new String[] {"1s"}, new int[] {2}, new double[] {0.01}, p,
                new double[][] {j});
        for (double t : new double[] {1, 3, 10}) {
            double qf = ImpulseApproximation.freeMomentumTransferAu(t);
            double expected = 2 * (1 + 4 * (z * z / 3) / (qf * qf));
            // truncation of p^2 J beyond 100 a.u. is 2e-4 of <p_z^2>; the trapezoid on a 0.05 a.u. grid 1e-5
            assertEquals(expected, h.effectiveElectrons(t, 0, 2), 5e-4 * expected, "T = " + t);
            assertEquals(2, h.effectiveElectrons(t, 0, 1), 1e-12);
            assertEquals(2, h.effectiveElectrons(t, 0, 0), 1e-12);
            // a mediator far heavier than q_f is a contact interaction
            assertEquals(2, h.effectiveElectrons(t, 100, 2), 1e-6);
        }
    }

    @Test
    void vanishingBoundMomentaGiveTheFreeElectron() {
        // J -> delta(p_z): a profile 1e-3 a.u. wide; every weight then gives the free electron's count
        double w = 1e-3;
        double[] p = new double[401];
        double[] j = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = 10 * w * i / (p.length - 1);
            j[i] = Math.exp(-0.5 * p[i] * p[i] / (w * w)) / (Math.sqrt(2 * Math.PI) * w);
        }
        ImpulseApproximation free = new ImpulseApproximation(new String[] {"free"}, new int[] {54},
                new double[] {1e-6}, p, new double[][] {j});
        for (double t : new double[] {0.5, 2, 20}) {
            for (double m : new double[] {0, 1e-3, 1}) {
                assertEquals(54, free.effectiveElectrons(t, m, 2), 1e-3, "T " + t + " M " + m);
            }
        }
    }

    @Test
    void impulseEqualsSteppingForTheStandardModelAndTheMagneticMoment() {
        // Kouzakov, Studenikin & Voloshin, PRD 83 (2011) 113001, arXiv:1101.4878, abstract: "the so-called stepping
        // approximation to the neutrino-impact ionization is in fact exact in the semiclassical limit and also ...
        // the deviations from this approximation are very small already for the lowest bound Coulomb states."
        // Away from the edges (where xraylib's and Carlson's binding energies differ by up to 1 %) the two models
        // must agree to rounding for the contact (weak) and 1/q^2 (magnetic) interactions.
        double[] t = {1.3, 2, 3, 4.5, 6, 10, 20, 30, 40, 100};
        RecoilRates s = new RecoilRates(SignalPhysics.DEFAULT, t);
        RecoilRates i = new RecoilRates(IMPULSE, t);
        assertArrayEquals(s.standardModel(), i.standardModel(), 1e-9 * s.standardModel()[0]);
        double[] ms = s.newPhysicsAtUnitCoupling(Model.MAGNETIC_MOMENT, FlavourCase.ALL, 0);
        double[] mi = i.newPhysicsAtUnitCoupling(Model.MAGNETIC_MOMENT, FlavourCase.ALL, 0);
        for (int k = 0; k < t.length; k++) {
            assertEquals(1, mi[k] / ms[k], 1e-9, "T " + t[k]);
        }
        // and so is a heavy (contact-like) B-L boson, pure and interference
        double[] bs = s.newPhysicsAtUnitCoupling(Model.B_L, FlavourCase.ALL, 100);
        double[] bi = i.newPhysicsAtUnitCoupling(Model.B_L, FlavourCase.ALL, 100);
        for (int k = 0; k < t.length; k++) {
            assertEquals(1, bi[k] / bs[k], 1e-5, "T " + t[k]);
        }
    }

    @Test
    void millichargeIsEnhancedAtLowRecoilAndApproachesTheFreeElectronAbove() {
        // Chen et al., PRD 90 (2014) 011301, arXiv:1405.7168, abstract (germanium, MCRRPA): "There is significant
        // enhancement at atomic binding energies compared to that when the electrons are taken as free particles."
        // Qiao et al., JHEP 03 (2021) 184, arXiv:2009.14320 compare exactly these pictures for xenon. In the impulse
        // approximation the pure term's enhancement is 1 + 4 <p_z^2>_i / q_f^2 per subshell (class comment), with
        // q_f^2 ~ 2 m_e T: it must exceed 1, fall with T, jump up where the L shells open, and tend to 1 at high T.
        double[] t = {1, 2, 4.7, 5, 10, 30, 100};
        RecoilRates s = new RecoilRates(SignalPhysics.DEFAULT, t);
        RecoilRates i = new RecoilRates(IMPULSE, t);
        double[] ps = s.newPhysicsAtUnitCoupling(Model.MILLICHARGE, FlavourCase.ALL, 0);
        double[] pi = i.newPhysicsAtUnitCoupling(Model.MILLICHARGE, FlavourCase.ALL, 0);
        double[] r = new double[t.length];
        for (int k = 0; k < t.length; k++) {
            r[k] = pi[k] / ps[k];
        }
        assertTrue(r[0] > 2 && r[1] > 1.5 && r[1] < r[0], "1 and 2 keV: " + r[0] + ", " + r[1]);
        assertTrue(r[3] > r[2], "the L3 subshell opens between 4.7 and 5 keV: " + r[2] + " -> " + r[3]);
        assertTrue(r[4] > 1.2 && r[4] < r[3], "10 keV: " + r[4]);
        assertEquals(1, r[6], 0.06, "100 keV: the K shell's <p_z^2> = 894 a.u. still adds 4 %");
        // M-shell estimate by hand: <p_z^2> = 56-68 a.u. per M electron (xraylib profiles), q_f^2(2 keV) = 147.3 a.u.:
        // the 18 M electrons alone give 18 * 4 * 61 / 147.3 = 30 extra electrons on 44: ratio >= 1.68
        assertTrue(r[1] > 1.68 && r[1] < 2.0, "2 keV: " + r[1]);
        // the interference (one propagator) is unchanged: its 1/q^2 weight pairs to exactly 2, as for the moment
        double[] is = s.interferenceAtUnitCoupling(Model.MILLICHARGE, FlavourCase.E, 0);
        double[] ii = i.interferenceAtUnitCoupling(Model.MILLICHARGE, FlavourCase.E, 0);
        assertEquals(1, ii[1] / is[1], 1e-9);
        // a light B-L boson (1 keV) behaves like the photon at q ~ 12 a.u. = 45 keV
        double[] bs = s.newPhysicsAtUnitCoupling(Model.B_L, FlavourCase.ALL, 1e-3);
        double[] bi = i.newPhysicsAtUnitCoupling(Model.B_L, FlavourCase.ALL, 1e-3);
        assertEquals(r[1], bi[1] / bs[1], 0.02);
    }

    @Test
    void equivalentPhotonEstimateUsesXraylibPhotoabsorptionAndThePlasmaCut() {
        EquivalentPhotonApproximation epa = EquivalentPhotonApproximation.XENON;
        // xraylib 4.0.0: CS_Photo(54, 2.0) = 2080.147 cm^2/g, CS_Photo(54, 10.0) = 166.1829 cm^2/g; per atom x
        // 131.293 / 6.02214076e23
        assertEquals(2080.147 * 131.293 / 6.02214076e23, epa.photoabsorptionCm2(2.0), 1e-3 * 4.535e-19);
        assertEquals(166.1829 * 131.293 / 6.02214076e23, epa.photoabsorptionCm2(10.0), 1e-3 * 3.623e-20);
        // PDG "Passage of particles through matter", eq. 34.6: hbar omega_p = 28.816 sqrt(rho <Z/A>) eV
        assertEquals(28.816e-3 * Math.sqrt(2.89 * 54 / 131.293), EquivalentPhotonApproximation.plasmaEnergyKev(2.89),
                1e-4 * 0.0314);
        // free-electron pure millicharge for E >> T: 2 pi alpha^2 (hbar c)^2 / (m_e T^2) = 6.374e-23 cm^2/keV at 2 keV
        // (alpha = 1/137.036, hbar c = 1.97327e-8 keV cm, m_e = 510.999 keV)
        assertEquals(6.374e-23, EquivalentPhotonApproximation.freeElectronPureMillichargeCm2PerKev(2), 0.002e-23);
        // the EPA formula with these inputs: (alpha/pi) sigma(T)/T ln(2 m_e T / (hbar omega_p)^2)
        double wp = EquivalentPhotonApproximation.plasmaEnergyKev(2.89);
        double expected = 1 / (137.036 * Math.PI) * epa.photoabsorptionCm2(2) / 2 * Math.log(2 * 510.999 * 2 / (wp * wp));
        assertEquals(expected, epa.pureMillichargeCm2PerKev(2), 1e-4 * expected);
    }

    @Test
    void equivalentPhotonTermIsComparableToTheImpulseOneAtAFewKev() {
        // The numbers docs/physics.md quotes: EPA (plasma cut) over the impulse pure term per atom. By the
        // Thomas-Reiche-Kuhn sum rule the ratio is (df/dlnT) ln(2 m_e T / omega_p^2) / N_eff: with xenon's
        // df/dlnT = sigma_gamma(10 keV) m_e 10 keV / (2 pi^2 alpha (hbar c)^2) = 3.3 and ln = 16.2, 1.03 x stepping at
        // 10 keV, i.e. 0.78 x the impulse term (1.32 x stepping).
        EquivalentPhotonApproximation epa = EquivalentPhotonApproximation.XENON;
        double ratio10 = epa.pureMillichargeCm2PerKev(10)
                / (XE.effectiveElectrons(10, 0, 2) * EquivalentPhotonApproximation.freeElectronPureMillichargeCm2PerKev(10));
        assertEquals(0.78, ratio10, 0.03);
        double ratio30 = epa.pureMillichargeCm2PerKev(30)
                / (XE.effectiveElectrons(30, 0, 2) * EquivalentPhotonApproximation.freeElectronPureMillichargeCm2PerKev(30));
        assertTrue(ratio30 < 0.2, "30 keV: " + ratio30);
    }

    @Test
    void badInputGivesClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> AtomicModel.parse("rrpa"));
        assertEquals("impulse", AtomicModel.parse("impulse").name());
        assertEquals("stepping", AtomicModel.parse("stepping").name());
        double[] p = {0, 1, 2};
        assertThrows(IllegalArgumentException.class, () -> new ImpulseApproximation(new String[] {"x"}, new int[] {1},
                new double[] {1}, p, new double[][] {{5, 5, 5}}));
        assertThrows(IllegalArgumentException.class, () -> new ImpulseApproximation(new String[] {"x"}, new int[] {1},
                new double[] {1}, new double[] {0, 2, 1}, new double[][] {{0.3, 0.1, 0.01}}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XE.response(new double[] {1}).vectorExchange(-1, 2));
        assertTrue(e.getMessage().contains("mediator mass"));
        assertThrows(IllegalArgumentException.class, () -> EquivalentPhotonApproximation.XENON.photoabsorptionCm2(500));
    }
}
