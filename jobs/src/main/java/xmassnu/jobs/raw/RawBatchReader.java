package xmassnu.jobs.raw;

import java.io.IOException;
import java.util.List;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;

import xmassnu.jobs.io.RawHitsVectors;
import xmassnu.jobs.storage.SeekableFile;
import xmassnu.jobs.storage.Storage;
import xmassnu.reduction.reco.RawDataException;
import xmassnu.schemas.MetadataKeys;
import xmassnu.schemas.Tables;

/**
 * Streams the record batches of one {@link RawSplit} through {@link Storage} (seekable reads on any filesystem),
 * checking the file's contract (schema name and version, run id) and copying each batch into reusable primitive
 * arrays for the kernels. One batch in memory at a time. The file's size and checksum were checked against the raw
 * stage's manifest before the stage started (InputVerifier).
 */
public final class RawBatchReader implements AutoCloseable {
    private final RawSplit split;
    private final SeekableFile in;
    private final ArrowFileReader reader;
    private final List<ArrowBlock> blocks;
    private int next;

    // the current batch, as arrays
    public int size;
    public long[] eventId = new long[0];
    public long[] triggerTimeNs = new long[0];
    public int[] triggerBits = new int[0];
    public boolean[] odTriggered = new boolean[0];
    public int[] hitOffsets = new int[1];
    public short[] pmt = new short[0];
    public int[] adc = new int[0];
    public int[] tdc = new int[0];

    public RawBatchReader(Storage storage, RawSplit split, BufferAllocator allocator) {
        this.split = split;
        SeekableFile opened = null;
        try {
            opened = storage.openSeekable(split.file());
            reader = new ArrowFileReader(opened, allocator, CommonsCompressionFactory.INSTANCE);
            checkContract(reader.getVectorSchemaRoot().getSchema().getCustomMetadata(), split);
            blocks = reader.getRecordBlocks();
            next = split.firstBlock();
        } catch (IOException | RuntimeException e) {
            closeQuietly(opened);
            if (e instanceof RawDataException r) {
                throw r;
            }
            if (e instanceof xmassnu.jobs.errors.XmassException x) {
                throw x;
            }
            throw fail(-1, null, "cannot open as Arrow IPC: " + e.getMessage());
        }
        in = opened;
    }

    private static void closeQuietly(SeekableFile f) {
        try {
            if (f != null) {
                f.close();
            }
        } catch (IOException e) {
            // nothing was read
        }
    }

    /** Rejects a file whose metadata does not declare the raw_hits contract this code reads, or another run. */
    static void checkContract(java.util.Map<String, String> meta, RawSplit split) {
        String name = meta.get(MetadataKeys.SCHEMA_NAME);
        String version = meta.get(MetadataKeys.SCHEMA_VERSION);
        if (!Tables.RAW_HITS.name().equals(name) || !Integer.toString(Tables.RAW_HITS.version()).equals(version)) {
            throw new RawDataException(split.path(), split.runId(), -1, MetadataKeys.SCHEMA_VERSION, "schema " + name
                    + " v" + version + ", expected " + Tables.RAW_HITS.qualifiedName()
                    + " (file written by an incompatible converter?)");
        }
        String run = meta.get(MetadataKeys.RUN_ID);
        if (run == null || !run.equals(Integer.toString(split.runId()))) {
            throw new RawDataException(split.path(), split.runId(), -1, MetadataKeys.RUN_ID, "file metadata says run "
                    + run + " but the file lies in run=" + split.runId());
        }
    }

    private RawDataException fail(long event, String field, String problem) {
        return new RawDataException(split.path(), split.runId(), event, field, problem);
    }

    /** Loads the next batch of the split into the arrays; false at the end. */
    public boolean next() {
        if (next >= split.endBlock()) {
            return false;
        }
        VectorSchemaRoot root;
        try {
            if (!reader.loadRecordBatch(blocks.get(next))) {
                throw fail(-1, null, "record batch " + next + " missing");
            }
            root = reader.getVectorSchemaRoot();
        } catch (IOException | RuntimeException e) {
            if (e instanceof RawDataException r) {
                throw r;
            }
            throw fail(-1, null, "record batch " + next + " unreadable (corrupted or truncated): " + e.getMessage());
        }
        next++;
        int n = root.getRowCount();
        RawHitsVectors v = RawHitsVectors.of(root);
        if (eventId.length < n) {
            eventId = new long[n];
            triggerTimeNs = new long[n];
            triggerBits = new int[n];
            odTriggered = new boolean[n];
            hitOffsets = new int[n + 1];
        }
        for (int i = 0; i < n; i++) {
            if (v.run().isNull(i) || v.run().get(i) != split.runId()) {
                throw fail(v.eventId().isNull(i) ? -1 : v.eventId().get(i), "run_id",
                        "row has run " + (v.run().isNull(i) ? "null" : v.run().get(i)));
            }
            if (v.eventId().isNull(i) || v.triggerTime().isNull(i)) {
                throw fail(-1, v.eventId().isNull(i) ? "event_id" : "trigger_time_ns", "null in row " + i);
            }
            eventId[i] = v.eventId().get(i);
            if (i > 0 && eventId[i] <= eventId[i - 1]) {
                throw fail(eventId[i], "event_id", "not increasing (previous " + eventId[i - 1] + ")");
            }
            triggerTimeNs[i] = v.triggerTime().get(i);
            triggerBits[i] = v.triggerBits().get(i);
            odTriggered[i] = v.od().get(i) != 0;
            hitOffsets[i] = v.hits().getElementStartIndex(i);
            hitOffsets[i + 1] = v.hits().getElementEndIndex(i);
        }
        int h = n == 0 ? 0 : hitOffsets[n];
        if (pmt.length < h) {
            pmt = new short[h];
            adc = new int[h];
            tdc = new int[h];
        }
        for (int k = 0; k < h; k++) {
            pmt[k] = v.pmt().get(k);
            adc[k] = v.adc().get(k);
            tdc[k] = v.tdc().get(k);
        }
        size = n;
        return true;
    }

    public RawSplit split() {
        return split;
    }

    @Override
    public void close() {
        try {
            reader.close();
            in.close();
        } catch (IOException e) {
            // closing a read-only file cannot lose data
        }
    }
}
