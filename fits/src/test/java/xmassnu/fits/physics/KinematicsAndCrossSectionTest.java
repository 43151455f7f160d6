package xmassnu.fits.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Cross sections and kinematics against numbers from independent sources (quoted per test). */
class KinematicsAndCrossSectionTest {

    @Test
    void comptonLikeEdgesOfTheSolarLines() {
        // Borexino, PRD 89 (2014) 112007, arXiv:1308.0443: 7Be 862 keV line -> edge at 665 keV; pep edge 1.22 MeV.
        assertEquals(665.0, NeutrinoElectronScattering.maxRecoilMev(0.8613) * 1000, 1.0);
        assertEquals(1.22, NeutrinoElectronScattering.maxRecoilMev(1.442), 0.01);
        // pp endpoint 420 keV -> maximum recoil 261 keV (Borexino, Nature 512 (2014) 383: "up to 264 keV" with the
        // 423 keV endpoint of the tabulated spectrum that includes the thermal tail).
        assertEquals(261.0, NeutrinoElectronScattering.maxRecoilMev(0.420) * 1000, 1.0);
    }

    @Test
    void minimumNeutrinoEnergyInvertsTheEdge() {
        for (double e : new double[] {0.01, 0.3843, 0.8613, 10}) {
            double t = NeutrinoElectronScattering.maxRecoilMev(e);
            assertEquals(e, NeutrinoElectronScattering.minNeutrinoMev(t), 1e-12 * e);
        }
    }

    @Test
    void magneticPrefactorMatchesVogelEngel() {
        // pi alpha^2 / m_e^2 = 2.495e-25 cm^2 (Vogel & Engel, PRD 39 (1989) 3378; physics.md: 2.4947e-25 cm^2)
        double cm2 = NeutrinoElectronScattering.MAGNETIC_PREFACTOR * PhysicalConstants.HBAR_C_SQUARED_CM2_MEV2;
        assertEquals(2.4947e-25, cm2, 0.0005e-25);
    }

    @Test
    void totalCrossSectionsAtHighEnergyMatchTheTextbookNumbers() {
        // Formaggio & Zeller, Rev. Mod. Phys. 84 (2012) 1307, section II.A (sin^2 theta_W = 0.2312):
        // sigma(nu_e e) ~ 9.5e-42 cm^2 (E/GeV), sigma(nu_mu e) ~ 1.6e-42 cm^2 (E/GeV).
        assertEquals(9.5e-45, totalCrossSectionCm2(Flavour.E, 1000.0) / 1000.0, 0.2e-45);
        assertEquals(1.6e-45, totalCrossSectionCm2(Flavour.MU, 1000.0) / 1000.0, 0.08e-45);
    }

    private static double totalCrossSectionCm2(Flavour f, double neutrinoMev) {
        double s2w = 0.2312;
        double gV = f.vectorCoupling(s2w);
        double gA = f.axialCoupling();
        int n = 100000;
        double tMax = NeutrinoElectronScattering.maxRecoilMev(neutrinoMev);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double t = (i + 0.5) * tMax / n;
            sum += NeutrinoElectronScattering.smBracket(gV, gA, neutrinoMev, t) * tMax / n;
        }
        return NeutrinoElectronScattering.WEAK_PREFACTOR * sum * PhysicalConstants.HBAR_C_SQUARED_CM2_MEV2;
    }

    @Test
    void bMinusLContactLimit() {
        // For M^2 >> 2 m_e T the shift is g^2 / (sqrt2 G_F M^2) (Harnik, Kopp, Machado 2012, eq. 2.4 limit).
        double g = 1e-4;
        double m = 100.0;
        double t = 1e-3;
        double shift = g * g * NeutrinoElectronScattering.bMinusLShiftPerCoupling2(t, m);
        assertEquals(g * g / (Math.sqrt(2) * PhysicalConstants.FERMI_CONSTANT_PER_MEV2 * m * m), shift, 1e-6 * shift);
    }

    @Test
    void pureMillichargeTermIsTheKnownLowEnergyLimit() {
        // T << E: dsigma/dT -> 2 pi alpha^2 eps^2 / (m_e T^2) (Chen et al., arXiv:1405.7168, eq. 3, with q = eps e)
        double eps = 1e-12;
        double t = 0.002;
        double e = 0.4;
        double shift = eps * NeutrinoElectronScattering.millichargeShiftPerEpsilon(t, MillichargeConvention.STANDARD);
        double pure = NeutrinoElectronScattering.WEAK_PREFACTOR * shift * shift
                * NeutrinoElectronScattering.quadraticBracket(e, t);
        double limit = 2 * Math.PI * PhysicalConstants.FINE_STRUCTURE * PhysicalConstants.FINE_STRUCTURE * eps * eps
                / (PhysicalConstants.ELECTRON_MASS_MEV * t * t);
        assertEquals(limit, pure, 0.01 * limit);
        double pure4pi = NeutrinoElectronScattering.WEAK_PREFACTOR * Math.pow(eps
                * NeutrinoElectronScattering.millichargeShiftPerEpsilon(t, MillichargeConvention.FOUR_PI_ALPHA), 2)
                * NeutrinoElectronScattering.quadraticBracket(e, t);
        assertEquals(4 * Math.PI, pure4pi / pure, 1e-12);
    }

    @Test
    void masslessBMinusLEqualsMillichargeWhenGSquaredIs4PiAlphaEps() {
        // physics.md: for a massless mediator, B-L and millicharge have equal rates when g^2 = 4 pi alpha eps
        // (|shift| equal; the sign differs).
        double eps = 1e-12;
        double g2 = 4 * Math.PI * PhysicalConstants.FINE_STRUCTURE * eps;
        double t = 0.005;
        double bl = g2 * NeutrinoElectronScattering.bMinusLShiftPerCoupling2(t, 0);
        double mc = eps * NeutrinoElectronScattering.millichargeShiftPerEpsilon(t, MillichargeConvention.STANDARD);
        assertEquals(Math.abs(mc), bl, 1e-9 * bl);
        assertTrue(mc < 0 && bl > 0);
    }

    @Test
    void magneticTermLowEnergyLimit() {
        // T << E: dsigma/dT -> pi alpha^2 mu^2 / (m_e^2 T)
        double t = 1e-3;
        double e = 0.86;
        assertEquals(1 / t, NeutrinoElectronScattering.magneticBracket(e, t), 1e-3 / t * 2);
    }
    @Test
    void perElectronCrossSectionsAtTheBerylliumLine() {
        // Free-electron dsigma/dT at E = 0.8613 MeV, T = 10 keV, from the closed forms evaluated in Python with the
        // same constants (G_F = 1.1663787e-11 MeV^-2, m_e = 0.51099895 MeV, hbar c = 1.973269804e-11 MeV cm,
        // alpha = 1/137.035999084, sin^2 theta_W = 0.2386):
        //   weak (Vogel & Engel, PRD 39 (1989) 3378, eq. 2): G_F^2 m_e/(2 pi) [(gV+gA)^2 + (gV-gA)^2 (1-T/E)^2
        //     + (gA^2-gV^2) m_e T/E^2] = 1.033842e-44 (nu_e), 2.143316e-45 (nu_mu) cm^2/MeV;
        //   magnetic moment (same paper, eq. 3): pi alpha^2/m_e^2 (1/T - 1/E) mu^2 = 2.465708e-45 cm^2/MeV at 1e-11 mu_B;
        //   millicharge pure term: 2 pi alpha^2 eps^2/(m_e T^2) [1 - T/E + T^2/(2E^2) - m_e T/(2E^2)]
        //     = 2.511339e-45 cm^2/MeV at eps = 1e-12.
        double e = 0.8613;
        double t = 0.010;
        double hc2 = PhysicalConstants.HBAR_C_SQUARED_CM2_MEV2;
        double k = NeutrinoElectronScattering.WEAK_PREFACTOR * hc2;
        double s2w = PhysicalConstants.SIN2_THETA_W_LOW_Q2;
        for (Object[] c : new Object[][] {{Flavour.E, 1.033842e-44}, {Flavour.MU, 2.143316e-45}}) {
            Flavour f = (Flavour) c[0];
            double v = k * NeutrinoElectronScattering.smBracket(f.vectorCoupling(s2w), f.axialCoupling(), e, t);
            assertEquals((double) c[1], v, 1e-6 * (double) c[1], f.name());
        }
        double mm = NeutrinoElectronScattering.MAGNETIC_PREFACTOR * hc2 * 1e-22
                * NeutrinoElectronScattering.magneticBracket(e, t);
        assertEquals(2.465708e-45, mm, 1e-6 * 2.465708e-45);
        double shift = NeutrinoElectronScattering.millichargeShiftPerEpsilon(t, MillichargeConvention.STANDARD) * 1e-12;
        double mc = k * shift * shift * NeutrinoElectronScattering.quadraticBracket(e, t);
        assertEquals(2.511339e-45, mc, 1e-6 * 2.511339e-45);
    }
}
