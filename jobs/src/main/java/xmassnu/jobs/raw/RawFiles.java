package xmassnu.jobs.raw;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;

import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.Manifest;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.SeekableFile;
import xmassnu.jobs.storage.Storage;
import xmassnu.reduction.reco.RawDataException;

/**
 * The raw Arrow files of a committed raw output (hits/run_id=R/chunk-K.arrow, as its manifest lists them: files
 * nobody committed are never read), filtered by run, each split into ranges of at most {@code blocksPerSplit} record
 * batches so that large files are read in parallel and no task holds more than one batch in memory.
 */
public final class RawFiles {
    private static final Pattern HIT_FILE = Pattern.compile(DataLayout.HITS + "/run_id=(\\d+)/chunk-(\\d+)\\.arrow");
    /** Most record batches a split may hold: 64 x 4096 triggers, a few hundred MB at most. */
    public static final int MAX_BLOCKS_PER_SPLIT = 64;

    private RawFiles() {}

    /** A hits file of the manifest: run and chunk from its path, or null for a path of another shape. */
    record HitFile(Location file, int runId, int chunkIndex) {}

    public static List<RawSplit> plan(Storage storage, Location rawDir, Manifest manifest, IntPredicate runFilter,
                                      int blocksPerSplit) {
        return plan(storage, rawDir, manifest, runFilter, blocksPerSplit, java.util.Set.of());
    }

    /**
     * As above; a file of {@code unread} (damaged, to be quarantined) is not opened and stands as one split of one
     * batch, so that the splits after it know their predecessor is lost.
     */
    public static List<RawSplit> plan(Storage storage, Location rawDir, Manifest manifest, IntPredicate runFilter,
                                      int blocksPerSplit, java.util.Set<Location> unread) {
        if (blocksPerSplit < 1 || blocksPerSplit > MAX_BLOCKS_PER_SPLIT) {
            throw new IllegalArgumentException("blocks per split must be in [1, " + MAX_BLOCKS_PER_SPLIT + "], got "
                    + blocksPerSplit);
        }
        List<HitFile> files = new ArrayList<>();
        for (Manifest.Entry e : manifest.under(DataLayout.HITS)) {
            Matcher m = HIT_FILE.matcher(e.path());
            if (m.matches() && runFilter.test(Integer.parseInt(m.group(1)))) {
                files.add(new HitFile(rawDir.resolve(e.path()), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
            }
        }
        // footers are read in parallel: on an object store each is a request with its latency
        int[] blocks = files.parallelStream().mapToInt(f -> unread.contains(f.file()) ? 1 : countBlocks(storage, f)).toArray();
        List<RawSplit> splits = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            HitFile f = files.get(i);
            for (int b = 0; b < Math.max(blocks[i], 1); b += blocksPerSplit) {
                splits.add(new RawSplit(f.file(), f.runId(), f.chunkIndex(), b, Math.min(blocks[i], b + blocksPerSplit)));
            }
        }
        return splits;
    }

    /** Record batches in a file, read from its footer; a file without a valid footer is reported as truncated. */
    static int countBlocks(Storage storage, HitFile f) {
        try (RootAllocator alloc = new RootAllocator();
             SeekableFile in = storage.openSeekable(f.file());
             ArrowFileReader reader = new ArrowFileReader(in, alloc)) {
            return reader.getRecordBlocks().size();
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof xmassnu.jobs.errors.XmassException x) {
                throw x;
            }
            throw new RawDataException(f.file().toString(), f.runId(), -1, null,
                    "not a readable Arrow IPC file (truncated or corrupted footer): " + e.getMessage());
        }
    }
}
