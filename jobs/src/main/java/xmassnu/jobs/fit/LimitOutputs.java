package xmassnu.jobs.fit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.SparkSession;

import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.physics.Model;
import xmassnu.jobs.export.HepData;
import xmassnu.jobs.export.HepDataTables;
import xmassnu.jobs.plots.Figure;
import xmassnu.jobs.plots.LimitFigures;

/** Everything the fit stage writes beside the Parquet grid: CSV, HEPData YAML, Brazil-band and exclusion plots. */
public final class LimitOutputs {
    private LimitOutputs() {}

    static void write(SparkSession spark, Path staging, List<FitJob.Point> points, FitSettings s) {
        FitJob.writeGrid(spark, staging, points, s);
        try {
            writeCsv(staging.resolve("limits.csv"), points, s);
            writeHepData(staging.resolve("hepdata"), points, s);
            writePlots(staging.resolve("plots"), points, s);
        } catch (IOException e) {
            throw new UncheckedIOException("writing limit outputs into " + staging, e);
        }
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    static void writeCsv(Path file, List<FitJob.Point> points, FitSettings s) throws IOException {
        StringBuilder b = new StringBuilder("model,flavour,mass_mev,variation,profiled_systematics,coupling_unit,confidence_level,"
                + "observed_limit,expected_minus2,expected_minus1,expected_median,expected_plus1,expected_plus2,"
                + "status,status_reason,seed,toy_cls_at_observed_limit,fit_time_ms\n");
        for (FitJob.Point p : points) {
            b.append(p.key().model()).append(',').append(p.key().flavour()).append(',')
                    .append(p.key().massMev() == null ? "" : num(p.key().massMev())).append(',').append(p.variation())
                    .append(",\"").append(p.profiledSystematics()).append("\",").append(Model.parse(p.key().model()).couplingUnit()).append(',')
                    .append(num(s.confidenceLevel())).append(',').append(num(p.observed()));
            for (double e : p.expected()) {
                b.append(',').append(num(e));
            }
            String reason = p.reason() == null ? "" : '"' + p.reason().replace("\"", "'") + '"';
            b.append(',').append(p.status()).append(',').append(reason).append(',').append(p.seed()).append(',')
                    .append(num(p.toyClsAtObserved())).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", p.fitTimeMs())).append('\n');
        }
        Files.writeString(file, b.toString());
    }

    /** Points grouped by (model, flavour) in grid order. */
    static Map<String, List<FitJob.Point>> curves(List<FitJob.Point> points) {
        Map<String, List<FitJob.Point>> m = new LinkedHashMap<>();
        for (FitJob.Point p : points) {
            m.computeIfAbsent(p.key().model() + "/" + p.key().flavour(), k -> new ArrayList<>()).add(p);
        }
        return m;
    }

    /**
     * The limit tables as a HEPData submission (HepDataTables.limits: one table per figure), each with its figure. The
     * report writes the complete submission (spectrum, efficiency, cut flow, pyhf workspaces) beside itself.
     */
    static void writeHepData(Path dir, List<FitJob.Point> points, FitSettings s) throws IOException {
        List<LimitFigures.Point> ps = figurePoints(points);
        HepData.write(new HepData.Submission(HepDataTables.comment(s.confidenceLevel()), List.of(),
                HepDataTables.limits(ps, s.confidenceLevel(), profiledSystematics(points), null)), dir);
        Figure.writeAll(dir, LimitFigures.of(ps, s.confidenceLevel()).stream()
                .filter(f -> !f.name().startsWith("comparison-")).toList());
    }

    /** The points' profiled systematics for a reader (the same for every point of a stage), or "none". */
    public static String profiledSystematics(List<FitJob.Point> ps) {
        String p = ps.isEmpty() ? "" : ps.get(0).profiledSystematics();
        return p.isEmpty() ? "none" : p.replace(",", ", ");
    }

    static void writePlots(Path dir, List<FitJob.Point> points, FitSettings s) throws IOException {
        Figure.writeAll(dir, LimitFigures.of(figurePoints(points), s.confidenceLevel()));
    }

    /** The grid points as the figures take them (plain values). */
    public static List<LimitFigures.Point> figurePoints(List<FitJob.Point> points) {
        return points.stream().map(p -> new LimitFigures.Point(p.key().model(), p.key().flavour(), p.key().massMev(),
                p.observed(), p.expected())).toList();
    }
}
