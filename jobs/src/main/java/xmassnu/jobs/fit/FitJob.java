package xmassnu.jobs.fit;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.analysis.CouplingLimit;
import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.physics.Model;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.io.Progress;
import xmassnu.jobs.io.StageDirectory;
import xmassnu.jobs.lineage.Lineage;
import xmassnu.jobs.spark.SparkSchemas;
import xmassnu.jobs.spectra.SpectraJob;
import xmassnu.jobs.spectra.Systematics;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.spectra.VariedTemplates;
import xmassnu.reduction.sim.StreamRng;
import xmassnu.schemas.Tables;

/**
 * The fit stage: one Spark task per grid point (model x flavour case x mediator mass x variation) computes the CLs
 * upper limits on the coupling from the spectra stage's templates. A point that fails returns its status and reason
 * instead of failing the job; every point is written. Outputs DIR/limits/{grid (Parquet), limits.csv, hepdata/,
 * plots}.
 */
public final class FitJob {
    public static final String LIMITS = "limits";

    private FitJob() {}

    /**
     * @param projectLiveDays null for the limits from the data; else the expected limits for this many live days
     *                        (templates scaled, background-only Asimov data) written to DIR/projection-&lt;days&gt;d
     */
    public record Request(Path dataDir, FitSettings settings, long seed, Double projectLiveDays, boolean force,
                          boolean quiet) {
        public Request(Path dataDir, FitSettings settings, long seed, boolean force, boolean quiet) {
            this(dataDir, settings, seed, null, force, quiet);
        }
    }

    /**
     * One grid point's outcome; {@code profiledSystematics} names the systematics in its likelihood, comma-separated
     * (empty when none).
     */
    public record Point(Templates.SignalKey key, String variation, String profiledSystematics, double observed,
                        double[] expected, String status, String reason, long seed, double toyClsAtObserved,
                        double fitTimeMs) implements Serializable {
        public boolean converged() {
            return "converged".equals(status);
        }
    }

    public record Result(boolean reused, Path dir, List<Point> points, double wallSeconds) {
        public long failed() {
            return points.stream().filter(p -> !p.converged()).count();
        }
    }

    public static Result run(SparkSession spark, Request req) {
        long t0 = System.nanoTime();
        Path spectraDir = req.dataDir().resolve(SpectraJob.SPECTRA);
        String spectraHash = StageDirectory.committedHash(spectraDir, "committed spectra",
                "bin/xmass spectra --data " + req.dataDir());
        ObjectNode conf = Json.MAPPER.createObjectNode();
        conf.set("settings", Json.MAPPER.valueToTree(req.settings()));
        conf.put("seed", req.seed());
        if (req.projectLiveDays() != null) {
            conf.put("project_live_days", req.projectLiveDays());
        }
        Lineage lineage = Lineage.of("fit", conf, List.of(spectraHash));
        Path dir = req.dataDir().resolve(req.projectLiveDays() == null ? LIMITS
                : String.format(java.util.Locale.ROOT, "projection-%sd", trim(req.projectLiveDays())));
        StageDirectory stage = new StageDirectory(dir, lineage);
        if (stage.isCommitted() && !req.force()) {
            return new Result(true, dir, readPoints(spark, dir), 0);
        }
        VariedTemplates templates = readTemplates(spark, spectraDir.resolve("templates"), req.settings());
        if (req.projectLiveDays() != null) {
            double live = SpectraJob.readSummary(spectraDir).path("livetime_days").asDouble(Double.NaN);
            if (!(live > 0) || !(req.projectLiveDays() > 0)) {
                throw new IllegalArgumentException("cannot project " + spectraDir + " (live days " + live + ") to "
                        + req.projectLiveDays() + " live days");
            }
            templates = templates.projected(req.projectLiveDays() / live);
        }
        List<Templates.SignalKey> keys = new ArrayList<>(templates.nominal().signalKeys());
        keys.sort(Comparator.comparing(Templates.SignalKey::model).thenComparing(Templates.SignalKey::flavour)
                .thenComparing(k -> k.massMev() == null ? 0.0 : k.massMev()));
        Path staging = stage.begin(req.force());
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Broadcast<VariedTemplates> shared = jsc.broadcast(templates);
            LongAccumulator done = spark.sparkContext().longAccumulator("grid points");
            FitSettings settings = req.settings();
            long seed = req.seed();
            int slices = Math.max(1, Math.min(keys.size(), jsc.defaultParallelism() * 4));
            List<Point> points;
            try (Progress p = new Progress("fit", "points", jsc.statusTracker(), done, req.quiet())) {
                Function<Templates.SignalKey, Point> fit = k -> {
                    Point r = fitPoint(shared.value(), k, Systematics.NOMINAL, settings, seed);
                    done.add(1);
                    return r;
                };
                points = jsc.parallelize(keys, slices).map(fit).collect();
            }
            LimitOutputs.write(spark, staging, points, settings);
            stage.commit();
            return new Result(false, dir, points, (System.nanoTime() - t0) * 1e-9);
        } catch (RuntimeException e) {
            stage.abort();
            throw e;
        }
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * The nominal templates and, when the settings profile them, every systematic's +-1 sigma templates (all the
     * variations the spectra stage wrote).
     */
    static VariedTemplates readTemplates(SparkSession spark, Path templatesDir, FitSettings s) {
        if (!s.profileSystematics()) {
            return VariedTemplates.withoutSystematics(
                    VariedTemplates.read(spark, templatesDir, List.of(Systematics.NOMINAL)).get(Systematics.NOMINAL));
        }
        return VariedTemplates.of(VariedTemplates.read(spark, templatesDir, null));
    }

    /**
     * Never throws: a failure becomes the point's status and reason. {@code variation} labels the templates' own
     * variation (the sweep's axis). The seed depends on the grid point, not on the variation: toys of the
     * variations are then the same pseudo-experiments, and their shifts carry no toy noise.
     */
    static Point fitPoint(VariedTemplates t, Templates.SignalKey k, String variation, FitSettings s, long masterSeed) {
        long seed = StreamRng.of(masterSeed, StreamRng.purpose("fit-point"), k.model().hashCode(), k.flavour().hashCode(),
                Double.doubleToLongBits(k.massMev() == null ? -1 : k.massMev())).nextLong();
        long t0 = System.nanoTime();
        double nan = Double.NaN;
        String profiled = String.join(",", t.systematicNames());
        try {
            CouplingLimit.Result r = CouplingLimit.compute(t.inputs(k), s, seed);
            double ms = (System.nanoTime() - t0) * 1e-6;
            return new Point(k, variation, profiled, r.observed(), r.expected(), r.converged() ? "converged" : "failed",
                    r.reason(), seed, r.toyClsAtObserved(), ms);
        } catch (RuntimeException e) {
            return new Point(k, variation, profiled, nan, new double[] {nan, nan, nan, nan, nan}, "failed",
                    e.getClass().getSimpleName() + ": " + e.getMessage(), seed, nan, (System.nanoTime() - t0) * 1e-6);
        }
    }

    static Row row(Point p, FitSettings s) {
        Model m = Model.parse(p.key().model());
        Double[] e = new Double[5];
        for (int i = 0; i < 5; i++) {
            e[i] = Double.isFinite(p.expected()[i]) ? p.expected()[i] : null;
        }
        return RowFactory.create(p.key().model(), p.key().flavour(), p.key().massMev(), p.variation(),
                p.profiledSystematics(), m.couplingUnit(), s.confidenceLevel(), Double.isFinite(p.observed()) ? p.observed() : null,
                e[0], e[1], e[2], e[3], e[4], p.status(), p.reason(), p.seed(),
                Double.isFinite(p.toyClsAtObserved()) ? p.toyClsAtObserved() : null, p.fitTimeMs());
    }

    /** Grid order: model, flavour, mass. */
    public static final Comparator<Point> GRID_ORDER = Comparator.comparing((Point p) -> p.key().model())
            .thenComparing(p -> p.key().flavour()).thenComparing(p -> p.key().massMev() == null ? 0.0 : p.key().massMev());

    /** A grid point from a row of the limit_grid table. */
    public static Point point(Row r) {
        double[] e = new double[5];
        String[] names = {"expected_minus2", "expected_minus1", "expected_median", "expected_plus1", "expected_plus2"};
        for (int i = 0; i < 5; i++) {
            Double v = r.getAs(names[i]);
            e[i] = v == null ? Double.NaN : v;
        }
        Double obs = r.getAs("observed_limit");
        return new Point(new Templates.SignalKey(r.getAs("model"), r.getAs("flavour"), r.getAs("mass_mev")),
                r.getAs("variation"), r.getAs("profiled_systematics"), obs == null ? Double.NaN : obs, e, r.getAs("status"), r.getAs("status_reason"),
                r.getAs("seed"), r.isNullAt(r.fieldIndex("toy_cls_at_observed_limit")) ? Double.NaN
                        : r.<Double>getAs("toy_cls_at_observed_limit"), r.getAs("fit_time_ms"));
    }

    static List<Point> readPoints(SparkSession spark, Path dir) {
        List<Point> out = new ArrayList<>();
        for (Row r : SparkSchemas.read(spark, Tables.LIMIT_GRID, dir.resolve("grid")).collectAsList()) {
            out.add(point(r));
        }
        out.sort(GRID_ORDER);
        return out;
    }

    static void writeGrid(SparkSession spark, Path staging, List<Point> points, FitSettings s) {
        List<Row> rows = points.stream().map(p -> row(p, s)).toList();
        spark.createDataFrame(rows, SparkSchemas.structType(Tables.LIMIT_GRID)).coalesce(1).write()
                .mode(SaveMode.ErrorIfExists).parquet(staging.resolve("grid").toString());
    }
}
