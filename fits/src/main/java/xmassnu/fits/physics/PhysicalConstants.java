package xmassnu.fits.physics;

/** Physical constants (CODATA 2018 / PDG 2022 values, as listed in docs/physics.md). */
public final class PhysicalConstants {
    private PhysicalConstants() {}

    /** Fermi constant, MeV^-2 (PDG). */
    public static final double FERMI_CONSTANT_PER_MEV2 = 1.1663787e-11;
    /** Electron mass, MeV (CODATA 2018). */
    public static final double ELECTRON_MASS_MEV = 0.51099895;
    /** Fine-structure constant at Q^2 = 0 (CODATA 2018). */
    public static final double FINE_STRUCTURE = 1.0 / 137.035999084;
    /** hbar*c in MeV*cm (CODATA 2018): converts MeV^-2 to cm^2 via (hbar c)^2. */
    public static final double HBAR_C_MEV_CM = 1.973269804e-11;
    /** Avogadro constant, 1/mol (exact, SI 2019). */
    public static final double AVOGADRO_PER_MOL = 6.02214076e23;
    /** Xenon: atomic number and standard atomic weight (g/mol, IUPAC). */
    public static final int XENON_Z = 54;
    public static final double XENON_MOLAR_MASS_G_PER_MOL = 131.293;
    /** Xenon atoms per kg of natural xenon. */
    public static final double XENON_ATOMS_PER_KG = AVOGADRO_PER_MOL * 1000.0 / XENON_MOLAR_MASS_G_PER_MOL;
    public static final double SECONDS_PER_DAY = 86400.0;
    public static final double KEV_PER_MEV = 1000.0;
    /** Low-Q^2 weak mixing angle (MS-bar running to Q -> 0, PDG); 0.23122 at M_Z. */
    public static final double SIN2_THETA_W_LOW_Q2 = 0.2386;
    /** (hbar c)^2 in cm^2 MeV^2. */
    public static final double HBAR_C_SQUARED_CM2_MEV2 = HBAR_C_MEV_CM * HBAR_C_MEV_CM;
    /** (hbar c)^3 in cm^3 MeV^3: converts a number density in cm^-3 to MeV^3. */
    public static final double HBAR_C_CUBED_CM3_MEV3 = HBAR_C_SQUARED_CM2_MEV2 * HBAR_C_MEV_CM;
}
