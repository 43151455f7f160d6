package xmassnu.jobs.config;

import java.util.List;

import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.RunPlan;

/**
 * Which runs of the 711-day plan to simulate: the first D live days, or the run range "A-B". The label is part of
 * the simulate stage's lineage, so both ways of asking for the same runs must produce the same label.
 */
public record RunSelection(List<RunInfo> runs, String label) {

    /** @param where names the option or configuration field in error messages */
    public static RunSelection of(long seed, double days, String runRange, String where) {
        if (runRange != null) {
            String[] ab = runRange.split("-");
            if (ab.length != 2) {
                throw new IllegalArgumentException(where + " expects A-B, got '" + runRange + "'");
            }
            return new RunSelection(RunPlan.runRange(seed, Integer.parseInt(ab[0].trim()), Integer.parseInt(ab[1].trim())),
                    "runs " + runRange);
        }
        return new RunSelection(RunPlan.firstLiveDays(seed, days), "days " + days);
    }
}
