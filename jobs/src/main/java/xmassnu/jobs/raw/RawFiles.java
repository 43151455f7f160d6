package xmassnu.jobs.raw;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;

import xmassnu.reduction.reco.RawDataException;

/**
 * Finds the raw Arrow files below a hits/ directory (run=R/chunk-K.arrow), keeps the runs a filter accepts and
 * splits every file into ranges of at most {@code blocksPerSplit} record batches, so that large files are read in
 * parallel and no task holds more than one batch in memory.
 */
public final class RawFiles {
    private static final Pattern RUN_DIR = Pattern.compile("run=(\\d+)");
    private static final Pattern CHUNK_FILE = Pattern.compile("chunk-(\\d+)\\.arrow");

    private RawFiles() {}

    public static List<RawSplit> plan(Path hitsDir, IntPredicate runFilter, int blocksPerSplit) {
        if (!Files.isDirectory(hitsDir)) {
            throw new IllegalArgumentException(hitsDir + " is not a directory of raw hits (expected run=<id>/chunk-<k>.arrow)");
        }
        List<RawSplit> splits = new ArrayList<>();
        try (Stream<Path> runs = Files.list(hitsDir)) {
            for (Path runDir : runs.sorted().toList()) {
                Matcher m = RUN_DIR.matcher(runDir.getFileName().toString());
                if (!Files.isDirectory(runDir) || !m.matches()) {
                    continue;
                }
                int runId = Integer.parseInt(m.group(1));
                if (!runFilter.test(runId)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(runDir)) {
                    for (Path f : files.sorted().toList()) {
                        Matcher c = CHUNK_FILE.matcher(f.getFileName().toString());
                        if (!c.matches()) {
                            continue;
                        }
                        int blocks = countBlocks(f, runId);
                        for (int b = 0; b < Math.max(blocks, 1); b += blocksPerSplit) {
                            splits.add(new RawSplit(f.toString(), runId, Integer.parseInt(c.group(1)), b,
                                    Math.min(blocks, b + blocksPerSplit)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + hitsDir + ": " + e.getMessage(), e);
        }
        return splits;
    }

    /** Record batches in a file, read from its footer; a file without a valid footer is reported as truncated. */
    static int countBlocks(Path f, int runId) {
        try (RootAllocator alloc = new RootAllocator();
             FileInputStream in = new FileInputStream(f.toFile());
             ArrowFileReader reader = new ArrowFileReader(in.getChannel(), alloc)) {
            return reader.getRecordBlocks().size();
        } catch (IOException | RuntimeException e) {
            throw new RawDataException(f.toString(), runId, -1, null,
                    "not a readable Arrow IPC file (truncated or corrupted footer): " + e.getMessage());
        }
    }
}
