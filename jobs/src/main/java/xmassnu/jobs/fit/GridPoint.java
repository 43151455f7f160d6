package xmassnu.jobs.fit;

import java.io.Serializable;
import java.util.Comparator;

import xmassnu.fits.analysis.ExpectedBand;
import xmassnu.fits.analysis.ObservationPoint;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.spectra.Variation;

/**
 * One grid point's outcome: the limits on the coupling (observed, expected band) of a (model, flavour case, mass,
 * coupling sign, variation), with the systematics its likelihood profiled (comma-separated, empty when none), its
 * status and, when failed, why; and the observation there (best fit, 68 % interval, q0, local significance), which
 * carries its own status.
 *
 * @param couplingSign null for a model whose coupling has no sign; for the millicharge +1 or -1 (that sign's limit,
 *                     couplings are magnitudes) or 0 (both signs together: the limit on |c|, the signed best fit)
 */
public record GridPoint(Templates.SignalKey key, Integer couplingSign, Variation variation, String profiledSystematics,
                        double observed, ExpectedBand expected, FitStatus status, String reason, long seed,
                        double toyClsAtObserved, double fitTimeMs, ObservationPoint.Result observation)
        implements Serializable {

    /** Grid order: model, flavour, mass (labels), then both signs together before +1 and -1. */
    public static final Comparator<GridPoint> GRID_ORDER = Comparator.comparing(GridPoint::key,
            Templates.SignalKey.GRID_ORDER).thenComparingInt(GridPoint::signRank);

    public GridPoint {
        if (couplingSign != null && couplingSign != 0 && couplingSign != 1 && couplingSign != -1) {
            throw new IllegalArgumentException("coupling sign must be null, 0, +1 or -1, got " + couplingSign);
        }
        if (couplingSign != null && !key.model().signedCoupling()) {
            throw new IllegalArgumentException(key.model().label() + " has no coupling sign, got " + couplingSign);
        }
    }

    public boolean converged() {
        return status == FitStatus.CONVERGED;
    }

    /**
     * The row that figures, tables and summaries quote for its (model, flavour, mass): the limit on |c| (both signs
     * together for a signed coupling).
     */
    public boolean headline() {
        return couplingSign == null || couplingSign == 0;
    }

    /** "+", "-", "+-" (both) or "" (no sign): the sign as a column of limits.csv prints it. */
    public String signLabel() {
        return couplingSign == null ? "" : couplingSign == 0 ? "+-" : couplingSign > 0 ? "+" : "-";
    }

    private int signRank() {
        return couplingSign == null || couplingSign == 0 ? 0 : couplingSign > 0 ? 1 : 2;
    }
}
