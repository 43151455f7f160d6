package xmassnu.fits.physics;

import xmassnu.schemas.Labels;

/**
 * The systematic variations of the signal physics from which the spectra stage builds varied templates (a
 * {@link RecoilRates} on the varied {@link SignalPhysics}, folded like the nominal; docs/physics.md). Names follow the
 * template variations ("label:up", "label:down").
 */
public enum SignalVariation {
    /** Every solar source's flux +-1 sigma of its own uncertainty. */
    SOLAR_FLUX("solar-flux"),
    /**
     * The other atomic model: stepping &lt;-&gt; impulse approximation. One-sided: "up" is the other model, "down" is
     * the nominal itself (no model on the market predicts the far side).
     */
    ATOMIC_MODEL("atomic-model"),
    /** sin^2 theta23 +-1 sigma (PDG 2022): moves the nu_mu : nu_tau split, not nu_e or the sum. */
    THETA23("theta23"),
    /** delta_CP +42 / -25 deg (NuFIT 5.2): moves the nu_mu : nu_tau split. */
    DELTA_CP("delta-cp");

    private final String label;

    SignalVariation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether "down" is a physics variation of its own (false: mirror the "up" template about the nominal). */
    public boolean twoSided() {
        return this != ATOMIC_MODEL;
    }

    /** The template-variation name of one side: "atomic-model:up", "theta23:down", ... */
    public String variationName(int sign) {
        checkSign(sign);
        return label + (sign > 0 ? ":up" : ":down");
    }

    /** The physics of one side (+1 or -1; only +1 for the one-sided atomic model). */
    public SignalPhysics apply(SignalPhysics nominal, int sign) {
        checkSign(sign);
        if (!twoSided() && sign < 0) {
            throw new IllegalArgumentException(label + " has no down physics: mirror the up template about the nominal");
        }
        return switch (this) {
            case SOLAR_FLUX -> nominal.withFluxShiftSigma(nominal.fluxShiftSigma() + sign);
            case ATOMIC_MODEL -> nominal.withAtomicModel(AtomicModel.parse(
                    nominal.atomicModel().name().equals(AtomicModel.Choice.STEPPING.label())
                            ? AtomicModel.Choice.IMPULSE.label() : AtomicModel.Choice.STEPPING.label()));
            case THETA23 -> nominal.withTheta23ShiftSigma(sign);
            case DELTA_CP -> nominal.withDeltaCpShiftSigma(sign);
        };
    }

    private static void checkSign(int sign) {
        if (sign != 1 && sign != -1) {
            throw new IllegalArgumentException("variation sign must be +1 or -1, got " + sign);
        }
    }

    public static SignalVariation parse(String s) {
        return Labels.parse(values(), SignalVariation::label, s, "signal variation");
    }
}
