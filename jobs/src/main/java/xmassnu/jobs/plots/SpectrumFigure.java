package xmassnu.jobs.plots;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Binned spectra as the field draws them: observed counts as markers with Poisson (Garwood) error bars, zero bins
 * showing only their upper bar; the expected backgrounds as a stacked histogram with the total's uncertainty band;
 * an optional signal histogram (e.g. at the limit) as a dashed step line; and a data/expected ratio panel or a
 * data - expected residual panel ({@link LowerPanel}).
 */
public final class SpectrumFigure {
    private SpectrumFigure() {}

    /** One histogram over the figure's bins. */
    public record Component(String name, double[] counts) {
        public Component {
            if (name == null || counts == null) {
                throw new IllegalArgumentException("a component needs a name and counts");
            }
            counts = counts.clone();
            for (double c : counts) {
                if (!(c >= 0) || !Double.isFinite(c)) {
                    throw new IllegalArgumentException("component " + name + ": counts must be finite and >= 0, got "
                            + c);
                }
            }
        }
    }

    /**
     * @param backgrounds  the stack, bottom first (already post-fit when {@code expectedLabel} says so)
     * @param totalLow     lower edge of the total's uncertainty band per bin, or null for none
     * @param totalHigh    upper edge, or null
     * @param signal       a signal histogram drawn alone (dashed), or null
     * @param expectedLabel legend of the total, e.g. "post-fit total" or "expected total (pre-fit)"
     */
    public record Data(String title, String xLabel, String yLabel, double[] edges, double[] observed,
                       List<Component> backgrounds, double[] totalLow, double[] totalHigh, Component signal,
                       String expectedLabel) {
        public Data {
            if (edges == null || edges.length < 2) {
                throw new IllegalArgumentException("a spectrum needs at least one bin (two edges)");
            }
            for (int i = 1; i < edges.length; i++) {
                if (!(edges[i] > edges[i - 1])) {
                    throw new IllegalArgumentException("bin edges must increase, got " + edges[i - 1] + " then "
                            + edges[i]);
                }
            }
            int n = edges.length - 1;
            check("observed", observed, n);
            backgrounds = List.copyOf(backgrounds == null ? List.of() : backgrounds);
            backgrounds.forEach(c -> check(c.name(), c.counts(), n));
            if ((totalLow == null) != (totalHigh == null)) {
                throw new IllegalArgumentException("the uncertainty band needs both edges or neither");
            }
            if (totalLow != null) {
                check("total low", totalLow, n);
                check("total high", totalHigh, n);
            }
            if (signal != null) {
                check(signal.name(), signal.counts(), n);
            }
            edges = edges.clone();
            observed = observed.clone();
        }

        private static void check(String what, double[] v, int n) {
            if (v == null || v.length != n) {
                throw new IllegalArgumentException(what + ": " + (v == null ? "missing" : v.length + " bins")
                        + ", the edges give " + n);
            }
        }

        public double[] total() {
            double[] t = new double[observed.length];
            for (Component c : backgrounds) {
                for (int i = 0; i < t.length; i++) {
                    t[i] += c.counts()[i];
                }
            }
            return t;
        }
    }

    /** The panel below the spectrum: data / expected, or data - expected (the fit's residuals, in events). */
    public enum LowerPanel { RATIO, RESIDUAL }

    /** The main panel and the ratio panel. */
    public static Figure figure(String name, Data d, int widthPx, int heightPx) {
        return figure(name, d, LowerPanel.RATIO, widthPx, heightPx);
    }

    /** The main panel and the chosen lower panel (shown when there is an expectation). */
    public static Figure figure(String name, Data d, LowerPanel lower, int widthPx, int heightPx) {
        List<Component> stack = mergeSmallest(d.backgrounds(), PlotStyle.maxSeries());
        double[] total = d.total();
        boolean hasExpected = !stack.isEmpty();
        double[] obsHigh = new double[total.length];
        for (int i = 0; i < total.length; i++) {
            obsHigh[i] = PoissonInterval.of(d.observed()[i])[1];
        }
        double[] range = PlotStyle.positiveRange(total, d.observed(), d.totalLow(),
                d.signal() == null ? null : d.signal().counts());
        double top = PlotStyle.positiveRange(obsHigh, total, d.totalHigh())[1];
        double min = Double.isNaN(range[0]) ? 0.5 : Math.max(range[0] * 0.5, top * 1e-6);
        ValueAxis y = PlotStyle.logAxis(d.yLabel(), min, Math.max(top, 2), 1.3);
        NumberAxis x = PlotStyle.linearAxis(d.xLabel(), d.edges()[0], d.edges()[d.edges().length - 1]);
        XYPlot main = PlotStyle.frame(new XYPlot());
        main.setRangeAxis(y);
        int k = 0;
        // zero bins show their upper Poisson bar against an expectation; a distribution alone shows only its counts
        main.setDataset(k, observedSeries(d, y.getLowerBound(), hasExpected));
        main.setRenderer(k++, observedRenderer());
        XYSeriesCollection lines = new XYSeriesCollection();
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
        if (hasExpected) {
            lines.addSeries(step(d.expectedLabel(), d.edges(), total));
            lineRenderer.setSeriesPaint(0, Color.DARK_GRAY);
            lineRenderer.setSeriesStroke(0, PlotStyle.solid(1.6f));
        }
        if (d.signal() != null) {
            int s = lines.getSeriesCount();
            lines.addSeries(step(d.signal().name(), d.edges(), d.signal().counts()));
            lineRenderer.setSeriesPaint(s, PlotStyle.SIGNAL);
            lineRenderer.setSeriesStroke(s, PlotStyle.dashed(2.2f));
        }
        main.setDataset(k, lines);
        main.setRenderer(k++, lineRenderer);
        if (d.totalLow() != null && hasExpected) {
            XYIntervalSeriesCollection band = new XYIntervalSeriesCollection();
            band.addSeries(bars("total uncertainty", d.edges(), d.totalLow(), d.totalHigh()));
            main.setDataset(k, band);
            main.setRenderer(k++, barRenderer(new Color[] {PlotStyle.UNCERTAINTY}));
        }
        if (hasExpected) {
            XYIntervalSeriesCollection stacked = new XYIntervalSeriesCollection();
            double floor = y.getLowerBound();
            Color[] colors = new Color[stack.size()];
            // legend order: top of the stack first, as it is read
            for (int c = stack.size() - 1; c >= 0; c--) {
                double[] lo = new double[total.length];
                double[] hi = new double[total.length];
                double[] counts = stack.get(c).counts();
                double[] base = new double[total.length];
                for (int j = 0; j < c; j++) {
                    for (int i = 0; i < base.length; i++) {
                        base[i] += stack.get(j).counts()[i];
                    }
                }
                for (int i = 0; i < total.length; i++) {
                    lo[i] = Math.max(base[i], floor);
                    hi[i] = base[i] + counts[i];
                }
                stacked.addSeries(bars(stack.get(c).name(), d.edges(), lo, hi));
                colors[stack.size() - 1 - c] = PlotStyle.palette(c);
            }
            main.setDataset(k, stacked);
            main.setRenderer(k++, barRenderer(colors));
        }
        if (sum(d.observed()) == 0) {
            note(main, "no event passed the selection", x, y);
        }
        JFreeChart chart;
        if (hasExpected) {
            CombinedDomainXYPlot combined = new CombinedDomainXYPlot(x);
            combined.setGap(0);
            combined.add(main, 3);
            combined.add(lower == LowerPanel.RESIDUAL ? residualPanel(d, total) : ratioPanel(d, total), 1);
            chart = PlotStyle.chart(d.title(), combined, main, RectangleAnchor.TOP_RIGHT);
        } else {
            main.setDomainAxis(x);
            chart = PlotStyle.chart(d.title(), main, main, RectangleAnchor.TOP_RIGHT);
        }
        return new Figure(name, chart, widthPx, heightPx);
    }

    /**
     * Observed counts alone (a distribution before the last cut), with an explicit note when no event is in it, so
     * that an empty frame never looks like a drawing failure.
     */
    public static Figure observed(String name, String title, String xLabel, String yLabel, double[] edges,
                                  double[] counts, int widthPx, int heightPx) {
        return figure(name, new Data(title, xLabel, yLabel, edges, counts, List.of(), null, null, null, null), widthPx,
                heightPx);
    }

    private static XYPlot ratioPanel(Data d, double[] total) {
        int n = total.length;
        XYIntervalSeries ratio = new XYIntervalSeries("data / expected");
        XYIntervalSeries band = new XYIntervalSeries("uncertainty / expected");
        double hiMax = 1.5;
        for (int i = 0; i < n; i++) {
            double c = 0.5 * (d.edges()[i] + d.edges()[i + 1]);
            if (!(total[i] > 0)) {
                continue;
            }
            double[] ci = PoissonInterval.of(d.observed()[i]);
            double r = d.observed()[i] / total[i];
            ratio.add(c, c, c, r, ci[0] / total[i], ci[1] / total[i]);
            hiMax = Math.max(hiMax, Math.min(r * 1.15, 4));
            if (d.totalLow() != null) {
                band.add(c, d.edges()[i], d.edges()[i + 1], 1, d.totalLow()[i] / total[i], d.totalHigh()[i] / total[i]);
            }
        }
        XYPlot p = PlotStyle.frame(new XYPlot());
        // the top tick stays below the frame's upper edge, clear of the main panel's lowest label
        NumberAxis ratioAxis = PlotStyle.linearAxis("data / exp.", 0, Math.ceil(hiMax * 2) / 2 + 0.2);
        ratioAxis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(0.5));
        p.setRangeAxis(ratioAxis);
        XYIntervalSeriesCollection r = new XYIntervalSeriesCollection();
        r.addSeries(ratio);
        p.setDataset(0, r);
        p.setRenderer(0, observedRenderer());
        if (d.totalLow() != null) {
            XYIntervalSeriesCollection b = new XYIntervalSeriesCollection();
            b.addSeries(band);
            p.setDataset(1, b);
            p.setRenderer(1, barRenderer(new Color[] {PlotStyle.UNCERTAINTY}));
        }
        ValueMarker one = new ValueMarker(1, Color.DARK_GRAY, PlotStyle.dashed(1f));
        p.addRangeMarker(one);
        return p;
    }

    /**
     * Data - expected per bin in events: the data's Poisson (Garwood) interval shifted by the expectation, the
     * expectation's uncertainty band around 0, a dashed line at 0.
     */
    private static XYPlot residualPanel(Data d, double[] total) {
        int n = total.length;
        XYIntervalSeries residual = new XYIntervalSeries("data − expected");
        XYIntervalSeries band = new XYIntervalSeries("uncertainty of the expectation");
        double reach = 1;
        for (int i = 0; i < n; i++) {
            double c = 0.5 * (d.edges()[i] + d.edges()[i + 1]);
            double[] ci = PoissonInterval.of(d.observed()[i]);
            double r = d.observed()[i] - total[i];
            residual.add(c, c, c, r, ci[0] - total[i], ci[1] - total[i]);
            reach = Math.max(reach, Math.max(Math.abs(ci[0] - total[i]), Math.abs(ci[1] - total[i])));
            if (d.totalLow() != null) {
                band.add(c, d.edges()[i], d.edges()[i + 1], 0, d.totalLow()[i] - total[i], d.totalHigh()[i] - total[i]);
                reach = Math.max(reach, Math.max(total[i] - d.totalLow()[i], d.totalHigh()[i] - total[i]));
            }
        }
        XYPlot p = PlotStyle.frame(new XYPlot());
        double top = niceCeiling(1.15 * reach);
        // 10 % beyond the outermost ticks: the top label stays clear of the main panel's lowest one
        NumberAxis axis = PlotStyle.linearAxis("data − exp.", -1.1 * top, 1.1 * top);
        axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(PlotStyle.niceStep(2 * top, 4)));
        p.setRangeAxis(axis);
        XYIntervalSeriesCollection r = new XYIntervalSeriesCollection();
        r.addSeries(residual);
        p.setDataset(0, r);
        p.setRenderer(0, observedRenderer());
        if (d.totalLow() != null) {
            XYIntervalSeriesCollection b = new XYIntervalSeriesCollection();
            b.addSeries(band);
            p.setDataset(1, b);
            p.setRenderer(1, barRenderer(new Color[] {PlotStyle.UNCERTAINTY}));
        }
        p.addRangeMarker(new ValueMarker(0, Color.DARK_GRAY, PlotStyle.dashed(1f)));
        return p;
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten at or above v (v &gt; 0). */
    static double niceCeiling(double v) {
        double decade = Math.pow(10, Math.floor(Math.log10(v)));
        for (double f : new double[] {1, 2, 2.5, 5, 10}) {
            if (f * decade >= v * (1 - 1e-12)) {
                return f * decade;
            }
        }
        return 10 * decade;
    }

    static void note(XYPlot plot, String text, ValueAxis x, ValueAxis y) {
        double xc = 0.5 * (x.getLowerBound() + x.getUpperBound());
        double yc = Math.sqrt(y.getLowerBound() * y.getUpperBound());
        XYTextAnnotation a = new XYTextAnnotation(text, xc, yc);
        a.setFont(PlotStyle.NOTE_FONT);
        a.setPaint(Color.DARK_GRAY);
        a.setTextAnchor(TextAnchor.CENTER);
        plot.addAnnotation(a);
    }

    private static double sum(double[] v) {
        return Arrays.stream(v).sum();
    }

    /**
     * The observed points; on a log axis a log of zero is -infinity and Java2D draws nothing, so values below the
     * axis floor are moved to it: a zero bin then shows its upper error bar and a marker hidden under the frame.
     */
    private static XYIntervalSeriesCollection observedSeries(Data d, double floor, boolean zeroBins) {
        XYIntervalSeries s = new XYIntervalSeries("data");
        for (int i = 0; i < d.observed().length; i++) {
            if (!zeroBins && d.observed()[i] == 0) {
                continue;
            }
            double c = 0.5 * (d.edges()[i] + d.edges()[i + 1]);
            double[] ci = PoissonInterval.of(d.observed()[i]);
            s.add(c, d.edges()[i], d.edges()[i + 1], Math.max(d.observed()[i], floor * 1e-3), Math.max(ci[0], floor),
                    ci[1]);
        }
        XYIntervalSeriesCollection col = new XYIntervalSeriesCollection();
        col.addSeries(s);
        return col;
    }

    static XYErrorRenderer observedRenderer() {
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(true);
        r.setDrawYError(true);
        r.setCapLength(0);
        r.setErrorPaint(PlotStyle.DATA);
        r.setErrorStroke(PlotStyle.solid(1.3f));
        r.setSeriesPaint(0, PlotStyle.DATA);
        r.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        r.setSeriesShapesVisible(0, true);
        r.setSeriesLinesVisible(0, false);
        return r;
    }

    /** One bar per bin from lo to hi (a stack layer or a band). */
    static XYIntervalSeries bars(String name, double[] edges, double[] lo, double[] hi) {
        XYIntervalSeries s = new XYIntervalSeries(name);
        for (int i = 0; i < lo.length; i++) {
            if (hi[i] > lo[i]) {
                s.add(0.5 * (edges[i] + edges[i + 1]), edges[i], edges[i + 1], hi[i], lo[i], hi[i]);
            }
        }
        return s;
    }

    static XYBarRenderer barRenderer(Color[] colors) {
        XYBarRenderer r = new XYBarRenderer();
        r.setUseYInterval(true);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(true); // in the fill colour: no anti-aliasing seams between neighbouring bins
        r.setMargin(0);
        for (int i = 0; i < colors.length; i++) {
            r.setSeriesPaint(i, colors[i]);
            r.setSeriesOutlinePaint(i, colors[i].getAlpha() == 255 ? colors[i] : new Color(0, 0, 0, 0));
            r.setSeriesOutlineStroke(i, PlotStyle.solid(0.8f));
        }
        return r;
    }

    /** A histogram as a step line through the bin edges. */
    static XYSeries step(String name, double[] edges, double[] counts) {
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < counts.length; i++) {
            s.add(edges[i], counts[i]);
            s.add(edges[i + 1], counts[i]);
        }
        return s;
    }

    /** At most max components: the smallest beyond max - 1 are summed into one "other" entry. */
    static List<Component> mergeSmallest(List<Component> components, int max) {
        if (components.size() <= max) {
            return components;
        }
        List<Component> bySize = new ArrayList<>(components);
        bySize.sort(Comparator.comparingDouble((Component c) -> sum(c.counts())).reversed());
        List<Component> keep = bySize.subList(0, max - 1);
        List<Component> rest = bySize.subList(max - 1, bySize.size());
        double[] other = new double[components.get(0).counts().length];
        for (Component c : rest) {
            for (int i = 0; i < other.length; i++) {
                other[i] += c.counts()[i];
            }
        }
        List<Component> out = new ArrayList<>();
        out.add(new Component("other (" + rest.size() + " components)", other));
        for (Component c : components) {
            if (keep.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }
}
