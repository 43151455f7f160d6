package xmassnu.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.analysis.ExpectedBand;
import xmassnu.fits.analysis.ObservationPoint;
import xmassnu.fits.physics.FlavourCase;
import xmassnu.fits.physics.Model;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.fit.FitStatus;
import xmassnu.jobs.fit.GridPoint;
import xmassnu.jobs.plots.Figure;
import xmassnu.jobs.plots.LimitFigures;
import xmassnu.jobs.plots.PlotStyle;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.spectra.Variation;
import xmassnu.jobs.testing.HeadlessChromium;

/**
 * The report's figures as a browser shows them: every limit figure of a synthetic grid (couplings down to 1e-12),
 * PNG and SVG, in a page rendered by headless chromium; each must have drawn data inside its frame. A frame with no
 * data is caught (the control), so the test can fail. The demo report itself is looked at in PipelineTest. And the
 * observation's sections (goodness of fit, significance, the millicharge's signs) from synthetic fit outputs: their
 * numbers are the JSON's, their figures are drawn, their statement follows the numbers.
 */
class ReportRenderingTest {
    static List<LimitFigures.Point> grid() {
        List<LimitFigures.Point> ps = new ArrayList<>();
        String[] flavours = {"all", "e", "mu", "tau"};
        for (int f = 0; f < 4; f++) {
            double eps = 6e-12 * (1 + 0.3 * f);
            ps.add(new LimitFigures.Point("millicharge", flavours[f], null, 0.9 * eps,
                    new double[] {0.6 * eps, 0.8 * eps, eps, 1.3 * eps, 1.7 * eps}));
            double mu = 2e-10 * (1 + 0.3 * f);
            ps.add(new LimitFigures.Point("magnetic-moment", flavours[f], null, 1.1 * mu,
                    new double[] {0.6 * mu, 0.8 * mu, mu, 1.3 * mu, 1.7 * mu}));
            for (int i = 0; i < 20; i++) {
                double m = 1e-3 * Math.pow(10, 5.0 * i / 19);
                double g = 1.5e-6 * Math.max(1, m / 0.05);
                ps.add(new LimitFigures.Point("b-l", flavours[f], m, g,
                        new double[] {0.6 * g, 0.8 * g, g, 1.3 * g, 1.7 * g}));
            }
        }
        return ps;
    }

    static Path page(Path dir, List<Figure> figures) throws Exception {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><body>");
        for (Figure f : figures) {
            xmassnu.jobs.testing.LocalFiles.write(f.files(), dir);
            h.append("<a href=\"").append(f.name()).append(".svg\"><img src=\"").append(f.name()).append(".png\"></a>");
        }
        Path index = dir.resolve("index.html");
        Files.writeString(index, h.append("</body></html>").toString());
        return index;
    }

    @Test
    void everyLimitFigureHasDrawnDataInChromium(@TempDir Path dir) throws Exception {
        HeadlessChromium.requireBinary();
        List<Figure> figures = LimitFigures.of(grid(), 0.9);
        assertEquals(2 + 2 + 4, figures.size(), "brazil and comparison for two models, B-L: 3 brazil + exclusion");
        List<HeadlessChromium.Image> images = HeadlessChromium.assertEveryImageDrawn(page(dir, figures),
                2 * figures.size());
        assertEquals(2 * figures.size(), images.size());
    }

    @Test
    void anEmptyFrameIsCaught(@TempDir Path dir) throws Exception {
        HeadlessChromium.requireBinary();
        XYPlot empty = new XYPlot();
        empty.setDomainAxis(PlotStyle.linearAxis("x", 0, 1));
        empty.setRangeAxis(PlotStyle.logAxis("y", 1e-12, 1e-10, 0));
        empty.setBackgroundPaint(java.awt.Color.WHITE);
        Figure blank = new Figure("blank", new JFreeChart("nothing drawn", empty), 900, 650);
        Path index = page(dir, List.of(blank));
        AssertionError e = assertThrows(AssertionError.class, () -> HeadlessChromium.assertEveryImageDrawn(index, 1));
        assertTrue(e.getMessage().contains("empty frame"), e.getMessage());
    }

    /** A goodness_of_fit.json as Observation writes it: 6 bins, an excess in bin 2, two constrained parameters. */
    static ObjectNode goodnessOfFitJson() {
        ObjectNode g = Json.MAPPER.createObjectNode();
        g.put("test", "saturated-model likelihood ratio (Baker-Cousins chi-square, NIM 221 (1984) 437)");
        g.put("converged", true);
        g.putNull("reason");
        g.put("chi2", 31.4159);
        g.put("ndof", 28);
        g.put("p_value_chi2", 0.2987);
        g.put("p_value_toys", 0.3124);
        g.put("toys", 500);
        g.put("failed_toys", 3);
        ArrayNode pulls = g.putArray("pulls");
        String[] names = {"norm_pb214", "syst_energy_scale", "free_norm"};
        double[][] v = {{0, 1, 0.42, 0.81, 0.42, 0.81}, {0, 1, -1.37, 0.55, -1.37, 0.55}};
        for (int i = 0; i < 3; i++) {
            ObjectNode o = pulls.addObject();
            o.put("parameter", names[i]);
            if (i < 2) {
                o.put("prior_centre", v[i][0]);
                o.put("prior_width", v[i][1]);
                o.put("post_fit", v[i][2]);
                o.put("post_fit_error", v[i][3]);
                o.put("pull", v[i][4]);
                o.put("constraint", v[i][5]);
            } else { // an unconstrained parameter: no prior, no pull
                o.putNull("prior_centre");
                o.putNull("prior_width");
                o.put("post_fit", 1.1);
                o.put("post_fit_error", 0.2);
                o.putNull("pull");
                o.putNull("constraint");
            }
        }
        ObjectNode bins = g.putObject("bins");
        double[] obs = {12, 9, 25, 7, 5, 3};
        ArrayNode e = bins.putArray("edges_kevee");
        ArrayNode o = bins.putArray("observed");
        ArrayNode f = bins.putArray("post_fit_background");
        ArrayNode fe = bins.putArray("post_fit_background_error");
        ArrayNode r = bins.putArray("residual");
        ArrayNode dr = bins.putArray("deviance_residual");
        for (int i = 0; i <= obs.length; i++) {
            e.add(2.0 + i);
        }
        for (int i = 0; i < obs.length; i++) {
            double fit = 14.0 - 2 * i;
            o.add(obs[i]);
            f.add(fit);
            fe.add(0.1 * fit);
            r.add(obs[i] - fit);
            dr.add(Math.signum(obs[i] - fit));
        }
        return g;
    }

    /** A significance.json with one B-L scan of the given local and global significance. */
    static ObjectNode significanceJson(double maxLocalZ, double globalZGv, double globalZToys) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        ObjectNode l = s.putObject("largest_local_significance");
        l.put("model", "b-l");
        l.put("flavour", "all");
        l.put("mass_mev", 0.251);
        l.put("local_significance", maxLocalZ);
        l.put("local_p_value", xmassnu.fits.stats.AsymptoticCalculator.survival(maxLocalZ));
        l.put("best_fit", 3.3e-7);
        ObjectNode sc = s.putArray("scans").addObject();
        sc.put("model", "b-l");
        sc.put("flavour", "all");
        sc.put("converged", true);
        sc.putNull("reason");
        sc.put("max_local_significance", maxLocalZ);
        sc.put("mass_at_max_mev", 0.251);
        sc.put("reference_level", 0.5);
        sc.put("mean_upcrossings", 2.71);
        sc.put("global_p_value_gross_vitells", xmassnu.fits.stats.AsymptoticCalculator.survival(globalZGv));
        sc.put("global_significance_gross_vitells", globalZGv);
        sc.put("global_p_value_toys", xmassnu.fits.stats.AsymptoticCalculator.survival(globalZToys));
        sc.put("global_p_value_toys_error", 0.0123);
        sc.put("global_significance_toys", globalZToys);
        sc.put("toys", 1000);
        sc.put("failed_toys", 2);
        return s;
    }

    static GridPoint point(Model m, FlavourCase f, Double mass, Integer sign, double observed, double bestFit, double z) {
        ObservationPoint.Result o = new ObservationPoint.Result(sign == null ? 1 : sign, bestFit, bestFit - 1e-12,
                bestFit + 1e-12, z * z, xmassnu.fits.stats.AsymptoticCalculator.survival(z), z, true, null);
        return new GridPoint(new Templates.SignalKey(m, f, mass), sign, Variation.NOMINAL, "", observed,
                new ExpectedBand(0.5 * observed, 0.7 * observed, observed, 1.4 * observed, 1.9 * observed),
                FitStatus.CONVERGED, null, 1, Double.NaN, 1, o);
    }

    static List<GridPoint> observationGrid() {
        List<GridPoint> ps = new ArrayList<>();
        ps.add(point(Model.MILLICHARGE, FlavourCase.ALL, null, 0, 6.52e-11, -2.5e-12, 0.731));
        ps.add(point(Model.MILLICHARGE, FlavourCase.ALL, null, 1, 6.38e-11, 0, 0));
        ps.add(point(Model.MILLICHARGE, FlavourCase.ALL, null, -1, 6.52e-11, 2.5e-12, 0.987));
        ps.add(point(Model.MAGNETIC_MOMENT, FlavourCase.ALL, null, null, 2.1e-10, 3e-11, 1.234));
        for (int i = 0; i < 12; i++) {
            double m = 1e-3 * Math.pow(10, 5.0 * i / 11);
            ps.add(point(Model.B_L, FlavourCase.ALL, m, null, 1e-6, 1e-7, 2.2 * Math.exp(-Math.pow(i - 5, 2) / 3.0)));
        }
        return ps;
    }

    @Test
    void theGoodnessOfFitSectionQuotesTheJsonAndItsFiguresAreDrawn(@TempDir Path dir) throws Exception {
        JsonNode g = goodnessOfFitJson();
        String h = ObservationReport.goodnessOfFit(g);
        assertTrue(h.contains("<h2>Goodness of fit</h2>"), h);
        // chi2, dof, chi2/dof, both p-values and the toys as the JSON has them
        for (String n : new String[] {"<td>31.42</td>", "<td>28</td>", "<td>1.12</td>", "<td>0.299</td>", "<td>0.312</td>",
            "<td>500 (3)</td>", "<code>syst_energy_scale</code>", "<td>-1.37</td>", "<td>0.55</td>", "<td>free</td>"}) {
            assertTrue(h.contains(n), n + " in " + h);
        }
        Figure pulls = ObservationReport.pullFigure(g);
        assertEquals(2, ((XYPlot) pulls.chart().getPlot()).getDataset(0).getItemCount(0),
                "the two constrained parameters; the free one has no pull");
        Figure post = ObservationReport.postFitFigure(g);
        XYPlot lower = (XYPlot) ((org.jfree.chart.plot.CombinedDomainXYPlot) post.chart().getPlot()).getSubplots().get(1);
        assertEquals(25 - 10, lower.getDataset(0).getYValue(0, 2), 1e-12, "the residual panel is data - post-fit");
        HeadlessChromium.requireBinary();
        HeadlessChromium.assertEveryImageDrawn(page(dir, List.of(pulls, post)), 4);
    }

    @Test
    void theSignificanceSectionQuotesTheJsonAndDrawsTheScan(@TempDir Path dir) throws Exception {
        JsonNode sig = significanceJson(2.2, 0.83, 0.79);
        List<GridPoint> grid = observationGrid();
        grid.add(point(Model.B_L, FlavourCase.MU, 0.5, null, 1e-6, 1e-7, 3.3)); // no scan: not in the statement
        String h = ObservationReport.significance(sig, ObservationReport.locals(grid),
                ObservationReport.largestUnscanned(grid, sig));
        for (String n : new String[] {"<h2>Significance</h2>", "Z = 2.20", "M = 0.251 MeV", "<td>0.83</td>",
            "<td>0.79</td>", "<td>2.71 (c₀ = 0.50)</td>", "<td>1000 (2)</td>", "0.215 ± 0.012",
            "reach at most a local Z = 3.30 (B−L, mu only, M = 0.500 MeV)"}) {
            assertTrue(h.contains(n), n + " in " + h);
        }
        // the magnetic moment's local 1.23 outweighs the scan's global 0.83: the statement names it
        assertTrue(h.contains("No significant signal is observed: the most significant excess is Z = 1.23 for "
                + "magnetic-moment, all flavour case (local)"), h);
        assertEquals(null, ObservationReport.largestUnscanned(observationGrid(), sig), "every mass in the scan");
        Figure f = ObservationReport.significanceFigure(grid, ObservationReport.Scan.of(sig.get("scans").get(0)));
        assertEquals(12, ((XYPlot) f.chart().getPlot()).getDataset(0).getItemCount(0), "one point per grid mass");
        assertEquals(2.2, ((XYPlot) f.chart().getPlot()).getDataset(0).getYValue(0, 5), 1e-12);
        HeadlessChromium.requireBinary();
        HeadlessChromium.assertEveryImageDrawn(page(dir, List.of(f)), 2);
    }

    @Test
    void theStatementSwitchesOnTheNumbers() {
        List<ObservationReport.Local> none = List.of(new ObservationReport.Local("magnetic-moment, all", 0.4));
        java.util.function.Function<JsonNode, List<ObservationReport.Scan>> scans = s -> List.of(
                ObservationReport.Scan.of(s.get("scans").get(0)));
        // a local 3.6 sigma bump that the look-elsewhere effect brings to 1.4 is no signal
        String lee = ObservationReport.statement(none, scans.apply(significanceJson(3.6, 1.4, 1.38)));
        assertTrue(lee.startsWith("No significant signal is observed") && lee.contains("Z = 1.40")
                && lee.contains("local Z = 3.60"), lee);
        // the larger of the two global estimates decides
        String evidence = ObservationReport.statement(none, scans.apply(significanceJson(4.5, 2.9, 3.2)));
        assertTrue(evidence.startsWith("An excess at the level of evidence is observed: Z = 3.20"), evidence);
        String discovery = ObservationReport.statement(none, scans.apply(significanceJson(6.1, 5.3, Double.NaN)));
        assertTrue(discovery.startsWith("A significant signal is observed: Z = 5.30"), discovery);
        // a point without a scan counts with its local significance
        String local = ObservationReport.statement(List.of(new ObservationReport.Local("millicharge, e", 3.1)),
                scans.apply(significanceJson(1, 0.2, 0.1)));
        assertTrue(local.startsWith("An excess at the level of evidence is observed: Z = 3.10 for millicharge, e"),
                local);
        assertTrue(ObservationReport.statement(List.of(new ObservationReport.Local("x", Double.NaN)), List.of())
                .startsWith("No significance could be computed"));
        // no excess at all (every best fit at or below zero): said so, not "the most significant excess is Z = 0"
        String nothing = ObservationReport.statement(List.of(new ObservationReport.Local("magnetic-moment, all", 0)),
                scans.apply(significanceJson(0, 0, 0)));
        assertTrue(nothing.startsWith("No significant signal is observed: the data show no excess"), nothing);
    }

    @Test
    void theMillichargeTableHasBothSignsAndTheWeakerAsTheLimitOnItsMagnitude() {
        String h = ObservationReport.millichargeTable(observationGrid(), 0.9);
        assertTrue(h.contains("observed 90 % CL"), h);
        int all = h.indexOf("|ε| (weaker)");
        int plus = h.indexOf("ε &gt; 0</td>");
        int minus = h.indexOf("ε &lt; 0</td>");
        assertTrue(all > 0 && plus > all && minus > plus, "rows |ε|, ε > 0, ε < 0: " + h);
        assertTrue(h.substring(all, plus).contains("<td>6.52e-11</td>") && h.substring(all, plus).contains("-2.50e-12")
                && h.substring(all, plus).contains("<td>0.73</td>"), h);
        assertTrue(h.substring(plus, minus).contains("<td>6.38e-11</td>"), h);
        assertTrue(h.substring(minus).contains("<td>0.99</td>"), h);
        assertEquals("", ObservationReport.millichargeTable(List.of(observationGrid().get(3)), 0.9), "no millicharge");
    }
}
