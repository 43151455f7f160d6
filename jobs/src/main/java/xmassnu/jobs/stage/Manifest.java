package xmassnu.jobs.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.storage.FileWrite;
import xmassnu.jobs.storage.Location;

/**
 * The commit record of a stage output, {@code _SUCCESS}: every file of the output with its size and CRC-32C (and for
 * tables, the contract and row count), and the lineage hash. Written last, as one file, it is the commit point on
 * every filesystem, including object stores where a directory rename is neither atomic nor cheap: before it exists
 * the output is not committed; readers trust only the files it lists, and verify them.
 */
public record Manifest(int format, String stage, String lineageHash, List<Entry> files) {
    public static final String FILE = "_SUCCESS";
    /** Bump when the commit record or the way outputs are written changes meaning; part of every lineage. */
    public static final int FORMAT = 2;

    /**
     * One file: path relative to the stage directory ('/'-separated), bytes, CRC-32C (8 hex digits); for a table
     * file its contract ({@code name/vN}) and rows, null otherwise.
     */
    public record Entry(String path, long bytes, String crc32c, String table, Long rows) implements java.io.Serializable {
        public Entry {
            if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
                throw new IllegalArgumentException("manifest path must be relative with '/', got '" + path + "'");
            }
        }

        /** A written file of the output below {@code stageDir}. */
        public static Entry of(Location stageDir, FileWrite.Written w, String table, Long rows) {
            return new Entry(stageDir.relativize(w.location()), w.bytes(), hex(w.crc32c()), table, rows);
        }

        public boolean isTable() {
            return table != null;
        }
    }

    public Manifest {
        files = List.copyOf(files);
    }

    public static String hex(long crc32c) {
        return String.format(Locale.ROOT, "%08x", crc32c);
    }

    /** The entries below a sub-directory ("" for all), in path order. */
    public List<Entry> under(String prefix) {
        String p = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        return files.stream().filter(e -> e.path().startsWith(p) || e.path().equals(prefix)).toList();
    }

    public java.util.Optional<Entry> entry(String path) {
        return files.stream().filter(e -> e.path().equals(path)).findFirst();
    }

    public String toJsonText() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("format", format);
        n.put("stage", stage);
        n.put("lineage_hash", lineageHash);
        var a = n.putArray("files");
        for (Entry e : files) {
            ObjectNode f = a.addObject();
            f.put("path", e.path());
            f.put("bytes", e.bytes());
            f.put("crc32c", e.crc32c());
            if (e.table() != null) {
                f.put("table", e.table());
                f.put("rows", e.rows());
            }
        }
        return Json.canonicalPretty(n);
    }

    public static Manifest parse(String text, String where) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw XmassException.badInput(where + ": not a readable commit record (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")");
        }
        if (n == null || !n.isObject() || !n.has("files") || !n.has("lineage_hash") || !n.has("format")) {
            throw XmassException.badInput(where + ": not an xmassnu commit record (an empty _SUCCESS marker of "
                    + "another tool, or a dataset written by an older xmassnu: re-run the stage with --force)");
        }
        if (n.get("format").asInt() != FORMAT) {
            throw XmassException.badInput(where + ": commit format " + n.get("format").asInt() + ", this xmassnu reads "
                    + FORMAT + ": re-run the stage with --force");
        }
        List<Entry> files = new ArrayList<>();
        for (JsonNode f : n.get("files")) {
            files.add(new Entry(f.get("path").asText(), f.get("bytes").asLong(), f.get("crc32c").asText(),
                    f.has("table") ? f.get("table").asText() : null, f.has("rows") ? f.get("rows").asLong() : null));
        }
        return new Manifest(n.get("format").asInt(), n.path("stage").asText(), n.get("lineage_hash").asText(), files);
    }
}
