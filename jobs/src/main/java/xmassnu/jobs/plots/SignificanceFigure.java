package xmassnu.jobs.plots;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.Locale;

import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The local significance of an excess against the mediator mass of a scan (solid line with markers; Z = 0 where the
 * data fit no signal), with dashed lines at 1, 2 and 3 sigma, as searches for a resonance draw their local p-value
 * scan; the global significance (after the look-elsewhere effect) is said in the title.
 */
public final class SignificanceFigure {
    private SignificanceFigure() {}

    /** @param localZ local significance sqrt(q0) per mass (NaN: fit failed, left out) */
    public static Figure figure(String name, String title, String massLabel, double[] massesMev, double[] localZ,
                                int widthPx, int heightPx) {
        int n = massesMev.length;
        if (n == 0 || localZ.length != n) {
            throw new IllegalArgumentException("significance scan: " + n + " masses, " + localZ.length + " Z values");
        }
        XYSeries s = new XYSeries("local significance", false, true);
        double top = 3.5;
        for (int i = 0; i < n; i++) {
            if (massesMev[i] > 0 && Double.isFinite(massesMev[i]) && Double.isFinite(localZ[i])) {
                s.add(massesMev[i], Math.max(0, localZ[i]));
                top = Math.max(top, localZ[i] + 0.7);
            }
        }
        if (s.getItemCount() == 0) {
            throw new IllegalArgumentException("significance scan " + name + ": no finite local significance");
        }
        double[] xr = PlotStyle.positiveRange(massesMev);
        ValueAxis x = PlotStyle.logAxis(massLabel, xr[0], xr[1], 0);
        ValueAxis y = PlotStyle.linearAxis("local significance Z (σ)", 0, Math.ceil(top));
        XYPlot plot = PlotStyle.frame(new XYPlot());
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        for (int k = 1; k <= 3; k++) {
            ValueMarker m = new ValueMarker(k, Color.GRAY, PlotStyle.dashed(1f));
            m.setLabel(k + "σ");
            m.setLabelFont(PlotStyle.LEGEND_FONT);
            m.setLabelPaint(Color.DARK_GRAY);
            m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(m);
        }
        XYSeriesCollection d = new XYSeriesCollection();
        d.addSeries(s);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(0, PlotStyle.OBSERVED);
        r.setSeriesStroke(0, PlotStyle.solid(1.8f));
        r.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        plot.setDataset(0, d);
        plot.setRenderer(0, r);
        return new Figure(name, PlotStyle.chart(title, plot, plot, RectangleAnchor.TOP_RIGHT), widthPx, heightPx);
    }

    /** "global Z = 0.3 (Gross-Vitells), 0.2 (1000 toys)" for a title; "-" for a number that is none. */
    public static String globalText(double zGrossVitells, double zToys, int toys) {
        return String.format(Locale.ROOT, "global Z = %s (Gross–Vitells), %s (%d toys)", z(zGrossVitells), z(zToys),
                toys);
    }

    private static String z(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "–";
    }
}
