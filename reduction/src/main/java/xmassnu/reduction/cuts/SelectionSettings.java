package xmassnu.reduction.cuts;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

import xmassnu.reduction.cuts.Condition.Op;

/**
 * The XMASS-style selection (docs/selection.md): thresholds are configurable, defaults from the XMASS-I
 * analyses (PLB 809 (2020) 135741; PLB 789 (2019) 45, arXiv:1804.02180).
 * The cut order is fixed; bit i of failed_cuts_mask is cut i of {@link #cuts()}.
 *
 * @param maxPmtPeFractionMax surface-event cut: largest allowed fraction of the PE in the brightest PMT ([U])
 */
public record SelectionSettings(double minTimeSincePreviousMs, double maxHitTimeRmsNs, double maxEarlyPeFraction,
                                double maxPmtPeFractionMax, double fiducialRadiusCm, double energyMinKevee,
                                double energyMaxKevee) implements Serializable {

    public static final SelectionSettings XMASS_I = new SelectionSettings(10, 100, 0.6, 0.15, 20, 2, 30);

    public SelectionSettings {
        Map<String, Double> positive = Map.of("minTimeSincePreviousMs", minTimeSincePreviousMs, "maxHitTimeRmsNs",
                maxHitTimeRmsNs, "fiducialRadiusCm", fiducialRadiusCm, "energyMaxKevee", energyMaxKevee);
        positive.forEach((k, v) -> {
            if (!(v > 0) || v.isInfinite()) {
                throw new IllegalArgumentException(k + " must be > 0 and finite, got " + v);
            }
        });
        if (!(maxEarlyPeFraction > 0 && maxEarlyPeFraction <= 1) || !(maxPmtPeFractionMax > 0 && maxPmtPeFractionMax <= 1)) {
            throw new IllegalArgumentException("fraction thresholds must be in (0, 1]");
        }
        if (!(energyMinKevee >= 0 && energyMinKevee < energyMaxKevee)) {
            throw new IllegalArgumentException("energy window [" + energyMinKevee + ", " + energyMaxKevee + ") keVee is empty");
        }
    }

    public List<Cut> cuts() {
        return List.of(
                new Cut("od-veto", 1, "no outer-detector (muon veto) trigger",
                        List.of(new Condition("od_triggered", Op.EQUAL, 0))),
                new Cut("after-trigger-veto", 1, "at least " + minTimeSincePreviousMs + " ms since the previous trigger",
                        List.of(new Condition("time_since_previous_ns", Op.GREATER_OR_EQUAL, minTimeSincePreviousMs * 1e6))),
                new Cut("hit-time-rms", 1, "RMS of hit times below " + maxHitTimeRmsNs + " ns",
                        List.of(new Condition("hit_time_rms_ns", Op.LESS_THAN, maxHitTimeRmsNs))),
                new Cut("cherenkov", 1, "at most " + maxEarlyPeFraction + " of the PE in the first 20 ns",
                        List.of(new Condition("early_pe_fraction", Op.LESS_OR_EQUAL, maxEarlyPeFraction))),
                new Cut("fiducial-volume", 1, "reconstructed vertex within R < " + fiducialRadiusCm + " cm",
                        List.of(new Condition("r_cm", Op.LESS_THAN, fiducialRadiusCm),
                                new Condition("vertex_status", Op.NOT_EQUAL, 3))),
                new Cut("surface", 1, "brightest PMT holds at most " + maxPmtPeFractionMax + " of the PE",
                        List.of(new Condition("max_pmt_pe_fraction", Op.LESS_OR_EQUAL, maxPmtPeFractionMax))),
                new Cut("energy-window", 1, energyMinKevee + " <= E < " + energyMaxKevee + " keVee",
                        List.of(new Condition("energy_kevee", Op.GREATER_OR_EQUAL, energyMinKevee),
                                new Condition("energy_kevee", Op.LESS_THAN, energyMaxKevee))));
    }
}
