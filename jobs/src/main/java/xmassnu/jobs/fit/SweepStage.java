package xmassnu.jobs.fit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.analysis.FitSettings;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.io.Progress;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.spectra.Variation;
import xmassnu.jobs.spectra.VariedTemplates;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.Stage;
import xmassnu.jobs.stage.StageContext;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.schemas.Table;
import xmassnu.schemas.Tables;

/**
 * One variation of the systematic sweep: the limits recomputed with that variation's templates alone (never
 * profiling the systematics: the sweep shows what each variation does to the unprofiled limit), one Spark task per
 * grid point, mediator masses thinned by {@code massStride}. Each variation is its own output, sweep/VARIATION/ with
 * its own lineage, so adding one recomputes only it; {@link Shifts} divides every limit by the nominal one.
 */
public final class SweepStage implements Stage<List<GridPoint>> {
    /** Every 5th of the default 10-per-decade masses: each decade from 1e-3 to 1e2 MeV. */
    public static final int DEFAULT_MASS_STRIDE = 5;

    private final Variation variation;
    private final FitSettings settings;
    private final long seed;
    private final int massStride;

    public SweepStage(Variation variation, FitSettings settings, long seed, int massStride) {
        if (massStride < 1 || massStride > 1000) {
            throw new IllegalArgumentException("--mass-stride must be in [1, 1000], got " + massStride);
        }
        this.variation = variation;
        this.settings = settings.withProfileSystematics(false);
        this.seed = seed;
        this.massStride = massStride;
    }

    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public String key() {
        return DataLayout.sweepKey(variation.directoryName());
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.of(DataLayout.SPECTRA, "spectra", DataLayout.TEMPLATES));
    }

    @Override
    public JsonNode settings() {
        ObjectNode conf = Json.MAPPER.createObjectNode();
        conf.set("settings", Json.MAPPER.valueToTree(settings));
        conf.put("seed", seed);
        conf.put("variation", variation.label());
        conf.put("mass_stride", massStride);
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
        Templates t = VariedTemplates.read(ctx.storage(), ctx.input(DataLayout.SPECTRA), List.of(variation)).get(variation);
        VariedTemplates alone = VariedTemplates.withoutSystematics(t);
        List<Templates.SignalKey> keys = thinned(t.signalKeys(), massStride);
        JavaSparkContext jsc = ctx.jsc();
        Broadcast<VariedTemplates> shared = jsc.broadcast(alone);
        LongAccumulator done = jsc.sc().longAccumulator("sweep points");
        FitSettings s = settings;
        Variation v = variation;
        long master = seed;
        List<GridPoint> points;
        try (Progress p = new Progress("sweep " + variation.label(), "points", jsc.statusTracker(), done, ctx.quiet())) {
            points = new ArrayList<>(jsc.parallelize(keys, Math.max(1, Math.min(keys.size(), jsc.defaultParallelism() * 4)))
                    .flatMap(k -> {
                        List<GridPoint> r = FitStage.fitPoint(shared.value(), k, v, s, master);
                        done.add(1);
                        return r.iterator();
                    }).collect());
        }
        points.sort(GridPoint.GRID_ORDER);
        String hash = ctx.lineage().hash();
        LimitGrid.write(ctx.output(), points, settings, hash);
        ctx.output().writeString(DataLayout.LIMITS_CSV, LimitOutputs.csv(points, settings));
        return points;
    }

    /** Every key without a mass; of the mediator masses of each (model, flavour), every stride-th from the lightest. */
    static List<Templates.SignalKey> thinned(List<Templates.SignalKey> keys, int stride) {
        Map<String, TreeSet<Double>> masses = new LinkedHashMap<>();
        for (Templates.SignalKey k : keys) {
            if (k.massMev() != null) {
                masses.computeIfAbsent(k.model().label() + "/" + k.flavour().label(), x -> new TreeSet<>()).add(k.massMev());
            }
        }
        List<Templates.SignalKey> out = new ArrayList<>();
        for (Templates.SignalKey k : keys) {
            if (k.massMev() == null) {
                out.add(k);
                continue;
            }
            int index = masses.get(k.model().label() + "/" + k.flavour().label()).headSet(k.massMev()).size();
            if (index % stride == 0) {
                out.add(k);
            }
        }
        out.sort(Templates.SignalKey.GRID_ORDER);
        return out;
    }

    /** A limit of one variation beside the nominal one (the limit on |c|: headline rows only). */
    public record Shift(Templates.SignalKey key, Variation variation, double observedRatio, double expectedMedianRatio)
            implements Serializable {}

    /** What a sweep did: its variations (nominal first), those reused, every point and the shifts. */
    public record Result(List<Variation> variations, List<Variation> reused, List<GridPoint> points, List<Shift> shifts) {}

    /**
     * The sweep: every requested variation (none: all the spectra have) and the nominal one, each its own stage, then
     * the shifts. {@code available} lists the variations of the spectra (a requested one not there is an error).
     */
    public static Result run(StageRunner runner, FitSettings settings, long seed, List<Variation> requested,
                             List<Variation> available, int massStride, boolean force) {
        List<Variation> variations = new ArrayList<>();
        variations.add(Variation.NOMINAL);
        for (Variation v : requested == null || requested.isEmpty() ? available : requested) {
            if (!available.contains(v)) {
                throw new IllegalArgumentException("no variation '" + v + "' in the spectra; available: " + available);
            }
            if (!variations.contains(v)) {
                variations.add(v);
            }
        }
        Map<Variation, List<GridPoint>> points = new LinkedHashMap<>();
        List<Variation> reused = new ArrayList<>();
        for (Variation v : variations) {
            StageRunner.Outcome<List<GridPoint>> o = runner.run(new SweepStage(v, settings, seed, massStride), force);
            points.put(v, o.result());
            if (o.reused()) {
                reused.add(v);
            }
        }
        List<Shift> shifts = runner.run(new Shifts(variations), force).result();
        List<GridPoint> all = new ArrayList<>();
        variations.forEach(v -> all.addAll(points.get(v)));
        return new Result(variations, reused, all, shifts);
    }

    /** The shifts of a sweep, sweep/shifts/shifts.csv: every variation's limits over the nominal ones. */
    public static final class Shifts implements Stage<List<Shift>> {
        private final List<Variation> variations;

        public Shifts(List<Variation> variations) {
            this.variations = List.copyOf(variations);
        }

        @Override
        public String name() {
            return "shifts";
        }

        @Override
        public String key() {
            return DataLayout.shiftsKey();
        }

        @Override
        public List<Input> inputs() {
            return variations.stream().map(v -> Input.of(DataLayout.sweepKey(v.directoryName()), "sweep",
                    DataLayout.GRID)).toList();
        }

        @Override
        public JsonNode settings() {
            var a = Json.MAPPER.createArrayNode();
            variations.forEach(v -> a.add(v.label()));
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.set("variations", a);
            return n;
        }

        @Override
        public List<Table> writes() {
            return List.of();
        }

        @Override
        public List<Shift> reuse(StageContext ctx, CommittedStage committed) {
            return shifts(ctx);
        }

        @Override
        public List<Shift> compute(StageContext ctx) {
            List<Shift> shifts = shifts(ctx);
            ctx.output().writeString(DataLayout.SHIFTS_CSV, csv(shifts));
            return shifts;
        }

        private List<Shift> shifts(StageContext ctx) {
            Map<Variation, List<GridPoint>> points = new LinkedHashMap<>();
            for (Variation v : variations) {
                points.put(v, LimitGrid.read(ctx.storage(), ctx.input(DataLayout.sweepKey(v.directoryName()))));
            }
            return SweepStage.shifts(points);
        }
    }

    static List<Shift> shifts(Map<Variation, List<GridPoint>> points) {
        Map<Templates.SignalKey, GridPoint> nominal = new LinkedHashMap<>();
        for (GridPoint p : points.get(Variation.NOMINAL)) {
            if (p.headline()) {
                nominal.put(p.key(), p);
            }
        }
        List<Shift> out = new ArrayList<>();
        points.forEach((v, ps) -> {
            if (v.isNominal()) {
                return;
            }
            for (GridPoint p : ps) {
                GridPoint n = nominal.get(p.key());
                if (n != null && p.headline()) {
                    out.add(new Shift(p.key(), v, p.observed() / n.observed(), p.expected().median() / n.expected().median()));
                }
            }
        });
        return out;
    }

    static String csv(List<Shift> shifts) {
        StringBuilder b = new StringBuilder(
                "model,flavour,mass_mev,variation,observed_over_nominal,expected_median_over_nominal\n");
        for (Shift s : shifts) {
            b.append(s.key().model().label()).append(',').append(s.key().flavour().label()).append(',')
                    .append(s.key().massMev() == null ? "" : String.format(Locale.ROOT, "%.6g", s.key().massMev()))
                    .append(',').append(s.variation().label()).append(',')
                    .append(String.format(Locale.ROOT, "%.6f,%.6f%n", s.observedRatio(), s.expectedMedianRatio()));
        }
        return b.toString();
    }
}
