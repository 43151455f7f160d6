package xmassnu.jobs.plots;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import xmassnu.fits.analysis.PublishedLimits;
import xmassnu.fits.physics.Model;
import xmassnu.fits.physics.MuonGMinus2;

/**
 * The limit stage's figures from plain limit points: a Brazil band per model (the flavour cases as categories for the
 * millicharge and the magnetic moment; the mediator mass for B-L, one figure per flavour case), the g_BL exclusion
 * plot with the published curves and the 2025 muon g-2 bound, and a comparison with the published limits for the
 * magnetic moment and the millicharge.
 */
public final class LimitFigures {
    public static final int WIDTH_PX = 900;
    public static final int HEIGHT_PX = 650;

    private LimitFigures() {}

    /** One grid point's limits; {@code expected} = -2, -1, 0, +1, +2 sigma; NaN where the point failed. */
    public record Point(String model, String flavour, Double massMev, double observed, double[] expected,
                        Observation observation) {
        public Point {
            if (expected.length != 5) {
                throw new IllegalArgumentException("expected limits: 5 values (-2..+2 sigma), got " + expected.length);
            }
        }

        /** Limits alone. */
        public Point(String model, String flavour, Double massMev, double observed, double[] expected) {
            this(model, flavour, massMev, observed, expected, null);
        }
    }

    /**
     * What the tables add to a plotted limit: the best-fit coupling with its 68 % interval and the local
     * significance; for a signed coupling (the millicharge) the observed limits of either sign (NaN otherwise).
     */
    public record Observation(double bestFit, double bestFitMinus1, double bestFitPlus1, double localSignificance,
                              double observedPositive, double observedNegative) {}

    static final String[] FLAVOURS = {"all", "e", "mu", "tau"};
    static final String[] FLAVOUR_LABELS = {"all flavours", "νe only", "νμ only", "ντ only"};

    /** The label of a model's coupling, with sub- and superscript markup (PlotStyle.label). */
    public static String couplingLabel(Model m) {
        return switch (m) {
            case MILLICHARGE -> "ε = |q_{ν}| / e";
            case MAGNETIC_MOMENT -> "μ_{ν} (μ_{B})";
            case B_L -> "g_{B−L}";
            default -> m.label();
        };
    }

    public static List<Figure> of(List<Point> points, double confidenceLevel) {
        String cl = String.format(Locale.ROOT, "%.0f%% CL", 100 * confidenceLevel);
        Map<String, List<Point>> byModel = new LinkedHashMap<>();
        points.forEach(p -> byModel.computeIfAbsent(p.model(), k -> new ArrayList<>()).add(p));
        List<Figure> out = new ArrayList<>();
        for (Map.Entry<String, List<Point>> e : byModel.entrySet()) {
            Model model = Model.parse(e.getKey());
            if (model.hasMediatorMass()) {
                Map<String, List<Point>> byFlavour = new LinkedHashMap<>();
                e.getValue().forEach(p -> byFlavour.computeIfAbsent(p.flavour(), k -> new ArrayList<>()).add(p));
                for (Map.Entry<String, List<Point>> f : byFlavour.entrySet()) {
                    List<Point> ps = new ArrayList<>(f.getValue());
                    ps.sort(Comparator.comparingDouble(Point::massMev));
                    out.add("all".equals(f.getKey()) ? exclusion(ps, cl) : massBrazil(ps, f.getKey(), cl));
                }
            } else {
                out.add(flavourBrazil(model, e.getValue(), cl));
                out.add(comparison(model, e.getValue(), cl));
            }
        }
        return out;
    }

    private static LimitFigure.Band band(List<Point> ps, java.util.function.ToDoubleFunction<Point> x) {
        int n = ps.size();
        double[] xs = new double[n];
        double[][] e = new double[5][n];
        double[] obs = new double[n];
        for (int i = 0; i < n; i++) {
            Point p = ps.get(i);
            xs[i] = x.applyAsDouble(p);
            obs[i] = p.observed();
            for (int k = 0; k < 5; k++) {
                e[k][i] = p.expected()[k];
            }
        }
        return new LimitFigure.Band(xs, e[0], e[1], e[2], e[3], e[4], obs);
    }

    static int flavourIndex(String f) {
        for (int i = 0; i < FLAVOURS.length; i++) {
            if (FLAVOURS[i].equals(f)) {
                return i;
            }
        }
        throw new IllegalArgumentException("flavour case " + f + " is not one of all, e, mu, tau");
    }

    /** The four flavour cases as categories; a case without a grid point is left empty. */
    private static Figure flavourBrazil(Model model, List<Point> ps, String cl) {
        double nan = Double.NaN;
        Point[] byCase = new Point[FLAVOURS.length];
        ps.forEach(p -> byCase[flavourIndex(p.flavour())] = p);
        List<Point> ordered = new ArrayList<>();
        double[] published = new double[FLAVOURS.length];
        for (int i = 0; i < FLAVOURS.length; i++) {
            ordered.add(byCase[i] != null ? byCase[i]
                    : new Point(model.label(), FLAVOURS[i], null, nan, new double[] {nan, nan, nan, nan, nan}));
            published[i] = PublishedLimits.xmass(model.label(), FLAVOURS[i], null);
        }
        LimitFigure.Band b = band(ordered, p -> flavourIndex(p.flavour()));
        double[] x = {0, 1, 2, 3};
        LimitFigure.Spec s = new LimitFigure.Spec(title(model) + ", " + cl + " upper limits by flavour case", null,
                couplingLabel(model) + ", " + cl + " upper limit", b,
                List.of(new LimitFigure.Overlay("XMASS-I 2020 (PLB 809, 135741)", x, published, true, false)), false);
        return LimitFigure.categorical("brazil-" + model.label(), s, FLAVOUR_LABELS, WIDTH_PX, HEIGHT_PX);
    }

    /** This work's flavour-universal limit beside XMASS-I's and the other published ones (PublishedLimits). */
    private static Figure comparison(Model model, List<Point> ps, String cl) {
        List<ComparisonFigure.Row> rows = new ArrayList<>();
        for (Point p : ps) {
            if ("all".equals(p.flavour())) {
                rows.add(new ComparisonFigure.Row("this work (observed)", p.observed(), true, p.expected()[0],
                        p.expected()[1], p.expected()[3], p.expected()[4]));
            }
        }
        rows.add(ComparisonFigure.Row.other("XMASS-I 2020", PublishedLimits.xmass(model.label(), "all", null)));
        Map<String, Double> others = model == Model.MAGNETIC_MOMENT ? PublishedLimits.OTHER_MAGNETIC_MOMENT
                : PublishedLimits.OTHER_MILLICHARGE;
        others.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
                .forEach(o -> rows.add(ComparisonFigure.Row.other(o.getKey(), o.getValue())));
        return ComparisonFigure.figure("comparison-" + model.label(), title(model) + ": " + cl
                        + " upper limits, all flavours (published values: docs/physics.md)", couplingLabel(model), rows, WIDTH_PX,
                HEIGHT_PX);
    }

    private static Figure massBrazil(List<Point> ps, String flavour, String cl) {
        LimitFigure.Spec s = new LimitFigure.Spec("B−L (" + FLAVOUR_LABELS[flavourIndex(flavour)] + "), " + cl
                + " upper limit", "M_{A'} (MeV)", "g_{B−L}", band(ps, Point::massMev), List.of(), false);
        return LimitFigure.continuous("brazil-b-l-" + flavour, s, WIDTH_PX, HEIGHT_PX);
    }

    /**
     * The g_BL exclusion plot: this work's observed limit with the excluded region shaded and the expected band, the
     * published recasts as curves, XMASS-I's published points and the 2 sigma upper bound from the 2025 muon g-2
     * comparison (no anomaly remains, so no favoured band is drawn).
     */
    private static Figure exclusion(List<Point> ps, String cl) {
        LimitFigure.Band b = band(ps, Point::massMev);
        List<LimitFigure.Overlay> overlays = new ArrayList<>();
        overlays.add(new LimitFigure.Overlay("XMASS-I 2020", column(PublishedLimits.XMASS_B_L, 0),
                column(PublishedLimits.XMASS_B_L, 1), true, false));
        for (PublishedLimits.Curve c : PublishedLimits.OTHER_B_L) {
            overlays.add(new LimitFigure.Overlay(c.name(), column(c.points(), 0), column(c.points(), 1), false, false));
        }
        double[] m = b.x();
        double[] g2 = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            g2[i] = MuonGMinus2.upperBound2Sigma2025(m[i]);
        }
        overlays.add(new LimitFigure.Overlay("muon g−2, 2σ bound (FNAL 2025 vs WP25; no anomaly)", m, g2, false, true));
        LimitFigure.Spec s = new LimitFigure.Spec("U(1) B−L, " + cl + " exclusion (all flavours)", "M_{A'} (MeV)",
                "g_{B−L}", b, overlays, true);
        return LimitFigure.continuous("exclusion-b-l", s, WIDTH_PX, HEIGHT_PX);
    }

    private static double[] column(double[][] points, int c) {
        double[] out = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            out[i] = points[i][c];
        }
        return out;
    }

    private static String title(Model m) {
        return switch (m) {
            case MILLICHARGE -> "Neutrino millicharge";
            case MAGNETIC_MOMENT -> "Neutrino magnetic moment";
            case B_L -> "U(1) B−L";
            default -> m.label();
        };
    }
}
