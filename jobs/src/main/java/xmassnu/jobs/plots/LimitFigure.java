package xmassnu.jobs.plots;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Upper-limit figures: the expected limit's +-1 sigma (green) and +-2 sigma (yellow) band with its median dashed and
 * the observed limit solid ("Brazil" plot), over a continuous log axis (the mediator mass) or over categories (the
 * flavour cases, drawn as boxes); other results as curves or markers; optionally the excluded region above the
 * observed limit shaded. Every value axis is log, ranged from the data.
 */
public final class LimitFigure {
    private LimitFigure() {}

    /** The expected band and the observed limit at each x (NaN where a point failed: it is left out). */
    public record Band(double[] x, double[] minus2, double[] minus1, double[] median, double[] plus1, double[] plus2,
                       double[] observed) {
        public Band {
            int n = x.length;
            for (double[] a : new double[][] {minus2, minus1, median, plus1, plus2, observed}) {
                if (a.length != n) {
                    throw new IllegalArgumentException("band arrays must all have " + n + " points, got " + a.length);
                }
            }
        }

        double[][] all() {
            return new double[][] {minus2, minus1, median, plus1, plus2, observed};
        }
    }

    /** Another result: a curve (x, y) or, with {@code markers}, points. Dashed curves are bounds of another kind. */
    public record Overlay(String name, double[] x, double[] y, boolean markers, boolean dashed) {
        public Overlay {
            if (x.length != y.length) {
                throw new IllegalArgumentException("overlay " + name + ": x and y lengths differ");
            }
        }
    }

    /**
     * @param shadeExcluded shade the region above the observed limit (an exclusion plot)
     */
    public record Spec(String title, String xLabel, String yLabel, Band band, List<Overlay> overlays,
                       boolean shadeExcluded) {
        public Spec {
            overlays = List.copyOf(overlays);
        }
    }

    /** A continuous log x axis (e.g. the mediator mass). */
    public static Figure continuous(String name, Spec s, int widthPx, int heightPx) {
        Band b = s.band();
        List<double[]> ys = new ArrayList<>(List.of(b.all()));
        List<double[]> xs = new ArrayList<>(List.of(b.x()));
        for (Overlay o : s.overlays()) {
            ys.add(o.y());
            xs.add(o.x());
        }
        double[] xr = PlotStyle.positiveRange(b.x());
        double[] yr = PlotStyle.positiveRange(ys.toArray(double[][]::new));
        if (Double.isNaN(xr[0]) || Double.isNaN(yr[0])) {
            return empty(name, s, widthPx, heightPx);
        }
        ValueAxis x = PlotStyle.paddedLogAxis(s.xLabel(), xr[0], xr[1], 0.08);
        ValueAxis y = PlotStyle.logAxis(s.yLabel(), yr[0], yr[1], s.shadeExcluded() ? 0.3 : 1.0);
        XYPlot plot = PlotStyle.frame(new XYPlot());
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        int k = 0;
        // overlays on top, then the observed and median, then the bands, then the excluded shading
        XYSeriesCollection over = new XYSeriesCollection();
        XYLineAndShapeRenderer overR = new XYLineAndShapeRenderer();
        for (int i = 0; i < s.overlays().size(); i++) {
            Overlay o = s.overlays().get(i);
            over.addSeries(series(o.name(), o.x(), o.y(), x.getLowerBound(), x.getUpperBound()));
            style(overR, i, o, i);
        }
        plot.setDataset(k, over);
        plot.setRenderer(k++, overR);
        k = addBrazil(plot, k, b, x.getLowerBound(), x.getUpperBound());
        if (s.shadeExcluded()) {
            YIntervalSeriesCollection ex = new YIntervalSeriesCollection();
            YIntervalSeries e = new YIntervalSeries("excluded (observed, " + "this work)");
            for (int i = 0; i < b.x().length; i++) {
                if (b.x()[i] > 0 && b.observed()[i] > 0) {
                    e.add(b.x()[i], b.observed()[i], b.observed()[i], y.getUpperBound());
                }
            }
            ex.addSeries(e);
            DeviationRenderer r = new DeviationRenderer(false, false);
            r.setSeriesFillPaint(0, PlotStyle.EXCLUDED);
            r.setSeriesPaint(0, PlotStyle.EXCLUDED);
            r.setAlpha(1f);
            plot.setDataset(k, ex);
            plot.setRenderer(k++, r);
        }
        // an exclusion plot fills its frame (shading, peers): its legend goes below
        JFreeChart chart = PlotStyle.chart(s.title(), plot, plot, s.shadeExcluded() ? PlotStyle.OUTSIDE_BELOW
                : RectangleAnchor.TOP_LEFT);
        return new Figure(name, chart, widthPx, heightPx);
    }

    /**
     * Categories on x (e.g. the flavour cases), one box per category for each band; overlays give one y per
     * category (NaN: none) and are drawn as markers.
     */
    public static Figure categorical(String name, Spec s, String[] categories, int widthPx, int heightPx) {
        Band b = s.band();
        if (b.x().length != categories.length) {
            throw new IllegalArgumentException(categories.length + " categories for " + b.x().length + " points");
        }
        List<double[]> ys = new ArrayList<>(List.of(b.all()));
        s.overlays().forEach(o -> ys.add(o.y()));
        double[] yr = PlotStyle.positiveRange(ys.toArray(double[][]::new));
        if (Double.isNaN(yr[0])) {
            return empty(name, s, widthPx, heightPx);
        }
        ValueAxis x = PlotStyle.categoryAxis(s.xLabel(), categories);
        ValueAxis y = PlotStyle.logAxis(s.yLabel(), yr[0], yr[1], 0.6);
        XYPlot plot = PlotStyle.frame(new XYPlot());
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        int k = 0;
        XYSeriesCollection points = new XYSeriesCollection();
        XYLineAndShapeRenderer pointsR = new XYLineAndShapeRenderer(false, true);
        points.addSeries(series("observed", b.x(), b.observed(), -1e300, 1e300));
        pointsR.setSeriesPaint(0, PlotStyle.OBSERVED);
        pointsR.setSeriesShape(0, new Ellipse2D.Double(-5, -5, 10, 10));
        for (int i = 0; i < s.overlays().size(); i++) {
            Overlay o = s.overlays().get(i);
            points.addSeries(series(o.name(), o.x(), o.y(), -1e300, 1e300));
            pointsR.setSeriesPaint(i + 1, i == 0 ? PlotStyle.PUBLISHED : PlotStyle.palette(i + 3));
            pointsR.setSeriesShape(i + 1, marker(i));
        }
        plot.setDataset(k, points);
        plot.setRenderer(k++, pointsR);
        XYIntervalSeriesCollection median = new XYIntervalSeriesCollection();
        XYIntervalSeries m = new XYIntervalSeries("expected median");
        XYIntervalSeries one = new XYIntervalSeries("expected ±1σ");
        XYIntervalSeries two = new XYIntervalSeries("expected ±2σ");
        double half = 0.3;
        for (int i = 0; i < categories.length; i++) {
            double c = b.x()[i];
            if (b.median()[i] > 0) {
                // a thin box: the median as a short horizontal bar
                m.add(c, c - half, c + half, b.median()[i], b.median()[i] / 1.012, b.median()[i] * 1.012);
            }
            if (b.minus1()[i] > 0 && b.plus1()[i] > b.minus1()[i]) {
                one.add(c, c - half, c + half, b.median()[i], b.minus1()[i], b.plus1()[i]);
            }
            if (b.minus2()[i] > 0 && b.plus2()[i] > b.minus2()[i]) {
                two.add(c, c - half, c + half, b.median()[i], b.minus2()[i], b.plus2()[i]);
            }
        }
        median.addSeries(m);
        median.addSeries(one);
        median.addSeries(two);
        plot.setDataset(k, median);
        plot.setRenderer(k++, SpectrumFigure.barRenderer(new Color[] {Color.BLACK, PlotStyle.BRAZIL_GREEN,
                PlotStyle.BRAZIL_YELLOW}));
        JFreeChart chart = PlotStyle.chart(s.title(), plot, plot, RectangleAnchor.TOP_RIGHT);
        return new Figure(name, chart, widthPx, heightPx);
    }

    /** Observed solid, median dashed, then the +-1 sigma band over the +-2 sigma band. Returns the next index. */
    static int addBrazil(XYPlot plot, int k, Band b, double xMin, double xMax) {
        XYSeriesCollection lines = new XYSeriesCollection();
        lines.addSeries(series("observed", b.x(), b.observed(), xMin, xMax));
        lines.addSeries(series("expected median", b.x(), b.median(), xMin, xMax));
        XYLineAndShapeRenderer lr = new XYLineAndShapeRenderer(true, false);
        lr.setSeriesPaint(0, PlotStyle.OBSERVED);
        lr.setSeriesStroke(0, PlotStyle.solid(2.2f));
        lr.setSeriesPaint(1, Color.BLACK);
        lr.setSeriesStroke(1, PlotStyle.dashed(1.8f));
        if (b.x().length == 1) {
            lr.setDefaultShapesVisible(true);
        }
        plot.setDataset(k, lines);
        plot.setRenderer(k++, lr);
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        bands.addSeries(band("expected ±1σ", b.x(), b.median(), b.minus1(), b.plus1(), xMin, xMax));
        bands.addSeries(band("expected ±2σ", b.x(), b.median(), b.minus2(), b.plus2(), xMin, xMax));
        DeviationRenderer r = new DeviationRenderer(false, false);
        r.setAlpha(1f);
        r.setSeriesFillPaint(0, PlotStyle.BRAZIL_GREEN);
        r.setSeriesPaint(0, PlotStyle.BRAZIL_GREEN);
        r.setSeriesFillPaint(1, PlotStyle.BRAZIL_YELLOW);
        r.setSeriesPaint(1, PlotStyle.BRAZIL_YELLOW);
        plot.setDataset(k, bands);
        plot.setRenderer(k++, r);
        return k;
    }

    private static void style(XYLineAndShapeRenderer r, int series, Overlay o, int colourIndex) {
        Color c = colourIndex == 0 && o.markers() ? PlotStyle.PUBLISHED : PlotStyle.palette(colourIndex % PlotStyle.maxSeries());
        r.setSeriesPaint(series, c);
        r.setSeriesLinesVisible(series, !o.markers());
        r.setSeriesShapesVisible(series, o.markers());
        r.setSeriesShape(series, marker(series));
        r.setSeriesStroke(series, o.dashed() ? PlotStyle.dashed(2f) : PlotStyle.solid(2f));
    }

    /** Distinct marker shapes: star-like diamond, square, triangle, circle. */
    static Shape marker(int i) {
        return switch (i % 4) {
            case 0 -> diamond(7);
            case 1 -> new Rectangle2D.Double(-5, -5, 10, 10);
            case 2 -> triangle(7);
            default -> new Ellipse2D.Double(-5, -5, 10, 10);
        };
    }

    private static Shape diamond(double r) {
        Path2D p = new Path2D.Double();
        p.moveTo(0, -r);
        p.lineTo(r, 0);
        p.lineTo(0, r);
        p.lineTo(-r, 0);
        p.closePath();
        return p;
    }

    private static Shape triangle(double r) {
        Path2D p = new Path2D.Double();
        p.moveTo(0, -r);
        p.lineTo(r, r * 0.8);
        p.lineTo(-r, r * 0.8);
        p.closePath();
        return p;
    }

    /** The positive finite points within [xMin, xMax] (so that a curve never runs off a log axis). */
    static XYSeries series(String name, double[] x, double[] y, double xMin, double xMax) {
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && y[i] > 0 && Double.isFinite(y[i]) && x[i] >= xMin * (1 - 1e-9)
                    && x[i] <= xMax * (1 + 1e-9)) {
                s.add(x[i], y[i]);
            }
        }
        return s;
    }

    private static YIntervalSeries band(String name, double[] x, double[] mid, double[] lo, double[] hi, double xMin,
                                        double xMax) {
        YIntervalSeries s = new YIntervalSeries(name);
        for (int i = 0; i < x.length; i++) {
            if (x[i] >= xMin && x[i] <= xMax && lo[i] > 0 && hi[i] >= lo[i] && Double.isFinite(hi[i])) {
                s.add(x[i], mid[i] > 0 ? mid[i] : Math.sqrt(lo[i] * hi[i]), lo[i], hi[i]);
            }
        }
        return s;
    }

    /** No finite limit at all: the frame says so instead of staying blank. */
    private static Figure empty(String name, Spec s, int widthPx, int heightPx) {
        XYPlot plot = PlotStyle.frame(new XYPlot());
        ValueAxis x = PlotStyle.linearAxis(s.xLabel() == null ? "" : s.xLabel(), 0, 1);
        ValueAxis y = PlotStyle.linearAxis(s.yLabel(), 0, 1);
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        org.jfree.chart.annotations.XYTextAnnotation a = new org.jfree.chart.annotations.XYTextAnnotation(
                "no grid point converged: no limit to draw", 0.5, 0.5);
        a.setFont(PlotStyle.NOTE_FONT);
        plot.addAnnotation(a);
        return new Figure(name, PlotStyle.chart(s.title(), plot, null, null), widthPx, heightPx);
    }
}
