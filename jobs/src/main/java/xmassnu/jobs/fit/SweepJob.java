package xmassnu.jobs.fit;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.analysis.FitSettings;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.io.Progress;
import xmassnu.jobs.io.StageDirectory;
import xmassnu.jobs.lineage.Lineage;
import xmassnu.jobs.spectra.SpectraJob;
import xmassnu.jobs.spectra.Systematics;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.spectra.VariedTemplates;

/**
 * The systematic-variation sweep at analysis level: the limits recomputed with each variation's templates (the
 * spectra stage writes them beside the nominal ones), fanned out over Spark as one task per (grid point, variation).
 * Each variation is its own stage, DIR/sweep/&lt;variation&gt;/ with its own lineage (fit settings, variation, spectra):
 * variations already committed are reused, so adding one recomputes only that one. DIR/sweep/shifts.csv gives
 * every limit's ratio to the nominal one. Mediator masses are thinned by {@code massStride} (every decade of the
 * default 10-per-decade grid is kept with the default stride 5). The sweep's limits never profile the systematics
 * (each is computed on one variation's templates alone): the shifts show what each variation does to the limit
 * without them, the fit stage's profiled limit includes them all.
 */
public final class SweepJob {
    public static final String SWEEP = "sweep";
    public static final String SHIFTS = "shifts.csv";
    /** Every 5th of the default 10-per-decade masses: each decade from 1e-3 to 1e2 MeV. */
    public static final int DEFAULT_MASS_STRIDE = 5;

    private SweepJob() {}

    /** @param variations null or empty: every variation in the spectra */
    public record Request(Path dataDir, FitSettings settings, long seed, List<String> variations, int massStride,
                          boolean force, boolean quiet) {
        public Request {
            if (massStride < 1) {
                throw new IllegalArgumentException("massStride must be >= 1, got " + massStride);
            }
        }
    }

    /** A limit of one variation beside the nominal one. */
    public record Shift(Templates.SignalKey key, String variation, double observedRatio, double expectedMedianRatio)
            implements Serializable {}

    public record Result(Path dir, List<String> variations, List<String> reused, List<FitJob.Point> points,
                         List<Shift> shifts, double wallSeconds) {}

    record Task(Templates.SignalKey key, String variation) implements Serializable {}

    public static Result run(SparkSession spark, Request req) {
        long t0 = System.nanoTime();
        Path spectraDir = req.dataDir().resolve(SpectraJob.SPECTRA);
        String spectraHash = StageDirectory.committedHash(spectraDir, "committed spectra",
                "bin/xmass spectra --data " + req.dataDir());
        Path templatesDir = spectraDir.resolve("templates");
        List<String> available = VariedTemplates.available(spark, templatesDir);
        FitSettings settings = req.settings().withProfileSystematics(false);
        List<String> variations = new ArrayList<>();
        variations.add(Systematics.NOMINAL);
        List<String> requested = req.variations() == null || req.variations().isEmpty() ? available : req.variations();
        for (String v : requested) {
            if (!available.contains(v)) {
                throw new IllegalArgumentException("no variation '" + v + "' in " + spectraDir + "; available: " + available);
            }
            if (!variations.contains(v)) {
                variations.add(v);
            }
        }
        Path root = req.dataDir().resolve(SWEEP);
        Map<String, StageDirectory> stages = new LinkedHashMap<>();
        Map<String, List<FitJob.Point>> points = new LinkedHashMap<>();
        List<String> reused = new ArrayList<>();
        for (String v : variations) {
            ObjectNode conf = Json.MAPPER.createObjectNode();
            conf.set("settings", Json.MAPPER.valueToTree(settings));
            conf.put("seed", req.seed());
            conf.put("variation", v);
            conf.put("mass_stride", req.massStride());
            StageDirectory stage = new StageDirectory(root.resolve(directoryName(v)), Lineage.of("sweep", conf,
                    List.of(spectraHash)));
            if (stage.isCommitted() && !req.force()) {
                points.put(v, FitJob.readPoints(spark, stage.target()));
                reused.add(v);
            } else {
                stages.put(v, stage);
            }
        }
        if (!stages.isEmpty()) {
            Map<String, VariedTemplates> templates = new LinkedHashMap<>();
            VariedTemplates.read(spark, templatesDir, stages.keySet())
                    .forEach((v, t) -> templates.put(v, VariedTemplates.withoutSystematics(t)));
            List<Templates.SignalKey> keys = thinned(templates.get(stages.keySet().iterator().next()).nominal().signalKeys(),
                    req.massStride());
            List<Task> tasks = new ArrayList<>();
            for (String v : stages.keySet()) {
                for (Templates.SignalKey k : keys) {
                    tasks.add(new Task(k, v));
                }
            }
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Broadcast<Map<String, VariedTemplates>> shared = jsc.broadcast(templates);
            LongAccumulator done = spark.sparkContext().longAccumulator("sweep points");
            long seed = req.seed();
            List<FitJob.Point> fitted;
            try (Progress p = new Progress("sweep", "points", jsc.statusTracker(), done, req.quiet())) {
                fitted = jsc.parallelize(tasks, Math.max(1, Math.min(tasks.size(), jsc.defaultParallelism() * 4)))
                        .map(t -> {
                            FitJob.Point r = FitJob.fitPoint(shared.value().get(t.variation()), t.key(), t.variation(),
                                    settings, seed);
                            done.add(1);
                            return r;
                        }).collect();
            }
            for (String v : stages.keySet()) {
                List<FitJob.Point> mine = new ArrayList<>(fitted.stream().filter(p -> p.variation().equals(v)).toList());
                mine.sort(FitJob.GRID_ORDER);
                StageDirectory stage = stages.get(v);
                Path staging = stage.begin(req.force());
                try {
                    FitJob.writeGrid(spark, staging, mine, settings);
                    LimitOutputs.writeCsv(staging.resolve("limits.csv"), mine, settings);
                    stage.commit();
                } catch (IOException | RuntimeException e) {
                    stage.abort();
                    throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
                }
                points.put(v, mine);
            }
        }
        List<Shift> shifts = shifts(points);
        writeShifts(root.resolve(SHIFTS), shifts);
        List<FitJob.Point> all = new ArrayList<>();
        variations.forEach(v -> all.addAll(points.get(v)));
        return new Result(root, variations, reused, all, shifts, (System.nanoTime() - t0) * 1e-9);
    }

    /** A variation as a directory name (':' is not allowed in HDFS paths). */
    static String directoryName(String variation) {
        return variation.replace(':', '-');
    }

    /** Every key without a mass; of the mediator masses of each (model, flavour), every stride-th from the lightest. */
    static List<Templates.SignalKey> thinned(List<Templates.SignalKey> keys, int stride) {
        Map<String, TreeSet<Double>> masses = new LinkedHashMap<>();
        for (Templates.SignalKey k : keys) {
            if (k.massMev() != null) {
                masses.computeIfAbsent(k.model() + "/" + k.flavour(), x -> new TreeSet<>()).add(k.massMev());
            }
        }
        List<Templates.SignalKey> out = new ArrayList<>();
        for (Templates.SignalKey k : keys) {
            if (k.massMev() == null) {
                out.add(k);
                continue;
            }
            int index = masses.get(k.model() + "/" + k.flavour()).headSet(k.massMev()).size();
            if (index % stride == 0) {
                out.add(k);
            }
        }
        out.sort(Comparator.comparing(Templates.SignalKey::model).thenComparing(Templates.SignalKey::flavour)
                .thenComparing(k -> k.massMev() == null ? 0.0 : k.massMev()));
        return out;
    }

    static List<Shift> shifts(Map<String, List<FitJob.Point>> points) {
        Map<Templates.SignalKey, FitJob.Point> nominal = new LinkedHashMap<>();
        for (FitJob.Point p : points.get(Systematics.NOMINAL)) {
            nominal.put(p.key(), p);
        }
        List<Shift> out = new ArrayList<>();
        points.forEach((v, ps) -> {
            if (v.equals(Systematics.NOMINAL)) {
                return;
            }
            for (FitJob.Point p : ps) {
                FitJob.Point n = nominal.get(p.key());
                if (n != null) {
                    out.add(new Shift(p.key(), v, p.observed() / n.observed(), p.expected()[2] / n.expected()[2]));
                }
            }
        });
        return out;
    }

    static void writeShifts(Path file, List<Shift> shifts) {
        StringBuilder b = new StringBuilder("model,flavour,mass_mev,variation,observed_over_nominal,expected_median_over_nominal\n");
        for (Shift s : shifts) {
            b.append(s.key().model()).append(',').append(s.key().flavour()).append(',')
                    .append(s.key().massMev() == null ? "" : String.format(Locale.ROOT, "%.6g", s.key().massMev()))
                    .append(',').append(s.variation()).append(',')
                    .append(String.format(Locale.ROOT, "%.6f,%.6f%n", s.observedRatio(), s.expectedMedianRatio()));
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, b.toString());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }
}
