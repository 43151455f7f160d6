package xmassnu.jobs.stage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.errors.XmassException;

/**
 * What a stage output was made from, and nothing else: the stage, every setting it read, the lineage hashes of the
 * committed outputs it read (keyed by their place in the data layout, e.g. {@code selection}), the fingerprint of
 * the code that can change its output ({@link CodeFingerprint}: the stage's class and everything of the project it
 * calls), the contracts of the tables it writes and the commit format. The SHA-256 over it decides reuse: same hash,
 * same output. No timestamps and no locations: the record is as deterministic as the data, and a data directory that
 * moves keeps its hashes.
 */
public record Lineage(String stage, JsonNode settings, Map<String, String> inputs, String code, List<String> writes,
                      int format) {

    public static final String FILE = "_lineage.json";

    public Lineage {
        inputs = new TreeMap<>(inputs);
        writes = List.copyOf(writes);
    }

    public String hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Json.canonical(body()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String shortHash() {
        return hash().substring(0, 12);
    }

    private ObjectNode body() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("stage", stage);
        n.set("settings", settings);
        ObjectNode in = n.putObject("inputs");
        inputs.forEach(in::put);
        n.put("code", code);
        var w = n.putArray("writes");
        writes.forEach(w::add);
        n.put("format", format);
        return n;
    }

    /** The record with its hash, as written to {@code _lineage.json}. */
    public JsonNode toJson() {
        ObjectNode n = body();
        n.put("hash", hash());
        return n;
    }

    public String toJsonText() {
        return Json.canonicalPretty(toJson());
    }

    /**
     * A recorded lineage, recomputed: its fields must hash to the hash recorded beside them, so an edited record
     * (a changed setting under the original hash) is refused, naming {@code where}.
     */
    public static Lineage parse(JsonNode n, String where) {
        if (n == null || !n.isObject()) {
            throw XmassException.badInput(where + ": not a lineage record (expected a JSON object)");
        }
        for (String f : List.of("stage", "settings", "inputs", "code", "writes", "format", "hash")) {
            if (!n.has(f)) {
                throw XmassException.badInput(where + ": lineage record without '" + f
                        + "' (written by an older xmassnu? re-run the stage with --force)");
            }
        }
        Map<String, String> inputs = new TreeMap<>();
        n.get("inputs").fields().forEachRemaining(e -> inputs.put(e.getKey(), e.getValue().asText()));
        List<String> writes = new java.util.ArrayList<>();
        n.get("writes").forEach(w -> writes.add(w.asText()));
        Lineage l = new Lineage(n.get("stage").asText(), n.get("settings"), inputs, n.get("code").asText(), writes,
                n.get("format").asInt());
        String recorded = n.get("hash").asText();
        if (!l.hash().equals(recorded)) {
            throw XmassException.badInput(where + ": the lineage record does not hash to its recorded hash "
                    + recorded.substring(0, Math.min(12, recorded.length())) + " (recomputed " + l.shortHash()
                    + "): it was edited; re-run the stage with --force to rebuild it");
        }
        return l;
    }
}
