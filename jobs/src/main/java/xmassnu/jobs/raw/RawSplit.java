package xmassnu.jobs.raw;

import java.io.Serializable;

/** A range of record batches [firstBlock, endBlock) of one raw Arrow file of one run: the unit of parallel reading. */
public record RawSplit(String path, int runId, int chunkIndex, int firstBlock, int endBlock) implements Serializable {}
