package xmassnu.reduction.cuts;

import java.util.List;

import xmassnu.reduction.reco.ReducedEvents;

/**
 * The cut definitions of {@link SelectionSettings} evaluated directly on the reduction kernel's columnar output,
 * for simulated samples that never become an event table (response and template Monte Carlo). Same {@link Cut}
 * objects, same bit order as {@code failed_cuts_mask} of the selection table.
 */
public final class EventCuts {
    /** The event-table columns the reduction kernel produces (time since previous is supplied by the caller). */
    private static final java.util.Set<String> COLUMNS = java.util.Set.of("od_triggered", "time_since_previous_ns",
            "hit_count", "total_pe", "max_pmt_pe_fraction", "early_pe_fraction", "hit_time_rms_ns", "energy_kevee", "r_cm",
            "vertex_nll", "vertex_status", "timing_r_cm");

    private final List<Cut> cuts;
    private final String[][] columns;
    private final Condition[][] conditions;

    public EventCuts(SelectionSettings settings) {
        cuts = settings.cuts();
        columns = new String[cuts.size()][];
        conditions = new Condition[cuts.size()][];
        for (int i = 0; i < cuts.size(); i++) {
            conditions[i] = cuts.get(i).conditions().toArray(new Condition[0]);
            for (Condition c : conditions[i]) {
                if (!COLUMNS.contains(c.column())) {
                    throw new IllegalArgumentException("cut column " + c.column()
                            + " is not produced by the reduction kernel; cannot evaluate it on simulated samples");
                }
            }
        }
    }

    public List<Cut> cuts() {
        return cuts;
    }

    /** Bit index of a cut by name. */
    public int bit(String name) {
        for (int i = 0; i < cuts.size(); i++) {
            if (cuts.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no cut named " + name);
    }

    /**
     * Bitmask of the cuts event i fails. {@code timeSincePreviousNs} is the event's time since the previous
     * trigger; a Monte Carlo sample of one isolated component passes {@link Double#POSITIVE_INFINITY}, because
     * the after-trigger veto acts on uncorrelated events as dead time, which the exposure already excludes.
     */
    public long failedMask(ReducedEvents ev, int i, double timeSincePreviousNs) {
        long mask = 0;
        for (int k = 0; k < conditions.length; k++) {
            for (Condition c : conditions[k]) {
                if (!c.passes(value(ev, i, c.column(), timeSincePreviousNs))) {
                    mask |= 1L << k;
                    break;
                }
            }
        }
        return mask;
    }

    private static Double value(ReducedEvents ev, int i, String column, double timeSincePreviousNs) {
        return switch (column) {
            case "od_triggered" -> ev.odTriggered[i] ? 1.0 : 0.0;
            case "time_since_previous_ns" -> timeSincePreviousNs;
            case "hit_count" -> (double) ev.hitCount[i];
            case "total_pe" -> ev.totalPe[i];
            case "max_pmt_pe_fraction" -> ev.maxPmtPeFraction[i];
            case "early_pe_fraction" -> ev.earlyPeFraction[i];
            case "hit_time_rms_ns" -> ev.hitTimeRmsNs[i];
            case "energy_kevee" -> ev.energyKevee[i];
            case "r_cm" -> ev.rCm[i];
            case "vertex_nll" -> ev.vertexNll[i];
            case "vertex_status" -> (double) ev.vertexStatus[i];
            case "timing_r_cm" -> ev.timingRCm[i];
            default -> throw new IllegalStateException("column " + column + " passed the constructor's check");
        };
    }
}
