package xmassnu.jobs.plots;

import java.awt.Color;
import java.awt.geom.Ellipse2D;

import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * Nuisance-parameter pulls, one row per parameter: the post-fit value (theta_hat - theta_0) / sigma_prefit with its
 * post-fit uncertainty as an error bar, over the +-1 (green) and +-2 (yellow) bands of the prior.
 */
public final class PullFigure {
    private PullFigure() {}

    /**
     * @param pulls      (theta_hat - theta_0) / sigma_prefit per parameter
     * @param errorsDown post-fit uncertainty below, in units of sigma_prefit (>= 0)
     * @param errorsUp   post-fit uncertainty above (>= 0)
     */
    public static Figure figure(String name, String title, String[] parameters, double[] pulls, double[] errorsDown,
                                double[] errorsUp, int widthPx, int heightPx) {
        int n = parameters.length;
        if (n == 0 || pulls.length != n || errorsDown.length != n || errorsUp.length != n) {
            throw new IllegalArgumentException("pulls: " + n + " parameters, " + pulls.length + " pulls, "
                    + errorsDown.length + "/" + errorsUp.length + " errors");
        }
        double reach = 2.5;
        XYIntervalSeries s = new XYIntervalSeries("post-fit pull ± post-fit σ");
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(pulls[i]) || !(errorsDown[i] >= 0) || !(errorsUp[i] >= 0)) {
                throw new IllegalArgumentException("parameter " + parameters[i] + ": pull " + pulls[i] + " -"
                        + errorsDown[i] + " +" + errorsUp[i] + " must be finite with errors >= 0");
            }
            s.add(i, i, i, pulls[i], pulls[i] - errorsDown[i], pulls[i] + errorsUp[i]);
            reach = Math.max(reach, Math.max(Math.abs(pulls[i] - errorsDown[i]), Math.abs(pulls[i] + errorsUp[i])) + 0.3);
        }
        ValueAxis v = PlotStyle.linearAxis("(θ̂ − θ_0) / Δθ", -Math.ceil(reach), Math.ceil(reach));
        ValueAxis c = PlotStyle.categoryAxis(null, parameters);
        c.setTickLabelFont(PlotStyle.TICK_FONT);
        c.setInverted(true);
        XYPlot plot = PlotStyle.frame(new XYPlot());
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setDomainAxis(c);
        plot.setRangeAxis(v);
        plot.addRangeMarker(new IntervalMarker(-2, 2, PlotStyle.BRAZIL_YELLOW), org.jfree.chart.ui.Layer.BACKGROUND);
        plot.addRangeMarker(new IntervalMarker(-1, 1, PlotStyle.BRAZIL_GREEN), org.jfree.chart.ui.Layer.BACKGROUND);
        plot.addRangeMarker(new ValueMarker(0, Color.DARK_GRAY, PlotStyle.dashed(1f)), org.jfree.chart.ui.Layer.BACKGROUND);
        XYIntervalSeriesCollection d = new XYIntervalSeriesCollection();
        d.addSeries(s);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDrawYError(true);
        r.setCapLength(6);
        r.setErrorPaint(Color.BLACK);
        r.setErrorStroke(PlotStyle.solid(1.5f));
        r.setSeriesPaint(0, Color.BLACK);
        r.setSeriesShape(0, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
        r.setSeriesLinesVisible(0, false);
        plot.setDataset(0, d);
        plot.setRenderer(0, r);
        return new Figure(name, PlotStyle.chart(title, plot, null, null), widthPx, heightPx);
    }
}
