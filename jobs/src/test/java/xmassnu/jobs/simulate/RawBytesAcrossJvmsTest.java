package xmassnu.jobs.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.jobs.testing.ChildJvm;

/**
 * One seed, two JVMs, the same bytes: the raw Arrow file (its schema metadata is written in a map's iteration order,
 * which for {@code Map.of} the JVM randomises per process) and the Parquet truth table. Two separate processes,
 * because within one JVM the random order repeats.
 */
class RawBytesAcrossJvmsTest {

    static void writeInNewJvm(Path dir) throws Exception {
        List<String> cmd = ChildJvm.command(List.of(), WriteRawChunk.class.getName(), List.of(dir.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the writer JVM finished");
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void aSeedGivesTheSameRawAndTruthBytesInSeparateJvms(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        writeInNewJvm(a);
        writeInNewJvm(b);
        for (String f : List.of("chunk-00000.arrow", "chunk-00000.parquet")) {
            byte[] x = Files.readAllBytes(a.resolve(f));
            assertTrue(x.length > 1000, f + " has content");
            assertArrayEquals(x, Files.readAllBytes(b.resolve(f)), f);
        }
    }
}
