package xmassnu.jobs.fit;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.analysis.AnalysisInputs;
import xmassnu.fits.analysis.CouplingLimit;
import xmassnu.fits.analysis.ExpectedBand;
import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.analysis.ObservationPoint;
import xmassnu.fits.analysis.PointAnalysis;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.io.Progress;
import xmassnu.jobs.spectra.SpectraSummary;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.spectra.Variation;
import xmassnu.jobs.spectra.VariedTemplates;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.Stage;
import xmassnu.jobs.stage.StageContext;
import xmassnu.reduction.sim.StreamRng;
import xmassnu.schemas.Table;
import xmassnu.schemas.Tables;

/**
 * The fit stage: one Spark task per grid point (model x flavour case x mediator mass) computes the CLs upper limits on
 * the coupling from the spectra stage's templates, profiling every systematic variation by default, and the
 * observation there (best fit, 68 % interval, local significance; both signs of the millicharge). A point that fails
 * returns its status and reason instead of failing the job; every point is written. Then the goodness of fit and the
 * mass scans' global significance ({@link Observation}). Outputs limits/{grid (Parquet), limits.csv,
 * goodness_of_fit.json, significance.json, hepdata/, plots/}; with a projection, projection-Dd/ (templates scaled to
 * D live days, background-only Asimov data as the observation; no goodness of fit or global significance).
 */
public final class FitStage implements Stage<List<GridPoint>> {
    private final FitSettings settings;
    private final long seed;
    private final Double projectLiveDays;

    /** @param projectLiveDays null for the limits from the data; else the expected limits for this many live days */
    public FitStage(FitSettings settings, long seed, Double projectLiveDays) {
        if (projectLiveDays != null && !(projectLiveDays > 0 && projectLiveDays <= 1e6)) {
            throw new IllegalArgumentException("--project-live-days must be in (0, 1e6], got " + projectLiveDays);
        }
        this.settings = settings;
        this.seed = seed;
        this.projectLiveDays = projectLiveDays;
    }

    @Override
    public String name() {
        return "fit";
    }

    @Override
    public String key() {
        return projectLiveDays == null ? DataLayout.LIMITS : DataLayout.projectionKey(projectLiveDays);
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.of(DataLayout.SPECTRA, "spectra", DataLayout.TEMPLATES, DataLayout.SPECTRA_SUMMARY));
    }

    @Override
    public JsonNode settings() {
        ObjectNode conf = Json.MAPPER.createObjectNode();
        conf.set("settings", Json.MAPPER.valueToTree(settings));
        conf.put("seed", seed);
        if (projectLiveDays != null) {
            conf.put("project_live_days", projectLiveDays);
        }
        return conf;
    }

    @Override
    public List<Table> writes() {
        return List.of(Tables.LIMIT_GRID);
    }

    @Override
    public List<GridPoint> reuse(StageContext ctx, CommittedStage committed) {
        return LimitGrid.read(ctx.storage(), committed);
    }

    @Override
    public List<GridPoint> compute(StageContext ctx) {
        VariedTemplates templates = readTemplates(ctx, settings);
        if (projectLiveDays != null) {
            templates = templates.projected(projectLiveDays / dataLiveDays(ctx));
        }
        List<Templates.SignalKey> keys = new ArrayList<>(templates.nominal().signalKeys());
        keys.sort(Templates.SignalKey.GRID_ORDER);
        Broadcast<VariedTemplates> shared = ctx.jsc().broadcast(templates);
        List<GridPoint> points = fitGrid(ctx, shared, keys);
        LimitOutputs.write(ctx.output(), points, settings, ctx.lineage().hash());
        if (projectLiveDays == null) {
            // a projection's "observation" is the background-only Asimov spectrum: nothing to test there
            Observation.compute(ctx.jsc(), shared, points, settings, seed, ctx.quiet(), ctx.output());
        }
        return points;
    }

    private double dataLiveDays(StageContext ctx) {
        CommittedStage spectra = ctx.input(DataLayout.SPECTRA);
        double live = SpectraSummary.read(ctx.storage(), spectra).liveDays();
        if (!(live > 0)) {
            throw new IllegalArgumentException("cannot project " + spectra.dir() + " (live days " + live + ") to "
                    + projectLiveDays + " live days");
        }
        return live;
    }

    private List<GridPoint> fitGrid(StageContext ctx, Broadcast<VariedTemplates> shared, List<Templates.SignalKey> keys) {
        JavaSparkContext jsc = ctx.jsc();
        LongAccumulator done = jsc.sc().longAccumulator("grid points");
        FitSettings s = settings;
        long master = seed;
        int slices = Math.max(1, Math.min(keys.size(), jsc.defaultParallelism() * 4));
        try (Progress p = new Progress("fit", "points", jsc.statusTracker(), done, ctx.quiet())) {
            FlatMapFunction<Templates.SignalKey, GridPoint> fit = k -> {
                List<GridPoint> r = fitPoint(shared.value(), k, Variation.NOMINAL, s, master);
                done.add(1);
                return r.iterator();
            };
            List<GridPoint> points = new ArrayList<>(jsc.parallelize(keys, slices).flatMap(fit).collect());
            points.sort(GridPoint.GRID_ORDER);
            return points;
        }
    }

    /**
     * The nominal templates and, when the settings profile them, every systematic's +-1 sigma templates (all the
     * variations the spectra stage wrote).
     */
    public static VariedTemplates readTemplates(StageContext ctx, FitSettings s) {
        CommittedStage spectra = ctx.input(DataLayout.SPECTRA);
        if (!s.profileSystematics()) {
            return VariedTemplates.withoutSystematics(VariedTemplates.read(ctx.storage(), spectra,
                    List.of(Variation.NOMINAL)).get(Variation.NOMINAL));
        }
        return VariedTemplates.of(VariedTemplates.read(ctx.storage(), spectra, null));
    }

    /**
     * Never throws: a failure becomes the point's status and reason. {@code variation} labels the templates' own
     * variation (the sweep's axis). The seed depends on the grid point, not on the variation: toys of the
     * variations are then the same pseudo-experiments, and their shifts carry no toy noise. One row per point, or
     * for a signed coupling three: both signs together (the limit on |c|), c &gt; 0 and c &lt; 0.
     */
    static List<GridPoint> fitPoint(VariedTemplates t, Templates.SignalKey k, Variation variation, FitSettings s,
                                    long masterSeed) {
        // labels, not enum constants: their hash codes are the same in every JVM
        long pointSeed = StreamRng.of(masterSeed, StreamRng.purpose("fit-point"), k.model().label().hashCode(),
                k.flavour().label().hashCode(), Double.doubleToLongBits(k.massMev() == null ? -1 : k.massMev())).nextLong();
        long t0 = System.nanoTime();
        String profiled = String.join(",", t.systematicNames());
        try {
            AnalysisInputs in = t.inputs(k);
            String names = in.systematics().stream().map(AnalysisInputs.ShapeSystematic::name)
                    .collect(java.util.stream.Collectors.joining(","));
            if (!k.model().signedCoupling()) {
                PointAnalysis.Result r = PointAnalysis.compute(in, s, pointSeed);
                return List.of(row(k, null, variation, names, r, pointSeed, t0));
            }
            PointAnalysis.BothSigns b = PointAnalysis.computeBothSigns(in, s, pointSeed);
            return List.of(row(k, 0, variation, names, b.eitherSign(), pointSeed, t0),
                    row(k, 1, variation, names, b.positive(), pointSeed, t0),
                    row(k, -1, variation, names, b.negative(), pointSeed, t0));
        } catch (RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            double ms = (System.nanoTime() - t0) * 1e-6;
            List<Integer> signs = k.model().signedCoupling() ? List.of(0, 1, -1) : java.util.Collections.singletonList(null);
            List<GridPoint> failed = new ArrayList<>();
            for (Integer sign : signs) {
                failed.add(new GridPoint(k, sign, variation, profiled, Double.NaN, ExpectedBand.UNDEFINED,
                        FitStatus.FAILED, reason, pointSeed, Double.NaN, ms, ObservationPoint.Result.failed(
                                sign == null ? 1 : sign, reason)));
            }
            return failed;
        }
    }

    private static GridPoint row(Templates.SignalKey k, Integer sign, Variation variation, String profiled,
                                 PointAnalysis.Result r, long seed, long t0) {
        CouplingLimit.Result l = r.limit();
        return new GridPoint(k, sign, variation, profiled, l.observed(), ExpectedBand.of(l.expected()),
                l.converged() ? FitStatus.CONVERGED : FitStatus.FAILED, l.reason(), seed, l.toyClsAtObserved(),
                (System.nanoTime() - t0) * 1e-6, r.observation());
    }
}
