package xmassnu.jobs.spectra;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import xmassnu.fits.analysis.AnalysisInputs;
import xmassnu.fits.analysis.Histogram;
import xmassnu.fits.physics.FlavourCase;
import xmassnu.fits.physics.Model;
import xmassnu.fits.physics.RecoilRates;
import xmassnu.fits.response.ResponseMatrix;
import xmassnu.jobs.io.ParquetTableWriter;
import xmassnu.jobs.io.TableData;

/**
 * The analysis templates in memory: observed histogram, background templates, the Standard-Model solar template
 * and the signal pieces per (model, flavour case, mass). Built by the spectra stage from the response, or read back
 * from its Parquet table (one row per sample and bin) by the fit stage. Serializable: shipped to fit tasks.
 */
public final class Templates implements Serializable {
    /**
     * A signal grid point; massMev is null for models without a mediator mass. Ordered as the grid is listed: by
     * model label, flavour label, mass.
     */
    public record SignalKey(Model model, FlavourCase flavour, Double massMev) implements Serializable {
        public static final java.util.Comparator<SignalKey> GRID_ORDER = java.util.Comparator
                .comparing((SignalKey k) -> k.model().label()).thenComparing(k -> k.flavour().label())
                .thenComparing(k -> k.massMev() == null ? 0.0 : k.massMev());

        public SignalKey {
            Objects.requireNonNull(model);
            Objects.requireNonNull(flavour);
            if (model.hasMediatorMass() != (massMev != null)) {
                throw new IllegalArgumentException(model.label() + (model.hasMediatorMass() ? " needs" : " has no")
                        + " mediator mass");
            }
        }

        /** A key from the labels of a table row. */
        public static SignalKey parse(String model, String flavour, Double massMev) {
            return new SignalKey(Model.parse(model), FlavourCase.parse(flavour), massMev);
        }

        /** The seed-stable identity of the point: labels, not enum identities (whose hash codes change per JVM). */
        public String describe() {
            return model.label() + "/" + flavour.label() + (massMev == null ? "" : "/" + massMev);
        }
    }

    private final double[] edges;
    private final double[] observed;
    private final Map<String, Histogram> backgrounds;
    private final Histogram standardModel;
    private final Map<SignalKey, Histogram[]> pieces; // {interference, new physics}

    private Templates(double[] edges, double[] observed, Map<String, Histogram> backgrounds, Histogram standardModel,
                      Map<SignalKey, Histogram[]> pieces) {
        this.edges = edges.clone();
        this.observed = observed.clone();
        this.backgrounds = backgrounds;
        this.standardModel = standardModel;
        this.pieces = pieces;
    }

    /** Folds the Standard Model and every configured signal piece through the response for the exposure. */
    public Templates(double[] edges, double[] observed, Map<String, Histogram> backgrounds, ResponseMatrix response,
              RecoilRates rates, double liveDays) {
        this(edges, observed, backgrounds, fold(response, rates.standardModel(), liveDays), new LinkedHashMap<>());
        this.folder = (key) -> {
            Model m = key.model();
            FlavourCase f = key.flavour();
            double mass = key.massMev() == null ? 0 : key.massMev();
            return new Histogram[] {fold(response, rates.interferenceAtUnitCoupling(m, f, mass), liveDays),
                    fold(response, rates.newPhysicsAtUnitCoupling(m, f, mass), liveDays)};
        };
    }

    private transient java.util.function.Function<SignalKey, Histogram[]> folder;

    private static Histogram fold(ResponseMatrix response, double[] densityAtNodes, double liveDays) {
        ResponseMatrix.Folded f = response.fold(response.binIntegrals(densityAtNodes), liveDays);
        return new Histogram(f.counts(), f.statError());
    }

    /** Every signal grid point of the settings, in a fixed order. */
    public static List<SignalKey> grid(SpectraSettings s) {
        List<SignalKey> keys = new ArrayList<>();
        for (String m : s.models()) {
            Model model = Model.parse(m);
            for (String f : s.flavours()) {
                if (model.hasMediatorMass()) {
                    for (double mass : s.massesMev()) {
                        keys.add(new SignalKey(model, FlavourCase.parse(f), mass));
                    }
                } else {
                    keys.add(new SignalKey(model, FlavourCase.parse(f), null));
                }
            }
        }
        return keys;
    }

    private Histogram[] pieces(SignalKey key) {
        Histogram[] p = pieces.get(key);
        if (p == null && folder != null) {
            p = folder.apply(key);
            pieces.put(key, p);
        }
        if (p == null) {
            throw new IllegalArgumentException("no signal templates for " + key + " in the spectra");
        }
        return p;
    }

    /**
     * The templates for {@code factor} times the exposure, with the background-only Asimov dataset (backgrounds +
     * Standard Model, not rounded) as the observation: the observed limits then equal the median expected ones.
     * Relative Monte Carlo errors are kept (the template samples do not grow with the projected exposure).
     */
    public Templates projected(double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("projection factor must be > 0, got " + factor);
        }
        Map<String, Histogram> bkg = new LinkedHashMap<>();
        backgrounds.forEach((k, h) -> bkg.put(k, h.scaled(factor)));
        Histogram sm = standardModel.scaled(factor);
        double[] asimov = sm.counts();
        for (Histogram h : bkg.values()) {
            double[] c = h.counts();
            for (int j = 0; j < asimov.length; j++) {
                asimov[j] += c[j];
            }
        }
        Map<SignalKey, Histogram[]> p = new LinkedHashMap<>();
        for (SignalKey k : signalKeys()) {
            Histogram[] x = pieces(k);
            p.put(k, new Histogram[] {x[0].scaled(factor), x[1].scaled(factor)});
        }
        return new Templates(edges, asimov, bkg, sm, p);
    }

    /**
     * The mirror image of this variation about the nominal templates, 2 x nominal - this, for a variation that can
     * only be simulated in one direction (a wider resolution): every background, the Standard Model and each grid
     * point's pieces. Counts that must be non-negative are clipped at 0 (the interference piece may be negative);
     * the Monte Carlo errors are this variation's.
     */
    public Templates mirroredAbout(Templates nominal, List<SignalKey> grid) {
        Map<String, Histogram> bkg = new LinkedHashMap<>();
        backgrounds.forEach((k, h) -> bkg.put(k, mirror(nominal.backgrounds.get(k), h, true)));
        Map<SignalKey, Histogram[]> p = new LinkedHashMap<>();
        for (SignalKey k : grid) {
            Histogram[] mine = pieces(k);
            Histogram[] nom = nominal.pieces(k);
            p.put(k, new Histogram[] {mirror(nom[0], mine[0], false), mirror(nom[1], mine[1], true)});
        }
        return new Templates(edges, observed, bkg, mirror(nominal.standardModel, standardModel, true), p);
    }

    private static Histogram mirror(Histogram nominal, Histogram varied, boolean nonNegative) {
        if (nominal == null) {
            throw new IllegalArgumentException("the nominal templates lack a sample of the variation");
        }
        double[] n = nominal.counts();
        double[] v = varied.counts();
        double[] m = new double[n.length];
        for (int j = 0; j < n.length; j++) {
            m[j] = 2 * n[j] - v[j];
            if (nonNegative) {
                m[j] = Math.max(0, m[j]);
            }
        }
        return new Histogram(m, varied.statError());
    }

    public Histogram standardModel() {
        return standardModel;
    }

    public double[] edges() {
        return edges.clone();
    }

    public double[] observed() {
        return observed.clone();
    }

    public Map<String, Histogram> backgrounds() {
        return backgrounds;
    }

    public List<SignalKey> signalKeys() {
        return List.copyOf(pieces.keySet());
    }

    public AnalysisInputs inputs(Model model, FlavourCase flavour, Double massMev) {
        Histogram[] p = pieces(new SignalKey(model, flavour, model.hasMediatorMass() ? massMev : null));
        return new AnalysisInputs(model, flavour.label(), model.hasMediatorMass() ? massMev : null, observed,
                backgrounds, standardModel, p[0], p[1]);
    }

    public AnalysisInputs inputs(SignalKey key) {
        return inputs(key.model(), key.flavour(), key.massMev());
    }

    /** Writes the rows of one variation into the templates table (schemas: templates), in a fixed order. */
    void write(ParquetTableWriter w, List<SignalKey> grid, String variation) {
        Columns c = new Columns(w);
        add(c, "observed", "data", null, Histogram.withoutError(observed), 0, variation);
        backgrounds.forEach((name, h) -> add(c, "background", name, null, h, 0, variation));
        add(c, "signal", "sm", null, standardModel, 0, variation);
        for (SignalKey k : grid) {
            Histogram[] p = pieces(k);
            Model m = k.model();
            add(c, "signal", "interference", k, p[0], m.interferencePower(), variation);
            add(c, "signal", "new_physics", k, p[1], m.newPhysicsPower(), variation);
        }
    }

    /** The templates table's columns, looked up once per file. */
    private record Columns(ParquetTableWriter w, int sample, int component, int model, int flavour, int mass,
                           int variation, int power, int bin, int low, int high, int counts, int error) {
        Columns(ParquetTableWriter w) {
            this(w, w.column("sample"), w.column("component"), w.column("model"), w.column("flavour"),
                    w.column("mass_mev"), w.column("variation"), w.column("coupling_power"), w.column("bin_index"),
                    w.column("energy_low_kevee"), w.column("energy_high_kevee"), w.column("counts"),
                    w.column("counts_stat_error"));
        }
    }

    private void add(Columns c, String sample, String component, SignalKey k, Histogram h, int power, String variation) {
        double[] counts = h.counts();
        double[] errors = h.statError();
        ParquetTableWriter w = c.w();
        for (int j = 0; j < h.bins(); j++) {
            w.set(c.sample(), sample).set(c.component(), component).set(c.model(), k == null ? null : k.model().label())
                    .set(c.flavour(), k == null ? null : k.flavour().label());
            if (k == null || k.massMev() == null) {
                w.setNull(c.mass());
            } else {
                w.set(c.mass(), k.massMev());
            }
            w.set(c.variation(), variation).set(c.power(), power).set(c.bin(), j).set(c.low(), edges[j])
                    .set(c.high(), edges[j + 1]).set(c.counts(), counts[j]).set(c.error(), errors[j]).endRow();
        }
    }

    /** Reads the templates table back: the rows of one variation. */
    public static Templates fromTable(TableData t, String variation) {
        String[] variations = t.strings("variation");
        long[] bin = t.longs("bin_index");
        int bins = 0;
        for (int r = 0; r < t.rows(); r++) {
            if (variations[r].equals(variation)) {
                bins = Math.max(bins, (int) bin[r] + 1);
            }
        }
        double[] edges = new double[bins + 1];
        Map<String, double[][]> byName = new LinkedHashMap<>();
        Map<SignalKey, double[][][]> sig = new LinkedHashMap<>();
        String[] samples = t.strings("sample");
        String[] components = t.strings("component");
        String[] models = t.strings("model");
        String[] flavours = t.strings("flavour");
        double[] low = t.doubles("energy_low_kevee");
        double[] high = t.doubles("energy_high_kevee");
        double[] counts = t.doubles("counts");
        double[] errors = t.doubles("counts_stat_error");
        for (int r = 0; r < t.rows(); r++) {
            if (!variations[r].equals(variation)) {
                continue;
            }
            int j = (int) bin[r];
            edges[j] = low[r];
            edges[j + 1] = high[r];
            String sample = samples[r];
            String comp = components[r];
            double c = counts[r];
            double e = errors[r];
            double[][] target;
            if ("signal".equals(sample) && models[r] != null) {
                SignalKey k = SignalKey.parse(models[r], flavours[r], t.doubleOrNull("mass_mev", r));
                double[][][] p = sig.computeIfAbsent(k, x -> new double[2][2][0]);
                int which = "interference".equals(comp) ? 0 : 1;
                if (p[which][0].length == 0) {
                    p[which] = new double[2][bins];
                }
                target = p[which];
            } else {
                target = byName.computeIfAbsent(sample + "/" + comp, x -> new double[2][0]);
                if (target[0].length == 0) {
                    target[0] = new double[bins];
                    target[1] = new double[bins];
                }
            }
            if (target[0].length != bins) {
                throw new IllegalStateException("templates: inconsistent bin count for " + sample + "/" + comp);
            }
            target[0][j] = c;
            target[1][j] = e;
        }
        double[][] obs = byName.remove("observed/data");
        double[][] sm = byName.remove("signal/sm");
        if (obs == null || sm == null) {
            throw new IllegalArgumentException("templates table has no observed data or no Standard-Model template");
        }
        Map<String, Histogram> bkg = new LinkedHashMap<>();
        byName.forEach((k, v) -> {
            if (!k.startsWith("background/")) {
                throw new IllegalArgumentException("templates table: unexpected sample " + k);
            }
            bkg.put(k.substring("background/".length()), new Histogram(v[0], v[1]));
        });
        Map<SignalKey, Histogram[]> pieces = new LinkedHashMap<>();
        sig.forEach((k, p) -> {
            if (p[0][0].length == 0 || p[1][0].length == 0) {
                throw new IllegalArgumentException("templates table: " + k + " lacks a piece");
            }
            pieces.put(k, new Histogram[] {new Histogram(p[0][0], p[0][1]), new Histogram(p[1][0], p[1][1])});
        });
        return new Templates(edges, obs[0], bkg, new Histogram(sm[0], sm[1]), pieces);
    }
}
