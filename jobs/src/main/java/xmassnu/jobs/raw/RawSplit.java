package xmassnu.jobs.raw;

import java.io.Serializable;

import xmassnu.jobs.storage.Location;

/** A range of record batches [firstBlock, endBlock) of one raw Arrow file of one run: the unit of parallel reading. */
public record RawSplit(Location file, int runId, int chunkIndex, int firstBlock, int endBlock) implements Serializable {
    /** The file as messages name it. */
    public String path() {
        return file.toString();
    }
}
