package xmassnu.reduction.sim;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import xmassnu.reduction.detector.DetectorModel;

/**
 * Everything one simulation depends on. The solar spectra come from the physics module (fits) through the job
 * layer, as rate densities in events/(kg day keV) over deposited energy in keV.
 *
 * @param components       the sources to simulate (all by default)
 * @param chunkLivetimeS   live time per raw file; bounds the size of a task and of a file
 * @param windowRestriction null for the full simulation, else which hits need not be recorded
 */
public record SimulationConfig(long seed, DetectorModel detector, SourceActivities activities,
                               TabulatedSpectrum solarSmSpectrum, TabulatedSpectrum signalSpectrum,
                               Set<Component> components, double chunkLivetimeS, WindowRestriction windowRestriction) {

    /** The full simulation: every triggered event with its hits. */
    public SimulationConfig(long seed, DetectorModel detector, SourceActivities activities,
                            TabulatedSpectrum solarSmSpectrum, TabulatedSpectrum signalSpectrum,
                            Set<Component> components, double chunkLivetimeS) {
        this(seed, detector, activities, solarSmSpectrum, signalSpectrum, components, chunkLivetimeS, null);
    }

    public SimulationConfig {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(activities, "activities");
        Objects.requireNonNull(solarSmSpectrum, "solarSmSpectrum");
        components = components.isEmpty() ? EnumSet.noneOf(Component.class) : EnumSet.copyOf(components);
        if (!(chunkLivetimeS > 0) || !Double.isFinite(chunkLivetimeS)) {
            throw new IllegalArgumentException("chunkLivetimeS must be > 0, got " + chunkLivetimeS);
        }
        if (activities.signalScale() > 0 && signalSpectrum == null) {
            throw new IllegalArgumentException("signalScale > 0 needs a signal spectrum (model and coupling)");
        }
    }

    public static Set<Component> allComponents() {
        return EnumSet.allOf(Component.class);
    }
}
