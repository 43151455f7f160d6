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

    static void writeHepData(Path dir, List<FitJob.Point> points, FitSettings s) throws IOException {
        Files.createDirectories(dir);
        StringBuilder sub = new StringBuilder();
        sub.append("---\ncomment: \"90 % CL upper limits on exotic neutrino-electron interactions from solar-neutrino "
                + "electron recoils, reproduced with xmassnu (cf. XMASS-I, PLB 809 (2020) 135741, arXiv:2005.11891)\"\n");
        String cl = String.format(Locale.ROOT, "%.0f%%", 100 * s.confidenceLevel());
        String[] names = {"expected -2 sigma", "expected -1 sigma", "expected median", "expected +1 sigma",
                "expected +2 sigma"};
        // one table per model: mass-dependent models get mass as the independent variable, others the flavour case
        Map<String, List<FitJob.Point>> byModel = new LinkedHashMap<>();
        points.forEach(p -> byModel.computeIfAbsent(p.key().model(), k -> new ArrayList<>()).add(p));
        for (Map.Entry<String, List<FitJob.Point>> e : byModel.entrySet()) {
            Model model = Model.parse(e.getKey());
            for (Map.Entry<String, List<FitJob.Point>> c : curves(e.getValue()).entrySet()) {
                List<FitJob.Point> ps = c.getValue();
                String flavour = ps.get(0).key().flavour();
                String table = model.label() + "-" + flavour;
                sub.append("---\nname: \"").append(table).append("\"\ndescription: \"").append(cl)
                        .append(" CL upper limit on the ").append(model.label()).append(" coupling (")
                        .append(model.couplingUnit()).append("), flavour case ").append(flavour).append("\"\n")
                        .append("keywords:\n- {name: cmenergies, values: [0]}\n- {name: observables, values: [CLs limit]}\n")
                        .append("data_file: ").append(table).append(".yaml\n");
                StringBuilder d = new StringBuilder("independent_variables:\n");
                if (model.hasMediatorMass()) {
                    d.append("- header: {name: 'M_A''', units: MeV}\n  values:\n");
                    ps.forEach(p -> d.append("  - {value: ").append(num(p.key().massMev())).append("}\n"));
                } else {
                    d.append("- header: {name: flavour case}\n  values:\n  - {value: ").append(flavour).append("}\n");
                }
                d.append("dependent_variables:\n");
                addDependent(d, "observed", cl, model, ps, p -> p.observed());
                for (int k = 0; k < 5; k++) {
                    final int kk = k;
                    addDependent(d, names[k], cl, model, ps, p -> p.expected()[kk]);
                }
                Files.writeString(dir.resolve(table + ".yaml"), d.toString());
            }
        }
        Files.writeString(dir.resolve("submission.yaml"), sub.toString());
    }

    private static void addDependent(StringBuilder d, String name, String cl, Model model, List<FitJob.Point> ps,
                                     java.util.function.ToDoubleFunction<FitJob.Point> v) {
        d.append("- header: {name: '").append(name).append("', units: '").append(model.couplingUnit()).append("'}\n")
                .append("  qualifiers:\n  - {name: CL, value: '").append(cl).append("'}\n")
                .append("  - {name: profiled systematics, value: '").append(profiledSystematics(ps)).append("'}\n  values:\n");
        for (FitJob.Point p : ps) {
            double x = v.applyAsDouble(p);
            d.append("  - {value: ").append(Double.isFinite(x) ? num(x) : "'-'").append("}\n");
        }
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
