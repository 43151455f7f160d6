package xmassnu.fits.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A pyhf patchset (schema {@code patchset.json}, as HEPData ships signal hypotheses next to a background-only
 * workspace; pyhf {@code patchset.py}): named JSON patches, and the digests of the background-only workspace they
 * apply to. {@link #apply} verifies the digests first, as {@code PatchSet.apply} does, with pyhf's digest: the hash
 * of {@code json.dumps(spec, sort_keys=True, ensure_ascii=False)} ({@code pyhf.utils.digest}).
 */
public final class PatchSet {
    /** One patch: its metadata name and values, and the JSON patch. */
    public record Patch(String name, List<String> values, JsonNode operations) {}

    private final Map<String, Patch> patches = new LinkedHashMap<>();
    private final Map<String, String> digests = new TreeMap<>();
    private final String where;

    /** Validated against pyhf's patchset schema; {@code where} names the file in errors. */
    public PatchSet(JsonNode spec, String where) {
        this.where = where;
        WorkspaceSchema.PYHF.validatePatchset(spec, where);
        for (JsonNode p : spec.get("patches")) {
            JsonNode meta = p.get("metadata");
            String name = meta.get("name").asText();
            List<String> values = new ArrayList<>();
            meta.get("values").forEach(v -> values.add(v.asText()));
            if (patches.put(name, new Patch(name, List.copyOf(values), p.get("patch"))) != null) {
                throw new IllegalArgumentException(where + ": two patches are named '" + name + "'");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.get("metadata").get("digests").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> d = it.next();
            digests.put(d.getKey(), d.getValue().asText());
        }
    }

    public List<String> names() {
        return List.copyOf(patches.keySet());
    }

    public Patch patch(String name) {
        Patch p = patches.get(name);
        if (p == null) {
            throw new IllegalArgumentException(where + ": no patch named '" + name + "'; patches: " + names());
        }
        return p;
    }

    /** The background-only workspace with the named patch applied, after checking the patchset's digests of it. */
    public JsonNode apply(JsonNode backgroundOnly, String name) {
        Patch p = patch(name);
        verify(backgroundOnly);
        return JsonPatch.apply(backgroundOnly, p.operations(), where + ", patch " + name);
    }

    /** Throws if a digest of the patchset does not match the workspace (pyhf's PatchSet.verify). */
    public void verify(JsonNode backgroundOnly) {
        for (Map.Entry<String, String> d : digests.entrySet()) {
            String actual = digest(backgroundOnly, d.getKey());
            if (!actual.equals(d.getValue())) {
                throw new IllegalArgumentException(where + ": the workspace is not the patchset's background-only "
                        + "workspace: its " + d.getKey() + " digest is " + actual + ", the patchset expects " + d.getValue());
            }
        }
    }

    /** pyhf.utils.digest(obj, algorithm): md5 or sha256 of python's json.dumps(obj, sort_keys=True, ensure_ascii=False). */
    public static String digest(JsonNode obj, String algorithm) {
        String java = switch (algorithm) {
            case "md5" -> "MD5";
            case "sha256" -> "SHA-256";
            default -> throw new IllegalArgumentException("unsupported digest algorithm '" + algorithm + "'");
        };
        try {
            byte[] h = MessageDigest.getInstance(java).digest(pythonJson(obj).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** python's json.dumps(obj, sort_keys=True, ensure_ascii=False) with its default separators ", " and ": ". */
    static String pythonJson(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        write(n, sb);
        return sb.toString();
    }

    private static void write(JsonNode n, StringBuilder sb) {
        if (n.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            n.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                sb.append(first ? "" : ", ");
                string(e.getKey(), sb);
                sb.append(": ");
                write(e.getValue(), sb);
                first = false;
            }
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                write(n.get(i), sb);
            }
            sb.append(']');
        } else if (n.isTextual()) {
            string(n.asText(), sb);
        } else if (n.isIntegralNumber()) {
            sb.append(n.bigIntegerValue());
        } else if (n.isNumber()) {
            sb.append(pythonRepr(n.doubleValue()));
        } else if (n.isBoolean()) {
            sb.append(n.asBoolean() ? "true" : "false");
        } else {
            sb.append("null");
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * python's repr(float): the shortest decimal that reads back as x (the correctly rounded one of the fewest
     * digits), in positional notation when the decimal exponent is in [-4, 16), else as d.ddde+XX.
     */
    static String pythonRepr(double x) {
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
        }
        if (x == 0) {
            return (1 / x < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(x);
        BigDecimal shortest = exact;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == x) {
                shortest = r;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int decpt = digits.length() - shortest.scale(); // x = 0.digits x 10^decpt
        String sign = x < 0 ? "-" : "";
        int n = digits.length();
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                return sign + "0." + "0".repeat(-decpt) + digits;
            }
            if (decpt >= n) {
                return sign + digits + "0".repeat(decpt - n) + ".0";
            }
            return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
        }
        int exponent = decpt - 1;
        String mantissa = n == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }
}
