package xmassnu.fits.physics;

import static xmassnu.fits.physics.PhysicalConstants.ELECTRON_MASS_MEV;
import static xmassnu.fits.physics.PhysicalConstants.FERMI_CONSTANT_PER_MEV2;
import static xmassnu.fits.physics.PhysicalConstants.FINE_STRUCTURE;

/**
 * Free-electron neutrino-electron scattering, natural units (MeV). T = electron recoil kinetic energy,
 * E = neutrino energy. References: docs/physics.md section 3; Vogel &amp; Engel, PRD 39 (1989) 3378 (SM and
 * magnetic moment); Harnik, Kopp, Machado, JCAP 07 (2012) 026, arXiv:1202.6073, and Bilmis et al., PRD 92 (2015)
 * 033009, arXiv:1502.07763 (B-L as a shift of g_V); Chen et al., PRD 90 (2014) 011301, arXiv:1405.7168
 * (millicharge).
 *
 * <p>For a vector shift Delta of g_V, dsigma/dT = K [ (gV+D+gA)^2 + (gV+D-gA)^2 y^2 - ((gV+D)^2 - gA^2) x ] with
 * K = G_F^2 m_e / (2 pi), y = 1 - T/E, x = m_e T / E^2. Expanding in D gives the three brackets below.
 */
public final class NeutrinoElectronScattering {
    private NeutrinoElectronScattering() {}

    /** G_F^2 m_e / (2 pi), MeV^-3. */
    public static final double WEAK_PREFACTOR = FERMI_CONSTANT_PER_MEV2 * FERMI_CONSTANT_PER_MEV2 * ELECTRON_MASS_MEV
            / (2 * Math.PI);
    /** pi alpha^2 / m_e^2, MeV^-2 (times mu^2 in Bohr magnetons). */
    public static final double MAGNETIC_PREFACTOR = Math.PI * FINE_STRUCTURE * FINE_STRUCTURE
            / (ELECTRON_MASS_MEV * ELECTRON_MASS_MEV);

    /** Maximum recoil energy, T_max = 2 E^2 / (m_e + 2 E). */
    public static double maxRecoilMev(double neutrinoMev) {
        return 2 * neutrinoMev * neutrinoMev / (ELECTRON_MASS_MEV + 2 * neutrinoMev);
    }

    /** Smallest neutrino energy that can give recoil T: E_min = (T + sqrt(T^2 + 2 m_e T)) / 2. */
    public static double minNeutrinoMev(double recoilMev) {
        return 0.5 * (recoilMev + Math.sqrt(recoilMev * recoilMev + 2 * ELECTRON_MASS_MEV * recoilMev));
    }

    /** Standard-Model bracket (coefficient of K). */
    public static double smBracket(double gV, double gA, double neutrinoMev, double recoilMev) {
        double y = 1 - recoilMev / neutrinoMev;
        double x = ELECTRON_MASS_MEV * recoilMev / (neutrinoMev * neutrinoMev);
        return (gV + gA) * (gV + gA) + (gV - gA) * (gV - gA) * y * y - (gV * gV - gA * gA) * x;
    }

    /** Coefficient of Delta in the bracket (interference with the Standard Model). */
    public static double linearBracket(double gV, double gA, double neutrinoMev, double recoilMev) {
        double y = 1 - recoilMev / neutrinoMev;
        double x = ELECTRON_MASS_MEV * recoilMev / (neutrinoMev * neutrinoMev);
        return 2 * (gV + gA) + 2 * (gV - gA) * y * y - 2 * gV * x;
    }

    /** Coefficient of Delta^2 in the bracket (pure new physics). */
    public static double quadraticBracket(double neutrinoMev, double recoilMev) {
        double y = 1 - recoilMev / neutrinoMev;
        double x = ELECTRON_MASS_MEV * recoilMev / (neutrinoMev * neutrinoMev);
        return 1 + y * y - x;
    }

    /** Magnetic-moment bracket (1/T - 1/E), MeV^-1: dsigma/dT = MAGNETIC_PREFACTOR * mu^2 * bracket. */
    public static double magneticBracket(double neutrinoMev, double recoilMev) {
        return 1 / recoilMev - 1 / neutrinoMev;
    }

    /** Shift of g_V per unit g_BL^2 from a B-L boson of mass M: 1 / (sqrt2 G_F (2 m_e T + M^2)). */
    public static double bMinusLShiftPerCoupling2(double recoilMev, double massMev) {
        return 1 / (Math.sqrt(2) * FERMI_CONSTANT_PER_MEV2 * (2 * ELECTRON_MASS_MEV * recoilMev + massMev * massMev));
    }

    /** Shift of g_V per unit millicharge eps: -sqrt2 pi alpha / (G_F m_e T), times the convention's scale. */
    public static double millichargeShiftPerEpsilon(double recoilMev, MillichargeConvention convention) {
        return -Math.sqrt(2) * Math.PI * FINE_STRUCTURE / (FERMI_CONSTANT_PER_MEV2 * ELECTRON_MASS_MEV * recoilMev)
                * convention.deltaGvScale();
    }
}
