package xmassnu.fits.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import xmassnu.fits.stats.modifiers.ModifierSettings;
import xmassnu.fits.stats.modifiers.ModifierType;
import xmassnu.fits.stats.modifiers.Modifiers;
import xmassnu.fits.stats.modifiers.Term;

/**
 * The HistFactory probability model of a {@link Workspace} (Cranmer et al., CERN-OPEN-2012-016; pyhf, Heinrich et
 * al., JOSS 6 (2021) 2823): Poisson per bin of every channel times the constraint terms of the nuisance parameters.
 * Built along pyhf's seams ({@code pdf.py}): every modifier goes through the registry ({@link Modifiers}), whose
 * builders validate it and declare their parameter sets; the declarations make one {@link ParameterTable}; each
 * modifier is then bound to its parameters as a {@link Term}. One routine computes the expected counts, with their
 * derivatives when asked ({@link #expectedWithDerivatives}). Interpolation codes as pyhf's modifier_settings
 * ({@link ModifierSettings}; default normsys code4, histosys code4p).
 */
public final class HistFactoryModel {
    private final ParameterTable parameters;
    private final ModifierSettings settings;
    private final SampleTerms[] samples;
    private final List<Constraint> constraints;
    private final int nMain;
    /** The most bins and factors of any sample (scratch sizes). */
    private final int maxBins;
    private final int maxFactors;
    private final double[] observedMain;
    private final String[] channelNames;
    private final boolean[] fixed;
    /** Per parameter, where a term's slope jumps (interpolation codes 0 and 1), NaN elsewhere; null if none. */
    private final double[] kinks;

    /**
     * One sample's terms over the flattened main bins [offset, offset + nominal.length): factors, shifts and bin
     * factors, and the scalar parameters acting through the factors or the shifts, each once.
     */
    private record SampleTerms(int offset, double[] nominal, Term.Factor[] factors, Term.Shift[] shifts,
                               int[] binFactors, int[] scalarParams) {}

    /** A constraint term: Gaussian (aux | theta, sigma) or Poisson (aux | theta * tau), tau in {@code width}. */
    record Constraint(int param, boolean poisson, double width, double auxNominal) {}

    /** With pyhf's default interpolation codes. */
    public HistFactoryModel(Workspace ws, String measurementName) {
        this(ws, measurementName, ModifierSettings.DEFAULT);
    }

    public HistFactoryModel(Workspace ws, String measurementName, ModifierSettings settings) {
        this.settings = settings;
        Workspace.Measurement m = measurementName == null ? ws.measurements().get(0)
                : ws.measurements().stream().filter(x -> x.name().equals(measurementName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no measurement '" + measurementName + "'; measurements: "
                        + ws.measurements().stream().map(Workspace.Measurement::name).toList()));
        Map<String, Workspace.ParameterConfig> config = new LinkedHashMap<>();
        for (Workspace.ParameterConfig p : m.parameters()) {
            if (config.put(p.name(), p) != null) {
                throw new IllegalArgumentException("measurement " + m.name() + ": parameter '" + p.name()
                        + "' is configured twice");
            }
        }
        checkDuplicates(ws);
        channelNames = new String[ws.channels().size()];
        int[] channelOffset = new int[ws.channels().size() + 1];
        // 1. every modifier through its type's builder (pyhf's append)
        Map<ModifierType, ModifierType.Builder> builders = new LinkedHashMap<>();
        Map<String, Integer> firstUse = new LinkedHashMap<>();
        Set<String> unsharedSeen = new HashSet<>();
        List<int[]> sampleShape = new ArrayList<>(); // {offset, bins}
        List<double[]> nominals = new ArrayList<>();
        List<List<ModifierType.Binding>> bindings = new ArrayList<>();
        int offset = 0;
        int mostBins = 0;
        for (int c = 0; c < ws.channels().size(); c++) {
            Workspace.Channel ch = ws.channels().get(c);
            channelNames[c] = ch.name();
            channelOffset[c] = offset;
            if (ch.samples().isEmpty()) {
                throw new IllegalArgumentException("channel " + ch.name() + ": no samples");
            }
            int bins = ch.samples().get(0).data().length;
            for (Workspace.Sample s : ch.samples()) {
                String at = "channel " + ch.name() + ", sample " + s.name();
                if (s.data().length != bins) {
                    throw new IllegalArgumentException(at + ": " + s.data().length + " bins, channel has " + bins);
                }
                double[] nominal = s.data().clone();
                ModifierType.Target target = new ModifierType.Target(ch.name(), s.name(), nominal, at);
                List<ModifierType.Binding> bound = new ArrayList<>();
                for (Workspace.Modifier mod : s.modifiers()) {
                    String where = at + ", modifier " + mod.name();
                    ModifierType type = Modifiers.type(mod.type(), where);
                    if (!type.shared() && !unsharedSeen.add(type.type() + "/" + mod.name())) {
                        throw new IllegalArgumentException(where + " (" + mod.type() + "): another sample already has a "
                                + mod.type() + " of this name, and " + mod.type() + " parameters cannot be shared");
                    }
                    firstUse.putIfAbsent(mod.name(), firstUse.size());
                    bound.add(builders.computeIfAbsent(type, t -> t.builder(settings)).append(target, mod.name(), mod.data()));
                }
                sampleShape.add(new int[] {offset, bins});
                nominals.add(nominal);
                bindings.add(bound);
            }
            mostBins = Math.max(mostBins, bins);
            offset += bins;
        }
        channelOffset[ws.channels().size()] = offset;
        nMain = offset;
        maxBins = mostBins;
        // 2. the declarations, in the order the modifiers first appear, make one parameter table (pyhf's finalize)
        List<ParameterSet> declarations = new ArrayList<>();
        builders.values().forEach(b -> declarations.addAll(b.declarations()));
        declarations.sort((a, b) -> Integer.compare(firstUse.get(a.name()), firstUse.get(b.name())));
        parameters = ParameterTable.of(declarations, config, m.poi());
        fixed = parameters.fixed();
        // 3. every modifier bound to its parameters
        samples = new SampleTerms[bindings.size()];
        int mostFactors = 0;
        for (int i = 0; i < samples.length; i++) {
            List<Term.Factor> factors = new ArrayList<>();
            List<Term.Shift> shifts = new ArrayList<>();
            List<Integer> binFactors = new ArrayList<>();
            for (ModifierType.Binding b : bindings.get(i)) {
                Term term = b.bind(parameters);
                if (term instanceof Term.Factor f) {
                    factors.add(f);
                } else if (term instanceof Term.Shift s) {
                    shifts.add(s);
                } else {
                    binFactors.add(((Term.BinFactor) term).first());
                }
            }
            LinkedHashSet<Integer> acting = new LinkedHashSet<>();
            factors.forEach(f -> acting.add(f.parameter()));
            shifts.forEach(s -> acting.add(s.parameter()));
            samples[i] = new SampleTerms(sampleShape.get(i)[0], nominals.get(i), factors.toArray(Term.Factor[]::new),
                    shifts.toArray(Term.Shift[]::new), binFactors.stream().mapToInt(Integer::intValue).toArray(),
                    acting.stream().mapToInt(Integer::intValue).toArray());
            mostFactors = Math.max(mostFactors, factors.size());
        }
        maxFactors = mostFactors;
        double[] kinkAt = new double[parameters.size()];
        Arrays.fill(kinkAt, Double.NaN);
        boolean anyKink = false;
        for (SampleTerms t : samples) {
            for (Term.Factor f : t.factors) {
                anyKink |= kink(kinkAt, f.parameter(), f.kink());
            }
            for (Term.Shift sh : t.shifts) {
                anyKink |= kink(kinkAt, sh.parameter(), sh.kink());
            }
        }
        kinks = anyKink ? kinkAt : null;
        // 4. one constraint term per constrained component, in parameter order (pyhf's auxdata order)
        List<Constraint> cons = new ArrayList<>();
        for (ParameterSet s : parameters.sets()) {
            if (s.constraint() == ParameterSet.Constraint.NONE) {
                continue;
            }
            int first = parameters.first(s.name());
            double[] aux = s.auxdata();
            double[] w = s.widths();
            boolean[] pinned = s.pinned();
            for (int k = 0; k < s.size(); k++) {
                if (!pinned[k]) {
                    cons.add(new Constraint(first + k, s.constraint() == ParameterSet.Constraint.POISSON, w[k], aux[k]));
                }
            }
        }
        constraints = List.copyOf(cons);
        observedMain = new double[nMain];
        for (int c = 0; c < channelNames.length; c++) {
            final String cname = channelNames[c];
            Workspace.Observation o = ws.observations().stream().filter(x -> x.name().equals(cname)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no observation for channel " + cname));
            int bins = channelOffset[c + 1] - channelOffset[c];
            if (o.data().length != bins) {
                throw new IllegalArgumentException("observation " + cname + ": " + o.data().length + " bins, expected " + bins);
            }
            System.arraycopy(o.data(), 0, observedMain, channelOffset[c], bins);
        }
    }

    private static boolean kink(double[] kinkAt, int param, double at) {
        if (Double.isNaN(at)) {
            return false;
        }
        if (!Double.isNaN(kinkAt[param]) && kinkAt[param] != at) {
            throw new IllegalStateException("parameter " + param + " has kinks at " + kinkAt[param] + " and " + at);
        }
        kinkAt[param] = at;
        return true;
    }

    /**
     * Duplicate channels, samples within a channel, and modifiers of one name and type within a sample (pyhf
     * {@code mixins._ChannelSummaryMixin._check_for_duplicates}), and duplicate observations.
     */
    static void checkDuplicates(Workspace ws) {
        List<String> channels = ws.channels().stream().map(Workspace.Channel::name).toList();
        duplicates(channels, "channels", "the workspace");
        for (Workspace.Channel c : ws.channels()) {
            duplicates(c.samples().stream().map(Workspace.Sample::name).toList(), "samples", "channel " + c.name());
            for (Workspace.Sample s : c.samples()) {
                duplicates(s.modifiers().stream().map(x -> x.name() + " (" + x.type() + ")").toList(), "modifiers",
                        "channel " + c.name() + ", sample " + s.name());
            }
        }
        duplicates(ws.observations().stream().map(Workspace.Observation::name).toList(), "observations", "the workspace");
        duplicates(ws.measurements().stream().map(Workspace.Measurement::name).toList(), "measurements", "the workspace");
    }

    private static void duplicates(List<String> names, String what, String where) {
        Set<String> seen = new HashSet<>();
        Set<String> twice = new java.util.TreeSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                twice.add("'" + n + "'");
            }
        }
        if (!twice.isEmpty()) {
            throw new IllegalArgumentException("duplicate " + what + " " + String.join(", ", twice) + " in " + where
                    + ": rename one of them");
        }
    }

    /**
     * Expected main-bin counts at p into nu[0..mainBins); when {@code jac} is non-null also their exact derivatives,
     * added into jac[k][i] = d nu_i / d p_k and second[k][i] = d2 nu_i / d p_k^2 for every parameter k not in
     * {@code skip} (rows of parameters no sample depends on stay null). Per sample, nu = F(factors) x G_b(bin
     * factors) x (nominal + shifts); a parameter may act through F and the shifts at once (a normsys and a histosys
     * of one name, as HistFactory pairs them). The values are the same with and without derivatives.
     */
    void expectedWithDerivatives(double[] p, double[] nu, double[][] jac, double[][] second, boolean[] skip) {
        Arrays.fill(nu, 0, nMain, 0);
        boolean derivatives = jac != null;
        double[] v = new double[maxBins];
        double[] g = new double[maxBins];
        // scratch of the derivative route: per factor {value, d1, d2}, per bin the shifts' derivatives
        double[] value = derivatives ? new double[maxFactors] : null;
        double[] d1 = derivatives ? new double[maxFactors] : null;
        double[] d2 = derivatives ? new double[maxFactors] : null;
        double[] out = new double[3];
        double[] s1 = derivatives ? new double[maxBins] : null;
        double[] s2 = derivatives ? new double[maxBins] : null;
        double[] dv = derivatives ? new double[maxBins] : null;
        double[] d2v = derivatives ? new double[maxBins] : null;
        for (SampleTerms t : samples) {
            int bins = t.nominal.length;
            Term.Factor[] factors = t.factors;
            double factor = 1;
            for (int i = 0; i < factors.length; i++) {
                Term.Factor f = factors[i];
                if (derivatives) {
                    f.derivatives(p[f.parameter()], out);
                    value[i] = out[0];
                    d1[i] = out[1];
                    d2[i] = out[2];
                    factor *= out[0];
                } else {
                    factor *= f.value(p[f.parameter()]);
                }
            }
            System.arraycopy(t.nominal, 0, v, 0, bins);
            for (Term.Shift s : t.shifts) {
                s.add(p[s.parameter()], v, bins);
            }
            int[] binFactors = t.binFactors;
            if (binFactors.length == 0) {
                for (int b = 0; b < bins; b++) {
                    nu[t.offset + b] += factor * v[b];
                }
                if (!derivatives) {
                    continue;
                }
                Arrays.fill(g, 0, bins, 1);
            } else {
                for (int b = 0; b < bins; b++) {
                    double x = 1;
                    for (int first : binFactors) {
                        x *= p[first + b];
                    }
                    g[b] = x;
                    nu[t.offset + b] += factor * x * v[b];
                }
                if (!derivatives) {
                    continue;
                }
            }
            int nFactors = factors.length;
            for (int k : t.scalarParams) {
                if (skip[k]) {
                    continue;
                }
                // dF/dp_k and d2F/dp_k^2 by the product rule over the factors in p_k
                double dF = 0;
                double d2F = 0;
                for (int a = 0; a < nFactors; a++) {
                    if (factors[a].parameter() != k) {
                        continue;
                    }
                    double others = 1;
                    for (int i = 0; i < nFactors; i++) {
                        others *= i == a ? 1 : value[i];
                    }
                    dF += d1[a] * others;
                    d2F += d2[a] * others;
                    for (int c = 0; c < nFactors; c++) {
                        if (c == a || factors[c].parameter() != k) {
                            continue;
                        }
                        double rest = 1;
                        for (int i = 0; i < nFactors; i++) {
                            rest *= i == a || i == c ? 1 : value[i];
                        }
                        d2F += d1[a] * d1[c] * rest;
                    }
                }
                Arrays.fill(dv, 0, bins, 0);
                Arrays.fill(d2v, 0, bins, 0);
                for (Term.Shift s : t.shifts) {
                    if (s.parameter() == k) {
                        s.derivatives(p[k], s1, s2, bins);
                        for (int b = 0; b < bins; b++) {
                            dv[b] += s1[b];
                            d2v[b] += s2[b];
                        }
                    }
                }
                double[] row = jac[k] != null ? jac[k] : (jac[k] = new double[nMain]);
                double[] row2 = second[k] != null ? second[k] : (second[k] = new double[nMain]);
                for (int b = 0; b < bins; b++) {
                    row[t.offset + b] += g[b] * (dF * v[b] + factor * dv[b]);
                    row2[t.offset + b] += g[b] * (d2F * v[b] + 2 * dF * dv[b] + factor * d2v[b]);
                }
            }
            // bin factors: nu_b is linear in each
            for (int f = 0; f < binFactors.length; f++) {
                for (int b = 0; b < bins; b++) {
                    int k = binFactors[f] + b;
                    if (skip[k]) {
                        continue;
                    }
                    double others = 1;
                    for (int o = 0; o < binFactors.length; o++) {
                        others *= o == f ? 1 : p[binFactors[o] + b];
                    }
                    double[] row = jac[k] != null ? jac[k] : (jac[k] = new double[nMain]);
                    if (second[k] == null) {
                        second[k] = new double[nMain];
                    }
                    row[t.offset + b] += factor * others * v[b];
                }
            }
        }
    }

    /** The parameter table: sets, names, inits, bounds, fixed flags, POI. */
    public ParameterTable parameters() {
        return parameters;
    }

    public ModifierSettings modifierSettings() {
        return settings;
    }

    public int parameterCount() {
        return parameters.size();
    }

    public List<String> parameterNames() {
        return parameters.names();
    }

    public int poiIndex() {
        return parameters.poiIndex();
    }

    public double[] initialValues() {
        return parameters.inits();
    }

    public double[] lowerBounds() {
        return parameters.lowerBounds();
    }

    public double[] upperBounds() {
        return parameters.upperBounds();
    }

    public boolean[] fixedParameters() {
        return fixed.clone();
    }

    public int mainBins() {
        return nMain;
    }

    /** Observed main data followed by the nominal auxiliary data (one per constraint). */
    public double[] observedData() {
        double[] d = new double[nMain + constraints.size()];
        System.arraycopy(observedMain, 0, d, 0, nMain);
        for (int k = 0; k < constraints.size(); k++) {
            d[nMain + k] = constraints.get(k).auxNominal();
        }
        return d;
    }

    /** Expected data (main then auxiliary) at parameters p: what an Asimov dataset is made of. */
    public double[] expectedData(double[] p) {
        double[] d = new double[nMain + constraints.size()];
        expectedMain(p, d);
        for (int k = 0; k < constraints.size(); k++) {
            Constraint c = constraints.get(k);
            d[nMain + k] = c.poisson() ? p[c.param()] * c.width() : p[c.param()];
        }
        return d;
    }

    /** Expected main-bin counts at parameters p, into out[0..mainBins). */
    public void expectedMain(double[] p, double[] out) {
        expectedWithDerivatives(p, out, null, null, null);
    }

    /** -ln L(p | data) up to data-dependent constants (data = main bins then auxiliary values). */
    public double nll(double[] p, double[] data, double[] scratch) {
        expectedMain(p, scratch);
        double s = 0;
        for (int i = 0; i < nMain; i++) {
            double nu = scratch[i];
            if (!(nu > 0)) {
                if (nu == 0 && data[i] == 0) {
                    continue;
                }
                return Double.POSITIVE_INFINITY;
            }
            s += nu - data[i] * Math.log(nu);
        }
        for (int k = 0; k < constraints.size(); k++) {
            Constraint c = constraints.get(k);
            double aux = data[nMain + k];
            double theta = p[c.param()];
            if (c.poisson()) {
                double lambda = theta * c.width();
                s += lambda - aux * Math.log(lambda);
            } else {
                double z = (aux - theta) / c.width();
                s += 0.5 * z * z;
            }
        }
        return s;
    }

    /**
     * Gradient of {@link #nll} (exact: analytic derivatives of the expected counts, {@link #expectedWithDerivatives})
     * and its curvature: the Gauss-Newton term sum over bins of (d/nu^2) grad(nu) grad(nu)^T, plus the diagonal of
     * the term sum (1 - d/nu) d2(nu)/dp2, plus the constraint terms' exact second derivatives. Modifiers of
     * different samples do not mix in nu, so the neglected off-diagonal second derivatives of nu are only those of
     * two parameters acting on one sample (e.g. normsys x staterror).
     */
    public Minimiser.Curvature curvature(double[] data) {
        double[] nu = new double[nMain];
        boolean[] skip = fixed.clone();
        Minimiser.Curvature derivatives = (x, g, hess) -> {
            int n = x.length;
            double[][] jac = new double[n][];
            double[][] second = new double[n][];
            expectedWithDerivatives(x, nu, jac, second, skip);
            double[] diagonal = new double[n];
            for (int k = 0; k < n; k++) {
                if (jac[k] == null) {
                    continue;
                }
                double d = 0;
                boolean any = false;
                for (int i = 0; i < nMain; i++) {
                    any |= jac[k][i] != 0;
                    if (nu[i] > 0) {
                        d += (1 - data[i] / nu[i]) * second[k][i];
                    }
                }
                if (!any) {
                    jac[k] = null;
                }
                diagonal[k] = d;
            }
            for (int k = 0; k < n; k++) {
                if (jac[k] == null) {
                    continue;
                }
                double gk = 0;
                for (int i = 0; i < nMain; i++) {
                    if (nu[i] > 0) {
                        gk += (1 - data[i] / nu[i]) * jac[k][i];
                    }
                }
                g[k] += gk;
                for (int l = k; l < n; l++) {
                    if (jac[l] == null) {
                        continue;
                    }
                    double hkl = 0;
                    for (int i = 0; i < nMain; i++) {
                        if (nu[i] > 0) {
                            hkl += data[i] / (nu[i] * nu[i]) * jac[k][i] * jac[l][i];
                        }
                    }
                    hess[k][l] += hkl;
                    if (l != k) {
                        hess[l][k] += hkl;
                    }
                }
                hess[k][k] += diagonal[k];
            }
            for (int c = 0; c < constraints.size(); c++) {
                Constraint con = constraints.get(c);
                double aux = data[nMain + c];
                double theta = x[con.param()];
                if (con.poisson()) {
                    g[con.param()] += con.width() - aux / theta;
                    hess[con.param()][con.param()] += aux / (theta * theta);
                } else {
                    double w2 = con.width() * con.width();
                    g[con.param()] += (theta - aux) / w2;
                    hess[con.param()][con.param()] += 1 / w2;
                }
            }
        };
        return kinks == null ? derivatives : Minimiser.Curvature.withKinks(derivatives, kinks);
    }

    /**
     * The 1-sigma uncertainty of one parameter at a best fit: sqrt of its diagonal element of the inverse
     * curvature ({@link #curvature}) over the free parameters; NaN if the curvature is singular.
     */
    public double uncertainty(int param, double[] data, double[] best) {
        int n = best.length;
        double[] g = new double[n];
        double[][] h = new double[n][n];
        curvature(data).derivatives(best, g, h);
        int[] idx = new int[n];
        int free = 0;
        int row = -1;
        for (int i = 0; i < n; i++) {
            if (!fixed[i]) {
                if (i == param) {
                    row = free;
                }
                idx[free++] = i;
            }
        }
        if (row < 0) {
            throw new IllegalArgumentException("parameter " + parameters.names().get(param) + " is fixed");
        }
        double[][] a = new double[free][free];
        for (int r = 0; r < free; r++) {
            for (int c = 0; c < free; c++) {
                a[r][c] = h[idx[r]][idx[c]];
            }
        }
        double[] e = new double[free];
        e[row] = 1;
        try {
            return Math.sqrt(LinearAlgebra.solve(a, e)[row]);
        } catch (ArithmeticException ex) {
            return Double.NaN;
        }
    }

    /** The k-th constraint term (auxiliary datum k). */
    Constraint constraint(int k) {
        return constraints.get(k);
    }

    /** Number of constraint terms (auxiliary data). */
    public int auxiliaryCount() {
        return constraints.size();
    }

    /** Name of the parameter the k-th auxiliary datum constrains. */
    public String auxiliaryParameter(int k) {
        return parameters.names().get(constraints.get(k).param());
    }

    public String[] channelNames() {
        return channelNames.clone();
    }
}
