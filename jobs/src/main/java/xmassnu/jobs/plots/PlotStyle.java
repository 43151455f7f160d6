package xmassnu.jobs.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.awt.font.TextAttribute;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.VerticalAlignment;

/**
 * The house style, after ROOT's and mplhep's: white frame with ticks pointing inwards, no grid, log axes labelled
 * 10<sup>n</sup> at whole decades over a range fixed from the data (never auto-ranged, which went negative for
 * couplings of 1e-10), the legend inside the frame, a colour-blind-safe palette that never wraps.
 */
public final class PlotStyle {
    private PlotStyle() {}

    public static final String FONT_FAMILY = "DejaVu Sans";
    static final Font TITLE_FONT = new Font(FONT_FAMILY, Font.PLAIN, 15);
    static final Font LABEL_FONT = new Font(FONT_FAMILY, Font.PLAIN, 16);
    static final Font TICK_FONT = new Font(FONT_FAMILY, Font.PLAIN, 13);
    static final Font LEGEND_FONT = new Font(FONT_FAMILY, Font.PLAIN, 12);
    static final Font NOTE_FONT = new Font(FONT_FAMILY, Font.ITALIC, 15);

    public static final Color DATA = Color.BLACK;
    public static final Color BRAZIL_YELLOW = new Color(255, 204, 0);
    public static final Color BRAZIL_GREEN = new Color(0, 204, 0);
    public static final Color OBSERVED = Color.BLACK;
    public static final Color SIGNAL = new Color(213, 0, 0);
    public static final Color PUBLISHED = new Color(213, 94, 0);
    public static final Color UNCERTAINTY = new Color(60, 60, 60, 90);
    public static final Color EXCLUDED = new Color(0, 114, 178, 40);

    /**
     * Okabe and Ito's colour-blind-safe set without black (black is the data), then two greys: stacks and peer curves
     * take colours in order and never more than {@link #maxSeries()} (callers merge the rest into one entry).
     */
    private static final Color[] PALETTE = {new Color(86, 180, 233), new Color(230, 159, 0), new Color(0, 158, 115),
            new Color(0, 114, 178), new Color(204, 121, 167), new Color(213, 94, 0), new Color(240, 228, 66),
            new Color(150, 150, 150), new Color(90, 90, 90)};

    public static int maxSeries() {
        return PALETTE.length;
    }

    public static Color palette(int i) {
        if (i < 0 || i >= PALETTE.length) {
            throw new IllegalArgumentException("palette index " + i + " outside 0.." + (PALETTE.length - 1)
                    + ": merge the smallest entries first");
        }
        return PALETTE[i];
    }

    static Stroke solid(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
    }

    static Stroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 4f}, 0f);
    }

    static Stroke dotted(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {1.5f, 4f}, 0f);
    }

    /**
     * A label with TeX-like sub- and superscripts: {@code g_{B−L}}, {@code M_{A'}}, {@code 10^{-3}}, {@code x_i}
     * (a single character after _ or ^ without braces).
     */
    public static AttributedString label(String markup) {
        StringBuilder text = new StringBuilder();
        List<int[]> runs = new ArrayList<>(); // {start, end, +1 super / -1 sub}
        for (int i = 0; i < markup.length(); i++) {
            char c = markup.charAt(i);
            if ((c == '_' || c == '^') && i + 1 < markup.length()) {
                int start = text.length();
                int j = i + 1;
                if (markup.charAt(j) == '{') {
                    int close = markup.indexOf('}', j);
                    if (close < 0) {
                        throw new IllegalArgumentException("unclosed brace in label " + markup);
                    }
                    text.append(markup, j + 1, close);
                    i = close;
                } else {
                    text.append(markup.charAt(j));
                    i = j;
                }
                runs.add(new int[] {start, text.length(), c == '^' ? 1 : -1});
            } else {
                text.append(c);
            }
        }
        AttributedString s = new AttributedString(text.toString());
        if (text.length() > 0) {
            s.addAttribute(TextAttribute.FAMILY, FONT_FAMILY);
            s.addAttribute(TextAttribute.SIZE, (float) LABEL_FONT.getSize());
        }
        for (int[] r : runs) {
            if (r[1] > r[0]) {
                s.addAttribute(TextAttribute.SUPERSCRIPT, r[2] > 0 ? TextAttribute.SUPERSCRIPT_SUPER
                        : TextAttribute.SUPERSCRIPT_SUB, r[0], r[1]);
            }
        }
        return s;
    }

    /** The plain text of a markup label, for legends and alt text: braces and markers dropped. */
    public static String plain(String markup) {
        return markup.replace("_{", "").replace("^{", "").replace("}", "").replace("_", "").replace("^", "");
    }

    /** Smallest and largest positive finite value over the arrays; NaN, NaN when none. */
    public static double[] positiveRange(double[]... arrays) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] a : arrays) {
            if (a == null) {
                continue;
            }
            for (double v : a) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return lo <= hi ? new double[] {lo, hi} : new double[] {Double.NaN, Double.NaN};
    }

    /**
     * A base-10 log axis over whole decades covering [min, max] (at least one decade), labelled 10^n. {@code
     * headroomDecades} adds space above the data (for the legend).
     */
    public static LogAxis logAxis(String markupLabel, double min, double max, double headroomDecades) {
        if (!(min > 0) || !(max >= min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("log axis '" + plain(markupLabel) + "' needs 0 < min <= max, got ["
                    + min + ", " + max + "]");
        }
        double lo = Math.floor(Math.log10(min) + 1e-9);
        double hi = Math.ceil(Math.log10(max) + headroomDecades - 1e-9);
        if (hi <= lo) {
            hi = lo + 1;
        }
        LogAxis a = new LogAxis();
        a.setAttributedLabel(label(markupLabel));
        a.setBase(10);
        a.setBaseSymbol("10");
        a.setSmallestValue(1e-300);
        a.setRange(Math.pow(10, lo), Math.pow(10, hi));
        a.setAutoRange(false);
        int decades = (int) Math.round(hi - lo);
        TickUnits units = new TickUnits();
        units.add(new NumberTickUnit(decades > 9 ? 2 : 1, new java.text.DecimalFormat("0"), decades > 9 ? 1 : 9));
        a.setStandardTickUnits(units);
        a.setAutoTickUnitSelection(false);
        a.setTickUnit(new NumberTickUnit(decades > 9 ? 2 : 1, new java.text.DecimalFormat("0"),
                decades > 9 ? 1 : 9));
        a.setMinorTickMarksVisible(true);
        a.setMinorTickCount(decades > 9 ? 2 : 9);
        ticks(a);
        return a;
    }

    /**
     * A log axis over [min, max] widened by {@code padDecades} at both ends (not rounded to decades: for an
     * independent variable whose points should not sit on the frame), ticks at the decades inside.
     */
    public static LogAxis paddedLogAxis(String markupLabel, double min, double max, double padDecades) {
        LogAxis a = logAxis(markupLabel, min, max, 0);
        double lo = Math.log10(min) - padDecades;
        double hi = Math.log10(max) + padDecades;
        if (hi - lo < 1) {
            double mid = 0.5 * (lo + hi);
            lo = mid - 0.5;
            hi = mid + 0.5;
        }
        a.setRange(Math.pow(10, lo), Math.pow(10, hi));
        return a;
    }

    /** A linear axis over [min, max], not auto-ranged. */
    public static NumberAxis linearAxis(String markupLabel, double min, double max) {
        if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("axis '" + plain(markupLabel) + "' needs min < max, got [" + min + ", "
                    + max + "]");
        }
        NumberAxis a = new NumberAxis();
        a.setAttributedLabel(label(markupLabel));
        a.setRange(min, max);
        a.setAutoRange(false);
        a.setTickUnit(new NumberTickUnit(niceStep(max - min, 7)));
        a.setMinorTickMarksVisible(true);
        a.setMinorTickCount(5);
        ticks(a);
        return a;
    }

    /** A categorical axis: value i is labelled names[i]. */
    public static SymbolAxis categoryAxis(String markupLabel, String[] names) {
        SymbolAxis a = new SymbolAxis(null, names);
        if (markupLabel != null) {
            a.setAttributedLabel(label(markupLabel));
        }
        a.setRange(-0.6, names.length - 0.4);
        a.setAutoRange(false);
        a.setGridBandsVisible(false);
        ticks(a);
        a.setTickLabelFont(LABEL_FONT);
        return a;
    }

    private static void ticks(ValueAxis a) {
        a.setLabelFont(LABEL_FONT);
        a.setTickLabelFont(TICK_FONT);
        a.setTickLabelPaint(Color.BLACK);
        a.setLabelPaint(Color.BLACK);
        a.setAxisLinePaint(Color.BLACK);
        a.setTickMarkPaint(Color.BLACK);
        a.setTickMarkInsideLength(7f);
        a.setTickMarkOutsideLength(0f);
        a.setMinorTickMarkInsideLength(3.5f);
        a.setMinorTickMarkOutsideLength(0f);
    }

    /**
     * Legend items that would show neither a line nor a shape (filled bands: their renderers draw neither at the
     * points) get a filled box of their colour.
     */
    static org.jfree.chart.LegendItemCollection withSwatches(org.jfree.chart.LegendItemCollection items) {
        org.jfree.chart.LegendItemCollection out = new org.jfree.chart.LegendItemCollection();
        for (int i = 0; i < items.getItemCount(); i++) {
            org.jfree.chart.LegendItem item = items.get(i);
            if (!item.isShapeVisible() && !item.isLineVisible()) {
                java.awt.Paint p = item.getFillPaint() != null ? item.getFillPaint() : item.getLinePaint();
                item = new org.jfree.chart.LegendItem(item.getLabel(), null, null, null,
                        new java.awt.geom.Rectangle2D.Double(-7, -5, 14, 10), p);
            }
            out.add(item);
        }
        return out;
    }

    /** A step of 1, 2 or 5 times a power of ten giving about {@code target} ticks over span. */
    static double niceStep(double span, int target) {
        double raw = span / target;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
    }

    /** White frame, black outline, no grid. */
    static XYPlot frame(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.BLACK);
        plot.setOutlineStroke(solid(1.2f));
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        return plot;
    }

    /** Where the legend goes when no corner of the frame is free: below the plot, outside the frame. */
    static final RectangleAnchor OUTSIDE_BELOW = RectangleAnchor.BOTTOM;

    /**
     * A chart with the title at the top left and the plot's legend inside the frame at the given corner (or {@link
     * #OUTSIDE_BELOW}).
     */
    static JFreeChart chart(String title, Plot plot, XYPlot legendHost, RectangleAnchor legendCorner) {
        JFreeChart chart = new JFreeChart(null, TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(6, 6, 6, 18));
        if (title != null) {
            TextTitle t = new TextTitle(title, TITLE_FONT);
            t.setHorizontalAlignment(HorizontalAlignment.LEFT);
            t.setPaint(Color.BLACK);
            t.setPadding(new RectangleInsets(2, 4, 6, 2));
            chart.addSubtitle(t);
        }
        if (legendHost != null && legendCorner != null) {
            legendHost.setFixedLegendItems(withSwatches(legendHost.getLegendItems()));
            LegendTitle legend = new LegendTitle(legendHost);
            legend.setItemFont(LEGEND_FONT);
            legend.setBackgroundPaint(new Color(255, 255, 255, 215));
            legend.setFrame(BlockBorder.NONE);
            legend.setPosition(RectangleEdge.RIGHT);
            legend.setHorizontalAlignment(HorizontalAlignment.LEFT);
            legend.setVerticalAlignment(VerticalAlignment.TOP);
            legend.setItemLabelPadding(new RectangleInsets(1, 3, 1, 3));
            if (legendCorner == OUTSIDE_BELOW) {
                legend.setPosition(RectangleEdge.BOTTOM);
                legend.setHorizontalAlignment(HorizontalAlignment.CENTER);
                legend.setPadding(new RectangleInsets(6, 0, 0, 0));
                chart.addSubtitle(legend);
                return chart;
            }
            double x = legendCorner == RectangleAnchor.TOP_LEFT || legendCorner == RectangleAnchor.BOTTOM_LEFT ? 0.02 : 0.98;
            double y = legendCorner == RectangleAnchor.TOP_LEFT || legendCorner == RectangleAnchor.TOP_RIGHT ? 0.98 : 0.02;
            legendHost.addAnnotation(new XYTitleAnnotation(x, y, legend, legendCorner));
        }
        return chart;
    }
}
