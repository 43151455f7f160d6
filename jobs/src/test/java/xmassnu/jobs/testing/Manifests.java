package xmassnu.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import xmassnu.jobs.stage.Manifest;

/**
 * Test support: record a deliberately changed file in its stage's commit record, as a DAQ converter or an older writer
 * would have committed it, so that a test reaches the check behind the manifest's (e.g. the schema version).
 */
public final class Manifests {
    private Manifests() {}

    public static void recommit(Path stageDir, Path changedFile) throws IOException {
        Path success = stageDir.resolve(Manifest.FILE);
        Manifest m = Manifest.parse(Files.readString(success), success.toString());
        String rel = stageDir.relativize(changedFile).toString().replace('\\', '/');
        byte[] b = Files.readAllBytes(changedFile);
        CRC32C crc = new CRC32C();
        crc.update(b);
        List<Manifest.Entry> files = new ArrayList<>();
        for (Manifest.Entry e : m.files()) {
            files.add(e.path().equals(rel) ? new Manifest.Entry(rel, b.length, Manifest.hex(crc.getValue()), e.table(),
                    e.rows()) : e);
        }
        Files.writeString(success, new Manifest(m.format(), m.stage(), m.lineageHash(), files).toJsonText());
    }

    /** Removes a file and its entry from its stage's commit record, as if it had never been written. */
    public static void dropFromCommit(Path stageDir, String relative) throws IOException {
        Path success = stageDir.resolve(Manifest.FILE);
        Manifest m = Manifest.parse(Files.readString(success), success.toString());
        List<Manifest.Entry> files = m.files().stream().filter(e -> !e.path().equals(relative)).toList();
        if (files.size() == m.files().size()) {
            throw new IllegalArgumentException(relative + " is not in " + success);
        }
        Files.deleteIfExists(stageDir.resolve(relative));
        Files.writeString(success, new Manifest(m.format(), m.stage(), m.lineageHash(), files).toJsonText());
    }

    /** Adds a file (written beside the others) to its stage's commit record, as a table file of {@code table}. */
    public static void addToCommit(Path stageDir, Path file, String table, long rows) throws IOException {
        Path success = stageDir.resolve(Manifest.FILE);
        Manifest m = Manifest.parse(Files.readString(success), success.toString());
        byte[] b = Files.readAllBytes(file);
        CRC32C crc = new CRC32C();
        crc.update(b);
        List<Manifest.Entry> files = new ArrayList<>(m.files());
        files.add(new Manifest.Entry(stageDir.relativize(file).toString().replace('\\', '/'), b.length,
                Manifest.hex(crc.getValue()), table, rows));
        files.sort((x, y) -> x.path().compareTo(y.path()));
        Files.writeString(success, new Manifest(m.format(), m.stage(), m.lineageHash(), files).toJsonText());
    }
}
