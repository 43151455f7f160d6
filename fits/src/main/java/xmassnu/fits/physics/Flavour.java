package xmassnu.fits.physics;

/** Neutrino flavours at the detector, with their Standard-Model couplings to electrons. */
public enum Flavour {
    E, MU, TAU;

    /**
     * Vector coupling g_V for nu-e scattering; the nu_e value includes the charged current.
     * 't Hooft (1971); e.g. Vogel &amp; Engel, PRD 39 (1989) 3378, eq. (1); docs/physics.md section 3.
     */
    public double vectorCoupling(double sin2ThetaW) {
        return this == E ? 0.5 + 2 * sin2ThetaW : -0.5 + 2 * sin2ThetaW;
    }

    /** Axial coupling g_A (+1/2 for nu_e including the charged current, -1/2 otherwise). */
    public double axialCoupling() {
        return this == E ? 0.5 : -0.5;
    }
}
