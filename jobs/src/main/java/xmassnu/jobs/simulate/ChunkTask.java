package xmassnu.jobs.simulate;

import java.io.Serializable;

import xmassnu.reduction.sim.RunInfo;

/** One unit of simulation work, (run, chunk), self-contained so it can be shipped to any executor. */
public record ChunkTask(int runId, String runType, long startUnixNs, long endUnixNs, double livetimeS, double deadtimeS,
                        Double sourceZCm, double yearsSinceStart, double periodFraction, int chunkIndex,
                        long chunkStartNs, long chunkEndNs) implements Serializable {

    static ChunkTask of(RunInfo r, int chunk, long startNs, long endNs) {
        return new ChunkTask(r.runId(), r.runType(), r.startUnixNs(), r.endUnixNs(), r.livetimeS(), r.deadtimeS(),
                r.sourceZCm(), r.yearsSinceStart(), r.periodFraction(), chunk, startNs, endNs);
    }

    RunInfo run() {
        return new RunInfo(runId, runType, startUnixNs, endUnixNs, livetimeS, deadtimeS, sourceZCm, yearsSinceStart,
                periodFraction);
    }
}
