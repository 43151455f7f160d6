package xmassnu.fits.physics;

import xmassnu.schemas.Labels;

/**
 * Physics models of the neutrino-electron signal. The expected rate is a polynomial in the coupling c:
 * rate = sm + c^interferencePower * interference + c^newPhysicsPower * newPhysics (at unit coupling).
 */
public enum Model {
    /** Standard Model only: no coupling. */
    SM("sm", "", 0, 0),
    /** Neutrino millicharge q = eps * e (photon exchange): interference ~ eps, pure ~ eps^2. */
    MILLICHARGE("millicharge", "e", 1, 2),
    /** Neutrino magnetic moment in Bohr magnetons: helicity flip, no interference, pure ~ mu^2. */
    MAGNETIC_MOMENT("magnetic-moment", "mu_B", 0, 2),
    /** U(1)_B-L vector boson of mass M and coupling g: interference ~ g^2, pure ~ g^4. */
    B_L("b-l", "dimensionless", 2, 4);

    private final String label;
    private final String couplingUnit;
    private final int interferencePower;
    private final int newPhysicsPower;

    Model(String label, String couplingUnit, int interferencePower, int newPhysicsPower) {
        this.label = label;
        this.couplingUnit = couplingUnit;
        this.interferencePower = interferencePower;
        this.newPhysicsPower = newPhysicsPower;
    }

    public String label() {
        return label;
    }

    public String couplingUnit() {
        return couplingUnit;
    }

    /** Power of the coupling multiplying the interference piece; 0 when there is none. */
    public int interferencePower() {
        return interferencePower;
    }

    public int newPhysicsPower() {
        return newPhysicsPower;
    }

    public boolean hasMediatorMass() {
        return this == B_L;
    }

    /** Whether a negative coupling has a meaning (only the millicharge sign enters, through interference). */
    public boolean signedCoupling() {
        return this == MILLICHARGE;
    }

    public static Model parse(String s) {
        return Labels.parse(values(), Model::label, s, "model");
    }
}
