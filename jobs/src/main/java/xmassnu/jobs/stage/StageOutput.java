package xmassnu.jobs.stage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.storage.FileWrite;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;

/**
 * A stage output being written, in place: files go to their final names below the stage directory (one file at a
 * time under {@link Storage}'s single-file rule), every one recorded here, and {@link #commit} writes the lineage and
 * then the manifest, the single write that commits. Until then the directory is not committed and no reader uses it;
 * {@link #abort} removes it, and the next {@link #begin} removes what a killed run left.
 */
public final class StageOutput {
    private final Storage storage;
    private final Location dir;
    private final String key;
    private final List<Manifest.Entry> entries = new ArrayList<>();

    StageOutput(Storage storage, Location dir, String key) {
        this.storage = storage;
        this.dir = dir;
        this.key = key;
    }

    public Location dir() {
        return dir;
    }

    public Location resolve(String relative) {
        return dir.resolve(relative);
    }

    /**
     * Clears the directory for a new output: the commit record goes first (one write uncommits a previous output, so
     * that no reader ever sees old and new files mixed), then everything else.
     */
    void begin() {
        Location success = dir.resolve(Manifest.FILE);
        if (storage.exists(success)) {
            storage.delete(success);
        }
        storage.delete(dir);
        if (Storage.renameIsAtomic(dir)) {
            storage.mkdirs(dir); // object stores have no directories to make
        }
    }

    /** Records a file written by a task or by the driver. */
    public synchronized void add(Manifest.Entry e) {
        if (e.path().equals(Manifest.FILE) || e.path().equals(Lineage.FILE)) {
            throw new IllegalArgumentException(e.path() + " is written by the commit itself");
        }
        entries.add(e);
    }

    public void addAll(Iterable<Manifest.Entry> es) {
        es.forEach(this::add);
    }

    /** Writes and records a small file (JSON, CSV, YAML, an image). */
    public Manifest.Entry writeBytes(String relative, byte[] content) {
        FileWrite.Written w = storage.write(dir.resolve(relative), content);
        Manifest.Entry e = Manifest.Entry.of(dir, w, null, null);
        add(e);
        return e;
    }

    public Manifest.Entry writeString(String relative, String content) {
        return writeBytes(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    public Manifest.Entry writeJson(String relative, JsonNode n) {
        return writeString(relative, Json.canonicalPretty(n));
    }

    public Storage storage() {
        return storage;
    }

    /**
     * Commits: every recorded file must be there with its size (a lost task output is an error, never a smaller
     * dataset), files nobody recorded (a failed attempt's) are removed, then the lineage and the manifest are written.
     */
    void commit(Lineage lineage) {
        Map<String, Long> recorded = new HashMap<>();
        for (Manifest.Entry e : entries) {
            if (recorded.put(e.path(), e.bytes()) != null) {
                throw new IllegalStateException(key + ": " + e.path() + " was recorded twice");
            }
        }
        Set<String> seen = new HashSet<>();
        for (var f : storage.listFiles(dir)) {
            Long bytes = recorded.get(f.path());
            if (bytes == null) {
                storage.delete(dir.resolve(f.path()));
            } else if (bytes != f.bytes()) {
                throw XmassException.environment("committing " + dir + ": " + f.path() + " has " + f.bytes()
                        + " bytes on the filesystem but " + bytes + " were written", null);
            } else {
                seen.add(f.path());
            }
        }
        for (String p : recorded.keySet()) {
            if (!seen.contains(p)) {
                throw XmassException.environment("committing " + dir + ": " + p + " was written but is not there", null);
            }
        }
        FileWrite.Written l = storage.writeString(dir.resolve(Lineage.FILE), lineage.toJsonText());
        List<Manifest.Entry> all = new ArrayList<>(entries);
        all.add(Manifest.Entry.of(dir, l, null, null));
        all.sort((a, b) -> a.path().compareTo(b.path()));
        Manifest m = new Manifest(Manifest.FORMAT, lineage.stage(), lineage.hash(), all);
        storage.writeString(dir.resolve(Manifest.FILE), m.toJsonText());
    }

    /** Removes the uncommitted output (tasks that Spark is still cancelling may add files while it runs: retried). */
    void abort() {
        for (int attempt = 1; ; attempt++) {
            try {
                storage.delete(dir);
                if (!storage.exists(dir)) {
                    return;
                }
            } catch (RuntimeException e) {
                if (attempt >= 20) {
                    throw e;
                }
            }
            if (attempt >= 20) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
