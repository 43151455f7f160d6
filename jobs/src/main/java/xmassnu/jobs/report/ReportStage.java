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

import xmassnu.fits.analysis.Histogram;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.fit.GridPoint;
import xmassnu.jobs.fit.LimitGrid;
import xmassnu.jobs.fit.LimitOutputs;
import xmassnu.jobs.fit.LimitTable;
import xmassnu.jobs.io.ParquetTableReader;
import xmassnu.jobs.io.TableData;
import xmassnu.jobs.plots.LinePlot;
import xmassnu.jobs.select.CutFlow;
import xmassnu.jobs.spark.SparkSchemas;
import xmassnu.jobs.spectra.SpectraSummary;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.spectra.VariedTemplates;
import xmassnu.jobs.spectra.Variation;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.Lineage;
import xmassnu.jobs.stage.Stage;
import xmassnu.jobs.stage.StageContext;
import xmassnu.jobs.stage.StageOutput;
import xmassnu.jobs.storage.Location;
import xmassnu.reduction.cuts.SelectionSettings;
import xmassnu.schemas.Table;
import xmassnu.schemas.Tables;

/**
 * A self-contained HTML report of a data directory (report/index.html with its figures): cut flow, energy and radius
 * distributions, efficiency, observed spectrum with the expected components, limit tables beside the published values,
 * Brazil bands and the g_BL exclusion plot, the systematic shifts, and the configuration and lineage of every stage.
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
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>xmassnu report</title><style>")
                .append("body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}pre{background:#f6f6f6;")
                .append("padding:8px;overflow-x:auto}img{max-width:100%}</style></head><body>")
                .append("<h1>Exotic neutrino-electron interactions: ").append(esc(ctx.layout().root().toString()))
                .append("</h1>");
        cutFlow(ctx, h);
        distributions(ctx, h);
        spectra(ctx, h);
        limits(ctx, h);
        sweep(ctx, h);
        lineage(ctx, h);
        h.append("</body></html>\n");
        ctx.output().writeString("index.html", h.toString());
        return ctx.output().resolve("index.html");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void cutFlow(StageContext ctx, StringBuilder h) {
        h.append("<h2>Cut flow</h2><table><tr><th>#</th><th>cut</th><th>events after</th><th>live days</th>")
                .append("<th>exposure kg·d</th></tr>");
        for (CutFlow.Step s : CutFlow.readTotal(ctx.storage(), ctx.input(DataLayout.SELECTION))) {
            h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td style=\"text-align:left\">%s</td><td>%,d</td>"
                    + "<td>%.4f</td><td>%.2f</td></tr>", s.index(), s.cut(), s.events(), s.livetimeDays(), s.exposureKgDay()));
        }
        h.append("</table>");
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
        double[][] e = histogram(nearlySelected(masks, events, all & ~windowBit), "energy_kevee", 0, 60, 1.0);
        double[][] r = histogram(nearlySelected(masks, events, all & ~fiducialBit), "r_cm", 0, 40, 1.0);
        StageOutput out = ctx.output();
        out.writeBytes("energy.png", new LinePlot("Energy, all cuts but the energy window", "energy (keVee)",
                "events per keVee", false, true).add("events", e[0], e[1]).png(800, 450));
        out.writeBytes("radius.png", new LinePlot("Reconstructed radius, all cuts but the fiducial volume", "r (cm)",
                "events per cm", false, true).add("events", r[0], r[1]).png(800, 450));
        h.append("<h2>Energy and radius</h2><img src=\"energy.png\"><img src=\"radius.png\">");
    }

    /** Events passing every cut of {@code required}: the (few) passing keys joined to the event table. */
    private static Dataset<Row> nearlySelected(Dataset<Row> masks, Dataset<Row> events, long required) {
        var keys = masks.filter(col("failed_cuts_mask").bitwiseAND(required).equalTo(0)).select("run_id", "event_id");
        return events.join(org.apache.spark.sql.functions.broadcast(keys),
                scala.jdk.javaapi.CollectionConverters.asScala(List.of("run_id", "event_id")).toSeq());
    }

    private static double[][] histogram(Dataset<Row> d, String column, double lo, double hi, double width) {
        int n = (int) Math.round((hi - lo) / width);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (i + 0.5) * width;
        }
        for (Row row : d.filter(col(column).geq(lo).and(col(column).lt(hi)))
                .select(floor(col(column).minus(lo).divide(width)).cast("int").alias("b")).groupBy("b").count()
                .collectAsList()) {
            y[row.getInt(0)] = row.getLong(1);
        }
        return new double[][] {x, y};
    }

    private static void spectra(StageContext ctx, StringBuilder h) {
        CommittedStage spectra = ctx.input(DataLayout.SPECTRA);
        Templates t = VariedTemplates.read(ctx.storage(), spectra, List.of(Variation.NOMINAL)).get(Variation.NOMINAL);
        double[] edges = t.edges();
        double[] x = new double[edges.length - 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.5 * (edges[i] + edges[i + 1]);
        }
        LinePlot p = new LinePlot("Observed spectrum and expected components (fiducial volume)", "energy (keVee)",
                "events per bin", false, true);
        double[] total = t.standardModel().counts();
        for (Histogram b : t.backgrounds().values()) {
            double[] c = b.counts();
            for (int i = 0; i < total.length; i++) {
                total[i] += c[i];
            }
        }
        double grand = java.util.Arrays.stream(total).sum();
        p.add("observed", x, t.observed());
        p.add("expected total", x, total);
        // components below 1 % of the total are summed, so that every line keeps its own colour
        double[] other = new double[total.length];
        for (Map.Entry<String, Histogram> e : t.backgrounds().entrySet()) {
            double[] c = e.getValue().counts();
            if (e.getValue().total() >= 0.01 * grand) {
                p.add(e.getKey(), x, c);
            } else {
                for (int i = 0; i < other.length; i++) {
                    other[i] += c[i];
                }
            }
        }
        p.add("other backgrounds (each < 1 %)", x, other);
        p.add("solar-nu-sm", x, t.standardModel().counts());
        ctx.output().writeBytes("spectrum.png", p.png(900, 550));
        TableData resp = ParquetTableReader.readAll(ctx.storage(), spectra.tableFiles(DataLayout.RESPONSE, Tables.RESPONSE), Tables.RESPONSE,
                List.of("true_bin", "reco_bin", "true_low_kev", "true_high_kev", "generated_in_fiducial",
                        "passed_in_fiducial"));
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < resp.rows(); i++) {
            if (resp.longs("reco_bin")[i] == 0) {
                long gen = resp.longs("generated_in_fiducial")[i];
                points.add(new double[] {resp.longs("true_bin")[i], Math.sqrt(resp.doubles("true_low_kev")[i]
                        * resp.doubles("true_high_kev")[i]), gen == 0 ? Double.NaN
                        : resp.longs("passed_in_fiducial")[i] / (double) gen});
            }
        }
        points.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] te = points.stream().mapToDouble(a -> a[1]).toArray();
        double[] eff = points.stream().mapToDouble(a -> a[2]).toArray();
        ctx.output().writeBytes("efficiency.png", new LinePlot("Selection efficiency for electron recoils in the "
                + "fiducial volume (all cuts but the window)", "true energy (keV)", "efficiency", true, false)
                .add("efficiency", te, eff).png(800, 450));
        SpectraSummary sum = SpectraSummary.read(ctx.storage(), spectra);
        h.append("<h2>Spectrum, backgrounds and efficiency</h2>")
                .append(String.format(Locale.ROOT, "<p>Exposure %.2f kg·day (%.4f live days after the veto, %.1f kg)."
                                + " Observed %.0f events; expected %.2f (Standard-Model solar ν %.3f).</p>",
                        sum.exposureKgDay(), sum.liveDaysAfterVeto(), sum.fiducialMassKg(), sum.observed(),
                        grand, sum.expectedSolarSm()))
                .append("<img src=\"spectrum.png\"><img src=\"efficiency.png\">");
    }

    private static void limits(StageContext ctx, StringBuilder h) {
        CommittedStage limits = ctx.input(DataLayout.LIMITS);
        List<GridPoint> points = LimitGrid.read(ctx.storage(), limits);
        double cl = limits.settings().path("settings").path("confidenceLevel").asDouble(0.9);
        h.append("<h2>Limits</h2><p>").append(String.format(Locale.ROOT, "%.0f %% CL", 100 * cl))
                .append(" CLs upper limits; the B−L rows show the grid masses nearest the published ones. Why they ")
                .append("differ from XMASS-I: docs/results.md. Systematic variations profiled as nuisance parameters: ")
                .append(esc(LimitOutputs.profiledSystematics(points)))
                .append(".</p><pre>").append(esc(LimitTable.format(points, cl)))
                .append("</pre>");
        for (Location png : limits.files(DataLayout.PLOTS)) {
            ctx.output().writeBytes(png.name(), ctx.storage().readBytes(png));
            h.append("<img src=\"").append(png.name()).append("\">");
        }
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
        h.append("<h2>Configuration and lineage</h2>");
        for (Input in : inputs()) {
            CommittedStage c = ctx.input(in.key());
            h.append("<h3>").append(esc(in.key())).append("</h3><pre>")
                    .append(esc(c.readText(ctx.storage(), Lineage.FILE))).append("</pre>");
        }
    }
}
