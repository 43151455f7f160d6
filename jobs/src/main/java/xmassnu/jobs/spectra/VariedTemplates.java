package xmassnu.jobs.spectra;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import xmassnu.fits.analysis.AnalysisInputs;
import xmassnu.jobs.io.ParquetTableReader;
import xmassnu.jobs.io.TableData;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.storage.Storage;
import xmassnu.schemas.Tables;

/**
 * The nominal templates and, for each systematic, its +1 sigma and -1 sigma templates (the variations
 * {@code <name>:up} and {@code <name>:down} of the spectra stage), as the fit needs them: one grid point's
 * {@link AnalysisInputs} with every systematic attached, so that the likelihood profiles them. Serializable:
 * broadcast to the fit tasks.
 */
public final class VariedTemplates implements Serializable {
    private final Templates nominal;
    /** name -> {up, down}, in name order. */
    private final Map<String, Templates[]> systematics;

    private VariedTemplates(Templates nominal, Map<String, Templates[]> systematics) {
        this.nominal = nominal;
        this.systematics = systematics;
    }

    /** The templates alone, without systematics (a sweep's variation, or a fit that does not profile). */
    public static VariedTemplates withoutSystematics(Templates nominal) {
        return new VariedTemplates(nominal, new TreeMap<>());
    }

    /**
     * Pairs the variations of a spectra stage (the nominal one plus each systematic's up and down); a variation without
     * its partner is an error naming it.
     */
    public static VariedTemplates of(Map<Variation, Templates> byVariation) {
        Templates nominal = byVariation.get(Variation.NOMINAL);
        if (nominal == null) {
            throw new IllegalArgumentException("templates have no nominal variation; present: " + byVariation.keySet());
        }
        Map<String, Templates[]> pairs = new TreeMap<>();
        for (Map.Entry<Variation, Templates> e : byVariation.entrySet()) {
            Variation v = e.getKey();
            if (v.isNominal()) {
                continue;
            }
            if (!byVariation.containsKey(v.partner())) {
                throw new IllegalArgumentException("systematic '" + v.systematic() + "' has only its " + v.label()
                        + " templates; both " + v.label() + " and " + v.partner().label() + " are needed");
            }
            pairs.computeIfAbsent(v.nuisanceParameter(), k -> new Templates[2])[v.direction() == Variation.Direction.UP
                    ? 0 : 1] = e.getValue();
        }
        return new VariedTemplates(nominal, pairs);
    }

    /**
     * Reads the given variations of a committed spectra output's templates table in one pass, each into its own
     * {@link Templates}; a requested variation that is absent is an error listing the available ones. With
     * {@code variations} null, every variation of the table.
     */
    public static Map<Variation, Templates> read(Storage storage, CommittedStage spectra,
                                                 Collection<Variation> variations) {
        TableData table = ParquetTableReader.readAll(storage, spectra.tableFiles(DataLayout.TEMPLATES, Tables.TEMPLATES),
                Tables.TEMPLATES,
                List.of());
        List<Variation> available = available(table);
        Map<Variation, Templates> out = new LinkedHashMap<>();
        for (Variation v : variations == null ? available : new TreeSet<>(variations)) {
            if (!available.contains(v)) {
                throw new IllegalArgumentException("no variation '" + v + "' in " + spectra.dir().resolve(DataLayout.TEMPLATES)
                        + "; available: " + available);
            }
            out.put(v, Templates.fromTable(table, v.label()));
        }
        return out;
    }

    /** Every variation of a committed spectra output's templates, sorted by label. */
    public static List<Variation> available(Storage storage, CommittedStage spectra) {
        return available(ParquetTableReader.readAll(storage, spectra.tableFiles(DataLayout.TEMPLATES, Tables.TEMPLATES),
                Tables.TEMPLATES,
                List.of("variation")));
    }

    private static List<Variation> available(TableData t) {
        TreeSet<Variation> v = new TreeSet<>();
        for (String label : t.strings("variation")) {
            v.add(Variation.parse(label));
        }
        return List.copyOf(v);
    }

    public Templates nominal() {
        return nominal;
    }

    /** The systematics' names, sorted (their nuisance parameters follow this order). */
    public List<String> systematicNames() {
        return List.copyOf(systematics.keySet());
    }

    /** Every template set projected to {@code factor} times the exposure ({@link Templates#projected}). */
    public VariedTemplates projected(double factor) {
        Map<String, Templates[]> p = new TreeMap<>();
        systematics.forEach((name, t) -> p.put(name, new Templates[] {t[0].projected(factor), t[1].projected(factor)}));
        return new VariedTemplates(nominal.projected(factor), p);
    }

    /**
     * One grid point's inputs with every systematic's +-1 sigma templates attached, except those that leave this
     * point's expected counts as they are, to rounding (the mixing angles do not move nu_e or the flavour sum): a nuisance
     * parameter with no effect leaves the profile likelihood unchanged and only costs fit time.
     */
    public AnalysisInputs inputs(Templates.SignalKey key) {
        AnalysisInputs nominalInputs = nominal.inputs(key);
        List<AnalysisInputs.ShapeSystematic> sys = new ArrayList<>();
        systematics.forEach((name, t) -> {
            AnalysisInputs up = t[0].inputs(key);
            AnalysisInputs down = t[1].inputs(key);
            if (!sameExpectedCounts(nominalInputs, up) || !sameExpectedCounts(nominalInputs, down)) {
                sys.add(new AnalysisInputs.ShapeSystematic(name, up, down));
            }
        });
        return nominalInputs.withSystematics(sys);
    }

    private static boolean sameExpectedCounts(AnalysisInputs a, AnalysisInputs b) {
        if (!same(a.standardModel().counts(), b.standardModel().counts())
                || !same(a.interference().counts(), b.interference().counts())
                || !same(a.newPhysics().counts(), b.newPhysics().counts())) {
            return false;
        }
        for (Map.Entry<String, xmassnu.fits.analysis.Histogram> e : a.backgrounds().entrySet()) {
            if (!same(e.getValue().counts(), b.backgrounds().get(e.getKey()).counts())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Equal to rounding: a flavour sum that the mixing angles leave unchanged is summed in another order and can
     * differ in the last bits (1e-12 relative is far below any template's Monte Carlo or numerical precision).
     */
    private static boolean same(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= 1e-12 * Math.max(Math.abs(a[i]), Math.abs(b[i])))) {
                return false;
            }
        }
        return true;
    }
}
