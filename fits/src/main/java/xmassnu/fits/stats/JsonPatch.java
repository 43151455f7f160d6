package xmassnu.fits.stats;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON Patch (RFC 6902: add, remove, replace, move, copy, test) over JSON Pointers (RFC 6901), as pyhf applies
 * patches to workspaces with python's {@code jsonpatch} ({@code pyhf cls -p}, {@code PatchSet.apply}). Patches are
 * applied to a deep copy; the input is never modified. Any failure (a path that does not exist, a failed test) is
 * one IllegalArgumentException naming the operation and its path.
 */
public final class JsonPatch {
    private JsonPatch() {}

    /** The document with the patch (an array of operations) applied; {@code where} names the patch in errors. */
    public static JsonNode apply(JsonNode document, JsonNode patch, String where) {
        if (patch == null || !patch.isArray()) {
            throw new IllegalArgumentException(where + ": a JSON patch is an array of operations");
        }
        // the root is replaced by a holder so that "" (the whole document) is a child like any other
        ObjectNode holder = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        holder.set("", document.deepCopy());
        for (int i = 0; i < patch.size(); i++) {
            JsonNode op = patch.get(i);
            String at = where + ", operation " + i;
            String name = text(op, "op", at);
            String path = text(op, "path", at);
            at += " (" + name + " " + (path.isEmpty() ? "\"\"" : path) + ")";
            switch (name) {
                case "add" -> add(holder, path, value(op, at), at);
                case "remove" -> remove(holder, path, at);
                case "replace" -> {
                    remove(holder, path, at);
                    add(holder, path, value(op, at), at);
                }
                case "move" -> {
                    String from = text(op, "from", at);
                    if (path.startsWith(from + "/")) {
                        throw new IllegalArgumentException(at + ": cannot move " + from + " into its own child");
                    }
                    JsonNode v = get(holder, from, at);
                    remove(holder, from, at);
                    add(holder, path, v, at);
                }
                case "copy" -> add(holder, path, get(holder, text(op, "from", at), at).deepCopy(), at);
                case "test" -> {
                    JsonNode actual = get(holder, path, at);
                    if (!numericEquals(actual, value(op, at))) {
                        throw new IllegalArgumentException(at + ": test failed: value is " + actual + ", expected "
                                + op.get("value"));
                    }
                }
                default -> throw new IllegalArgumentException(at + ": unknown op '" + name + "'; expected add, remove, "
                        + "replace, move, copy or test");
            }
        }
        return holder.get("");
    }

    /** RFC 6901 reference tokens of a pointer, unescaped (~1 is "/", ~0 is "~"). */
    static List<String> tokens(String pointer, String at) {
        List<String> out = new ArrayList<>();
        out.add(""); // the holder's key of the document
        if (pointer.isEmpty()) {
            return out;
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException(at + ": a JSON pointer starts with '/' (or is empty), got '" + pointer + "'");
        }
        for (String t : pointer.substring(1).split("/", -1)) {
            out.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static JsonNode get(ObjectNode holder, String pointer, String at) {
        JsonNode n = holder;
        for (String t : tokens(pointer, at)) {
            n = child(n, t, at, pointer);
        }
        return n;
    }

    private static JsonNode child(JsonNode n, String token, String at, String pointer) {
        JsonNode c = null;
        if (n.isObject()) {
            c = n.get(token);
        } else if (n.isArray()) {
            c = n.get(index(token, n.size() - 1, at));
        }
        if (c == null) {
            throw new IllegalArgumentException(at + ": " + (pointer.isEmpty() ? "\"\"" : pointer) + " does not exist");
        }
        return c;
    }

    private static JsonNode parent(ObjectNode holder, List<String> tokens, String pointer, String at) {
        JsonNode n = holder;
        for (int i = 0; i < tokens.size() - 1; i++) {
            n = child(n, tokens.get(i), at, pointer);
        }
        return n;
    }

    private static void add(ObjectNode holder, String pointer, JsonNode value, String at) {
        List<String> t = tokens(pointer, at);
        JsonNode p = parent(holder, t, pointer, at);
        String last = t.get(t.size() - 1);
        if (p.isObject()) {
            ((ObjectNode) p).set(last, value);
        } else if (p.isArray()) {
            ArrayNode a = (ArrayNode) p;
            if (last.equals("-")) {
                a.add(value);
            } else {
                a.insert(index(last, a.size(), at), value);
            }
        } else {
            throw new IllegalArgumentException(at + ": the parent of " + pointer + " is not an object or array");
        }
    }

    private static void remove(ObjectNode holder, String pointer, String at) {
        List<String> t = tokens(pointer, at);
        JsonNode p = parent(holder, t, pointer, at);
        String last = t.get(t.size() - 1);
        child(p, last, at, pointer); // must exist
        if (p.isObject()) {
            ((ObjectNode) p).remove(last);
        } else {
            ((ArrayNode) p).remove(index(last, p.size() - 1, at));
        }
    }

    /** An array index token: digits without a leading zero, at most {@code max}. */
    private static int index(String token, int max, String at) {
        if (!token.matches("0|[1-9][0-9]{0,8}") || Integer.parseInt(token) > max) {
            throw new IllegalArgumentException(at + ": array index '" + token + "' is not in 0.." + max);
        }
        return Integer.parseInt(token);
    }

    private static JsonNode value(JsonNode op, String at) {
        if (!op.has("value")) {
            throw new IllegalArgumentException(at + ": missing 'value'");
        }
        return op.get("value").deepCopy();
    }

    private static String text(JsonNode op, String key, String at) {
        JsonNode v = op == null ? null : op.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(at + ": missing string '" + key + "'");
        }
        return v.asText();
    }

    /** JSON equality with numbers compared by value (1 equals 1.0), as python's jsonpatch compares them. */
    static boolean numericEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!numericEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (java.util.Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!b.has(k) || !numericEquals(a.get(k), b.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
