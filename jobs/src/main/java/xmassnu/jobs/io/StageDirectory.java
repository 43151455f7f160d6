package xmassnu.jobs.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import xmassnu.jobs.lineage.Lineage;

/**
 * Atomic, lineage-checked output of a stage: everything is written below a staging directory beside the target
 * and renamed into place in one step after the stage succeeded, so a crash never leaves a half-written dataset
 * that looks complete. A committed directory with the same lineage hash is reused; a different one is refused
 * unless replacing is asked for.
 */
public final class StageDirectory {
    public static final String SUCCESS = "_SUCCESS";

    private final Path target;
    private final Lineage lineage;
    private final Path staging;

    public StageDirectory(Path target, Lineage lineage) {
        this.target = target.toAbsolutePath();
        this.lineage = lineage;
        // not hidden: Spark ignores paths that start with '.' or '_'
        this.staging = this.target.resolveSibling(this.target.getFileName() + ".staging-"
                + lineage.hash().substring(0, 12));
    }

    /** The lineage hash of a committed stage directory, or an error saying which command makes it. */
    public static String committedHash(Path dir, String what, String command) {
        return xmassnu.jobs.lineage.Lineage.recordedHash(dir).filter(h -> Files.isRegularFile(dir.resolve(SUCCESS)))
                .orElseThrow(() -> new IllegalArgumentException(dir + " is not " + what + ": run " + command + " first"));
    }

    public Path target() {
        return target;
    }

    /** True when the target holds a committed dataset with this lineage. */
    public boolean isCommitted() {
        if (!Files.isRegularFile(target.resolve(SUCCESS))) {
            return false;
        }
        Optional<String> h = Lineage.recordedHash(target);
        return h.isPresent() && h.get().equals(lineage.hash());
    }

    /** Prepares a clean staging directory; refuses to clobber a different committed dataset unless {@code replace}. */
    public Path begin(boolean replace) {
        if (Files.exists(target) && !replace) {
            Optional<String> h = Files.isDirectory(target) ? Lineage.recordedHash(target) : Optional.empty();
            throw new IllegalArgumentException(target + " already holds " + (h.isPresent()
                    ? "a dataset with a different lineage (" + h.get().substring(0, 12) + ", this run "
                    + lineage.hash().substring(0, 12) + ")" : "something that is not a committed dataset")
                    + "; use another --data directory or --force to replace it");
        }
        delete(staging);
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + staging, e);
        }
        return staging;
    }

    public Path staging() {
        return staging;
    }

    /** Writes lineage and the success marker, then renames staging onto the target. */
    public void commit() {
        try {
            lineage.write(staging);
            Files.writeString(staging.resolve(SUCCESS), "");
            if (Files.exists(target)) {
                Path old = target.resolveSibling(target.getFileName() + ".replaced");
                delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                delete(old);
            } else {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit " + target, e);
        }
    }

    /** Removes the staging directory after a failure; the target is untouched. */
    public void abort() {
        delete(staging);
    }

    static void delete(Path p) {
        // after a failed job, tasks Spark is still cancelling can add files while we walk: walk again
        for (int attempt = 1; ; attempt++) {
            try {
                deleteOnce(p);
                return;
            } catch (UncheckedIOException e) {
                if (attempt == 20) {
                    throw e;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void deleteOnce(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            throw e instanceof UncheckedIOException u ? u : new UncheckedIOException("cannot delete " + p, (IOException) e);
        }
    }
}
