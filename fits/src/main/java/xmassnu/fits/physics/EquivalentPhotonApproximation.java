package xmassnu.fits.physics;

import static xmassnu.fits.physics.PhysicalConstants.AVOGADRO_PER_MOL;
import static xmassnu.fits.physics.PhysicalConstants.ELECTRON_MASS_MEV;
import static xmassnu.fits.physics.PhysicalConstants.FINE_STRUCTURE;
import static xmassnu.fits.physics.PhysicalConstants.HBAR_C_MEV_CM;
import static xmassnu.fits.physics.PhysicalConstants.KEV_PER_MEV;
import static xmassnu.fits.physics.PhysicalConstants.XENON_MOLAR_MASS_G_PER_MOL;
import static xmassnu.fits.physics.PhysicalConstants.XENON_Z;

import java.util.List;

/**
 * The equivalent-photon (Weizsaecker-Williams) estimate of the millicharge's atomic cross section at small
 * four-momentum transfer, from xenon's photoabsorption cross section (resource xmassnu/atomic/xenon-photoabsorption.csv,
 * xraylib 4.0.0 CS_Photo). A comparison for docs/physics.md, not used in the templates.
 *
 * <p>A particle of charge eps*e and energy E &gt;&gt; T carries a flux of nearly real photons of energy T,
 * dN/dT = (alpha eps^2 / pi) (1/T) ln(Q^2_max / Q^2_min) (Jackson, Classical Electrodynamics, 3rd ed., sec. 15.5;
 * Budnev et al., Phys. Rep. 15 (1975) 181, eq. D.4 for T &lt;&lt; E), each absorbed with the photoabsorption
 * cross section: dsigma/dT = (alpha eps^2 / pi) sigma_gamma(T) / T ln(Q^2_max / Q^2_min). The upper cut is the
 * free-electron value Q^2_max = 2 m_e T, beyond which the impulse approximation's Bethe ridge takes over. For a
 * (nearly) massless neutrino the lower cut is not kinematic (m_nu^2 T^2 / E^2 ~ 1e-18 keV^2): in liquid xenon the
 * medium's dielectric response screens the transverse photon below the plasma energy (the density effect of
 * Fermi, Phys. Rev. 57 (1940) 485; Allison &amp; Cobb, Ann. Rev. Nucl. Part. Sci. 30 (1980) 253), so
 * Q^2_min = (hbar omega_p)^2 by default; the cut enters only logarithmically and is the EPA's main uncertainty.
 * The eps convention scales this and the impulse result alike ({@link MillichargeConvention}).
 */
public final class EquivalentPhotonApproximation {

    private static final String TABLE = "/xmassnu/atomic/xenon-photoabsorption.csv";
    /** XMASS-I liquid-xenon density, g/cm^3 (as reduction's DetectorModel.XMASS_I). */
    public static final double LIQUID_XENON_DENSITY_G_PER_CM3 = 2.89;

    public static final EquivalentPhotonApproximation XENON = load();

    private final double[] logEnergy;
    private final double[] logSigma;

    public EquivalentPhotonApproximation(double[] energyKev, double[] sigmaCm2) {
        if (energyKev.length < 2 || energyKev.length != sigmaCm2.length) {
            throw new IllegalArgumentException("photoabsorption table needs >= 2 energies and one cross section each");
        }
        logEnergy = new double[energyKev.length];
        logSigma = new double[energyKev.length];
        for (int i = 0; i < energyKev.length; i++) {
            if (!(energyKev[i] > 0) || !(sigmaCm2[i] > 0) || (i > 0 && !(energyKev[i] > energyKev[i - 1]))) {
                throw new IllegalArgumentException("photoabsorption row " + i + ": need increasing energies > 0 and"
                        + " cross sections > 0, got " + energyKev[i] + " keV, " + sigmaCm2[i] + " cm^2");
            }
            logEnergy[i] = Math.log(energyKev[i]);
            logSigma[i] = Math.log(sigmaCm2[i]);
        }
    }

    /** Photoabsorption cross section per atom, cm^2 (log-log interpolation of the table). */
    public double photoabsorptionCm2(double energyKev) {
        double x = Math.log(energyKev);
        if (!(x >= logEnergy[0] && x <= logEnergy[logEnergy.length - 1])) {
            throw new IllegalArgumentException("photon energy " + energyKev + " keV outside the table ["
                    + Math.exp(logEnergy[0]) + ", " + Math.exp(logEnergy[logEnergy.length - 1]) + "] keV");
        }
        int hi = 1;
        while (hi < logEnergy.length - 1 && logEnergy[hi] < x) {
            hi++;
        }
        double f = (x - logEnergy[hi - 1]) / (logEnergy[hi] - logEnergy[hi - 1]);
        return Math.exp(logSigma[hi - 1] + f * (logSigma[hi] - logSigma[hi - 1]));
    }

    /** Plasma energy hbar omega_p = sqrt(4 pi alpha (hbar c)^3 n_e / m_e) of xenon at the given density, keV. */
    public static double plasmaEnergyKev(double densityGPerCm3) {
        double electronsPerCm3 = XENON_Z * densityGPerCm3 * AVOGADRO_PER_MOL / XENON_MOLAR_MASS_G_PER_MOL;
        double hbarC = HBAR_C_MEV_CM * KEV_PER_MEV;
        return Math.sqrt(4 * Math.PI * FINE_STRUCTURE * hbarC * hbarC * hbarC * electronsPerCm3
                / (ELECTRON_MASS_MEV * KEV_PER_MEV));
    }

    /**
     * Millicharge dsigma/dT per atom at eps = 1 (standard convention), cm^2/keV, for E &gt;&gt; T, with the
     * transverse photon cut at {@code cutoffKev} (Q^2_min = cutoff^2).
     */
    public double pureMillichargeCm2PerKev(double recoilKev, double cutoffKev) {
        if (!(cutoffKev > 0)) {
            throw new IllegalArgumentException("photon cutoff must be > 0 keV, got " + cutoffKev);
        }
        double q2Max = 2 * ELECTRON_MASS_MEV * KEV_PER_MEV * recoilKev;
        double log = Math.log(q2Max / (cutoffKev * cutoffKev));
        return FINE_STRUCTURE / Math.PI * photoabsorptionCm2(recoilKev) / recoilKev * Math.max(0, log);
    }

    /** The same with the liquid-xenon plasma cutoff. */
    public double pureMillichargeCm2PerKev(double recoilKev) {
        return pureMillichargeCm2PerKev(recoilKev, plasmaEnergyKev(LIQUID_XENON_DENSITY_G_PER_CM3));
    }

    /**
     * The free-electron pure millicharge term per electron for E &gt;&gt; T at eps = 1, cm^2/keV:
     * 2 pi alpha^2 / (m_e T^2) (the T/E -&gt; 0 limit of {@link NeutrinoElectronScattering}'s pure term).
     */
    public static double freeElectronPureMillichargeCm2PerKev(double recoilKev) {
        double hbarC = HBAR_C_MEV_CM * KEV_PER_MEV;
        return 2 * Math.PI * FINE_STRUCTURE * FINE_STRUCTURE / (ELECTRON_MASS_MEV * KEV_PER_MEV * recoilKev * recoilKev)
                * hbarC * hbarC;
    }

    private static EquivalentPhotonApproximation load() {
        List<String[]> rows = ImpulseApproximation.rows(TABLE, 2);
        double[] e = new double[rows.size()];
        double[] s = new double[rows.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = Double.parseDouble(rows.get(i)[0]);
            s[i] = Double.parseDouble(rows.get(i)[1]);
        }
        return new EquivalentPhotonApproximation(e, s);
    }
}
