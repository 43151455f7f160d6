package xmassnu.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.analysis.Histogram;
import xmassnu.jobs.BuildInfo;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.export.HepData;
import xmassnu.jobs.export.HepDataTables;
import xmassnu.jobs.fit.FitStage;
import xmassnu.jobs.fit.GridPoint;
import xmassnu.jobs.fit.LimitGrid;
import xmassnu.jobs.fit.LimitOutputs;
import xmassnu.jobs.fit.LimitTable;
import xmassnu.jobs.fit.Observation;
import xmassnu.jobs.io.ParquetTableReader;
import xmassnu.jobs.io.TableData;
import xmassnu.jobs.plots.CurveFigure;
import xmassnu.jobs.plots.Figure;
import xmassnu.jobs.plots.SpectrumFigure;
import xmassnu.jobs.select.CutFlow;
import xmassnu.jobs.spark.SparkSchemas;
import xmassnu.jobs.spectra.SpectraSummary;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.spectra.Variation;
import xmassnu.jobs.spectra.VariedTemplates;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.Lineage;
import xmassnu.jobs.stage.Stage;
import xmassnu.jobs.stage.StageContext;
import xmassnu.jobs.storage.Location;
import xmassnu.reduction.cuts.SelectionSettings;
import xmassnu.schemas.Table;
import xmassnu.schemas.Tables;

/**
 * A self-contained HTML report of a data directory (report/index.html with its figures): cut flow, energy and radius
 * distributions, efficiency, observed spectrum with the expected components, the background-only goodness of fit
 * (chi2, p-values, pulls, post-fit spectrum with residuals), limit tables beside the published values (the
 * millicharge per sign, with a CLs scan), Brazil bands and the g_BL exclusion plot, the local and global
 * significance with the statement that follows from it, the systematic shifts, and the configuration and lineage
 * of every stage.
 * A stage like the others: its inputs must chain (a report never shows a cut flow beside limits made from another
 * selection), and it is reused while they do not change.
 */
public final class ReportStage implements Stage<Location> {
    private final boolean withSweep;

    /** @param withSweep whether the data directory has a committed sweep (its shifts are then reported) */
    public ReportStage(boolean withSweep) {
        this.withSweep = withSweep;
    }

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String key() {
        return DataLayout.REPORT;
    }

    @Override
    public List<Input> inputs() {
        List<Input> in = new ArrayList<>(List.of(Input.of(DataLayout.RAW, "simulate", DataLayout.RUNS),
                Input.all(DataLayout.EVENTS, "reduce"), Input.all(DataLayout.SELECTION, "select"),
                Input.all(DataLayout.SPECTRA, "spectra"), Input.all(DataLayout.LIMITS, "fit")));
        if (withSweep) {
            in.add(Input.all(DataLayout.shiftsKey(), "sweep"));
        }
        return in;
    }

    @Override
    public JsonNode settings() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("with_sweep", withSweep);
        return n;
    }

    @Override
    public List<Table> writes() {
        return List.of();
    }

    @Override
    public Location reuse(StageContext ctx, CommittedStage committed) {
        return committed.dir().resolve("index.html");
    }

    @Override
    public Location compute(StageContext ctx) {
        long t0 = System.nanoTime();
        List<HepData.Table> tables = new ArrayList<>();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>xmassnu report</title><style>")
                .append("body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}pre{background:#f6f6f6;")
                .append("padding:8px;overflow-x:auto}img{max-width:100%}.meta{color:#555}")
                .append(".warning{background:#fff3cd;border:1px solid #e0b000;padding:8px;margin:8px 0}")
                .append("details{margin:4px 0}</style></head><body>");
        h.append(ReportSections.header(ctx.layout().root().toString(), java.time.Instant.now().truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS).toString(), BuildInfo.projectVersion(), gitCommit(),
                ctx.input(DataLayout.LIMITS).lineage().code()));
        h.append(ReportSections.outputs(outputs(ctx)));
        progress(ctx, "cut flow", t0, () -> cutFlow(ctx, h, tables));
        progress(ctx, "energy and radius", t0, () -> distributions(ctx, h));
        progress(ctx, "spectrum and efficiency", t0, () -> spectra(ctx, h, tables));
        progress(ctx, "goodness of fit", t0, () -> goodnessOfFit(ctx, h, tables));
        progress(ctx, "limits", t0, () -> limits(ctx, h, tables));
        progress(ctx, "significance", t0, () -> significance(ctx, h, tables));
        progress(ctx, "systematic variations", t0, () -> sweep(ctx, h));
        progress(ctx, "lineage", t0, () -> lineage(ctx, h));
        progress(ctx, "HEPData", t0, () -> hepData(ctx, tables));
        h.append("</body></html>\n");
        ctx.output().writeString("index.html", h.toString());
        return ctx.output().resolve("index.html");
    }

    /** Runs one section and says on stderr that it is done and when (the 711-day report takes minutes). */
    private static void progress(StageContext ctx, String what, long t0, Runnable section) {
        long t = System.nanoTime();
        section.run();
        if (!ctx.quiet()) {
            System.err.printf(Locale.ROOT, "report: %-24s done (%.1f s, %.1f s in all)%n", what,
                    (System.nanoTime() - t) * 1e-9, (System.nanoTime() - t0) * 1e-9);
        }
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
        } catch (java.io.IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Every machine-readable output, relative to the report directory. */
    private List<ReportSections.Output> outputs(StageContext ctx) {
        List<ReportSections.Output> o = new ArrayList<>();
        CommittedStage spectra = ctx.input(DataLayout.SPECTRA);
        CommittedStage limits = ctx.input(DataLayout.LIMITS);
        o.add(new ReportSections.Output("../limits/limits.csv", "every grid point's limits (CSV)", true));
        o.add(new ReportSections.Output("../limits/grid", "the limit grid (Parquet, table limit_grid)", true));
        o.add(new ReportSections.Output("../limits/" + DataLayout.GOODNESS_OF_FIT, "the background-only goodness of "
                + "fit: chi2, p-values, pulls, post-fit spectrum and residuals (JSON)", true));
        o.add(new ReportSections.Output("../limits/" + DataLayout.SIGNIFICANCE, "local and global significance of "
                + "every mass scan (JSON)", true));
        o.add(new ReportSections.Output("hepdata/submission.yaml", "the HEPData submission: limits, spectrum, "
                + "post-fit spectrum, pulls, local significance, efficiency, cut flow, with the pyhf files attached", true));
        o.add(new ReportSections.Output("../limits/hepdata/submission.yaml", "the limit tables alone (HEPData)", true));
        o.add(new ReportSections.Output("../spectra/workspaces", "pyhf workspaces of every model (docs/statistics.md, "
                + "pyhf)", !spectra.manifest().under(DataLayout.WORKSPACES).isEmpty()));
        o.add(new ReportSections.Output("../spectra/templates", "background and signal templates, observed histogram "
                + "(Parquet)", true));
        o.add(new ReportSections.Output("../spectra/response", "the detector response (Parquet)", true));
        o.add(new ReportSections.Output("../spectra/_spectra.json", "exposure, live time, expected counts", true));
        o.add(new ReportSections.Output("../selection/cutflow", "cut flow per run (Parquet)", true));
        o.add(new ReportSections.Output("../sweep/shifts/shifts.csv", "each systematic variation's limits over the "
                + "nominal ones", withSweep));
        o.add(new ReportSections.Output("../limits/plots", "every limit figure as PNG and SVG",
                !limits.manifest().under(DataLayout.PLOTS).isEmpty()));
        return o;
    }

    /** A figure of the report: its PNG, linked to its SVG. */
    private static String figure(String name) {
        return "<a href=\"" + name + ".svg\"><img src=\"" + name + ".png\" alt=\"" + name + "\"></a>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void cutFlow(StageContext ctx, StringBuilder h, List<HepData.Table> tables) {
        h.append("<h2>Cut flow</h2><table><tr><th>#</th><th>cut</th><th>events after</th><th>live days</th>")
                .append("<th>exposure kg·d</th></tr>");
        List<CutFlow.Step> steps = CutFlow.readTotal(ctx.storage(), ctx.input(DataLayout.SELECTION));
        for (CutFlow.Step s : steps) {
            h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td style=\"text-align:left\">%s</td><td>%,d</td>"
                    + "<td>%.4f</td><td>%.2f</td></tr>", s.index(), s.cut(), s.events(), s.livetimeDays(), s.exposureKgDay()));
        }
        h.append("</table>");
        tables.add(HepDataTables.cutFlow(steps.stream().map(CutFlow.Step::cut).toList(),
                steps.stream().mapToLong(CutFlow.Step::events).toArray(),
                steps.stream().mapToDouble(CutFlow.Step::livetimeDays).toArray(),
                steps.stream().mapToDouble(CutFlow.Step::exposureKgDay).toArray()));
    }

    /** Energy of events passing every cut but the window, radius of those passing every cut but the fiducial one. */
    private static void distributions(StageContext ctx, StringBuilder h) {
        CommittedStage selection = ctx.input(DataLayout.SELECTION);
        SelectionSettings sel = Json.MAPPER.convertValue(selection.settings(), SelectionSettings.class);
        List<String> names = sel.cuts().stream().map(c -> c.name()).toList();
        long all = (1L << names.size()) - 1;
        long windowBit = 1L << names.indexOf("energy-window");
        long fiducialBit = 1L << names.indexOf("fiducial-volume");
        SparkSession spark = ctx.spark();
        var masks = SparkSchemas.read(spark, selection, DataLayout.MASKS, Tables.CUT_MASKS);
        var events = SparkSchemas.read(spark, ctx.input(DataLayout.EVENTS), "", Tables.EVENTS)
                .select("run_id", "event_id", "energy_kevee", "r_cm");
        double[] energyEdges = edges(0, 60, 1.0);
        double[] radiusEdges = edges(0, 40, 1.0);
        double[] e = histogram(nearlySelected(masks, events, all & ~windowBit), "energy_kevee", energyEdges);
        double[] r = histogram(nearlySelected(masks, events, all & ~fiducialBit), "r_cm", radiusEdges);
        SpectrumFigure.observed("energy", "Energy, all cuts but the energy window", "E (keV_{ee})",
                "events / keV_{ee}", energyEdges, e, 800, 450).write(ctx.output(), "");
        SpectrumFigure.observed("radius", "Reconstructed radius, all cuts but the fiducial volume", "r (cm)",
                "events / cm", radiusEdges, r, 800, 450).write(ctx.output(), "");
        h.append("<h2>Energy and radius</h2>").append(figure("energy")).append(figure("radius"));
    }

    private static double[] edges(double lo, double hi, double width) {
        int n = (int) Math.round((hi - lo) / width);
        double[] e = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            e[i] = lo + i * width;
        }
        return e;
    }

    /** Events passing every cut of {@code required}: the (few) passing keys joined to the event table. */
    private static Dataset<Row> nearlySelected(Dataset<Row> masks, Dataset<Row> events, long required) {
        var keys = masks.filter(col("failed_cuts_mask").bitwiseAND(required).equalTo(0)).select("run_id", "event_id");
        return events.join(org.apache.spark.sql.functions.broadcast(keys),
                scala.jdk.javaapi.CollectionConverters.asScala(List.of("run_id", "event_id")).toSeq());
    }

    /** Counts in equal-width bins over [edges[0], edges[n]). */
    private static double[] histogram(Dataset<Row> d, String column, double[] edges) {
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

    private static void spectra(StageContext ctx, StringBuilder h, List<HepData.Table> tables) {
        CommittedStage spectra = ctx.input(DataLayout.SPECTRA);
        Templates t = VariedTemplates.read(ctx.storage(), spectra, List.of(Variation.NOMINAL)).get(Variation.NOMINAL);
        double[] total = t.standardModel().counts();
        for (Histogram b : t.backgrounds().values()) {
            double[] c = b.counts();
            for (int i = 0; i < total.length; i++) {
                total[i] += c[i];
            }
        }
        List<GridPoint> points = LimitGrid.read(ctx.storage(), ctx.input(DataLayout.LIMITS));
        ReportFigures.preFit(t, points, confidenceLevel(ctx)).write(ctx.output(), "");
        tables.add(ReportFigures.spectrumTable(t));
        TableData resp = ParquetTableReader.readAll(ctx.storage(), spectra.tableFiles(DataLayout.RESPONSE, Tables.RESPONSE),
                Tables.RESPONSE, List.of("true_bin", "reco_bin", "true_low_kev", "true_high_kev", "generated_in_fiducial",
                        "passed_in_fiducial"));
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < resp.rows(); i++) {
            if (resp.longs("reco_bin")[i] == 0) {
                long gen = resp.longs("generated_in_fiducial")[i];
                rows.add(new double[] {resp.longs("true_bin")[i], resp.doubles("true_low_kev")[i],
                        resp.doubles("true_high_kev")[i], gen == 0 ? Double.NaN : resp.longs("passed_in_fiducial")[i]
                        / (double) gen});
            }
        }
        rows.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] lo = rows.stream().mapToDouble(a -> a[1]).toArray();
        double[] hi = rows.stream().mapToDouble(a -> a[2]).toArray();
        double[] eff = rows.stream().mapToDouble(a -> a[3]).toArray();
        double[] te = new double[lo.length];
        for (int i = 0; i < te.length; i++) {
            te[i] = Math.sqrt(lo[i] * hi[i]);
        }
        CurveFigure.figure("efficiency", "Selection efficiency, electron recoils in the fiducial volume (all cuts "
                + "but the window)", "T (keV)", "efficiency", true, false, 0, 1.05,
                List.of(new CurveFigure.Curve("efficiency", te, eff)), 800, 450).write(ctx.output(), "");
        tables.add(HepDataTables.efficiency(lo, hi, eff));
        SpectraSummary sum = SpectraSummary.read(ctx.storage(), spectra);
        h.append("<h2>Spectrum, backgrounds and efficiency</h2>")
                .append(String.format(Locale.ROOT, "<p>Exposure %.2f kg·day (%.4f live days after the veto, %.1f kg)."
                                + " Observed %.0f events; expected %.2f (Standard-Model solar ν %.3f).</p>",
                        sum.exposureKgDay(), sum.liveDaysAfterVeto(), sum.fiducialMassKg(), sum.observed(),
                        java.util.Arrays.stream(total).sum(), sum.expectedSolarSm()))
                .append(figure("spectrum")).append(figure("efficiency"));
    }

    private static double confidenceLevel(StageContext ctx) {
        return ctx.input(DataLayout.LIMITS).settings().path("settings").path("confidenceLevel").asDouble(0.9);
    }

    private static void limits(StageContext ctx, StringBuilder h, List<HepData.Table> tables) {
        CommittedStage limits = ctx.input(DataLayout.LIMITS);
        List<GridPoint> points = LimitGrid.read(ctx.storage(), limits);
        double cl = confidenceLevel(ctx);
        h.append("<h2>Limits</h2><p>").append(String.format(Locale.ROOT, "%.0f %% CL", 100 * cl))
                .append(" CLs upper limits; the B−L rows show the grid masses nearest the published ones. Why they ")
                .append("differ from XMASS-I: docs/results.md. Systematic variations profiled as nuisance parameters: ")
                .append(esc(LimitOutputs.profiledSystematics(points)))
                .append(".</p><pre>").append(esc(LimitTable.format(points, cl)))
                .append("</pre>");
        SpectraSummary sum = SpectraSummary.read(ctx.storage(), ctx.input(DataLayout.SPECTRA));
        double expected = sum.expectedSolarSm() + sum.expectedBackground().values().stream().mapToDouble(d -> d).sum();
        List<ReportSections.ToyCheck> toys = points.stream().filter(p -> Double.isFinite(p.toyClsAtObserved()))
                .map(p -> new ReportSections.ToyCheck(p.key().model().label() + " " + p.key().flavour().label()
                        + (p.key().massMev() == null ? "" : " " + p.key().massMev() + " MeV"), p.toyClsAtObserved()))
                .toList();
        h.append(ReportSections.asymptoticWarning(expected, 10, 1 - cl, toys));
        h.append(ObservationReport.millichargeTable(points, cl));
        FitSettings fs = fitSettings(ctx);
        Figure scan = ReportFigures.clsScan(FitStage.readTemplates(ctx, fs), fs, points);
        if (scan != null) {
            scan.write(ctx.output(), "");
            h.append(figure(scan.name()));
        }
        tables.addAll(HepDataTables.limits(LimitOutputs.figurePoints(points), cl, LimitOutputs.profiledSystematics(points),
                String.format(Locale.ROOT, "%.4g", sum.exposureKgDay())));
        for (Location f : limits.files(DataLayout.PLOTS)) {
            ctx.output().writeBytes(f.name(), ctx.storage().readBytes(f));
            String n = f.name();
            if (n.endsWith(".png")) {
                String svg = n.substring(0, n.length() - 4) + ".svg";
                h.append("<a href=\"").append(svg).append("\"><img src=\"").append(n).append("\" alt=\"")
                        .append(n).append("\"></a>");
            }
        }
    }

    /** The fit settings the limits were computed with (the fit stage's configuration). */
    private static FitSettings fitSettings(StageContext ctx) {
        return Json.MAPPER.convertValue(ctx.input(DataLayout.LIMITS).settings().get("settings"), FitSettings.class);
    }

    /**
     * The background-only goodness of fit (limits/goodness_of_fit.json): chi2, dof, p-values, the pull plot and the
     * observed spectrum over the post-fit background with the residuals.
     */
    private static void goodnessOfFit(StageContext ctx, StringBuilder h, List<HepData.Table> tables) {
        JsonNode g = Observation.read(ctx.storage(), ctx.input(DataLayout.LIMITS)).goodnessOfFit();
        h.append(ObservationReport.goodnessOfFit(g));
        for (Figure f : java.util.Arrays.asList(ObservationReport.pullFigure(g), ObservationReport.postFitFigure(g))) {
            if (f != null) {
                f.write(ctx.output(), "");
                h.append(figure(f.name()));
            }
        }
        tables.addAll(ObservationReport.goodnessOfFitTables(g));
    }

    /**
     * The significance (limits/significance.json and the grid's local significance): local Z against the mass of
     * every scan, the largest local Z, the global significance and the statement that follows from them.
     */
    private static void significance(StageContext ctx, StringBuilder h, List<HepData.Table> tables) {
        CommittedStage limits = ctx.input(DataLayout.LIMITS);
        JsonNode sig = Observation.read(ctx.storage(), limits).significance();
        List<GridPoint> points = LimitGrid.read(ctx.storage(), limits);
        h.append(ObservationReport.significance(sig, ObservationReport.locals(points),
                ObservationReport.largestUnscanned(points, sig)));
        for (JsonNode scan : sig.path("scans")) {
            Figure f = ObservationReport.significanceFigure(points, ObservationReport.Scan.of(scan));
            if (f != null) {
                f.write(ctx.output(), "");
                h.append(figure(f.name()));
            }
        }
        tables.addAll(ObservationReport.significanceTables(sig, points));
    }

    /**
     * The systematic-variation sweep (bin/xmass sweep; part of the pipeline): each variation's limits over the
     * nominal ones, for the flavour-summed limits and B-L at the published masses.
     */
    private void sweep(StageContext ctx, StringBuilder h) {
        h.append("<h2>Systematic variations</h2><p>Each variation's limit over the nominal one, both without the ")
                .append("systematics in the likelihood (the sweep's shifts; the limits above profile them).</p>");
        if (!withSweep) {
            h.append("<p>No sweep yet: <code>bin/xmass sweep --data ").append(esc(ctx.layout().root().toString()))
                    .append("</code>.</p>");
            return;
        }
        Map<String, Map<String, String>> table = new LinkedHashMap<>();
        Set<String> columns = new LinkedHashSet<>();
        List<String> lines = ctx.input(DataLayout.shiftsKey()).readText(ctx.storage(), DataLayout.SHIFTS_CSV).lines()
                .toList();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            boolean published = f[2].isEmpty() || Math.abs(Double.parseDouble(f[2]) / 1e-3 - 1) < 1e-3
                    || Math.abs(Double.parseDouble(f[2]) / 10 - 1) < 1e-3;
            if (!f[1].equals("all") || !published) {
                continue;
            }
            String column = f[0] + (f[2].isEmpty() ? "" : " " + f[2] + " MeV");
            columns.add(column);
            table.computeIfAbsent(f[3], k -> new LinkedHashMap<>()).put(column,
                    String.format(Locale.ROOT, "%.3f (%.3f)", Double.parseDouble(f[5]), Double.parseDouble(f[4])));
        }
        h.append("<p>Limit with each ±1σ variation of the templates over the nominal limit: expected median ")
                .append("(observed in brackets), all flavours. The variations and their sizes: docs/statistics.md; every ")
                .append("grid point in <code>sweep/shifts/shifts.csv</code>, each variation's grid and lineage in ")
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

    private void lineage(StageContext ctx, StringBuilder h) {
        List<ReportSections.Stage> stages = new ArrayList<>();
        for (Input in : inputs()) {
            CommittedStage c = ctx.input(in.key());
            List<String> inputs = new ArrayList<>();
            c.lineage().inputs().forEach((k, v) -> inputs.add(k + " " + ReportSections.shortHash(v)));
            stages.add(new ReportSections.Stage(in.key(), c.lineage().stage(), c.hash(), inputs, c.lineage().code(),
                    c.readText(ctx.storage(), Lineage.FILE)));
        }
        h.append(ReportSections.lineage(stages));
    }

    /**
     * The complete HEPData submission beside the report: the tables of every section, their figures, and the pyhf
     * files of the spectra stage attached as additional resources.
     */
    private static void hepData(StageContext ctx, List<HepData.Table> tables) {
        String dir = "hepdata";
        List<String> names = new ArrayList<>();
        CommittedStage spectra = ctx.input(DataLayout.SPECTRA);
        for (Location f : spectra.files(DataLayout.WORKSPACES)) {
            ctx.output().writeBytes(dir + "/pyhf/" + f.name(), ctx.storage().readBytes(f));
            names.add(f.name());
        }
        java.util.Set<String> copied = new java.util.HashSet<>();
        for (HepData.Table t : tables) {
            for (HepData.Resource r : t.resources()) {
                Location figure = ctx.output().resolve(r.location());
                if (copied.add(r.location()) && ctx.storage().isFile(figure)) {
                    ctx.output().writeBytes(dir + "/" + r.location(), ctx.storage().readBytes(figure));
                }
            }
        }
        HepData.write(new HepData.Submission(HepDataTables.comment(confidenceLevel(ctx)),
                HepDataTables.pyhfResources(names, "pyhf/"), tables), ctx.output(), dir);
    }
}
