package xmassnu.jobs.fit;

import java.io.Serializable;
import java.util.Comparator;

import xmassnu.fits.analysis.ExpectedBand;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.spectra.Variation;

/**
 * One grid point's outcome: the limits on the coupling (observed, expected band) of a (model, flavour case, mass,
 * variation), with the systematics its likelihood profiled (comma-separated, empty when none), its status and, when
 * failed, why.
 */
public record GridPoint(Templates.SignalKey key, Variation variation, String profiledSystematics, double observed,
                        ExpectedBand expected, FitStatus status, String reason, long seed, double toyClsAtObserved,
                        double fitTimeMs) implements Serializable {

    /** Grid order: model, flavour, mass (labels). */
    public static final Comparator<GridPoint> GRID_ORDER = Comparator.comparing(GridPoint::key,
            Templates.SignalKey.GRID_ORDER);

    public boolean converged() {
        return status == FitStatus.CONVERGED;
    }
}
