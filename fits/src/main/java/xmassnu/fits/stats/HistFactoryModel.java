package xmassnu.fits.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The HistFactory probability model of a {@link Workspace} (Cranmer et al., CERN-OPEN-2012-016; pyhf, Heinrich et
 * al., JOSS 6 (2021) 2823): Poisson per bin of every channel times the constraint terms of the nuisance parameters.
 * Interpolation as pyhf's defaults: normsys code4 (6th-order polynomial inside |alpha| &lt; 1, exponential outside),
 * histosys code4p. Parameters are flat: scalars for normfactor/normsys/histosys/lumi, one per bin for
 * shapesys/staterror/shapefactor (named "name[i]").
 */
public final class HistFactoryModel {
    private final List<String> names = new ArrayList<>();
    private final List<Double> init = new ArrayList<>();
    private final List<double[]> bounds = new ArrayList<>();
    private final List<Boolean> fixed = new ArrayList<>();
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final int poi;
    private final int nMain;
    private final List<SampleTerm> samples = new ArrayList<>();
    /** The most bins and scalar factor terms of any sample (scratch sizes of the derivatives). */
    private int maxBins;
    private int maxTerms;
    private final List<Constraint> constraints = new ArrayList<>();
    private final double[] observedMain;
    private final String[] channelNames;
    private final int[] channelOffset;

    /**
     * One histosys modifier of a sample with its code4p coefficients per bin, computed once: the shifts at +1 and -1
     * sigma (linear extrapolation beyond), and inside |alpha| &lt;= 1 the half-sum S and A = (up - down) / 16 of
     * alpha S + A alpha^2 (15 - 10 alpha^2 + 3 alpha^4).
     */
    private record Histosys(int param, double[] up, double[] down, double[] halfSum, double[] asymmetry) {
        static Histosys of(int param, double[] nominal, double[] hi, double[] lo) {
            int n = nominal.length;
            double[] up = new double[n];
            double[] down = new double[n];
            double[] s = new double[n];
            double[] a = new double[n];
            for (int b = 0; b < n; b++) {
                up[b] = hi[b] - nominal[b];
                down[b] = nominal[b] - lo[b];
                s[b] = 0.5 * (up[b] + down[b]);
                a[b] = (up[b] - down[b]) / 16.0;
            }
            return new Histosys(param, up, down, s, a);
        }

        /** First and second derivative of every bin's shift at alpha, into d1 and d2. */
        void shiftDerivatives(double alpha, double[] d1, double[] d2, int bins) {
            if (alpha > 1 || alpha < -1) {
                double[] slope = alpha > 1 ? up : down;
                for (int b = 0; b < bins; b++) {
                    d1[b] = slope[b];
                    d2[b] = 0;
                }
                return;
            }
            double a2 = alpha * alpha;
            // P = 15 a^2 - 10 a^4 + 3 a^6
            double p1 = alpha * (30 - 40 * a2 + 18 * a2 * a2);
            double p2 = 30 - 120 * a2 + 90 * a2 * a2;
            for (int b = 0; b < bins; b++) {
                d1[b] = halfSum[b] + asymmetry[b] * p1;
                d2[b] = asymmetry[b] * p2;
            }
        }

        /** Adds the shift of every bin at alpha into v. */
        void addShift(double alpha, double[] v, int bins) {
            if (alpha > 1) {
                for (int b = 0; b < bins; b++) {
                    v[b] += alpha * up[b];
                }
            } else if (alpha < -1) {
                for (int b = 0; b < bins; b++) {
                    v[b] += alpha * down[b];
                }
            } else {
                double a2 = alpha * alpha;
                double polynomial = a2 * (15 - 10 * a2 + 3 * a2 * a2);
                for (int b = 0; b < bins; b++) {
                    v[b] += alpha * halfSum[b] + asymmetry[b] * polynomial;
                }
            }
        }
    }

    /** A sample's contribution to the flattened main bins [offset, offset + nominal.length). */
    private static final class SampleTerm {
        int offset;
        double[] nominal;
        List<int[]> scalarFactors = new ArrayList<>(); // normfactor / lumi: {param}
        List<int[]> powerFactors = new ArrayList<>(); // coupling power: {param, power}
        List<Object[]> normsys = new ArrayList<>(); // {param, coefficients double[7], hi, lo}
        List<Histosys> histosys = new ArrayList<>();
        List<int[]> binFactors = new ArrayList<>(); // shapesys / staterror / shapefactor: first param of nbins
        /** The parameters acting through the scalar factors or the shifts, each once (set after parsing). */
        int[] scalarParams;
    }

    /** A constraint term: Gaussian (aux | theta, sigma) or Poisson (aux | theta * tau). */
    record Constraint(int param, boolean poisson, double width, double auxNominal) {}

    public HistFactoryModel(Workspace ws, String measurementName) {
        Workspace.Measurement m = measurementName == null ? ws.measurements().get(0)
                : ws.measurements().stream().filter(x -> x.name().equals(measurementName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no measurement '" + measurementName + "'"));
        Map<String, Workspace.ParameterConfig> config = new LinkedHashMap<>();
        m.parameters().forEach(p -> config.put(p.name(), p));
        channelNames = new String[ws.channels().size()];
        channelOffset = new int[ws.channels().size() + 1];
        int offset = 0;
        Map<String, double[][]> staterrorSums = new LinkedHashMap<>(); // name -> {sumsq, sumnom}
        for (int c = 0; c < ws.channels().size(); c++) {
            Workspace.Channel ch = ws.channels().get(c);
            channelNames[c] = ch.name();
            channelOffset[c] = offset;
            int bins = ch.samples().isEmpty() ? 0 : ch.samples().get(0).data().length;
            for (Workspace.Sample s : ch.samples()) {
                String at = "channel " + ch.name() + ", sample " + s.name();
                if (s.data().length != bins) {
                    throw new IllegalArgumentException(at + ": " + s.data().length + " bins, channel has " + bins);
                }
                SampleTerm t = new SampleTerm();
                t.offset = offset;
                t.nominal = s.data().clone();
                for (Workspace.Modifier mod : s.modifiers()) {
                    String where = at + ", modifier " + mod.name() + " (" + mod.type() + ")";
                    switch (mod.type()) {
                        case "normfactor" -> t.scalarFactors.add(new int[] {scalar(mod.name(), 1, 0, 10, config)});
                        case "lumi" -> {
                            Workspace.ParameterConfig pc = config.get(mod.name());
                            if (pc == null || pc.sigmas() == null) {
                                throw new IllegalArgumentException(where + ": lumi needs sigmas in the measurement config");
                            }
                            int p = scalar(mod.name(), 1, 0, 10, config);
                            addConstraintOnce(new Constraint(p, false, pc.sigmas()[0],
                                    pc.auxdata() != null ? pc.auxdata()[0] : 1.0));
                            t.scalarFactors.add(new int[] {p});
                        }
                        case "normsys" -> {
                            JsonNode d = mod.data();
                            double hi = d.get("hi").asDouble();
                            double lo = d.get("lo").asDouble();
                            if (!(hi > 0) || !(lo > 0)) {
                                throw new IllegalArgumentException(where + ": hi and lo must be > 0");
                            }
                            int p = scalar(mod.name(), 0, -5, 5, config);
                            addConstraintOnce(new Constraint(p, false, 1, 0));
                            t.normsys.add(new Object[] {p, code4Coefficients(hi, lo), hi, lo});
                        }
                        case "histosys" -> {
                            double[] hi = Workspace.numbers(mod.data().get("hi_data"), where + ", hi_data");
                            double[] lo = Workspace.numbers(mod.data().get("lo_data"), where + ", lo_data");
                            if (hi.length != bins || lo.length != bins) {
                                throw new IllegalArgumentException(where + ": hi_data/lo_data need " + bins + " bins");
                            }
                            int p = scalar(mod.name(), 0, -5, 5, config);
                            addConstraintOnce(new Constraint(p, false, 1, 0));
                            t.histosys.add(Histosys.of(p, t.nominal, hi, lo));
                        }
                        case "shapesys" -> {
                            double[] sigma = Workspace.numbers(mod.data(), where);
                            if (sigma.length != bins) {
                                throw new IllegalArgumentException(where + ": needs " + bins + " uncertainties");
                            }
                            int first = vector(mod.name(), bins, 1, 1e-10, 10, config);
                            for (int b = 0; b < bins; b++) {
                                if (sigma[b] > 0 && t.nominal[b] > 0) {
                                    double tau = (t.nominal[b] / sigma[b]) * (t.nominal[b] / sigma[b]);
                                    constraints.add(new Constraint(first + b, true, tau, tau));
                                } else {
                                    fixed.set(first + b, true); // no uncertainty: the factor stays at 1 (as pyhf masks it)
                                }
                            }
                            t.binFactors.add(new int[] {first});
                        }
                        case "staterror" -> {
                            double[] sigma = Workspace.numbers(mod.data(), where);
                            int first = vector(mod.name(), bins, 1, 1e-10, 10, config);
                            double[][] sums = staterrorSums.computeIfAbsent(mod.name(), k -> new double[2][bins]);
                            for (int b = 0; b < bins; b++) {
                                sums[0][b] += sigma[b] * sigma[b];
                                sums[1][b] += t.nominal[b];
                            }
                            t.binFactors.add(new int[] {first});
                        }
                        case Workspace.COUPLING_POWER -> {
                            JsonNode power = mod.data() == null ? null : mod.data().get("power");
                            if (power == null || !power.canConvertToInt() || power.asInt() < 1 || power.asInt() > 8) {
                                throw new IllegalArgumentException(where + ": data.power must be an integer in 1..8");
                            }
                            t.powerFactors.add(new int[] {scalar(mod.name(), 1, 0, 10, config), power.asInt()});
                        }
                        case "shapefactor" -> t.binFactors.add(new int[] {vector(mod.name(), bins, 1, 0, 10, config)});
                        default -> throw new IllegalArgumentException(where + ": unsupported modifier type");
                    }
                }
                java.util.LinkedHashSet<Integer> acting = new java.util.LinkedHashSet<>();
                t.scalarFactors.forEach(f -> acting.add(f[0]));
                t.powerFactors.forEach(f -> acting.add(f[0]));
                t.normsys.forEach(f -> acting.add((int) f[0]));
                t.histosys.forEach(h -> acting.add(h.param()));
                t.scalarParams = acting.stream().mapToInt(Integer::intValue).toArray();
                maxBins = Math.max(maxBins, bins);
                maxTerms = Math.max(maxTerms, t.scalarFactors.size() + t.powerFactors.size() + t.normsys.size());
                samples.add(t);
            }
            offset += bins;
        }
        channelOffset[ws.channels().size()] = offset;
        nMain = offset;
        staterrorSums.forEach((name, sums) -> {
            int first = index.get(name + "[0]");
            for (int b = 0; b < sums[0].length; b++) {
                double rel = sums[1][b] > 0 ? Math.sqrt(sums[0][b]) / sums[1][b] : 0;
                if (rel > 0) {
                    constraints.add(new Constraint(first + b, false, rel, 1));
                } else {
                    fixed.set(first + b, true);
                }
            }
        });
        Integer p = index.get(m.poi());
        if (p == null) {
            throw new IllegalArgumentException("POI '" + m.poi() + "' is not a parameter of the model; parameters: " + names);
        }
        poi = p;
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

    private void addConstraintOnce(Constraint c) {
        for (Constraint x : constraints) {
            if (x.param() == c.param()) {
                return;
            }
        }
        constraints.add(c);
    }

    private int scalar(String name, double init0, double lo, double hi, Map<String, Workspace.ParameterConfig> config) {
        Integer existing = index.get(name);
        if (existing != null) {
            return existing;
        }
        int i = add(name, init0, lo, hi);
        Workspace.ParameterConfig pc = config.get(name);
        if (pc != null) {
            if (pc.inits() != null) {
                init.set(i, pc.inits()[0]);
            }
            if (pc.bounds() != null) {
                bounds.set(i, pc.bounds()[0].clone());
            }
            if (pc.fixed() != null) {
                fixed.set(i, pc.fixed());
            }
        }
        return i;
    }

    private int vector(String name, int bins, double init0, double lo, double hi,
                       Map<String, Workspace.ParameterConfig> config) {
        Integer existing = index.get(name + "[0]");
        if (existing != null) {
            return existing;
        }
        int first = names.size();
        for (int b = 0; b < bins; b++) {
            add(name + "[" + b + "]", init0, lo, hi);
        }
        Workspace.ParameterConfig pc = config.get(name);
        if (pc != null && pc.fixed() != null) {
            for (int b = 0; b < bins; b++) {
                fixed.set(first + b, pc.fixed());
            }
        }
        return first;
    }

    private int add(String name, double init0, double lo, double hi) {
        index.put(name, names.size());
        names.add(name);
        init.add(init0);
        bounds.add(new double[] {lo, hi});
        fixed.add(false);
        return names.size() - 1;
    }

    /**
     * Coefficients a1..a6 of the code-4 polynomial 1 + sum a_i alpha^i matching value, slope and curvature of the
     * exponential extrapolation hi^alpha (alpha &gt; 1), lo^-alpha (alpha &lt; -1) at alpha = +-1.
     */
    static double[] code4Coefficients(double hi, double lo) {
        double lh = Math.log(hi);
        double ll = Math.log(lo);
        double[] rhs = {hi - 1, lo - 1, hi * lh, -lo * ll, hi * lh * lh, lo * ll * ll};
        double[][] a = new double[6][6];
        for (int i = 1; i <= 6; i++) {
            a[0][i - 1] = 1;                                // f(1)
            a[1][i - 1] = Math.pow(-1, i);                  // f(-1)
            a[2][i - 1] = i;                                // f'(1)
            a[3][i - 1] = i * Math.pow(-1, i - 1);          // f'(-1)
            a[4][i - 1] = i * (i - 1);                      // f''(1)
            a[5][i - 1] = i * (i - 1) * Math.pow(-1, i - 2); // f''(-1)
        }
        double[] coef = LinearAlgebra.solve(a, rhs);
        double[] out = new double[7];
        out[0] = 1;
        System.arraycopy(coef, 0, out, 1, 6);
        return out;
    }

    static double code4(double alpha, double[] c, double hi, double lo) {
        if (alpha >= 1) {
            return Math.pow(hi, alpha);
        }
        if (alpha <= -1) {
            return Math.pow(lo, -alpha);
        }
        double v = c[6];
        for (int i = 5; i >= 0; i--) {
            v = v * alpha + c[i];
        }
        return v;
    }

    /** code4's first and second derivative in alpha, into out[0] and out[1]. */
    static void code4Derivatives(double alpha, double[] c, double hi, double lo, double[] out) {
        if (alpha >= 1) {
            double v = Math.pow(hi, alpha);
            double l = Math.log(hi);
            out[0] = v * l;
            out[1] = v * l * l;
            return;
        }
        if (alpha <= -1) {
            double v = Math.pow(lo, -alpha);
            double l = Math.log(lo);
            out[0] = -v * l;
            out[1] = v * l * l;
            return;
        }
        double d1 = 6 * c[6];
        double d2 = 30 * c[6];
        for (int i = 5; i >= 1; i--) {
            d1 = d1 * alpha + i * c[i];
        }
        for (int i = 5; i >= 2; i--) {
            d2 = d2 * alpha + i * (i - 1) * c[i];
        }
        out[0] = d1;
        out[1] = d2;
    }

    /**
     * Expected main-bin counts at p and their exact derivatives: jac[k][i] = d nu_i / d p_k and second[k][i] =
     * d2 nu_i / d p_k^2, for every parameter k not in {@code skip} (rows of parameters no sample depends on stay
     * null). Per sample, nu = F(scalar factors) x G_b(bin factors) x (nominal + histosys shifts); a parameter may act
     * through F and the shifts at once (a normsys and a histosys of the same name, as HistFactory pairs them).
     */
    void expectedWithDerivatives(double[] p, double[] nu, double[][] jac, double[][] second, boolean[] skip) {
        java.util.Arrays.fill(nu, 0, nMain, 0);
        double[] code4d = new double[2];
        // scratch, sized for the largest sample
        int[] termParam = new int[maxTerms];
        double[] value = new double[maxTerms];
        double[] d1 = new double[maxTerms];
        double[] d2 = new double[maxTerms];
        double[] v = new double[maxBins];
        double[] g = new double[maxBins];
        double[] s1 = new double[maxBins];
        double[] s2 = new double[maxBins];
        double[] dv = new double[maxBins];
        double[] d2v = new double[maxBins];
        for (SampleTerm t : samples) {
            int bins = t.nominal.length;
            // scalar terms: {param, value, d1, d2}
            int nTerms = t.scalarFactors.size() + t.powerFactors.size() + t.normsys.size();
            int j = 0;
            for (int[] sf : t.scalarFactors) {
                termParam[j] = sf[0];
                value[j] = p[sf[0]];
                d1[j] = 1;
                d2[j++] = 0;
            }
            for (int[] pf : t.powerFactors) {
                double c = p[pf[0]];
                int n = pf[1];
                termParam[j] = pf[0];
                value[j] = pow(c, n);
                d1[j] = n * pow(c, n - 1);
                d2[j++] = n > 1 ? n * (n - 1) * pow(c, n - 2) : 0;
            }
            for (Object[] ns : t.normsys) {
                int k = (int) ns[0];
                termParam[j] = k;
                value[j] = code4(p[k], (double[]) ns[1], (double) ns[2], (double) ns[3]);
                code4Derivatives(p[k], (double[]) ns[1], (double) ns[2], (double) ns[3], code4d);
                d1[j] = code4d[0];
                d2[j++] = code4d[1];
            }
            double factor = 1;
            for (int i = 0; i < nTerms; i++) {
                factor *= value[i];
            }
            shiftedNominal(t, p, v);
            java.util.Arrays.fill(g, 0, bins, 1);
            for (int[] bf : t.binFactors) {
                for (int b = 0; b < bins; b++) {
                    g[b] *= p[bf[0] + b];
                }
            }
            for (int b = 0; b < bins; b++) {
                nu[t.offset + b] += factor * g[b] * v[b];
            }
            for (int k : t.scalarParams) {
                if (skip[k]) {
                    continue;
                }
                // dF/dp_k and d2F/dp_k^2 by the product rule over the terms in p_k
                double dF = 0;
                double d2F = 0;
                for (int a = 0; a < nTerms; a++) {
                    if (termParam[a] != k) {
                        continue;
                    }
                    double others = 1;
                    for (int i = 0; i < nTerms; i++) {
                        others *= i == a ? 1 : value[i];
                    }
                    dF += d1[a] * others;
                    d2F += d2[a] * others;
                    for (int c = 0; c < nTerms; c++) {
                        if (c == a || termParam[c] != k) {
                            continue;
                        }
                        double rest = 1;
                        for (int i = 0; i < nTerms; i++) {
                            rest *= i == a || i == c ? 1 : value[i];
                        }
                        d2F += d1[a] * d1[c] * rest;
                    }
                }
                java.util.Arrays.fill(dv, 0, bins, 0);
                java.util.Arrays.fill(d2v, 0, bins, 0);
                for (Histosys h : t.histosys) {
                    if (h.param() == k) {
                        h.shiftDerivatives(p[k], s1, s2, bins);
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
            for (int[] bf : t.binFactors) {
                for (int b = 0; b < bins; b++) {
                    int k = bf[0] + b;
                    if (skip[k]) {
                        continue;
                    }
                    double others = 1;
                    for (int[] other : t.binFactors) {
                        others *= other == bf ? 1 : p[other[0] + b];
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

    /** A sample's nominal plus its histosys shifts at p, into v[0..bins). */
    private static void shiftedNominal(SampleTerm t, double[] p, double[] v) {
        int bins = t.nominal.length;
        System.arraycopy(t.nominal, 0, v, 0, bins);
        for (Histosys h : t.histosys) {
            h.addShift(p[h.param()], v, bins);
        }
    }

    private static double pow(double x, int n) {
        double r = 1;
        for (int i = 0; i < n; i++) {
            r *= x;
        }
        return r;
    }

    public int parameterCount() {
        return names.size();
    }

    public List<String> parameterNames() {
        return List.copyOf(names);
    }

    public int poiIndex() {
        return poi;
    }

    public double[] initialValues() {
        return init.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public double[] lowerBounds() {
        return bounds.stream().mapToDouble(b -> b[0]).toArray();
    }

    public double[] upperBounds() {
        return bounds.stream().mapToDouble(b -> b[1]).toArray();
    }

    public boolean[] fixedParameters() {
        boolean[] f = new boolean[fixed.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = fixed.get(i);
        }
        return f;
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
        java.util.Arrays.fill(out, 0, nMain, 0);
        for (SampleTerm t : samples) {
            double factor = 1;
            for (int[] s : t.scalarFactors) {
                factor *= p[s[0]];
            }
            for (int[] s : t.powerFactors) {
                double c = p[s[0]];
                for (int k = 0; k < s[1]; k++) {
                    factor *= c;
                }
            }
            for (Object[] n : t.normsys) {
                factor *= code4(p[(int) n[0]], (double[]) n[1], (double) n[2], (double) n[3]);
            }
            int bins = t.nominal.length;
            double[] v = t.nominal;
            if (!t.histosys.isEmpty()) {
                v = new double[bins];
                shiftedNominal(t, p, v);
            }
            for (int b = 0; b < bins; b++) {
                double x = v[b];
                for (int[] bf : t.binFactors) {
                    x *= p[bf[0] + b];
                }
                out[t.offset + b] += x * factor;
            }
        }
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
        boolean[] skip = new boolean[names.size()];
        for (int k = 0; k < skip.length; k++) {
            skip[k] = fixed.get(k);
        }
        return (x, g, hess) -> {
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
            if (!fixed.get(i)) {
                if (i == param) {
                    row = free;
                }
                idx[free++] = i;
            }
        }
        if (row < 0) {
            throw new IllegalArgumentException("parameter " + names.get(param) + " is fixed");
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

    public String[] channelNames() {
        return channelNames.clone();
    }
}
