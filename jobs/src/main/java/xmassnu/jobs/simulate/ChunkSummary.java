package xmassnu.jobs.simulate;

import java.io.Serializable;

/** What one chunk produced: counts per component, bytes written, time spent. */
public record ChunkSummary(int runId, int chunkIndex, long[] generated, long[] triggered, long events, long hits,
                           long rawBytes, long truthBytes, long cpuNs) implements Serializable {}
