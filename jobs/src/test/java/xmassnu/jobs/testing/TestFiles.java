package xmassnu.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/** File, port and process helpers shared by the test services. */
final class TestFiles {
    private TestFiles() {}

    /** Deletes a directory tree; what cannot be deleted is left to the OS's temp cleanup. */
    static void deleteQuietly(Path p) {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // temporary files: the OS cleans up
        }
    }

    /**
     * A new directory for a service's files: under {@code ./target} when the working directory has one (surefire
     * runs in the module directory, so {@code mvn clean} removes what a killed JVM left), else under java.io.tmpdir.
     */
    static Path newServiceDir(String prefix) {
        try {
            Path target = Path.of("target");
            return Files.isDirectory(target)
                    ? Files.createTempDirectory(Files.createDirectories(target.resolve("test-services")), prefix)
                            .toAbsolutePath()
                    : Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for " + prefix, e);
        }
    }

    /** Writes {@code text} so that a reader polling for {@code file} never sees it half written. */
    static void writeAtomically(Path file, String text) {
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes {@code key value} lines, a spark-defaults file (what bin/xmass's XMASS_SPARK_DEFAULTS reads). */
    static void writeSparkDefaults(Path file, Map<String, String> properties) {
        StringBuilder sb = new StringBuilder();
        properties.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        writeAtomically(file, sb.toString());
    }

    /** The bytes of the one {@code part-*} file a single-partition Spark write left in {@code dir}. */
    static byte[] onlyPartFile(String dir, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(dir);
        FileSystem fs = d.getFileSystem(conf);
        FileStatus[] parts = fs.listStatus(d, x -> x.getName().startsWith("part-"));
        if (parts.length != 1) {
            throw new AssertionError("expected one part file in " + dir + ", found " + Arrays.toString(parts));
        }
        try (FSDataInputStream in = fs.open(parts[0].getPath())) {
            return in.readAllBytes();
        }
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago (for a server in another process that needs a number). */
    static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** Blocks a command-line main until the process is terminated (its shutdown hooks then stop the service). */
    static void awaitTermination() throws InterruptedException {
        new CountDownLatch(1).await();
    }
}
