package xmassnu.fits.physics;

import java.util.Objects;

/**
 * The physics configuration of the signal: fluxes, oscillations, weak mixing angle, atomic model and millicharge
 * convention. Defaults reproduce docs/physics.md (B16-GS98, PDG mixing, low-Q^2 sin^2 theta_W, stepping).
 */
public record SignalPhysics(FluxModel fluxModel, Oscillations oscillations, double sin2ThetaW,
                            AtomicModel atomicModel, MillichargeConvention millichargeConvention) {

    public static final SignalPhysics DEFAULT = new SignalPhysics(FluxModel.B16_GS98, Oscillations.DEFAULT,
            PhysicalConstants.SIN2_THETA_W_LOW_Q2, SteppingApproximation.XENON, MillichargeConvention.STANDARD);

    public SignalPhysics {
        Objects.requireNonNull(fluxModel, "fluxModel");
        Objects.requireNonNull(oscillations, "oscillations");
        Objects.requireNonNull(atomicModel, "atomicModel");
        Objects.requireNonNull(millichargeConvention, "millichargeConvention");
        if (!(sin2ThetaW > 0 && sin2ThetaW < 1)) {
            throw new IllegalArgumentException("sin2ThetaW must be in (0, 1), got " + sin2ThetaW);
        }
    }

    public SignalPhysics withFluxModel(FluxModel m) {
        return new SignalPhysics(m, oscillations, sin2ThetaW, atomicModel, millichargeConvention);
    }

    public SignalPhysics withMillichargeConvention(MillichargeConvention c) {
        return new SignalPhysics(fluxModel, oscillations, sin2ThetaW, atomicModel, c);
    }

    public SignalPhysics withAtomicModel(AtomicModel a) {
        return new SignalPhysics(fluxModel, oscillations, sin2ThetaW, a, millichargeConvention);
    }
}
