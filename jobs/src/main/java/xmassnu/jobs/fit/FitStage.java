package xmassnu.jobs.fit;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.analysis.AnalysisInputs;
import xmassnu.fits.analysis.CouplingLimit;
import xmassnu.fits.analysis.ExpectedBand;
import xmassnu.fits.analysis.FitSettings;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.io.Progress;
import xmassnu.jobs.spectra.SpectraSummary;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.spectra.VariedTemplates;
import xmassnu.jobs.spectra.Variation;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.Stage;
import xmassnu.jobs.stage.StageContext;
import xmassnu.reduction.sim.StreamRng;
import xmassnu.schemas.Table;
import xmassnu.schemas.Tables;

/**
 * The fit stage: one Spark task per grid point (model x flavour case x mediator mass) computes the CLs upper limits on
 * the coupling from the spectra stage's templates, profiling every systematic variation by default. A point that fails
 * returns its status and reason instead of failing the job; every point is written. Outputs limits/{grid (Parquet),
 * limits.csv, hepdata/, plots/}; with a projection, projection-Dd/ (templates scaled to D live days, background-only
 * Asimov data as the observation).
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
        List<GridPoint> points = fitGrid(ctx, templates, keys);
        LimitOutputs.write(ctx.output(), points, settings, ctx.lineage().hash());
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

    private List<GridPoint> fitGrid(StageContext ctx, VariedTemplates templates, List<Templates.SignalKey> keys) {
        JavaSparkContext jsc = ctx.jsc();
        Broadcast<VariedTemplates> shared = jsc.broadcast(templates);
        LongAccumulator done = jsc.sc().longAccumulator("grid points");
        FitSettings s = settings;
        long master = seed;
        int slices = Math.max(1, Math.min(keys.size(), jsc.defaultParallelism() * 4));
        try (Progress p = new Progress("fit", "points", jsc.statusTracker(), done, ctx.quiet())) {
            Function<Templates.SignalKey, GridPoint> fit = k -> {
                GridPoint r = fitPoint(shared.value(), k, Variation.NOMINAL, s, master);
                done.add(1);
                return r;
            };
            return jsc.parallelize(keys, slices).map(fit).collect();
        }
    }

    /**
     * The nominal templates and, when the settings profile them, every systematic's +-1 sigma templates (all the
     * variations the spectra stage wrote).
     */
    static VariedTemplates readTemplates(StageContext ctx, FitSettings s) {
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
     * variations are then the same pseudo-experiments, and their shifts carry no toy noise.
     */
    static GridPoint fitPoint(VariedTemplates t, Templates.SignalKey k, Variation variation, FitSettings s,
                              long masterSeed) {
        // labels, not enum constants: their hash codes are the same in every JVM
        long pointSeed = StreamRng.of(masterSeed, StreamRng.purpose("fit-point"), k.model().label().hashCode(),
                k.flavour().label().hashCode(), Double.doubleToLongBits(k.massMev() == null ? -1 : k.massMev())).nextLong();
        long t0 = System.nanoTime();
        String profiled = String.join(",", t.systematicNames());
        try {
            AnalysisInputs in = t.inputs(k);
            profiled = in.systematics().stream().map(AnalysisInputs.ShapeSystematic::name)
                    .collect(java.util.stream.Collectors.joining(","));
            CouplingLimit.Result r = CouplingLimit.compute(in, s, pointSeed);
            double ms = (System.nanoTime() - t0) * 1e-6;
            return new GridPoint(k, variation, profiled, r.observed(), ExpectedBand.of(r.expected()),
                    r.converged() ? FitStatus.CONVERGED : FitStatus.FAILED, r.reason(), pointSeed, r.toyClsAtObserved(), ms);
        } catch (RuntimeException e) {
            return new GridPoint(k, variation, profiled, Double.NaN, ExpectedBand.UNDEFINED, FitStatus.FAILED,
                    e.getClass().getSimpleName() + ": " + e.getMessage(), pointSeed, Double.NaN,
                    (System.nanoTime() - t0) * 1e-6);
        }
    }
}
