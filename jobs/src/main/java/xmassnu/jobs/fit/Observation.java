package xmassnu.jobs.fit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.analysis.AnalysisInputs;
import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.analysis.GoodnessOfFit;
import xmassnu.fits.analysis.LookElsewhere;
import xmassnu.fits.physics.FlavourCase;
import xmassnu.fits.physics.Model;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.io.Progress;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.spectra.VariedTemplates;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageOutput;
import xmassnu.jobs.storage.Storage;
import xmassnu.reduction.sim.StreamRng;

/**
 * The observation beyond the grid points, for the fit stage: the background-only goodness of fit of the selected
 * spectrum ({@link GoodnessOfFit}, limits/goodness_of_fit.json) and the global significance of every mass scan
 * ({@link LookElsewhere} over the B-L masses, limits/significance.json, with the largest local
 * significance of the whole grid). The pseudo-experiments fan out on Spark as the grid does: one task per block of
 * look-elsewhere toys of one scan, and one for the goodness of fit. Toys are seeded by (seed, toy), so any split
 * gives the same numbers.
 */
public final class Observation {
    /** Look-elsewhere toys per Spark task: each task also builds the scan's models once (~1 % of its time). */
    static final int TOYS_PER_TASK = 25;

    private Observation() {}

    /** What the observation found; {@code goodnessOfFit} and {@code significance} as written. */
    public record Result(JsonNode goodnessOfFit, JsonNode significance) {}

    /** One Spark task: goodness-of-fit toys ({@code scan} -1) or a block of one scan's look-elsewhere toys. */
    private record Task(int scan, int firstToy, int count) implements Serializable {}

    /** A task's outcome: its toys or goodness of fit, or why the scan's toys could not be made. */
    private record Outcome(int scan, LookElsewhere.ToyBlock toys, GoodnessOfFit.Result goodnessOfFit, String failure)
            implements Serializable {}

    /** A mass scan: one model and flavour case at every mass of the grid, ascending. */
    record Scan(Model model, String flavour, List<Templates.SignalKey> keys) implements Serializable {
        String label() {
            return model.label() + "/" + flavour;
        }
    }

    /**
     * Computes and writes both files. {@code points}: the grid's rows (the largest local significance over them);
     * {@code shared} the templates the grid was fitted on.
     */
    static Result compute(JavaSparkContext jsc, Broadcast<VariedTemplates> shared, List<GridPoint> points,
                          FitSettings s, long masterSeed, boolean quiet, StageOutput out) {
        VariedTemplates t = shared.value();
        List<Templates.SignalKey> keys = new ArrayList<>(t.nominal().signalKeys());
        keys.sort(Templates.SignalKey.GRID_ORDER);
        List<Scan> scans = scans(keys);
        long gofSeed = StreamRng.of(masterSeed, StreamRng.purpose("goodness-of-fit")).nextLong();
        long[] scanSeeds = new long[scans.size()];
        for (int k = 0; k < scans.size(); k++) {
            scanSeeds[k] = StreamRng.of(masterSeed, StreamRng.purpose("look-elsewhere"),
                    scans.get(k).model().label().hashCode(), scans.get(k).flavour().hashCode()).nextLong();
        }
        List<Task> tasks = new ArrayList<>();
        tasks.add(new Task(-1, 0, s.goodnessOfFitToys()));
        for (int k = 0; k < scans.size(); k++) {
            for (int first = 0; first < s.lookElsewhereToys(); first += TOYS_PER_TASK) {
                tasks.add(new Task(k, first, Math.min(TOYS_PER_TASK, s.lookElsewhereToys() - first)));
            }
        }
        Templates.SignalKey anyKey = keys.get(0);
        LongAccumulator done = jsc.sc().longAccumulator("observation tasks");
        List<Outcome> outcomes;
        try (Progress p = new Progress("observation", "tasks", jsc.statusTracker(), done, quiet)) {
            outcomes = jsc.parallelize(tasks, tasks.size()).map(task -> {
                Outcome o = run(task, shared.value(), anyKey, scans, s, gofSeed, scanSeeds);
                done.add(1);
                return o;
            }).collect();
        }
        GoodnessOfFit.Result gof = null;
        Map<Integer, List<LookElsewhere.ToyBlock>> blocks = new LinkedHashMap<>();
        String[] scanFailure = new String[scans.size()];
        for (Outcome o : outcomes) {
            if (o.scan() < 0) {
                gof = o.goodnessOfFit();
            } else if (o.toys() == null) {
                scanFailure[o.scan()] = o.failure();
            } else {
                blocks.computeIfAbsent(o.scan(), x -> new ArrayList<>()).add(o.toys());
            }
        }
        ObjectNode gofJson = goodnessOfFitJson(gof, t.nominal().edges(), s);
        ObjectNode significance = Json.MAPPER.createObjectNode();
        significance.set("largest_local_significance", largestLocal(points));
        ArrayNode scanArray = significance.putArray("scans");
        for (int k = 0; k < scans.size(); k++) {
            scanArray.add(scanJson(scans.get(k), t, s, blocks.getOrDefault(k, List.of()), scanFailure[k],
                    scanSeeds[k]));
        }
        out.writeJson(DataLayout.GOODNESS_OF_FIT, gofJson);
        out.writeJson(DataLayout.SIGNIFICANCE, significance);
        return new Result(gofJson, significance);
    }

    /** The files as a committed fit stage holds them. */
    public static Result read(Storage storage, CommittedStage limits) {
        return new Result(limits.readJson(storage, DataLayout.GOODNESS_OF_FIT),
                limits.readJson(storage, DataLayout.SIGNIFICANCE));
    }

    /**
     * The mass scans: every model with a mediator mass, for the all-flavour case when the grid has it (B-L charges
     * are universal, so that is the physical one; one scan also keeps the toys affordable), else per flavour case;
     * at least two masses each.
     */
    static List<Scan> scans(List<Templates.SignalKey> keys) {
        boolean hasAll = keys.stream().anyMatch(k -> k.massMev() != null && k.flavour() == FlavourCase.ALL);
        Map<String, Scan> scans = new LinkedHashMap<>();
        for (Templates.SignalKey k : keys) {
            if (k.massMev() == null || hasAll && k.flavour() != FlavourCase.ALL) {
                continue;
            }
            scans.computeIfAbsent(k.model().label() + "/" + k.flavour().label(),
                    x -> new Scan(k.model(), k.flavour().label(), new ArrayList<>())).keys().add(k);
        }
        return scans.values().stream().filter(sc -> sc.keys().size() >= 2)
                .map(sc -> new Scan(sc.model(), sc.flavour(), sc.keys().stream()
                        .sorted(Templates.SignalKey.GRID_ORDER).toList()))
                .toList();
    }

    private static List<AnalysisInputs> inputs(VariedTemplates t, Scan scan) {
        return scan.keys().stream().map(t::inputs).toList();
    }

    /** Never throws: a failed scan or fit is an outcome without toys (the driver says which). */
    private static Outcome run(Task task, VariedTemplates t, Templates.SignalKey anyKey, List<Scan> scans,
                               FitSettings s, long gofSeed, long[] scanSeeds) {
        if (task.scan() < 0) {
            return new Outcome(-1, null, GoodnessOfFit.compute(t.inputs(anyKey), s, task.count(), gofSeed), null);
        }
        try {
            LookElsewhere lee = new LookElsewhere(inputs(t, scans.get(task.scan())), s);
            return new Outcome(task.scan(), lee.toys(scanSeeds[task.scan()], task.firstToy(), task.count()), null,
                    null);
        } catch (RuntimeException e) {
            return new Outcome(task.scan(), null, null, "look-elsewhere toys " + task.firstToy() + "-"
                    + (task.firstToy() + task.count() - 1) + ": " + e.getMessage());
        }
    }

    private static ObjectNode goodnessOfFitJson(GoodnessOfFit.Result r, double[] edgesKevee, FitSettings s) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("test", "saturated-model likelihood ratio (Baker-Cousins chi-square, NIM 221 (1984) 437), "
                + "background-only model, every nuisance profiled");
        n.put("converged", r.converged());
        n.put("reason", r.reason());
        number(n, "chi2", r.chi2());
        n.put("ndof", r.ndof());
        number(n, "p_value_chi2", r.pValueAsymptotic());
        number(n, "p_value_toys", r.pValueToys());
        n.put("toys", r.toys());
        n.put("failed_toys", r.failedToys());
        n.put("toys_requested", s.goodnessOfFitToys());
        ArrayNode pulls = n.putArray("pulls");
        for (GoodnessOfFit.Pull p : r.pulls()) {
            ObjectNode o = pulls.addObject();
            o.put("parameter", p.parameter());
            number(o, "prior_centre", p.priorCentre());
            number(o, "prior_width", p.priorWidth());
            number(o, "post_fit", p.postFit());
            number(o, "post_fit_error", p.postFitError());
            number(o, "pull", p.pull());
            number(o, "constraint", p.constraint());
        }
        ObjectNode bins = n.putObject("bins");
        array(bins, "edges_kevee", edgesKevee);
        array(bins, "observed", r.observed());
        array(bins, "post_fit_background", r.postFitBackground());
        array(bins, "post_fit_background_error", r.postFitBackgroundError());
        array(bins, "residual", r.residual());
        array(bins, "deviance_residual", r.devianceResidual());
        return n;
    }

    private static ObjectNode scanJson(Scan scan, VariedTemplates t, FitSettings s, List<LookElsewhere.ToyBlock> blocks,
                                       String failure, long seed) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("model", scan.model().label());
        n.put("flavour", scan.flavour());
        n.put("toys_requested", s.lookElsewhereToys());
        n.put("seed", seed);
        LookElsewhere.Result r;
        try {
            LookElsewhere lee = new LookElsewhere(inputs(t, scan), s);
            r = LookElsewhere.combine(lee.massesMev(), lee.observedQ0(), failure == null ? blocks : List.of(),
                    LookElsewhere.DEFAULT_REFERENCE_LEVEL);
        } catch (RuntimeException e) {
            n.put("converged", false);
            n.put("reason", e.getMessage());
            return n;
        }
        n.put("converged", failure == null);
        n.put("reason", failure);
        array(n, "masses_mev", r.massesMev());
        array(n, "observed_q0", r.observedQ0());
        double[] z = new double[r.observedQ0().length];
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.sqrt(Math.max(0, r.observedQ0()[k]));
        }
        array(n, "local_significance", z);
        number(n, "max_local_significance", r.maxLocalSignificance());
        number(n, "mass_at_max_mev", r.massAtMaxMev());
        number(n, "local_p_value_at_max", r.localPValueAtMax());
        number(n, "reference_level", r.referenceLevel());
        number(n, "mean_upcrossings", r.meanUpcrossings());
        number(n, "mean_upcrossings_error", r.meanUpcrossingsError());
        number(n, "global_p_value_gross_vitells", r.globalPValueGrossVitells());
        number(n, "global_significance_gross_vitells", r.globalSignificanceGrossVitells());
        number(n, "global_p_value_toys", r.globalPValueToys());
        number(n, "global_p_value_toys_error", r.globalPValueToysError());
        number(n, "global_significance_toys", r.globalSignificanceToys());
        n.put("toys", r.toys());
        n.put("failed_toys", r.failedToys());
        n.put("first_failure", r.firstFailure());
        return n;
    }

    /** The grid row of the largest local significance (null fields when no observation converged). */
    private static ObjectNode largestLocal(List<GridPoint> points) {
        GridPoint best = null;
        for (GridPoint p : points) {
            double z = p.observation().localSignificance();
            if (p.headline() && Double.isFinite(z) && (best == null || z > best.observation().localSignificance())) {
                best = p;
            }
        }
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("model", best == null ? null : best.key().model().label());
        n.put("flavour", best == null ? null : best.key().flavour().label());
        if (best != null && best.key().massMev() != null) {
            n.put("mass_mev", best.key().massMev());
        } else {
            n.putNull("mass_mev");
        }
        number(n, "local_significance", best == null ? Double.NaN : best.observation().localSignificance());
        number(n, "local_p_value", best == null ? Double.NaN : best.observation().localPValue());
        number(n, "best_fit", best == null ? Double.NaN : best.observation().bestFit());
        return n;
    }

    /** JSON has no NaN: a number that is not one is null. */
    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    private static void array(ObjectNode n, String field, double[] values) {
        ArrayNode a = n.putArray(field);
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.addNull();
            }
        }
    }
}
