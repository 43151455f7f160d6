package xmassnu.jobs.plots;


import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;

/**
 * CLs against the tested coupling: observed (solid), expected median (dashed) with its +-1/+-2 sigma bands, and the
 * line CLs = alpha = 1 - CL whose crossing is the upper limit.
 */
public final class ClsScanFigure {
    private ClsScanFigure() {}

    /**
     * @param expected five arrays (n = -2, -1, 0, +1, +2 sigma of the expected CLs: the lower coupling limit first),
     *                 or null when only the observed CLs was computed
     */
    public static Figure figure(String name, String title, String couplingLabel, double[] couplings,
                                double[] clsObserved, double[][] expected, double alpha, int widthPx, int heightPx) {
        int n = couplings.length;
        if (n == 0 || clsObserved.length != n || (expected != null && expected.length != 5)) {
            throw new IllegalArgumentException("CLs scan: " + n + " couplings, " + clsObserved.length
                    + " observed CLs, expected " + (expected == null ? "none" : expected.length + " arrays"));
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha = 1 - CL must be in (0, 1), got " + alpha);
        }
        double[] nan = new double[n];
        java.util.Arrays.fill(nan, Double.NaN);
        double[][] e = expected == null ? new double[][] {nan, nan, nan, nan, nan} : expected;
        double[] xr = PlotStyle.positiveRange(couplings);
        ValueAxis x = PlotStyle.logAxis(couplingLabel, xr[0], xr[1], 0);
        ValueAxis y = PlotStyle.linearAxis("CL_s", 0, 1.05);
        XYPlot plot = PlotStyle.frame(new XYPlot());
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        LimitFigure.addBrazil(plot, 0, new LimitFigure.Band(couplings, e[0], e[1], e[2], e[3], e[4], clsObserved),
                x.getLowerBound(), x.getUpperBound());
        ValueMarker a = new ValueMarker(alpha, PlotStyle.SIGNAL, PlotStyle.solid(1.5f));
        a.setLabel(String.format(java.util.Locale.ROOT, "CLs = %.2f (%.0f %% CL)", alpha, 100 * (1 - alpha)));
        a.setLabelFont(PlotStyle.LEGEND_FONT);
        a.setLabelPaint(PlotStyle.SIGNAL);
        a.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        a.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(a);
        return new Figure(name, PlotStyle.chart(title, plot, plot, RectangleAnchor.TOP_RIGHT), widthPx, heightPx);
    }

}
