package xmassnu.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.fits.analysis.Histogram;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.fit.FitJob;
import xmassnu.jobs.fit.SweepJob;
import xmassnu.jobs.fit.LimitOutputs;
import xmassnu.jobs.fit.LimitTable;
import xmassnu.jobs.io.StageDirectory;
import xmassnu.jobs.lineage.Lineage;
import xmassnu.jobs.BuildInfo;
import xmassnu.jobs.export.HepData;
import xmassnu.jobs.export.HepDataTables;
import xmassnu.jobs.plots.CurveFigure;
import xmassnu.jobs.plots.SpectrumFigure;
import xmassnu.jobs.reduce.ReduceJob;
import xmassnu.jobs.select.SelectJob;
import xmassnu.jobs.spark.SparkSchemas;
import xmassnu.jobs.spectra.SpectraJob;
import xmassnu.jobs.spectra.Templates;
import xmassnu.reduction.cuts.SelectionSettings;
import xmassnu.schemas.Tables;

/**
 * A self-contained HTML report of a data directory (DIR/report/index.html with PNGs beside it): cut flow, energy
 * and radius distributions, efficiency, observed spectrum with the expected components, limit tables beside the
 * published values, Brazil bands and the g_BL exclusion plot, and the configuration and lineage of every stage.
 * Read-only on the stages; written to a staging directory and renamed into place.
 */
public final class ReportJob {
    public static final String REPORT = "report";
    private static final List<String> STAGES = List.of("raw", "events", "selection", "spectra", "limits");

    private ReportJob() {}

    public static Path run(SparkSession spark, Path data) {
        return run(spark, data, true);
    }

    /** @param quiet no progress lines on stderr */
    public static Path run(SparkSession spark, Path data, boolean quiet) {
        for (String s : List.of("selection", "spectra", "limits")) {
            if (!Files.isRegularFile(data.resolve(s).resolve(StageDirectory.SUCCESS))) {
                throw new IllegalArgumentException(data.resolve(s) + " is not committed: run bin/xmass pipeline (or the "
                        + "stages up to fit) on " + data + " first");
            }
        }
        Path target = data.resolve(REPORT).toAbsolutePath();
        Path staging = target.resolveSibling(REPORT + ".staging");
        try {
            StageDirectoryless.delete(staging);
            Files.createDirectories(staging);
            long t0 = System.nanoTime();
            List<HepData.Table> tables = new ArrayList<>();
            StringBuilder h = new StringBuilder();
            h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>xmassnu report</title><style>")
                    .append("body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse}")
                    .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}pre{background:#f6f6f6;")
                    .append("padding:8px;overflow-x:auto}img{max-width:100%}.meta{color:#555}")
                    .append(".warning{background:#fff3cd;border:1px solid #e0b000;padding:8px;margin:8px 0}")
                    .append("details{margin:4px 0}</style></head><body>");
            h.append(ReportSections.header(data.toString(), java.time.Instant.now().truncatedTo(
                    java.time.temporal.ChronoUnit.SECONDS).toString(), BuildInfo.projectVersion(), gitCommit(),
                    codeFingerprint(data)));
            h.append(ReportSections.outputs(outputs(data)));
            progress(quiet, "cut flow", t0, () -> cutFlow(spark, data, h, tables));
            progress(quiet, "energy and radius", t0, () -> distributions(spark, data, staging, h));
            progress(quiet, "spectrum and efficiency", t0, () -> spectra(spark, data, staging, h, tables));
            progress(quiet, "limits", t0, () -> limits(spark, data, staging, h, tables));
            progress(quiet, "systematic variations", t0, () -> sweep(data, h));
            progress(quiet, "lineage", t0, () -> lineage(data, h));
            progress(quiet, "HEPData", t0, () -> hepData(data, staging, tables));
            h.append("</body></html>\n");
            Files.writeString(staging.resolve("index.html"), h.toString());
            StageDirectoryless.delete(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target.resolve("index.html");
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report into " + target, e);
        }
    }

    private interface Section {
        void run() throws IOException;
    }

    /** Runs one section and says on stderr that it is done and when (the 711-day report takes minutes). */
    private static void progress(boolean quiet, String what, long t0, Section s) throws IOException {
        long t = System.nanoTime();
        s.run();
        if (!quiet) {
            System.err.printf(Locale.ROOT, "report: %-24s done (%.1f s, %.1f s in all)%n", what, (System.nanoTime() - t) * 1e-9,
                    (System.nanoTime() - t0) * 1e-9);
        }
    }

    /** The code fingerprint the limits were computed with (their lineage). */
    private static String codeFingerprint(Path data) throws IOException {
        Path f = data.resolve(FitJob.LIMITS).resolve(Lineage.FILE);
        return Files.isRegularFile(f) ? Json.MAPPER.readTree(f.toFile()).path("codeFingerprint").asText("unknown")
                : "unknown";
    }

    /** The commit of the source tree bin/xmass ran from (xmass.root), "unknown" outside a git work tree. */
    static String gitCommit() {
        String root = System.getProperty("xmass.root");
        if (root == null) {
            return "unknown";
        }
        try {
            Process p = new ProcessBuilder("git", "-C", root, "describe", "--always", "--dirty", "--abbrev=12")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && !out.isEmpty() ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Every machine-readable output, relative to the report directory. */
    private static List<ReportSections.Output> outputs(Path data) {
        List<ReportSections.Output> o = new ArrayList<>();
        java.util.function.BiConsumer<String, String> add = (rel, what) -> o.add(new ReportSections.Output("../" + rel,
                what, Files.exists(data.resolve(rel))));
        add.accept("limits/limits.csv", "every grid point's limits (CSV)");
        add.accept("limits/grid", "the limit grid (Parquet, table limit_grid)");
        o.add(new ReportSections.Output("hepdata/submission.yaml", "the HEPData submission: limits, spectrum, "
                + "efficiency, cut flow, with the pyhf files attached", true));
        add.accept("limits/hepdata/submission.yaml", "the limit tables alone (HEPData)");
        add.accept("spectra/workspaces", "pyhf workspaces of every model (docs/statistics.md, pyhf)");
        add.accept("spectra/templates", "background and signal templates, observed histogram (Parquet)");
        add.accept("spectra/response", "the detector response (Parquet)");
        add.accept("spectra/_spectra.json", "exposure, live time, expected counts");
        add.accept("selection/cutflow", "cut flow per run (Parquet)");
        add.accept("sweep/shifts.csv", "each systematic variation's limits over the nominal ones");
        add.accept("limits/plots", "every limit figure as PNG and SVG");
        return o;
    }

    /** A figure of the report: its PNG, linked to its SVG. */
    private static String figure(String name) {
        return "<a href=\"" + name + ".svg\"><img src=\"" + name + ".png\" alt=\"" + name + "\"></a>";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void cutFlow(SparkSession spark, Path data, StringBuilder h, List<HepData.Table> tables) {
        h.append("<h2>Cut flow</h2><table><tr><th>#</th><th>cut</th><th>events after</th><th>live days</th>")
                .append("<th>exposure kg·d</th></tr>");
        List<SelectJob.Step> steps = SelectJob.readTotal(spark, data.resolve(SelectJob.SELECTION));
        for (SelectJob.Step s : steps) {
            h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td style=\"text-align:left\">%s</td><td>%,d</td>"
                    + "<td>%.4f</td><td>%.2f</td></tr>", s.index(), s.cut(), s.events(), s.livetimeDays(), s.exposureKgDay()));
        }
        h.append("</table>");
        tables.add(HepDataTables.cutFlow(steps.stream().map(SelectJob.Step::cut).toList(),
                steps.stream().mapToLong(SelectJob.Step::events).toArray(),
                steps.stream().mapToDouble(SelectJob.Step::livetimeDays).toArray(),
                steps.stream().mapToDouble(SelectJob.Step::exposureKgDay).toArray()));
    }

    /** Energy of events passing every cut but the window, radius of those passing every cut but the fiducial one. */
    private static void distributions(SparkSession spark, Path data, Path out, StringBuilder h) throws IOException {
        SelectionSettings sel = Json.MAPPER.convertValue(Lineage.recordedConfiguration(data.resolve(SelectJob.SELECTION)),
                SelectionSettings.class);
        List<String> names = sel.cuts().stream().map(c -> c.name()).toList();
        long all = (1L << names.size()) - 1;
        long windowBit = 1L << names.indexOf("energy-window");
        long fiducialBit = 1L << names.indexOf("fiducial-volume");
        Path selection = data.resolve(SelectJob.SELECTION);
        var masks = SparkSchemas.read(spark, Tables.CUT_MASKS, selection.resolve(SelectJob.MASKS));
        var events = SparkSchemas.read(spark, Tables.EVENTS, data.resolve(ReduceJob.EVENTS)).select("run_id", "event_id", "energy_kev", "r_cm");
        double[] energyEdges = edges(0, 60, 1.0);
        double[] radiusEdges = edges(0, 40, 1.0);
        double[] e = histogram(nearlySelected(masks, events, all & ~windowBit), "energy_kev", energyEdges);
        double[] r = histogram(nearlySelected(masks, events, all & ~fiducialBit), "r_cm", radiusEdges);
        SpectrumFigure.observed("energy", "Energy, all cuts but the energy window", "E (keV_{ee})",
                "events / keV_{ee}", energyEdges, e, 800, 450).write(out);
        SpectrumFigure.observed("radius", "Reconstructed radius, all cuts but the fiducial volume", "r (cm)",
                "events / cm", radiusEdges, r, 800, 450).write(out);
        h.append("<h2>Energy and radius</h2>").append(figure("energy")).append(figure("radius"));
    }

    /** Events passing every cut of {@code required}: the (few) passing keys joined to the event table. */
    private static org.apache.spark.sql.Dataset<Row> nearlySelected(org.apache.spark.sql.Dataset<Row> masks,
                                                                   org.apache.spark.sql.Dataset<Row> events, long required) {
        var keys = masks.filter(col("failed_cuts_mask").bitwiseAND(required).equalTo(0)).select("run_id", "event_id");
        return events.join(org.apache.spark.sql.functions.broadcast(keys), scala.jdk.javaapi.CollectionConverters.asScala(List.of("run_id", "event_id")).toSeq());
    }

    private static double[] edges(double lo, double hi, double width) {
        int n = (int) Math.round((hi - lo) / width);
        double[] e = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            e[i] = lo + i * width;
        }
        return e;
    }

    /** Counts in equal-width bins over [edges[0], edges[n]). */
    private static double[] histogram(org.apache.spark.sql.Dataset<Row> d, String column, double[] edges) {
        int n = edges.length - 1;
        double lo = edges[0];
        double width = edges[1] - edges[0];
        double[] y = new double[n];
        for (Row row : d.filter(col(column).geq(lo).and(col(column).lt(edges[n])))
                .select(floor(col(column).minus(lo).divide(width)).cast("int").alias("b")).groupBy("b").count()
                .collectAsList()) {
            y[Math.min(row.getInt(0), n - 1)] = row.getLong(1);
        }
        return y;
    }

    private static void spectra(SparkSession spark, Path data, Path out, StringBuilder h, List<HepData.Table> tables)
            throws IOException {
        Path spectra = data.resolve(SpectraJob.SPECTRA);
        Templates t = Templates.fromRows(SparkSchemas.read(spark, Tables.TEMPLATES, spectra.resolve("templates"))
                .filter("variation = 'nominal'").collectAsList());
        double[] total = t.standardModel().counts();
        for (Histogram b : t.backgrounds().values()) {
            double[] c = b.counts();
            for (int i = 0; i < total.length; i++) {
                total[i] += c[i];
            }
        }
        List<FitJob.Point> points = readPoints(spark, data);
        ReportFigures.preFit(t, points, confidenceLevel(data)).write(out);
        tables.add(ReportFigures.spectrumTable(t));
        List<Row> resp = SparkSchemas.read(spark, Tables.RESPONSE, spectra.resolve("response"))
                .filter(col("reco_bin").equalTo(0)).orderBy("true_bin").collectAsList();
        double[] te = new double[resp.size()];
        double[] lo = new double[resp.size()];
        double[] hi = new double[resp.size()];
        double[] eff = new double[resp.size()];
        for (int i = 0; i < resp.size(); i++) {
            Row r = resp.get(i);
            lo[i] = r.getAs("true_low_kev");
            hi[i] = r.getAs("true_high_kev");
            te[i] = Math.sqrt(lo[i] * hi[i]);
            long gen = r.getAs("generated_in_fiducial");
            eff[i] = gen == 0 ? Double.NaN : (long) r.getAs("passed_in_fiducial") / (double) gen;
        }
        CurveFigure.figure("efficiency", "Selection efficiency, electron recoils in the fiducial volume (all cuts "
                + "but the window)", "T (keV)", "efficiency", true, false, 0, 1.05,
                List.of(new CurveFigure.Curve("efficiency", te, eff)), 800, 450).write(out);
        tables.add(HepDataTables.efficiency(lo, hi, eff));
        JsonNode sum = SpectraJob.readSummary(spectra);
        h.append("<h2>Spectrum, backgrounds and efficiency</h2>")
                .append(String.format(Locale.ROOT, "<p>Exposure %.2f kg·day (%.4f live days after the veto, %.1f kg)."
                                + " Observed %.0f events; expected %.2f (Standard-Model solar ν %.3f).</p>",
                        sum.get("exposure_kg_day").asDouble(), sum.get("livetime_days_after_veto").asDouble(),
                        sum.get("fiducial_mass_kg").asDouble(), sum.get("observed").asDouble(),
                        java.util.Arrays.stream(total).sum(), sum.get("expected_solar_sm").asDouble()))
                .append(figure("spectrum")).append(figure("efficiency"));
    }

    private static List<FitJob.Point> readPoints(SparkSession spark, Path data) {
        List<FitJob.Point> points = new ArrayList<>();
        for (Row r : SparkSchemas.read(spark, Tables.LIMIT_GRID, data.resolve(FitJob.LIMITS).resolve("grid"))
                .collectAsList()) {
            points.add(FitJob.point(r));
        }
        points.sort(FitJob.GRID_ORDER);
        return points;
    }

    private static double confidenceLevel(Path data) {
        return Lineage.recordedConfiguration(data.resolve(FitJob.LIMITS)).path("settings").path("confidenceLevel")
                .asDouble(0.9);
    }

    private static void limits(SparkSession spark, Path data, Path out, StringBuilder h, List<HepData.Table> tables)
            throws IOException {
        Path limits = data.resolve(FitJob.LIMITS);
        List<FitJob.Point> points = readPoints(spark, data);
        double cl = confidenceLevel(data);
        h.append("<h2>Limits</h2><p>").append(String.format(Locale.ROOT, "%.0f %% CL", 100 * cl))
                .append(" CLs upper limits; the B−L rows show the grid masses nearest the published ones. Why they ")
                .append("differ from XMASS-I: docs/results.md. Systematic variations profiled as nuisance parameters: ")
                .append(esc(LimitOutputs.profiledSystematics(points)))
                .append(".</p><pre>").append(esc(LimitTable.format(points, cl)))
                .append("</pre>");
        JsonNode sum = SpectraJob.readSummary(data.resolve(SpectraJob.SPECTRA));
        double expected = sum.path("expected_solar_sm").asDouble();
        for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) () -> sum.path("expected_background").fields()) {
            expected += e.getValue().asDouble();
        }
        List<ReportSections.ToyCheck> toys = points.stream().filter(p -> Double.isFinite(p.toyClsAtObserved()))
                .map(p -> new ReportSections.ToyCheck(p.key().model() + " " + p.key().flavour()
                        + (p.key().massMev() == null ? "" : " " + p.key().massMev() + " MeV"), p.toyClsAtObserved()))
                .toList();
        h.append(ReportSections.asymptoticWarning(expected, 10, 1 - cl, toys));
        tables.addAll(HepDataTables.limits(LimitOutputs.figurePoints(points), cl, LimitOutputs.profiledSystematics(points),
                String.format(Locale.ROOT, "%.4g", sum.path("exposure_kg_day").asDouble())));
        try (var files = Files.list(limits.resolve("plots"))) {
            for (Path f : files.sorted().toList()) {
                Files.copy(f, out.resolve(f.getFileName()));
                String n = f.getFileName().toString();
                if (n.endsWith(".png")) {
                    String svg = n.substring(0, n.length() - 4) + ".svg";
                    h.append("<a href=\"").append(svg).append("\"><img src=\"").append(n).append("\" alt=\"")
                            .append(n).append("\"></a>");
                }
            }
        }
    }

    /**
     * The systematic-variation sweep (bin/xmass sweep; part of the pipeline): each variation's limits over the
     * nominal ones, for the flavour-summed limits and B-L at the published masses.
     */
    private static void sweep(Path data, StringBuilder h) throws IOException {
        Path shifts = data.resolve(SweepJob.SWEEP).resolve(SweepJob.SHIFTS);
        h.append("<h2>Systematic variations</h2><p>Each variation's limit over the nominal one, both without the ")
                .append("systematics in the likelihood (the sweep's shifts; the limits above profile them).</p>");
        if (!Files.isRegularFile(shifts)) {
            h.append("<p>No sweep yet: <code>bin/xmass sweep --data ").append(esc(data.toString()))
                    .append("</code>.</p>");
            return;
        }
        java.util.Map<String, java.util.Map<String, String>> table = new java.util.LinkedHashMap<>();
        java.util.Set<String> columns = new java.util.LinkedHashSet<>();
        List<String> lines = Files.readAllLines(shifts);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            boolean published = f[2].isEmpty() || Math.abs(Double.parseDouble(f[2]) / 1e-3 - 1) < 1e-3
                    || Math.abs(Double.parseDouble(f[2]) / 10 - 1) < 1e-3;
            if (!f[1].equals("all") || !published) {
                continue;
            }
            String column = f[0] + (f[2].isEmpty() ? "" : " " + f[2] + " MeV");
            columns.add(column);
            table.computeIfAbsent(f[3], k -> new java.util.LinkedHashMap<>()).put(column,
                    String.format(Locale.ROOT, "%.3f (%.3f)", Double.parseDouble(f[5]), Double.parseDouble(f[4])));
        }
        h.append("<p>Limit with each ±1σ variation of the templates over the nominal limit: expected median ")
                .append("(observed in brackets), all flavours. The variations and their sizes: docs/statistics.md; every ")
                .append("grid point in <code>sweep/shifts.csv</code>, each variation's grid and lineage in ")
                .append("<code>sweep/&lt;variation&gt;/</code>.</p><table><tr><th>variation</th>");
        columns.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr>");
        table.forEach((variation, row) -> {
            h.append("<tr><td style=\"text-align:left\">").append(esc(variation)).append("</td>");
            columns.forEach(c -> h.append("<td>").append(row.getOrDefault(c, "")).append("</td>"));
            h.append("</tr>");
        });
        h.append("</table>");
    }

    private static void lineage(Path data, StringBuilder h) throws IOException {
        List<ReportSections.Stage> stages = new ArrayList<>();
        for (String s : STAGES) {
            Path f = data.resolve(s).resolve(Lineage.FILE);
            if (Files.isRegularFile(f)) {
                JsonNode n = Json.MAPPER.readTree(f.toFile());
                List<String> inputs = new ArrayList<>();
                n.path("inputHashes").forEach(i -> inputs.add(i.asText()));
                stages.add(new ReportSections.Stage(s, n.path("stage").asText(), n.path("hash").asText(), inputs,
                        n.path("projectVersion").asText(), n.path("codeFingerprint").asText(), Files.readString(f)));
            }
        }
        h.append(ReportSections.lineage(stages));
    }

    /**
     * The complete HEPData submission beside the report: the tables of every section, the figures, and the pyhf
     * files of the spectra stage attached as additional resources.
     */
    private static void hepData(Path data, Path out, List<HepData.Table> tables) throws IOException {
        Path dir = out.resolve("hepdata");
        Path pyhf = dir.resolve("pyhf");
        Files.createDirectories(pyhf);
        List<String> names = new ArrayList<>();
        Path workspaces = data.resolve(SpectraJob.SPECTRA).resolve(SpectraJob.WORKSPACES);
        if (Files.isDirectory(workspaces)) {
            try (var files = Files.list(workspaces)) {
                for (Path f : files.sorted().toList()) {
                    Files.copy(f, pyhf.resolve(f.getFileName()));
                    names.add(f.getFileName().toString());
                }
            }
        }
        for (HepData.Table t : tables) {
            for (HepData.Resource r : t.resources()) {
                if (Files.isRegularFile(out.resolve(r.location()))) {
                    Files.copy(out.resolve(r.location()), dir.resolve(r.location()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        double cl = confidenceLevel(data);
        HepData.write(new HepData.Submission(HepDataTables.comment(cl), HepDataTables.pyhfResources(names, "pyhf/"),
                tables), dir);
    }

    /** Directory deletion without lineage semantics (the report is a view, not a stage). */
    private static final class StageDirectoryless {
        static void delete(Path p) throws IOException {
            if (!Files.exists(p)) {
                return;
            }
            try (var walk = Files.walk(p)) {
                for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
