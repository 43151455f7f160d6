package xmassnu.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.fits.analysis.ObservationPoint;
import xmassnu.fits.physics.FlavourCase;
import xmassnu.fits.physics.Model;
import xmassnu.jobs.export.HepData;
import xmassnu.jobs.export.HepDataTables;
import xmassnu.jobs.fit.GridPoint;
import xmassnu.jobs.plots.Figure;
import xmassnu.jobs.plots.PullFigure;
import xmassnu.jobs.plots.SignificanceFigure;
import xmassnu.jobs.plots.SpectrumFigure;
import xmassnu.jobs.spectra.Variation;

/**
 * The observation in the report, from the fit stage's limits/goodness_of_fit.json and limits/significance.json
 * ({@link xmassnu.jobs.fit.Observation}) and the grid's observation columns: the goodness-of-fit section (chi2, dof,
 * p-values, the pull plot, the post-fit spectrum with its residuals), the significance section (local Z against the
 * B-L mass, global significance, and a plain statement computed from the numbers) and the millicharge's per-sign
 * table. Plain functions of those values, so that tests can feed them synthetic ones.
 */
final class ObservationReport {
    private ObservationReport() {}

    /** The conventional thresholds: 3 sigma "evidence", 5 sigma "observation". */
    static final double EVIDENCE_Z = 3;
    static final double DISCOVERY_Z = 5;

    // ---- goodness of fit -------------------------------------------------------------------------------------

    /** The section's text: the test, chi2 / ndof, both p-values, the pull table; the figures follow it. */
    static String goodnessOfFit(JsonNode g) {
        StringBuilder h = new StringBuilder("<h2>Goodness of fit</h2>");
        if (!g.path("converged").asBoolean() && g.path("chi2").isNull()) {
            return h.append("<div class=\"warning\"><strong>The background-only fit failed:</strong> ")
                    .append(ReportSections.esc(g.path("reason").asText())).append("</div>").toString();
        }
        h.append("<p>").append(ReportSections.esc(g.path("test").asText()))
                .append(". The p-value of the χ² distribution holds for many events per bin; the pseudo-experiments' ")
                .append("(the fitted background and its auxiliary measurements fluctuated, each fitted as the data) ")
                .append("holds at any count.</p>");
        h.append("<table class=\"gof\"><tr><th>χ² (Baker–Cousins)</th><th>dof</th><th>χ²/dof</th>")
                .append("<th>p-value (χ² distribution)</th><th>p-value (toys)</th><th>toys (failed)</th></tr><tr>")
                .append("<td>").append(num(g.get("chi2"), "%.2f")).append("</td><td>").append(g.path("ndof").asInt())
                .append("</td><td>").append(g.path("ndof").asInt() > 0 && !g.path("chi2").isNull()
                        ? String.format(Locale.ROOT, "%.2f", g.get("chi2").asDouble() / g.get("ndof").asInt()) : "–")
                .append("</td><td>").append(num(g.get("p_value_chi2"), "%.3g")).append("</td><td>")
                .append(num(g.get("p_value_toys"), "%.3g")).append("</td><td>").append(g.path("toys").asInt())
                .append(" (").append(g.path("failed_toys").asInt()).append(")</td></tr></table>");
        if (!g.path("reason").isNull() && !g.path("reason").asText().isEmpty()) {
            h.append("<div class=\"warning\">").append(ReportSections.esc(g.get("reason").asText())).append("</div>");
        }
        h.append("<p>Nuisance parameters after the background-only fit: pull (θ̂ − θ₀)/Δθ and constraint σ̂/Δθ ")
                .append("against the auxiliary measurement θ₀ ± Δθ (a constraint below 1: the data know more than the ")
                .append("prior).</p><table class=\"pulls\"><tr><th>parameter</th><th>prior</th><th>post-fit</th>")
                .append("<th>pull</th><th>constraint</th></tr>");
        for (JsonNode p : g.path("pulls")) {
            h.append("<tr><td style=\"text-align:left\"><code>").append(ReportSections.esc(p.path("parameter").asText()))
                    .append("</code></td><td>").append(p.path("prior_width").isNull() ? "free"
                            : num(p.get("prior_centre"), "%.4g") + " ± " + num(p.get("prior_width"), "%.3g"))
                    .append("</td><td>").append(num(p.get("post_fit"), "%.4g")).append(" ± ")
                    .append(num(p.get("post_fit_error"), "%.3g")).append("</td><td>").append(num(p.get("pull"), "%.2f"))
                    .append("</td><td>").append(num(p.get("constraint"), "%.2f")).append("</td></tr>");
        }
        return h.append("</table>").toString();
    }

    /**
     * The pull plot of every constrained nuisance parameter (a free one has no prior to pull against), or null when
     * there is none.
     */
    static Figure pullFigure(JsonNode g) {
        List<String> names = new ArrayList<>();
        List<double[]> v = new ArrayList<>();
        for (JsonNode p : g.path("pulls")) {
            if (p.path("pull").isNumber() && p.path("constraint").isNumber()) {
                names.add(p.get("parameter").asText());
                v.add(new double[] {p.get("pull").asDouble(), p.get("constraint").asDouble()});
            }
        }
        if (names.isEmpty()) {
            return null;
        }
        double[] pull = v.stream().mapToDouble(a -> a[0]).toArray();
        double[] err = v.stream().mapToDouble(a -> a[1]).toArray();
        return PullFigure.figure("pulls", "Nuisance-parameter pulls, background-only fit to the observed spectrum",
                names.toArray(String[]::new), pull, err, err, 900, Math.max(260, 110 + 24 * names.size()));
    }

    /**
     * The observed spectrum over the post-fit background-only expectation (backgrounds and Standard-Model solar
     * neutrinos at the fit, one histogram: the fit gives the total and its band, from the fit's covariance) with its
     * +-1 sigma band, and data - fit below; null when the fit failed.
     */
    static Figure postFitFigure(JsonNode g) {
        JsonNode b = g.path("bins");
        double[] edges = doubles(b.path("edges_kevee"));
        double[] obs = doubles(b.path("observed"));
        double[] fit = doubles(b.path("post_fit_background"));
        double[] err = doubles(b.path("post_fit_background_error"));
        if (edges.length < 2 || obs.length != edges.length - 1 || fit.length != obs.length) {
            return null;
        }
        double[] lo = null;
        double[] hi = null;
        if (err.length == fit.length && java.util.Arrays.stream(err).allMatch(Double::isFinite)) {
            lo = new double[fit.length];
            hi = new double[fit.length];
            for (int i = 0; i < fit.length; i++) {
                lo[i] = Math.max(0, fit[i] - err[i]);
                hi[i] = fit[i] + err[i];
            }
        }
        double width = edges[1] - edges[0];
        return SpectrumFigure.figure("spectrum-post-fit", new SpectrumFigure.Data(
                "Observed spectrum and the background-only fit (post-fit), residuals below", "E (keV_{ee})",
                "events / " + new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", width)).stripTrailingZeros()
                        .toPlainString() + " keV_{ee}", edges, obs,
                List.of(new SpectrumFigure.Component("backgrounds + solar ν (SM), post-fit", fit)), lo, hi, null,
                "post-fit total ± 1σ"), SpectrumFigure.LowerPanel.RESIDUAL, 900, 700);
    }

    // ---- significance ----------------------------------------------------------------------------------------

    /** One mass scan's global significance as significance.json holds it. */
    record Scan(String model, String flavour, boolean converged, String reason, double maxLocalZ, double massAtMaxMev,
                double globalPGrossVitells, double globalZGrossVitells, double globalPToys, double globalPToysError,
                double globalZToys, int toys, int failedToys, double meanUpcrossings, double referenceLevel) {
        static Scan of(JsonNode s) {
            return new Scan(s.path("model").asText(), s.path("flavour").asText(), s.path("converged").asBoolean(),
                    s.path("reason").isNull() ? null : s.path("reason").asText(), d(s, "max_local_significance"),
                    d(s, "mass_at_max_mev"), d(s, "global_p_value_gross_vitells"),
                    d(s, "global_significance_gross_vitells"), d(s, "global_p_value_toys"),
                    d(s, "global_p_value_toys_error"), d(s, "global_significance_toys"), s.path("toys").asInt(),
                    s.path("failed_toys").asInt(), d(s, "mean_upcrossings"), d(s, "reference_level"));
        }

        /** The larger of the two global estimates (the cautious one when saying there is no signal). */
        double globalZ() {
            return maxFinite(globalZGrossVitells, globalZToys);
        }
    }

    /** A point's significance without a look-elsewhere scan (a model without a mediator mass). */
    record Local(String what, double z) {}

    /**
     * The plain-language outcome: the largest significance that counts (a scan's global one, a point without a
     * scan its local one) against 3 and 5 sigma. Never hard-coded: it follows the numbers.
     */
    static String statement(List<Local> locals, List<Scan> scans) {
        String where = null;
        double z = Double.NaN;
        for (Local l : locals) {
            if (Double.isFinite(l.z()) && !(l.z() <= z)) {
                z = l.z();
                where = l.what() + " (local)";
            }
        }
        for (Scan s : scans) {
            double g = s.globalZ();
            if (s.converged() && Double.isFinite(g) && !(g <= z)) {
                z = g;
                where = String.format(Locale.ROOT, "%s %s at M = %.3g MeV (global, after the look-elsewhere effect "
                        + "over the mass scan; local Z = %.2f)", label(s.model()), s.flavour(), s.massAtMaxMev(),
                        s.maxLocalZ());
            }
        }
        if (Double.isNaN(z)) {
            return "No significance could be computed: every discovery test failed (see the grid's status).";
        }
        String zs = String.format(Locale.ROOT, "Z = %.2f", Math.max(0, z));
        if (z <= 0) {
            return "No significant signal is observed: the data show no excess over the background-only expectation "
                    + "anywhere (every discovery test gives Z = 0: the best-fit signal is at or below zero).";
        }
        if (z < EVIDENCE_Z) {
            return "No significant signal is observed: the most significant excess is " + zs + " for " + where
                    + ", below the 3σ of evidence. The data are consistent with the background-only expectation.";
        }
        if (z < DISCOVERY_Z) {
            return "An excess at the level of evidence is observed: " + zs + " for " + where
                    + " (at least 3σ, below the 5σ of an observation).";
        }
        return "A significant signal is observed: " + zs + " for " + where + " (at least 5σ).";
    }

    private static String label(String model) {
        return "b-l".equals(model) ? "B−L" : model;
    }

    /** The B-L all-flavour (or else first) scan's rows of the grid: mass and local Z, ascending in mass. */
    static double[][] scanPoints(List<GridPoint> points, Model model, FlavourCase flavour) {
        List<double[]> rows = new ArrayList<>();
        for (GridPoint p : points) {
            if (p.headline() && p.variation().equals(Variation.NOMINAL) && p.key().model() == model
                    && p.key().flavour() == flavour && p.key().massMev() != null) {
                rows.add(new double[] {p.key().massMev(), p.observation().localSignificance()});
            }
        }
        rows.sort((a, b) -> Double.compare(a[0], b[0]));
        return new double[][] {rows.stream().mapToDouble(a -> a[0]).toArray(),
                rows.stream().mapToDouble(a -> a[1]).toArray()};
    }

    /** The local significance against the mediator mass of one scan (from the grid's local_significance). */
    static Figure significanceFigure(List<GridPoint> points, Scan scan) {
        Model m = Model.parse(scan.model());
        FlavourCase f = FlavourCase.parse(scan.flavour());
        double[][] xy = scanPoints(points, m, f);
        if (xy[0].length == 0 || java.util.Arrays.stream(xy[1]).noneMatch(Double::isFinite)) {
            return null;
        }
        return SignificanceFigure.figure("significance-" + m.label() + "-" + f.label(), String.format(Locale.ROOT,
                "Local significance, %s (%s flavours); %s", label(m.label()), f.label(), SignificanceFigure.globalText(
                        scan.globalZGrossVitells(), scan.globalZToys(), scan.toys())), "M_{A'} (MeV)", xy[0], xy[1],
                900, 500);
    }

    /**
     * The significance section's text: the statement, the largest local Z outside the scans ({@code unscanned}, or
     * null), the largest local Z of the grid, every scan's global one.
     */
    static String significance(JsonNode sig, List<Local> locals, Local unscanned) {
        StringBuilder h = new StringBuilder("<h2>Significance</h2>");
        List<Scan> scans = new ArrayList<>();
        sig.path("scans").forEach(s -> scans.add(Scan.of(s)));
        h.append("<p class=\"statement\"><strong>").append(ReportSections.esc(statement(locals, scans)))
                .append("</strong></p>");
        if (unscanned != null) {
            h.append(String.format(Locale.ROOT, "<p>Mass points outside the look-elsewhere scans (a B−L boson couples "
                    + "to every flavour, so the single-flavour curves are no separate search and have no global "
                    + "significance) reach at most a local Z = %.2f (%s).</p>", unscanned.z(),
                    ReportSections.esc(unscanned.what())));
        }
        JsonNode l = sig.path("largest_local_significance");
        if (l.path("local_significance").isNumber()) {
            h.append(String.format(Locale.ROOT, "<p>Largest local significance of the grid: Z = %.2f (local p = %.3g) "
                            + "for %s, %s flavour case%s, best fit %.3g. Z = √q₀ of the one-sided discovery test "
                            + "(Cowan, Cranmer, Gross, Vitells, arXiv:1007.1727), asymptotic.</p>",
                    l.get("local_significance").asDouble(), l.path("local_p_value").asDouble(),
                    ReportSections.esc(label(l.path("model").asText())), ReportSections.esc(l.path("flavour").asText()),
                    l.path("mass_mev").isNumber() ? String.format(Locale.ROOT, ", M = %.3g MeV",
                            l.get("mass_mev").asDouble()) : "", l.path("best_fit").asDouble(Double.NaN)));
        }
        h.append("<p>Global significance of each mass scan: the look-elsewhere effect by Gross–Vitells upcrossings ")
                .append("(arXiv:1005.1891) calibrated on background-only toys, and the toys' own global p-value.</p>")
                .append("<table class=\"significance\"><tr><th>scan</th><th>largest local Z</th><th>at M (MeV)</th>")
                .append("<th>⟨N upcrossings⟩ at Z²=").append("c₀</th><th>global p (Gross–Vitells)</th>")
                .append("<th>global Z (Gross–Vitells)</th><th>global p (toys)</th><th>global Z (toys)</th>")
                .append("<th>toys (failed)</th></tr>");
        for (Scan s : scans) {
            h.append("<tr><td style=\"text-align:left\">").append(ReportSections.esc(label(s.model()) + " "
                    + s.flavour())).append("</td>");
            if (!s.converged() && Double.isNaN(s.maxLocalZ())) {
                h.append("<td colspan=\"8\" style=\"text-align:left\">failed: ")
                        .append(ReportSections.esc(String.valueOf(s.reason()))).append("</td></tr>");
                continue;
            }
            h.append(td(s.maxLocalZ(), "%.2f")).append(td(s.massAtMaxMev(), "%.3g"))
                    .append("<td>").append(fmt(s.meanUpcrossings(), "%.3g")).append(" (c₀ = ")
                    .append(fmt(s.referenceLevel(), "%.2g")).append(")</td>")
                    .append(td(s.globalPGrossVitells(), "%.3g")).append(td(s.globalZGrossVitells(), "%.2f"))
                    .append("<td>").append(fmt(s.globalPToys(), "%.3g")).append(" ± ")
                    .append(fmt(s.globalPToysError(), "%.2g")).append("</td>").append(td(s.globalZToys(), "%.2f"))
                    .append("<td>").append(s.toys()).append(" (").append(s.failedToys()).append(")</td></tr>");
            if (s.reason() != null) {
                h.append("<tr><td colspan=\"9\" style=\"text-align:left\">").append(ReportSections.esc(s.reason()))
                        .append("</td></tr>");
            }
        }
        return h.append("</table>").toString();
    }

    /**
     * The local significance of every headline point of a model without a mediator mass (the millicharge, the
     * magnetic moment): no scan, no look-elsewhere effect.
     */
    static List<Local> locals(List<GridPoint> points) {
        List<Local> out = new ArrayList<>();
        for (GridPoint p : points) {
            if (p.headline() && p.variation().equals(Variation.NOMINAL) && p.key().massMev() == null) {
                out.add(new Local(label(p.key().model().label()) + ", " + p.key().flavour().label() + " flavour case",
                        p.observation().localSignificance()));
            }
        }
        return out;
    }

    /**
     * The largest local significance over the mass points no scan covers (B-L's single-flavour curves when the
     * all-flavour one is scanned), or null when every mass point is in a scan: shown beside the statement, not in it
     * (a local Z over a mass range without its look-elsewhere correction is no evidence of anything).
     */
    static Local largestUnscanned(List<GridPoint> points, JsonNode sig) {
        java.util.Set<String> scanned = new java.util.HashSet<>();
        sig.path("scans").forEach(s -> scanned.add(s.path("model").asText() + "/" + s.path("flavour").asText()));
        Local best = null;
        for (GridPoint p : points) {
            double z = p.observation().localSignificance();
            if (p.headline() && p.variation().equals(Variation.NOMINAL) && p.key().massMev() != null
                    && !scanned.contains(p.key().model().label() + "/" + p.key().flavour().label()) && Double.isFinite(z)
                    && (best == null || z > best.z())) {
                best = new Local(String.format(Locale.ROOT, "%s, %s only, M = %.3g MeV", label(p.key().model().label()),
                        p.key().flavour().label(), p.key().massMev()), z);
            }
        }
        return best;
    }

    // ---- millicharge, both signs -------------------------------------------------------------------------------

    /**
     * The millicharge per flavour case and sign: eps &gt; 0, eps &lt; 0 and |eps| (the weaker of the two, the headline
     * limit), each with its observed and expected limit, the best fit and its 68 % interval and the local Z.
     */
    static String millichargeTable(List<GridPoint> points, double cl) {
        StringBuilder h = new StringBuilder("<h3>Millicharge, both signs</h3><p>ε &gt; 0 and ε &lt; 0 give different ")
                .append("spectra through the interference with the Standard-Model weak current (destructive for ν<sub>e")
                .append("</sub> at ε &gt; 0); each sign's limit is on |ε| along that sign, and the limit on |ε| is the ")
                .append("weaker of the two. The best fit of the |ε| row is signed (the better of both branches).</p>")
                .append(String.format(Locale.ROOT, "<table class=\"millicharge\"><tr><th>flavour</th><th>sign</th>"
                        + "<th>observed %.0f %% CL</th><th>expected median [−1σ, +1σ]</th><th>best fit [68 %% CL]</th>"
                        + "<th>local p</th><th>Z</th></tr>", 100 * cl));
        int rows = 0;
        for (GridPoint p : points) {
            if (p.key().model() != Model.MILLICHARGE || !p.variation().equals(Variation.NOMINAL)
                    || p.couplingSign() == null) {
                continue;
            }
            ObservationPoint.Result o = p.observation();
            String sign = p.couplingSign() == 0 ? "|ε| (weaker)" : p.couplingSign() > 0 ? "ε &gt; 0" : "ε &lt; 0";
            h.append(p.couplingSign() == 0 ? "<tr style=\"font-weight:bold\">" : "<tr>")
                    .append("<td style=\"text-align:left\">").append(p.key().flavour().label()).append("</td><td>")
                    .append(sign).append("</td>").append(td(p.observed(), "%.3g"))
                    .append("<td>").append(fmt(p.expected().median(), "%.3g")).append(" [")
                    .append(fmt(p.expected().minus1(), "%.3g")).append(", ").append(fmt(p.expected().plus1(), "%.3g"))
                    .append("]</td><td>").append(fmt(o.bestFit(), "%.3g")).append(" [")
                    .append(fmt(o.bestFitMinus1(), "%.3g")).append(", ").append(fmt(o.bestFitPlus1(), "%.3g"))
                    .append("]</td>").append(td(o.localPValue(), "%.3g")).append(td(o.localSignificance(), "%.2f"))
                    .append("</tr>");
            rows++;
        }
        return rows == 0 ? "" : h.append("</table>").toString();
    }

    // ---- HEPData -----------------------------------------------------------------------------------------------

    /** The goodness-of-fit tables (post-fit spectrum, pulls), none of a failed fit. */
    static List<HepData.Table> goodnessOfFitTables(JsonNode g) {
        List<HepData.Table> out = new ArrayList<>();
        JsonNode b = g.path("bins");
        double[] edges = doubles(b.path("edges_kevee"));
        double[] obs = doubles(b.path("observed"));
        if (edges.length >= 2 && obs.length == edges.length - 1) {
            out.add(HepDataTables.postFitSpectrum(edges, obs, doubles(b.path("post_fit_background")),
                    doubles(b.path("post_fit_background_error")), doubles(b.path("residual")),
                    doubles(b.path("deviance_residual")), d(g, "chi2"), g.path("ndof").asInt(), d(g, "p_value_chi2"),
                    d(g, "p_value_toys"), g.path("toys").asInt()));
        }
        JsonNode p = g.path("pulls");
        if (p.size() > 0) {
            List<String> names = new ArrayList<>();
            p.forEach(x -> names.add(x.path("parameter").asText()));
            out.add(HepDataTables.pulls(names, column(p, "prior_centre"), column(p, "prior_width"),
                    column(p, "post_fit"), column(p, "post_fit_error"), column(p, "pull"), column(p, "constraint")));
        }
        return out;
    }

    /** One local-significance table per mass scan, from the grid's rows and the scan's global significance. */
    static List<HepData.Table> significanceTables(JsonNode sig, List<GridPoint> points) {
        List<HepData.Table> out = new ArrayList<>();
        for (JsonNode n : sig.path("scans")) {
            Scan s = Scan.of(n);
            Model m = Model.parse(s.model());
            FlavourCase f = FlavourCase.parse(s.flavour());
            List<GridPoint> rows = new ArrayList<>();
            for (GridPoint p : points) {
                if (p.headline() && p.variation().equals(Variation.NOMINAL) && p.key().model() == m
                        && p.key().flavour() == f && p.key().massMev() != null) {
                    rows.add(p);
                }
            }
            if (rows.isEmpty()) {
                continue;
            }
            rows.sort(java.util.Comparator.comparingDouble(p -> p.key().massMev()));
            out.add(HepDataTables.localSignificance(m, f.label(), rows.stream().mapToDouble(p -> p.key().massMev())
                            .toArray(), rows.stream().mapToDouble(p -> p.observation().localPValue()).toArray(),
                    rows.stream().mapToDouble(p -> p.observation().localSignificance()).toArray(), s.maxLocalZ(),
                    s.massAtMaxMev(), s.globalPGrossVitells(), s.globalZGrossVitells(), s.globalPToys(),
                    s.globalZToys(), s.toys()));
        }
        return out;
    }

    private static double[] column(JsonNode rows, String field) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = d(rows.get(i), field);
        }
        return v;
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static double d(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }

    static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).isNumber() ? a.get(i).asDouble() : Double.NaN;
        }
        return v;
    }

    private static double maxFinite(double a, double b) {
        return Double.isFinite(a) ? Double.isFinite(b) ? Math.max(a, b) : a : b;
    }

    private static String num(JsonNode n, String format) {
        return n == null || !n.isNumber() ? "–" : String.format(Locale.ROOT, format, n.asDouble());
    }

    static String fmt(double v, String format) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "–";
    }

    private static String td(double v, String format) {
        return "<td>" + fmt(v, format) + "</td>";
    }
}
