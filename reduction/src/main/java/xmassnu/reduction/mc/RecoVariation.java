package xmassnu.reduction.mc;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import xmassnu.reduction.sim.Component;
import xmassnu.reduction.sim.StreamRng;

/**
 * A systematic variation of the simulated detector response, applied to every reconstructed Monte Carlo event
 * before the cuts and the binning, so that the nominal and varied templates come from the same events (their
 * difference carries no independent Monte Carlo noise):
 * <ul>
 *   <li>{@code energyScale}: reconstructed energy times this factor (light-yield calibration);</li>
 *   <li>{@code extraResolutionFraction} f: extra Gaussian smearing that widens the resolution sigma(E) by the factor
 *       (1 + f), i.e. sigma_extra = sigma(E) sqrt((1 + f)^2 - 1);</li>
 *   <li>{@code radiusShiftCm}: reconstructed radius plus this shift (a bias of the vertex against the fiducial
 *       cut), for every event, or only for surface-type backgrounds when {@code surfaceOnly} (their leakage into
 *       the fiducial volume, which sets the surface background's size and energy shape).</li>
 * </ul>
 */
public record RecoVariation(String name, double energyScale, double extraResolutionFraction, double radiusShiftCm,
                            boolean surfaceOnly) implements Serializable {
    public static final RecoVariation NOMINAL = new RecoVariation("nominal", 1, 0, 0, false);

    /** Backgrounds that enter the fiducial volume only by mis-reconstruction from the wall. */
    public static final Set<Component> SURFACE_TYPE = EnumSet.of(Component.SURFACE_PB210, Component.GAP_PB210,
            Component.PMT_GAMMA);

    /**
     * Energy resolution used to size the extra smearing: 4 % (sigma) at 122 keV, scaling with sqrt(E)
     * (XMASS-I detector paper, NIM A 716 (2013) 78, arXiv:1301.2815).
     */
    static double resolutionSigmaKevee(double energyKevee) {
        return 0.04 * Math.sqrt(122.06 * Math.max(energyKevee, 0));
    }

    public RecoVariation {
        Objects.requireNonNull(name, "name");
        if (!(energyScale > 0) || !Double.isFinite(energyScale)) {
            throw new IllegalArgumentException(name + ": energyScale must be > 0, got " + energyScale);
        }
        if (!(extraResolutionFraction >= 0) || !Double.isFinite(extraResolutionFraction)) {
            throw new IllegalArgumentException(name + ": extraResolutionFraction must be >= 0 (a narrower resolution "
                    + "cannot be simulated by smearing), got " + extraResolutionFraction);
        }
        if (!Double.isFinite(radiusShiftCm)) {
            throw new IllegalArgumentException(name + ": radiusShiftCm must be finite");
        }
    }

    public boolean isNominal() {
        return energyScale == 1 && extraResolutionFraction == 0 && radiusShiftCm == 0;
    }

    /** Whether this variation changes events of component c (null: the electron-recoil response). */
    public boolean appliesTo(Component c) {
        return !surfaceOnly || (c != null && SURFACE_TYPE.contains(c));
    }

    /** The varied energy of an event; randomness from (seed, run, chunk, event), independent of the partitioning. */
    double variedEnergyKevee(double energyKevee, long seed, int runId, int chunk, long event) {
        double e = energyKevee * energyScale;
        if (extraResolutionFraction > 0 && Double.isFinite(e)) {
            double widen = Math.sqrt((1 + extraResolutionFraction) * (1 + extraResolutionFraction) - 1);
            e += widen * resolutionSigmaKevee(e)
                    * StreamRng.of(seed, StreamRng.purpose("resolution-variation"), runId, chunk, event).nextGaussian();
        }
        return e;
    }
}
