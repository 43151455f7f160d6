package xmassnu.jobs.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The project's one JSON mapper and the canonical form used for lineage hashes. */
public final class Json {
    private Json() {}

    /**
     * Strict: unknown fields, duplicate keys, text after the document, a float where an integer belongs (120.7 is not
     * 120), and strings or booleans where numbers belong are errors, never silent coercions.
     */
    public static final ObjectMapper MAPPER = strict(new ObjectMapper());

    private static ObjectMapper strict(ObjectMapper m) {
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
                .configure(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true)
                .configure(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS, false)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        m.coercionConfigDefaults()
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.String,
                        com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float,
                        com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean,
                        com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
        // strings are strings: only integer-to-floating widening (1 for 1.0) is a coercion a configuration relies on
        m.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Textual)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.String,
                        com.fasterxml.jackson.databind.cfg.CoercionAction.TryConvert);
        m.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Float)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float,
                        com.fasterxml.jackson.databind.cfg.CoercionAction.TryConvert);
        return m;
    }

    /** Keys sorted at every level, no whitespace. */
    public static String canonical(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(sorted(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String canonicalPretty(JsonNode n) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(sorted(n)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = MAPPER.createObjectNode();
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            for (String name : names) {
                out.set(name, sorted(n.get(name)));
            }
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = MAPPER.createArrayNode();
            n.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return n;
    }

    /**
     * Deep merge: objects merge field by field, everything else in {@code override} replaces. A field unknown to
     * {@code base} is an error, except inside an object that is empty in {@code base} (a map with no defaults).
     */
    public static JsonNode merge(JsonNode base, JsonNode override, String path) {
        return merge(base, override, path, true);
    }

    /** As {@link #merge(JsonNode, JsonNode, String)}; with {@code strict} false, unknown fields are simply added. */
    public static JsonNode merge(JsonNode base, JsonNode override, String path, boolean strict) {
        if (override == null || override.isMissingNode()) {
            return base;
        }
        if (base != null && base.isObject() && override.isObject()) {
            ObjectNode out = ((ObjectNode) base).deepCopy();
            Iterator<Map.Entry<String, JsonNode>> it = override.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                // an object that is empty in the defaults is a free-form map (e.g. per-component overrides)
                if (strict && !out.has(e.getKey()) && !base.isEmpty()) {
                    throw new IllegalArgumentException("unknown configuration field '" + p + "'; known: "
                            + fieldNames(base));
                }
                out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue(), p, strict));
            }
            return out;
        }
        return override;
    }

    /**
     * A typed configuration: {@code defaults} overridden by the JSON object {@code user} (null: defaults). Unknown
     * fields, NaN, infinities and values the record's constructor rejects are errors naming {@code where} and the
     * field.
     */
    public static <T> T overlay(T defaults, JsonNode user, Class<T> type, String where) {
        if (user == null || user.isNull() || user.isMissingNode()) {
            return defaults;
        }
        if (!user.isObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON object");
        }
        try {
            JsonNode merged = merge(MAPPER.valueToTree(defaults), user, "");
            return MAPPER.treeToValue(merged, type);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String field = e.getPathReference().replaceAll("xmassnu\\.[\\w.$]+", "");
            throw new IllegalArgumentException(where + ": " + field + ": " + root.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** {@link #overlay} from a file (null: defaults); a file that is not valid JSON is an error naming it. */
    public static <T> T load(T defaults, java.nio.file.Path file, Class<T> type) {
        if (file == null) {
            return defaults;
        }
        try {
            return overlay(defaults, MAPPER.readTree(java.nio.file.Files.readString(file)), type, "config " + file);
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            throw new IllegalArgumentException("config " + file + ": not valid JSON (NaN and Infinity are not allowed): "
                    + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("config " + file + ": cannot read: " + e.getMessage());
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
