package xmassnu.fits.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;

/**
 * Validation against pyhf's JSON schemas, version 1.0.0 (shipped unchanged in {@code xmassnu/schemas/pyhf/1.0.0},
 * see the README there): workspaces ({@code workspace.json}), JSON patches ({@code jsonpatch.json}) and patchsets
 * ({@code patchset.json}), as {@code pyhf.schema.validate} does. {@link #XMASSNU} is pyhf's schema with exactly one
 * modifier definition added, {@code xmassnu:coupling-power} ({@code xmassnu/schemas/xmassnu-coupling-power.json});
 * {@link #PYHF} is pyhf's alone (what an exported workspace must pass to be read by pyhf). Errors are one line:
 * the file, the JSON location, what is wrong.
 */
public final class WorkspaceSchema {
    public static final WorkspaceSchema PYHF = new WorkspaceSchema(false);
    public static final WorkspaceSchema XMASSNU = new WorkspaceSchema(true);

    private static final String BASE = "https://scikit-hep.org/pyhf/schemas/1.0.0/";
    private static final String RESOURCES = "/xmassnu/schemas/";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Key of the extension under pyhf's definitions.modifier. */
    static final String EXTENSION_KEY = "xmassnu_coupling_power";

    private final boolean extended;
    private volatile Map<String, Schema> schemas;

    private WorkspaceSchema(boolean extended) {
        this.extended = extended;
    }

    /** Throws IllegalArgumentException naming {@code where}, the JSON location and the problem, if invalid. */
    public void validateWorkspace(JsonNode workspace, String where) {
        check("workspace.json", workspace, where);
    }

    public void validatePatch(JsonNode patch, String where) {
        check("jsonpatch.json", patch, where);
    }

    public void validatePatchset(JsonNode patchset, String where) {
        check("patchset.json", patchset, where);
    }

    /** Every violation of the workspace schema, one line each (empty if valid). */
    public List<String> workspaceErrors(JsonNode workspace) {
        return errors("workspace.json", workspace);
    }

    private void check(String schema, JsonNode node, String where) {
        List<String> errors = errors(schema, node);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(where + ": not a valid " + (schema.equals("workspace.json")
                    ? (extended ? "pyhf workspace (schema 1.0.0 with xmassnu:coupling-power)" : "pyhf workspace (schema 1.0.0)")
                    : "pyhf " + schema.replace(".json", "") + " (schema 1.0.0)") + ": " + errors.get(0)
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        }
    }

    /**
     * The violations, one line each. A modifier that matches none of anyOf's alternatives would yield one error per
     * alternative; instead each modifier is checked against the definition its "type" names (or reported as of an
     * unknown type), and locations are named by channel, sample and modifier.
     */
    private List<String> errors(String schema, JsonNode node) {
        Map<String, Schema> all = schemas();
        List<String> out = new ArrayList<>();
        Set<String> diagnosed = new HashSet<>();
        if (schema.equals("workspace.json")) {
            JsonNode channels = node.get("channels");
            for (int c = 0; channels != null && c < channels.size(); c++) {
                JsonNode samples = channels.get(c).get("samples");
                for (int s = 0; samples != null && samples.isArray() && s < samples.size(); s++) {
                    JsonNode mods = samples.get(s).get("modifiers");
                    for (int k = 0; mods != null && mods.isArray() && k < mods.size(); k++) {
                        JsonNode mod = mods.get(k);
                        JsonNode type = mod.get("type");
                        if (type == null || !type.isTextual()) {
                            continue; // the full validation says what is missing
                        }
                        String pointer = "/channels/" + c + "/samples/" + s + "/modifiers/" + k;
                        diagnosed.add(pointer);
                        Schema definition = all.get("modifier:" + type.asText());
                        if (definition == null) {
                            out.add(describe(node, pointer) + ": unknown modifier type '" + type.asText()
                                    + "'; the schema allows " + modifierTypes());
                            continue;
                        }
                        for (Error e : definition.validate(mod)) {
                            out.add(describe(node, pointer + e.getInstanceLocation()) + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
        for (Error e : all.get(schema).validate(node)) {
            String at = e.getInstanceLocation().toString();
            if (diagnosed.stream().noneMatch(d -> at.equals(d) || at.startsWith(d + "/"))) {
                out.add(describe(node, at) + ": " + e.getMessage());
            }
        }
        return out.stream().distinct().toList();
    }

    /** The modifier types the schema allows. */
    public List<String> modifierTypes() {
        return schemas().keySet().stream().filter(k -> k.startsWith("modifier:")).map(k -> k.substring(9)).sorted().toList();
    }

    /** A JSON pointer with the names of the channel, sample and modifier it passes through ("channel sr, sample bkg"). */
    static String describe(JsonNode root, String pointer) {
        if (pointer.isEmpty() || pointer.equals("/")) {
            return "top level";
        }
        String[] parts = pointer.substring(1).split("/");
        StringBuilder sb = new StringBuilder();
        JsonNode n = root;
        int i = 0;
        for (; i < parts.length; i++) {
            String key = parts[i];
            if (n == null) {
                break;
            }
            JsonNode next = n.isArray() && key.matches("\\d+") ? n.get(Integer.parseInt(key)) : n.get(key);
            String label = switch (i == 0 ? "" : parts[i - 1]) {
                case "channels" -> "channel";
                case "samples" -> "sample";
                case "modifiers" -> "modifier";
                case "observations" -> "observation";
                case "measurements" -> "measurement";
                case "parameters" -> "parameter";
                default -> null;
            };
            if (label != null && next != null && next.has("name") && next.get("name").isTextual()) {
                // replace the "channels/0" just written with "channel sr"
                int cut = sb.lastIndexOf("/");
                sb.setLength(Math.max(cut, 0));
                sb.append(sb.length() == 0 ? "" : ", ").append(label).append(' ').append(next.get("name").asText());
            } else {
                sb.append('/').append(key);
            }
            n = next;
        }
        for (; i < parts.length; i++) {
            sb.append('/').append(parts[i]);
        }
        return sb.toString();
    }

    private Map<String, Schema> schemas() {
        Map<String, Schema> s = schemas;
        if (s == null) {
            synchronized (this) {
                if (schemas == null) {
                    schemas = load();
                }
                s = schemas;
            }
        }
        return s;
    }

    private Map<String, Schema> load() {
        Map<String, String> texts = new HashMap<>();
        for (String f : List.of("workspace.json", "jsonpatch.json", "patchset.json", "model.json", "measurement.json")) {
            texts.put(BASE + f, resource("pyhf/1.0.0/" + f));
        }
        texts.put(BASE + "defs.json", extended ? extendedDefinitions() : resource("pyhf/1.0.0/defs.json"));
        // pyhf's defs.json keeps sub-definitions under keys that are not keywords (modifier/histosys,
        // jsonpatch/operation, ...; $ref targets): they are annotations, not unknown keywords to warn about
        Dialect draft6 = Dialect.builder(Dialects.getDraft6())
                .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword)).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(draft6, b -> b.schemas(texts));
        Map<String, Schema> out = new HashMap<>();
        for (String f : List.of("workspace.json", "jsonpatch.json", "patchset.json")) {
            Schema schema = registry.getSchema(SchemaLocation.of(BASE + f));
            schema.initializeValidators();
            out.put(f, schema);
        }
        try {
            JsonNode modifiers = MAPPER.readTree(texts.get(BASE + "defs.json")).get("definitions").get("modifier");
            for (java.util.Iterator<Map.Entry<String, JsonNode>> it = modifiers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> def = it.next();
                String type = def.getValue().get("properties").get("type").get("const").asText();
                out.put("modifier:" + type, registry.getSchema(SchemaLocation.of(BASE + "defs.json#/definitions/modifier/"
                        + def.getKey())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }

    /** pyhf's defs.json plus the coupling-power modifier: its definition, and one more alternative of sample.modifiers. */
    static String extendedDefinitions() {
        try {
            ObjectNode defs = (ObjectNode) MAPPER.readTree(resource("pyhf/1.0.0/defs.json"));
            ObjectNode definitions = (ObjectNode) defs.get("definitions");
            ((ObjectNode) definitions.get("modifier")).set(EXTENSION_KEY,
                    MAPPER.readTree(resource("xmassnu-coupling-power.json")));
            ArrayNode anyOf = (ArrayNode) definitions.get("sample").get("properties").get("modifiers").get("items").get("anyOf");
            anyOf.addObject().put("$ref", "#/definitions/modifier/" + EXTENSION_KEY);
            return MAPPER.writeValueAsString(defs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = WorkspaceSchema.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
