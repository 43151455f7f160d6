package xmassnu.jobs.spectra;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import xmassnu.fits.analysis.AnalysisInputs;
import xmassnu.jobs.spark.SparkSchemas;
import xmassnu.schemas.Tables;

/**
 * The nominal templates and, for each systematic, its +1 sigma and -1 sigma templates (the variations
 * {@code <name>:up} and {@code <name>:down} of the spectra stage), as the fit needs them: one grid point's
 * {@link AnalysisInputs} with every systematic attached, so that the likelihood profiles them. Serializable:
 * broadcast to the fit tasks.
 */
public final class VariedTemplates implements Serializable {
    private static final String UP = ":up";
    private static final String DOWN = ":down";

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
     * Pairs the variations of a spectra stage ({@code nominal} plus {@code <name>:up} / {@code <name>:down}); a
     * variation without its partner, or named otherwise, is an error naming it.
     */
    public static VariedTemplates of(Map<String, Templates> byVariation) {
        Templates nominal = byVariation.get(Systematics.NOMINAL);
        if (nominal == null) {
            throw new IllegalArgumentException("templates have no nominal variation; present: " + byVariation.keySet());
        }
        Map<String, Templates[]> pairs = new TreeMap<>();
        for (Map.Entry<String, Templates> e : byVariation.entrySet()) {
            String v = e.getKey();
            if (v.equals(Systematics.NOMINAL)) {
                continue;
            }
            int direction = v.endsWith(UP) ? 0 : v.endsWith(DOWN) ? 1 : -1;
            if (direction < 0) {
                throw new IllegalArgumentException("template variation '" + v + "' is neither <name>" + UP
                        + " nor <name>" + DOWN);
            }
            String name = v.substring(0, v.lastIndexOf(':'));
            pairs.computeIfAbsent(name, k -> new Templates[2])[direction] = e.getValue();
        }
        pairs.forEach((name, p) -> {
            if (p[0] == null || p[1] == null) {
                throw new IllegalArgumentException("systematic '" + name + "' has only its " + (p[0] == null ? "down"
                        : "up") + " templates; both " + name + UP + " and " + name + DOWN + " are needed");
            }
        });
        return new VariedTemplates(nominal, pairs);
    }

    /**
     * Reads the given variations of a templates table ({@code DIR/spectra/templates}) in one pass, each into its
     * own {@link Templates}; a requested variation that is absent is an error listing the available ones. With
     * {@code variations} null, every variation of the table.
     */
    public static Map<String, Templates> read(SparkSession spark, Path templatesDir, Collection<String> variations) {
        Dataset<Row> table = SparkSchemas.read(spark, Tables.TEMPLATES, templatesDir);
        Map<String, List<Row>> rows = new TreeMap<>();
        if (variations != null) {
            variations.forEach(v -> rows.put(v, new ArrayList<>()));
            table = table.filter(col("variation").isin(variations.toArray()));
        }
        for (Row r : table.collectAsList()) {
            rows.computeIfAbsent(r.<String>getAs("variation"), v -> new ArrayList<>()).add(r);
        }
        Map<String, Templates> out = new LinkedHashMap<>();
        rows.forEach((v, rs) -> {
            if (rs.isEmpty()) {
                throw new IllegalArgumentException("no variation '" + v + "' in " + templatesDir + "; available: "
                        + available(spark, templatesDir));
            }
            out.put(v, Templates.fromRows(rs));
        });
        return out;
    }

    /** Every variation of a templates table, sorted. */
    public static List<String> available(SparkSession spark, Path templatesDir) {
        return SparkSchemas.read(spark, Tables.TEMPLATES, templatesDir).select("variation").distinct().collectAsList()
                .stream().map(r -> r.getString(0)).sorted().toList();
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

    /** One grid point's inputs with every systematic's +-1 sigma templates attached. */
    public AnalysisInputs inputs(Templates.SignalKey key) {
        List<AnalysisInputs.ShapeSystematic> sys = new ArrayList<>();
        systematics.forEach((name, t) -> sys.add(new AnalysisInputs.ShapeSystematic(name, t[0].inputs(key),
                t[1].inputs(key))));
        return nominal.inputs(key).withSystematics(sys);
    }
}
