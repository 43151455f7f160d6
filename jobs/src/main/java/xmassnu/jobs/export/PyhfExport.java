package xmassnu.jobs.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.analysis.AnalysisInputs;
import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.analysis.LimitWorkspace;
import xmassnu.fits.physics.Model;
import xmassnu.fits.stats.Workspace;

/**
 * The likelihoods of every model as files pyhf reads (schema 1.0.0, nothing outside it):
 * <ul>
 * <li>a model linear in a power of its coupling (the magnetic moment) as one workspace whose POI normfactor is
 * (coupling / reference)^power: {@code <model>-<flavour>.json};</li>
 * <li>a polynomial model (millicharge: eps and eps^2; B-L: g^2 and g^4, which pyhf's modifiers cannot express with
 * one parameter) as a background-only workspace {@code <model>-<flavour>.bkgonly.json} and a scan
 * {@code <model>-<flavour>.scan.json.gz}: for each mediator mass and each coupling of a grid, a JSON Patch (RFC 6902,
 * pyhf's jsonpatch schema) adding the signal at that coupling as one sample with a normfactor {@code mu_signal}.
 * {@code mu_signal = 1} is the model at that coupling, {@code mu_signal = 0} the background only;
 * docs/statistics.md ("pyhf") gives the recipe that turns the scan into this project's CLs limit.</li>
 * </ul>
 * Each file has a sidecar {@code .meta.json} with what pyhf's schema has no field for (the POI's meaning, the
 * reference coupling, units, the profiled systematics). Written numbers keep 17 significant digits, so pyhf sees
 * the same model as the Java fit.
 */
public final class PyhfExport {
    /** The signal-strength parameter of the scan's patched workspaces. */
    public static final String MU_SIGNAL = "mu_signal";
    public static final String SIGNAL_SAMPLE = "signal";
    public static final String SCAN_SUFFIX = ".scan.json.gz";
    /** Significant digits of the scan's numbers: 1e-10 relative, far below the fits' 1e-3 tolerance. */
    static final int SCAN_DIGITS = 10;
    /**
     * The scan's couplings in units of the reference coupling (LimitWorkspace.referenceCoupling: limits are of order
     * one there): 21 points spaced by 0.1 decade from 0.1 to 10; CLs is smooth in log(coupling), so interpolating
     * log CLs between neighbours places the limit to a few per mille.
     */
    public static final double[] SCAN_OVER_REFERENCE = scanGrid(0.1, 10, 21);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PyhfExport() {}

    static double[] scanGrid(double lo, double hi, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = Math.pow(10, Math.log10(lo) + i * (Math.log10(hi) - Math.log10(lo)) / (n - 1));
        }
        return g;
    }

    /** A file to write: its name in the workspaces directory and its JSON. */
    public record File(String name, JsonNode json) {}

    /**
     * Every file for these inputs (one per model, flavour case and mediator mass; B-L masses of one flavour case
     * share one scan file). {@code profiled} names the systematic variations in the likelihood.
     */
    public static List<File> files(List<AnalysisInputs> inputs, FitSettings s, List<String> profiled) {
        List<File> out = new ArrayList<>();
        Map<String, List<AnalysisInputs>> polynomial = new LinkedHashMap<>();
        for (AnalysisInputs in : inputs) {
            String base = in.model().label() + "-" + in.flavour();
            var linear = LimitWorkspace.pyhfLinear(in, s);
            if (linear.isPresent()) {
                out.add(new File(base + ".json", linear.get().workspace().toJson()));
                out.add(new File(base + ".meta.json", linearMeta(in, linear.get().referenceCoupling(), profiled)));
            } else {
                polynomial.computeIfAbsent(base, k -> new ArrayList<>()).add(in);
            }
        }
        for (Map.Entry<String, List<AnalysisInputs>> e : polynomial.entrySet()) {
            List<AnalysisInputs> ins = e.getValue();
            ins.sort((a, b) -> Double.compare(a.massMev() == null ? 0 : a.massMev(), b.massMev() == null ? 0 : b.massMev()));
            ObjectNode first = LimitWorkspace.build(ins.get(0), s).workspace().toJson();
            out.add(new File(e.getKey() + ".bkgonly.json", backgroundOnly(first)));
            out.add(new File(e.getKey() + SCAN_SUFFIX, scan(ins, s)));
            out.add(new File(e.getKey() + ".meta.json", scanMeta(ins.get(0), profiled, e.getKey())));
        }
        return out;
    }

    /**
     * Writes the files into dir (created): indented JSON, except the scans, which are compact and gzipped (a B-L
     * scan of 51 masses holds 1071 patches; gzip's header carries no time stamp, so the bytes are reproducible).
     */
    public static void write(Path dir, List<File> files) throws IOException {
        Files.createDirectories(dir);
        for (File f : files) {
            if (f.name().endsWith(".gz")) {
                try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve(f.name())))) {
                    out.write((MAPPER.writeValueAsString(f.json()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            } else {
                Files.writeString(dir.resolve(f.name()), MAPPER.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(f.json()) + "\n");
            }
        }
    }

    /**
     * The native workspace without its signal samples, the POI renamed to {@link #MU_SIGNAL}: what every patch of
     * the scan adds its signal to. The background samples do not depend on the model, the flavour or the mass.
     */
    public static ObjectNode backgroundOnly(ObjectNode nativeWorkspace) {
        ObjectNode w = nativeWorkspace.deepCopy();
        for (JsonNode ch : w.withArray("channels")) {
            ArrayNode samples = (ArrayNode) ch.get("samples");
            for (int i = samples.size() - 1; i >= 0; i--) {
                if (samples.get(i).get("name").asText().startsWith("signal_")) {
                    samples.remove(i);
                }
            }
        }
        for (JsonNode m : w.withArray("measurements")) {
            ObjectNode config = (ObjectNode) m.get("config");
            config.put("poi", MU_SIGNAL);
            ArrayNode params = config.putArray("parameters");
            ObjectNode poi = params.addObject();
            poi.put("name", MU_SIGNAL);
            poi.putArray("inits").add(1.0);
            poi.putArray("bounds").addArray().add(0.0).add(10.0);
        }
        return w;
    }

    /**
     * The JSON Patch that adds the signal at POI value {@code u} (coupling / reference) of a native workspace: the
     * coupling-power pieces summed as u^p (p of each piece) into one sample, their histosys variations summed the
     * same way (piecewise-linear histosys: the sum of the pieces' shifts is the shift of the sum).
     */
    public static ArrayNode signalPatch(ObjectNode nativeWorkspace, double u) {
        JsonNode channel = nativeWorkspace.get("channels").get(0);
        double[] nominal = null;
        Map<String, double[][]> histosys = new LinkedHashMap<>();
        for (JsonNode sample : channel.get("samples")) {
            if (!sample.get("name").asText().startsWith("signal_")) {
                continue;
            }
            int power = -1;
            for (JsonNode m : sample.get("modifiers")) {
                if (Workspace.COUPLING_POWER.equals(m.get("type").asText())) {
                    power = m.get("data").get("power").asInt();
                }
            }
            if (power < 0) {
                throw new IllegalArgumentException("signal sample " + sample.get("name") + " has no coupling power");
            }
            double f = Math.pow(u, power);
            nominal = addScaled(nominal, sample.get("data"), f);
            for (JsonNode m : sample.get("modifiers")) {
                if ("histosys".equals(m.get("type").asText())) {
                    double[][] hl = histosys.computeIfAbsent(m.get("name").asText(), k -> new double[2][]);
                    hl[0] = addScaled(hl[0], m.get("data").get("hi_data"), f);
                    hl[1] = addScaled(hl[1], m.get("data").get("lo_data"), f);
                }
            }
        }
        if (nominal == null) {
            throw new IllegalArgumentException("the workspace has no signal sample");
        }
        ObjectNode sample = MAPPER.createObjectNode();
        sample.put("name", SIGNAL_SAMPLE);
        sample.set("data", rounded(nominal));
        ArrayNode mods = sample.putArray("modifiers");
        ObjectNode mu = mods.addObject();
        mu.put("name", MU_SIGNAL);
        mu.put("type", "normfactor");
        mu.putNull("data");
        histosys.forEach((name, hl) -> {
            ObjectNode m = mods.addObject();
            m.put("name", name);
            m.put("type", "histosys");
            ObjectNode d = m.putObject("data");
            d.set("hi_data", rounded(hl[0]));
            d.set("lo_data", rounded(hl[1]));
        });
        ArrayNode patch = MAPPER.createArrayNode();
        ObjectNode op = patch.addObject();
        op.put("op", "add");
        op.put("path", "/channels/0/samples/-");
        op.set("value", sample);
        return patch;
    }

    /** The scan of one model and flavour case: per mass (B-L) and per coupling of the grid, its patch. */
    static ObjectNode scan(List<AnalysisInputs> ins, FitSettings s) {
        ObjectNode root = MAPPER.createObjectNode();
        AnalysisInputs first = ins.get(0);
        root.put("model", first.model().label());
        root.put("flavour", first.flavour());
        root.put("coupling_unit", first.model().couplingUnit());
        root.put("background_only", first.model().label() + "-" + first.flavour() + ".bkgonly.json");
        ArrayNode points = root.putArray("points");
        for (AnalysisInputs in : ins) {
            LimitWorkspace.Built built = LimitWorkspace.build(in, s);
            ObjectNode ws = built.workspace().toJson();
            for (double u : SCAN_OVER_REFERENCE) {
                ObjectNode p = points.addObject();
                if (in.massMev() != null) {
                    p.put("mass_mev", in.massMev());
                }
                p.put("coupling", u * built.referenceCoupling());
                p.set("patch", signalPatch(ws, u));
            }
        }
        return root;
    }

    static ObjectNode linearMeta(AnalysisInputs in, double reference, List<String> profiled) {
        ObjectNode m = meta(in, profiled);
        m.put("poi", LimitWorkspace.POI);
        m.put("poi_meaning", String.format(Locale.ROOT, "(coupling / reference_coupling)^%d",
                in.model().newPhysicsPower()));
        m.put("reference_coupling", reference);
        m.put("how_to_get_the_limit", "pyhf upper limit on the POI u: coupling limit = reference_coupling * u^(1/"
                + in.model().newPhysicsPower() + ") (docs/statistics.md, pyhf)");
        return m;
    }

    static ObjectNode scanMeta(AnalysisInputs in, List<String> profiled, String base) {
        ObjectNode m = meta(in, profiled);
        m.put("poi", MU_SIGNAL);
        m.put("poi_meaning", "strength of the signal at the patch's coupling: 1 = the model at that coupling, 0 = "
                + "background only");
        m.put("background_only", base + ".bkgonly.json");
        m.put("scan", base + SCAN_SUFFIX);
        m.put("how_to_get_the_limit", "docs/pyhf/limit_from_scan.py: the profile likelihood at each coupling "
                + "(mu_signal fixed at 1 and 0), asymptotic CLs (q~), interpolated to CLs = 1 - CL");
        return m;
    }

    private static ObjectNode meta(AnalysisInputs in, List<String> profiled) {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("model", in.model().label());
        m.put("flavour", in.flavour());
        m.put("coupling_unit", in.model().couplingUnit());
        m.put("coupling_powers", in.model() == Model.MAGNETIC_MOMENT ? "mu^2"
                : "interference ~ c^" + in.model().interferencePower() + ", pure ~ c^" + in.model().newPhysicsPower());
        m.put("channel", LimitWorkspace.CHANNEL);
        m.put("profiled_systematics", String.join(",", profiled));
        m.put("pyhf_schema", "https://scikit-hep.org/pyhf/schemas/1.0.0/workspace.json");
        return m;
    }

    private static double[] addScaled(double[] acc, JsonNode values, double f) {
        double[] out = acc == null ? new double[values.size()] : acc;
        for (int i = 0; i < out.length; i++) {
            out[i] += f * values.get(i).asDouble();
        }
        return out;
    }

    private static ArrayNode rounded(double[] v) {
        ArrayNode a = MAPPER.createArrayNode();
        for (double x : v) {
            a.add(Double.parseDouble(String.format(Locale.ROOT, "%." + SCAN_DIGITS + "g", x)));
        }
        return a;
    }

    private static ArrayNode array(double[] v) {
        ArrayNode a = MAPPER.createArrayNode();
        for (double x : v) {
            a.add(x);
        }
        return a;
    }
}
