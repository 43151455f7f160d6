package xmassnu.jobs.export;

import java.io.IOException;
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
     * A file's bytes: indented JSON, except the scans, which are compact and gzipped (a B-L scan of 51 masses holds
     * 1071 patches; gzip's header carries no time stamp, so the bytes are reproducible).
     */
    public static byte[] bytes(File f) {
        try {
            if (f.name().endsWith(".gz")) {
                java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                try (var out = new java.util.zip.GZIPOutputStream(b, 1 << 16)) {
                    MAPPER.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                            .writeValue(out, f.json());
                    out.write('\n');
                }
                return b.toByteArray();
            }
            return (MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(f.json()) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing " + f.name(), e);
        }
    }

    /** Writes the files into {@code dir} of a stage output. */
    public static void write(xmassnu.jobs.stage.StageOutput out, String dir, List<File> files) {
        for (File f : files) {
            out.writeBytes(dir + "/" + f.name(), bytes(f));
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

    /** The signal pieces of a native workspace: per piece its coupling power, nominal and histosys templates. */
    record SignalPieces(int[] powers, double[][] nominal, List<String> systematics, double[][][] hi, double[][][] lo) {
        static SignalPieces of(ObjectNode nativeWorkspace) {
            List<Integer> powers = new ArrayList<>();
            List<double[]> nominal = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<Map<String, double[][]>> shifts = new ArrayList<>();
            for (JsonNode sample : nativeWorkspace.get("channels").get(0).get("samples")) {
                if (!sample.get("name").asText().startsWith("signal_")) {
                    continue;
                }
                int power = -1;
                Map<String, double[][]> hl = new LinkedHashMap<>();
                for (JsonNode m : sample.get("modifiers")) {
                    String type = m.get("type").asText();
                    if (Workspace.COUPLING_POWER.equals(type)) {
                        power = m.get("data").get("power").asInt();
                    } else if ("histosys".equals(type)) {
                        String name = m.get("name").asText();
                        if (!names.contains(name)) {
                            names.add(name);
                        }
                        hl.put(name, new double[][] {values(m.get("data").get("hi_data")),
                                values(m.get("data").get("lo_data"))});
                    }
                }
                if (power < 0) {
                    throw new IllegalArgumentException("signal sample " + sample.get("name") + " has no coupling power");
                }
                powers.add(power);
                nominal.add(values(sample.get("data")));
                shifts.add(hl);
            }
            if (nominal.isEmpty()) {
                throw new IllegalArgumentException("the workspace has no signal sample");
            }
            int k = nominal.size();
            double[][][] hi = new double[k][names.size()][];
            double[][][] lo = new double[k][names.size()][];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < names.size(); j++) {
                    double[][] v = shifts.get(p).get(names.get(j));
                    // a piece without this systematic: its template does not move
                    hi[p][j] = v == null ? nominal.get(p) : v[0];
                    lo[p][j] = v == null ? nominal.get(p) : v[1];
                }
            }
            return new SignalPieces(powers.stream().mapToInt(Integer::intValue).toArray(),
                    nominal.toArray(double[][]::new), List.copyOf(names), hi, lo);
        }

        private static double[] values(JsonNode a) {
            double[] v = new double[a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = a.get(i).asDouble();
            }
            return v;
        }

        /** sum over pieces of u^power * template. */
        private double[] sum(double[][] templates, double u) {
            double[] out = new double[templates[0].length];
            for (int p = 0; p < templates.length; p++) {
                double f = Math.pow(u, powers[p]);
                for (int i = 0; i < out.length; i++) {
                    out[i] += f * templates[p][i];
                }
            }
            return out;
        }

        /**
         * The JSON Patch adding the signal at POI value {@code u} (coupling / reference): the pieces summed as
         * u^power into one sample, their histosys templates summed the same way (pyhf's histosys interpolation is
         * linear in the shifts, so the sum of the pieces' shifts is the shift of the sum).
         */
        ArrayNode patch(double u) {
            ObjectNode sample = MAPPER.createObjectNode();
            sample.put("name", SIGNAL_SAMPLE);
            sample.set("data", rounded(sum(nominal, u)));
            ArrayNode mods = sample.putArray("modifiers");
            ObjectNode mu = mods.addObject();
            mu.put("name", MU_SIGNAL);
            mu.put("type", "normfactor");
            mu.putNull("data");
            for (int j = 0; j < systematics.size(); j++) {
                double[][] h = new double[nominal.length][];
                double[][] l = new double[nominal.length][];
                for (int p = 0; p < nominal.length; p++) {
                    h[p] = hi[p][j];
                    l[p] = lo[p][j];
                }
                ObjectNode m = mods.addObject();
                m.put("name", systematics.get(j));
                m.put("type", "histosys");
                ObjectNode d = m.putObject("data");
                d.set("hi_data", rounded(sum(h, u)));
                d.set("lo_data", rounded(sum(l, u)));
            }
            ArrayNode patch = MAPPER.createArrayNode();
            ObjectNode op = patch.addObject();
            op.put("op", "add");
            op.put("path", "/channels/0/samples/-");
            op.set("value", sample);
            return patch;
        }
    }

    /** The JSON Patch that adds the signal at POI value {@code u} of a native workspace (SignalPieces.patch). */
    public static ArrayNode signalPatch(ObjectNode nativeWorkspace, double u) {
        return SignalPieces.of(nativeWorkspace).patch(u);
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
            SignalPieces pieces = SignalPieces.of(built.workspace().toJson());
            for (double u : SCAN_OVER_REFERENCE) {
                ObjectNode p = points.addObject();
                if (in.massMev() != null) {
                    p.put("mass_mev", in.massMev());
                }
                p.put("coupling", u * built.referenceCoupling());
                p.set("patch", pieces.patch(u));
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

    /**
     * The values to SCAN_DIGITS significant digits, written as decimals (an unscaled long and a power of ten: no
     * binary round-off digits, and 20 times faster than rounding through BigDecimal(double) or String.format).
     */
    static ArrayNode rounded(double[] v) {
        ArrayNode a = MAPPER.createArrayNode();
        for (double x : v) {
            a.add(round(x));
        }
        return a;
    }

    static java.math.BigDecimal round(double x) {
        if (x == 0 || !Double.isFinite(x)) {
            return x == 0 ? java.math.BigDecimal.ZERO : new java.math.BigDecimal(x); // non-finite: throws, as it should
        }
        int scale = SCAN_DIGITS - 1 - (int) Math.floor(Math.log10(Math.abs(x)));
        double scaled = scale > 300 ? x * 1e300 * Math.pow(10, scale - 300)
                : scale >= 0 ? x * Math.pow(10, scale) : x / Math.pow(10, -scale);
        return java.math.BigDecimal.valueOf(Math.round(scaled), scale).stripTrailingZeros();
    }

    private static ArrayNode array(double[] v) {
        ArrayNode a = MAPPER.createArrayNode();
        for (double x : v) {
            a.add(x);
        }
        return a;
    }
}
