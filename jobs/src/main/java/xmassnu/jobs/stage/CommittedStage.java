package xmassnu.jobs.stage;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;

/**
 * A committed stage output as its readers see it: the manifest (the files they may read, with sizes and checksums) and
 * the lineage, recomputed on opening (an edited record is refused). Small files are read through
 * {@link #readText}, which checks them against the manifest; tables are read from {@link #files} after
 * {@link InputVerifier} has checked them.
 */
public final class CommittedStage implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final Location dir;
    private final Manifest manifest;
    private final Lineage lineage;

    private CommittedStage(String key, Location dir, Manifest manifest, Lineage lineage) {
        this.key = key;
        this.dir = dir;
        this.manifest = manifest;
        this.lineage = lineage;
    }

    /** The committed output in {@code dir}, if its commit record is there; damaged records are errors. */
    public static Optional<CommittedStage> probe(Storage storage, Location dir, String key) {
        Location success = dir.resolve(Manifest.FILE);
        if (!storage.isFile(success)) {
            return Optional.empty();
        }
        Manifest m = Manifest.parse(storage.readString(success), success.toString());
        Manifest.Entry le = m.entry(Lineage.FILE).orElseThrow(() -> XmassException.badInput(success
                + " does not list " + Lineage.FILE + ": not a complete commit record"));
        byte[] bytes = verifiedBytes(storage, dir, le);
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw XmassException.badInput(dir.resolve(Lineage.FILE) + ": not valid JSON");
        }
        Lineage l = Lineage.parse(n, dir.resolve(Lineage.FILE).toString());
        if (!l.hash().equals(m.lineageHash())) {
            throw XmassException.badInput(success + " records lineage " + m.lineageHash().substring(0, 12) + " but "
                    + Lineage.FILE + " hashes to " + l.shortHash() + ": re-run the stage with --force");
        }
        return Optional.of(new CommittedStage(key, dir, m, l));
    }

    /** The committed output a stage reads; absent, it is an error saying which command makes it. */
    public static CommittedStage open(Storage storage, Location dir, String key, String makeWith) {
        return probe(storage, dir, key).orElseThrow(() -> XmassException.badInput(dir + " is not a committed "
                + key + " output (no " + Manifest.FILE + "): run " + makeWith + " first"));
    }

    public String key() {
        return key;
    }

    public Location dir() {
        return dir;
    }

    public Manifest manifest() {
        return manifest;
    }

    public Lineage lineage() {
        return lineage;
    }

    public String hash() {
        return manifest.lineageHash();
    }

    /** The settings the output was made with (its lineage's). */
    public JsonNode settings() {
        return lineage.settings();
    }

    /** The listed files below a sub-directory, as locations. */
    public List<Location> files(String prefix) {
        return manifest.under(prefix).stream().map(e -> dir.resolve(e.path())).toList();
    }

    /**
     * The listed files of one table below a sub-directory ("" for the stage directory itself): every file there that
     * the manifest records as a table must follow {@code contract} (name and version), else it is an error naming it.
     */
    public List<Location> tableFiles(String prefix, xmassnu.schemas.Table contract) {
        List<Location> out = new java.util.ArrayList<>();
        for (Manifest.Entry e : manifest.under(prefix)) {
            if (!e.isTable()) {
                continue;
            }
            if (!e.table().equals(contract.qualifiedName())) {
                throw XmassException.badInput(dir.resolve(e.path()) + " is recorded as " + e.table() + ", this code reads "
                        + contract.qualifiedName() + " there: re-run the stage that makes " + dir + " with --force");
            }
            out.add(dir.resolve(e.path()));
        }
        return out;
    }

    public Manifest.Entry entry(String path) {
        return manifest.entry(path).orElseThrow(() -> XmassException.badInput(dir.resolve(path)
                + " is not part of the committed " + key + " output (not in its " + Manifest.FILE + ")"));
    }

    /** A small listed file, checked against its size and checksum. */
    public String readText(Storage storage, String path) {
        return new String(verifiedBytes(storage, dir, entry(path)), StandardCharsets.UTF_8);
    }

    public JsonNode readJson(Storage storage, String path) {
        try {
            return Json.MAPPER.readTree(readText(storage, path));
        } catch (java.io.IOException e) {
            throw XmassException.badInput(dir.resolve(path) + ": not valid JSON: " + e.getMessage());
        }
    }

    static byte[] verifiedBytes(Storage storage, Location dir, Manifest.Entry e) {
        Location f = dir.resolve(e.path());
        if (!storage.isFile(f)) {
            throw XmassException.badInput(f + " is missing (listed in " + dir.resolve(Manifest.FILE) + ")");
        }
        byte[] b = storage.readBytes(f);
        CRC32C crc = new CRC32C();
        crc.update(b);
        if (b.length != e.bytes()) {
            throw XmassException.badInput(f + " has " + b.length + " bytes, its commit record says " + e.bytes()
                    + ": truncated or replaced");
        }
        if (!Manifest.hex(crc.getValue()).equals(e.crc32c())) {
            throw XmassException.badInput(f + " is altered: CRC-32C " + Manifest.hex(crc.getValue())
                    + ", its commit record says " + e.crc32c());
        }
        return b;
    }
}
