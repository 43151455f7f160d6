package xmassnu.reduction.sim;

import java.io.Serializable;

/**
 * Restricted simulation for long datasets (docs/detector.md, "The 711-day dataset"): every component is generated
 * at its full rate and every trigger is written with its time and flags (so live time, the after-trigger veto and
 * the trigger rate are exact), but the PMT hits are recorded only for events that could end up in the analysis
 * window. An event is written without hits (trigger bit 4) when
 * <ul>
 *   <li>its visible deposit (deposit x visible fraction) exceeds {@code maxVisibleKev}: it triggers for certain and
 *       reconstructs far above the window (the detector response is then not simulated at all), or</li>
 *   <li>its recorded charge is below {@code minRecordedPe}: it cannot reconstruct above the window's lower edge.</li>
 * </ul>
 * Calibration runs are never restricted. Defaults: 60 keV, twice the 30 keVee upper edge (resolution ~ 5 % there);
 * 14.7 PE, half the charge of 2 keVee at the centre (the position correction of the energy is within 0.6-1.4).
 */
public record WindowRestriction(double maxVisibleKev, double minRecordedPe) implements Serializable {
    public static final WindowRestriction XMASS_I_WINDOW = new WindowRestriction(60, 14.7);

    public WindowRestriction {
        if (!(maxVisibleKev > 0) || !Double.isFinite(maxVisibleKev) || !(minRecordedPe >= 0) || !Double.isFinite(minRecordedPe)) {
            throw new IllegalArgumentException("window restriction needs maxVisibleKev > 0 and minRecordedPe >= 0, finite");
        }
    }

    /** Whether an event with this visible deposit needs its detector response simulated. */
    public boolean beyondReach(double visibleKev) {
        return visibleKev > maxVisibleKev;
    }
}
