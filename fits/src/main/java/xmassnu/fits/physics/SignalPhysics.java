package xmassnu.fits.physics;

import java.util.Objects;

/**
 * The physics configuration of the signal: fluxes, oscillations, weak mixing angle, atomic model and millicharge
 * convention. Defaults reproduce docs/physics.md (B16-GS98, PDG 2022 mixing with NuFIT 5.2 delta_CP, low-Q^2
 * sin^2 theta_W, stepping). {@link SignalVariation} names the systematic variations built from it.
 * {@code fluxShiftSigma} moves every source's flux by that many of its own 1-sigma uncertainties at once (0: the
 * model's central values; +-1: the solar-flux systematic variation).
 */
public record SignalPhysics(FluxModel fluxModel, Oscillations oscillations, double sin2ThetaW,
                            AtomicModel atomicModel, MillichargeConvention millichargeConvention,
                            double fluxShiftSigma) {

    public SignalPhysics(FluxModel fluxModel, Oscillations oscillations, double sin2ThetaW, AtomicModel atomicModel,
                         MillichargeConvention millichargeConvention) {
        this(fluxModel, oscillations, sin2ThetaW, atomicModel, millichargeConvention, 0);
    }

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
        if (!Double.isFinite(fluxShiftSigma) || Math.abs(fluxShiftSigma) > 5) {
            throw new IllegalArgumentException("fluxShiftSigma must be within +-5 sigma, got " + fluxShiftSigma);
        }
    }

    /** Flux of a source at Earth (cm^-2 s^-1), shifted by fluxShiftSigma of its uncertainty. */
    public double fluxPerCm2PerS(SolarSource source) {
        return fluxModel.fluxPerCm2PerS(source) * (1 + fluxShiftSigma * fluxModel.fractionalUncertainty(source));
    }

    public SignalPhysics withFluxShiftSigma(double shift) {
        return new SignalPhysics(fluxModel, oscillations, sin2ThetaW, atomicModel, millichargeConvention, shift);
    }

    public SignalPhysics withFluxModel(FluxModel m) {
        return new SignalPhysics(m, oscillations, sin2ThetaW, atomicModel, millichargeConvention, fluxShiftSigma);
    }

    public SignalPhysics withMillichargeConvention(MillichargeConvention c) {
        return new SignalPhysics(fluxModel, oscillations, sin2ThetaW, atomicModel, c, fluxShiftSigma);
    }

    public SignalPhysics withOscillations(Oscillations o) {
        return new SignalPhysics(fluxModel, o, sin2ThetaW, atomicModel, millichargeConvention, fluxShiftSigma);
    }

    /** sin^2 theta23 moved by that many of its 1-sigma uncertainties (the nu_mu : nu_tau split). */
    public SignalPhysics withTheta23ShiftSigma(double sigmas) {
        return withOscillations(oscillations.withSin2Theta23ShiftSigma(sigmas));
    }

    /** delta_CP moved by that many of its 1-sigma uncertainties (the nu_mu : nu_tau split). */
    public SignalPhysics withDeltaCpShiftSigma(double sigmas) {
        return withOscillations(oscillations.withDeltaCpShiftSigma(sigmas));
    }

    public SignalPhysics withAtomicModel(AtomicModel a) {
        return new SignalPhysics(fluxModel, oscillations, sin2ThetaW, a, millichargeConvention, fluxShiftSigma);
    }
}
