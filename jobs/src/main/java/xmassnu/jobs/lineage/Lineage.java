package xmassnu.jobs.lineage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.jobs.BuildInfo;
import xmassnu.jobs.config.Json;

/**
 * What a dataset was made from: stage name, the stage's configuration, the code that ran, and the lineage hashes
 * of its inputs. The hash over all of it decides reuse: same hash, same dataset. Written as {@code _lineage.json}
 * beside every dataset and into its file metadata. No timestamps: the record is as deterministic as the data.
 */
public record Lineage(String stage, JsonNode configuration, List<String> inputHashes, String codeFingerprint,
                      String projectVersion) {

    public static final String FILE = "_lineage.json";

    public static Lineage of(String stage, JsonNode configuration, List<String> inputHashes) {
        return new Lineage(stage, configuration, List.copyOf(inputHashes), CodeFingerprint.get(),
                BuildInfo.projectVersion());
    }

    public String hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ObjectNode n = Json.MAPPER.valueToTree(this);
            sha.update(Json.canonical(n).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toJson() {
        ObjectNode n = Json.MAPPER.valueToTree(this);
        n.put("hash", hash());
        return Json.canonicalPretty(n);
    }

    public void write(Path directory) {
        try {
            Files.writeString(directory.resolve(FILE), toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing lineage into " + directory, e);
        }
    }

    /** The stage configuration recorded in a committed dataset directory (what the dataset was made with). */
    public static JsonNode recordedConfiguration(Path directory) {
        Path f = directory.resolve(FILE);
        try {
            JsonNode c = Json.MAPPER.readTree(f.toFile()).get("configuration");
            if (c == null) {
                throw new IllegalStateException(f + " has no 'configuration' field: not a dataset written by xmassnu");
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + f, e);
        }
    }

    /** The hash recorded in a committed dataset directory, if there is one. */
    public static Optional<String> recordedHash(Path directory) {
        Path f = directory.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(f.toFile());
            JsonNode h = n.get("hash");
            if (h == null || !h.isTextual()) {
                throw new IllegalStateException(f + " has no 'hash' field: not a dataset written by xmassnu");
            }
            return Optional.of(h.asText());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + f, e);
        }
    }
}
