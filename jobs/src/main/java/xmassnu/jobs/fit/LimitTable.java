package xmassnu.jobs.fit;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.fits.analysis.ObservationPoint;
import xmassnu.fits.analysis.PublishedLimits;

/**
 * The summary table of limits beside the published XMASS-I values: every model without a mediator mass, and the
 * B-L points at the published masses (the nearest grid mass, shown).
 */
public final class LimitTable {
    private LimitTable() {}

    /**
     * One line per headline row (the limit on |c|), the millicharge's two signs indented below it; beside each the
     * best fit with its 68 % interval and the local significance Z.
     */
    public static String format(List<GridPoint> points, double cl) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-16s %-5s %10s %10s %10s %10s %12s %8s %30s %6s  %s%n", "model", "flav",
                "mass MeV", "observed", "median", "[-1s, +1s]".substring(0, 10), "XMASS-I 2020", "obs/pub",
                "best fit [68 % interval]", "Z", "status"));
        for (GridPoint p : points) {
            if (!p.headline()) {
                continue;
            }
            double pub;
            if (p.key().massMev() == null) {
                pub = PublishedLimits.xmass(p.key().model().label(), p.key().flavour().label(), null);
            } else {
                pub = Double.NaN;
                for (double[] x : PublishedLimits.XMASS_B_L) {
                    if (nearest(points, p, x[0])) {
                        pub = x[1];
                    }
                }
                if (Double.isNaN(pub) || p.key().flavour() != xmassnu.fits.physics.FlavourCase.ALL) {
                    continue;
                }
            }
            line(b, p, p.key().model().label(), pub);
            for (GridPoint q : points) {
                if (!q.headline() && q.key().equals(p.key()) && q.variation().equals(p.variation())) {
                    line(b, q, "  " + (q.couplingSign() > 0 ? "eps > 0" : "eps < 0"), Double.NaN);
                }
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, GridPoint p, String label, double pub) {
        ObservationPoint.Result o = p.observation();
        String best = o.converged() ? String.format(Locale.ROOT, "%.3g [%.3g, %.3g]", o.bestFit(), o.bestFitMinus1(),
                o.bestFitPlus1()) : "-";
        b.append(String.format(Locale.ROOT, "%-16s %-5s %10s %10.3g %10.3g %10s %12s %8s %30s %6s  %s%n", label,
                p.key().flavour().label(), p.key().massMev() == null ? "-" : String.format(Locale.ROOT, "%.3g",
                        p.key().massMev()),
                p.observed(), p.expected().median(),
                String.format(Locale.ROOT, "[%.2g, %.2g]", p.expected().minus1(), p.expected().plus1()),
                Double.isNaN(pub) ? "-" : String.format(Locale.ROOT, "%.2g", pub),
                Double.isNaN(pub) ? "-" : String.format(Locale.ROOT, "%.2f", p.observed() / pub), best,
                Double.isFinite(o.localSignificance()) ? String.format(Locale.ROOT, "%.2f", o.localSignificance()) : "-",
                p.converged() ? "ok" : "FAILED: " + p.reason()));
    }

    /** Whether p is the grid point of its (model, flavour) curve closest in log mass to m. */
    private static boolean nearest(List<GridPoint> points, GridPoint p, double m) {
        double best = Double.POSITIVE_INFINITY;
        GridPoint arg = null;
        for (GridPoint q : points) {
            if (q.key().massMev() != null && q.key().model().equals(p.key().model())
                    && q.key().flavour().equals(p.key().flavour())) {
                double d = Math.abs(Math.log(q.key().massMev() / m));
                if (d < best) {
                    best = d;
                    arg = q;
                }
            }
        }
        return arg == p;
    }

    /**
     * The observation in a few lines, for the printed summary: the background-only goodness of fit, the largest
     * local significance of the grid and each mass scan's global significance.
     */
    public static String observation(Observation.Result o) {
        StringBuilder b = new StringBuilder();
        JsonNode g = o.goodnessOfFit();
        if (g.path("converged").asBoolean()) {
            b.append(String.format(Locale.ROOT, "goodness of fit (background only): chi2 = %.1f for %d dof, p = %s"
                    + " (chi-square), %s (%d toys)%n", g.get("chi2").asDouble(), g.get("ndof").asInt(),
                    number(g.get("p_value_chi2")), number(g.get("p_value_toys")), g.get("toys").asInt()));
        } else {
            b.append("goodness of fit (background only): FAILED: ").append(g.path("reason").asText()).append('\n');
        }
        JsonNode l = o.significance().get("largest_local_significance");
        if (!l.path("local_significance").isNull()) {
            b.append(String.format(Locale.ROOT, "largest local significance: Z = %.2f (p = %.3g) for %s, %s%s%n",
                    l.get("local_significance").asDouble(), l.get("local_p_value").asDouble(),
                    l.get("model").asText(), l.get("flavour").asText(), l.path("mass_mev").isNull() ? ""
                            : String.format(Locale.ROOT, ", %.3g MeV", l.get("mass_mev").asDouble())));
        }
        for (JsonNode scan : o.significance().get("scans")) {
            String what = scan.get("model").asText() + " mass scan (" + scan.get("flavour").asText() + ")";
            if (!scan.path("converged").asBoolean()) {
                b.append(what).append(": FAILED: ").append(scan.path("reason").asText()).append('\n');
                continue;
            }
            b.append(String.format(Locale.ROOT, "%s: largest local Z = %.2f at %.3g MeV; global p = %s (%d toys), %s"
                    + " (Gross-Vitells), global Z = %s%n", what, scan.get("max_local_significance").asDouble(),
                    scan.get("mass_at_max_mev").asDouble(), number(scan.get("global_p_value_toys")),
                    scan.get("toys").asInt(), number(scan.get("global_p_value_gross_vitells")),
                    number(scan.get("global_significance_gross_vitells"))));
        }
        return b.toString();
    }

    private static String number(JsonNode n) {
        return n == null || n.isNull() ? "-" : String.format(Locale.ROOT, "%.3g", n.asDouble());
    }
}
