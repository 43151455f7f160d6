package xmassnu.fits.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.stats.modifiers.CouplingPower;
import xmassnu.fits.stats.modifiers.Modifiers;

/**
 * A HistFactory workspace in the pyhf JSON format (pyhf schema 1.0.0: channels, samples, modifiers,
 * observations, measurements): read, validated with errors that name the channel, sample and modifier, and written
 * back. Supported modifiers: normfactor, normsys, histosys, shapesys, staterror, lumi.
 */
public record Workspace(List<Channel> channels, List<Observation> observations, List<Measurement> measurements) {

    public record Channel(String name, List<Sample> samples) {}

    public record Sample(String name, double[] data, List<Modifier> modifiers) {}

    /** A modifier; {@code data} holds per type: normsys {hi, lo}, histosys {hi_data..., lo_data...} split by bins, etc. */
    public record Modifier(String name, String type, JsonNode data) {}

    public record Observation(String name, double[] data) {}

    /** A parameter's settings from the measurement config (any field may be absent: null). */
    public record ParameterConfig(String name, double[] inits, double[][] bounds, Boolean fixed, double[] auxdata,
                                  double[] sigmas, double[] factors) {
        /** Without factors (only shapesys' Poisson constraints read them). */
        public ParameterConfig(String name, double[] inits, double[][] bounds, Boolean fixed, double[] auxdata,
                               double[] sigmas) {
            this(name, inits, bounds, fixed, auxdata, sigmas, null);
        }
    }

    public record Measurement(String name, String poi, List<ParameterConfig> parameters) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * Extension, not read by pyhf: the sample is multiplied by its parameter to the integer power data.power. It
     * makes the expected counts a polynomial in a physical coupling (docs/physics.md); workspaces that use it
     * are native xmassnu models, and the pyhf export only writes models that are linear in their POI.
     */
    public static final String COUPLING_POWER = CouplingPower.TYPE;

    public static Workspace read(Path file) {
        try {
            return parse(MAPPER.readTree(Files.readString(file)), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("workspace " + file + ": cannot read JSON: " + e.getMessage(), e);
        }
    }

    public static Workspace parse(JsonNode root, String where) {
        List<Channel> channels = new ArrayList<>();
        for (JsonNode c : required(root, "channels", where)) {
            String cname = text(c, "name", where);
            List<Sample> samples = new ArrayList<>();
            for (JsonNode s : required(c, "samples", where + ": channel " + cname)) {
                String sname = text(s, "name", where + ": channel " + cname);
                String at = where + ": channel " + cname + ", sample " + sname;
                double[] data = numbers(required(s, "data", at), at + ", data");
                List<Modifier> mods = new ArrayList<>();
                for (JsonNode m : required(s, "modifiers", at)) {
                    String mname = text(m, "name", at);
                    String type = text(m, "type", at + ", modifier " + mname);
                    Modifiers.type(type, at + ", modifier " + mname);
                    mods.add(new Modifier(mname, type, m.get("data")));
                }
                samples.add(new Sample(sname, data, mods));
            }
            channels.add(new Channel(cname, samples));
        }
        List<Observation> obs = new ArrayList<>();
        for (JsonNode o : required(root, "observations", where)) {
            String name = text(o, "name", where + ": observation");
            obs.add(new Observation(name, numbers(required(o, "data", where + ": observation " + name), where)));
        }
        List<Measurement> meas = new ArrayList<>();
        for (JsonNode m : required(root, "measurements", where)) {
            JsonNode config = m.get("config");
            String mname = text(m, "name", where + ": measurement");
            if (config == null) {
                throw new IllegalArgumentException(where + ": measurement " + mname + " has no config");
            }
            List<ParameterConfig> pars = new ArrayList<>();
            JsonNode ps = config.get("parameters");
            if (ps != null) {
                for (JsonNode p : ps) {
                    double[][] bounds = null;
                    if (p.has("bounds")) {
                        bounds = new double[p.get("bounds").size()][];
                        for (int i = 0; i < bounds.length; i++) {
                            bounds[i] = numbers(p.get("bounds").get(i), where + ": bounds");
                        }
                    }
                    pars.add(new ParameterConfig(text(p, "name", where + ": parameter"),
                            p.has("inits") ? numbers(p.get("inits"), where) : null, bounds,
                            p.has("fixed") ? p.get("fixed").asBoolean() : null,
                            p.has("auxdata") ? numbers(p.get("auxdata"), where) : null,
                            p.has("sigmas") ? numbers(p.get("sigmas"), where) : null,
                            p.has("factors") ? numbers(p.get("factors"), where) : null));
                }
            }
            meas.add(new Measurement(mname, text(config, "poi", where + ": measurement " + mname), pars));
        }
        if (meas.isEmpty()) {
            throw new IllegalArgumentException(where + ": no measurement (needs one with a POI)");
        }
        return new Workspace(channels, obs, meas);
    }

    /** The workspace as pyhf JSON. */
    public ObjectNode toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode cs = root.putArray("channels");
        for (Channel c : channels) {
            ObjectNode cn = cs.addObject().put("name", c.name());
            ArrayNode ss = cn.putArray("samples");
            for (Sample s : c.samples()) {
                ObjectNode sn = ss.addObject().put("name", s.name());
                ArrayNode d = sn.putArray("data");
                for (double v : s.data()) {
                    d.add(v);
                }
                ArrayNode ms = sn.putArray("modifiers");
                for (Modifier m : s.modifiers()) {
                    ObjectNode mn = ms.addObject().put("name", m.name()).put("type", m.type());
                    mn.set("data", m.data() == null ? MAPPER.nullNode() : m.data());
                }
            }
        }
        ArrayNode os = root.putArray("observations");
        for (Observation o : observations) {
            ArrayNode d = os.addObject().put("name", o.name()).putArray("data");
            for (double v : o.data()) {
                d.add(v);
            }
        }
        ArrayNode ms = root.putArray("measurements");
        for (Measurement m : measurements) {
            ObjectNode config = ms.addObject().put("name", m.name()).putObject("config").put("poi", m.poi());
            ArrayNode ps = config.putArray("parameters");
            for (ParameterConfig p : m.parameters()) {
                ObjectNode pn = ps.addObject().put("name", p.name());
                putArray(pn, "inits", p.inits());
                putArray(pn, "auxdata", p.auxdata());
                putArray(pn, "sigmas", p.sigmas());
                putArray(pn, "factors", p.factors());
                if (p.fixed() != null) {
                    pn.put("fixed", p.fixed());
                }
                if (p.bounds() != null) {
                    ArrayNode b = pn.putArray("bounds");
                    for (double[] pair : p.bounds()) {
                        b.addArray().add(pair[0]).add(pair[1]);
                    }
                }
            }
        }
        root.put("version", "1.0.0");
        return root;
    }

    private static void putArray(ObjectNode n, String key, double[] v) {
        if (v != null) {
            ArrayNode a = n.putArray(key);
            for (double x : v) {
                a.add(x);
            }
        }
    }

    public void write(Path file) {
        try {
            Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode required(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(where + ": missing '" + key + "'");
        }
        return v;
    }

    static String text(JsonNode n, String key, String where) {
        JsonNode v = required(n, key, where);
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be a string");
        }
        return v.asText();
    }

    /** A JSON array of finite numbers, or an error naming {@code where}. */
    public static double[] numbers(JsonNode a, String where) {
        if (!a.isArray()) {
            throw new IllegalArgumentException(where + ": expected an array of numbers");
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber()) {
                throw new IllegalArgumentException(where + "[" + i + "]: not a number: " + a.get(i));
            }
            out[i] = a.get(i).asDouble();
            if (!Double.isFinite(out[i])) {
                throw new IllegalArgumentException(where + "[" + i + "]: not finite");
            }
        }
        return out;
    }
}
