package xmassnu.reduction.sim;

import xmassnu.schemas.RunType;

/**
 * What the simulation needs to know about a run (mirrors a run_catalog row).
 *
 * @param yearsSinceStart time of the run since the start of data taking, for gain drifts
 * @param periodFraction  position of the run in the data period in [0, 1], for channels that fail over time
 */
public record RunInfo(int runId, String runType, long startUnixNs, long endUnixNs, double livetimeS, double deadtimeS,
                      Double sourceZCm, double yearsSinceStart, double periodFraction) {

    public static final String PHYSICS = RunType.PHYSICS.label();
    public static final String CO57 = RunType.CO57_CALIBRATION.label();

    public RunInfo {
        if (!PHYSICS.equals(runType) && !CO57.equals(runType)) {
            throw new IllegalArgumentException("run " + runId + ": unknown run type '" + runType + "'");
        }
        if (!(livetimeS > 0) || !(deadtimeS >= 0) || endUnixNs <= startUnixNs) {
            throw new IllegalArgumentException("run " + runId + ": needs livetime > 0, deadtime >= 0 and end > start");
        }
        if (CO57.equals(runType) == (sourceZCm == null)) {
            throw new IllegalArgumentException("run " + runId + ": calibration runs (and only they) have a source position");
        }
    }

    public boolean isCalibration() {
        return CO57.equals(runType);
    }
}
