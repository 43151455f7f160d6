package xmassnu.jobs.fit;

import java.util.List;
import java.util.Locale;

import xmassnu.fits.analysis.PublishedLimits;

/**
 * The summary table of limits beside the published XMASS-I values: every model without a mediator mass, and the
 * B-L points at the published masses (the nearest grid mass, shown).
 */
public final class LimitTable {
    private LimitTable() {}

    public static String format(List<GridPoint> points, double cl) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-16s %-5s %10s %10s %10s %10s %12s %8s  %s%n", "model", "flav", "mass MeV",
                "observed", "median", "[-1s, +1s]".substring(0, 10), "XMASS-I 2020", "obs/pub", "status"));
        for (GridPoint p : points) {
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
            b.append(String.format(Locale.ROOT, "%-16s %-5s %10s %10.3g %10.3g %10s %12s %8s  %s%n", p.key().model().label(),
                    p.key().flavour().label(), p.key().massMev() == null ? "-" : String.format(Locale.ROOT, "%.3g", p.key().massMev()),
                    p.observed(), p.expected().median(),
                    String.format(Locale.ROOT, "[%.2g, %.2g]", p.expected().minus1(), p.expected().plus1()),
                    Double.isNaN(pub) ? "-" : String.format(Locale.ROOT, "%.2g", pub),
                    Double.isNaN(pub) ? "-" : String.format(Locale.ROOT, "%.2f", p.observed() / pub),
                    p.converged() ? "ok" : "FAILED: " + p.reason()));
        }
        return b.toString();
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
}
