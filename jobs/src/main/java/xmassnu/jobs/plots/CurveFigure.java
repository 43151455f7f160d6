package xmassnu.jobs.plots;

import java.awt.geom.Ellipse2D;
import java.util.List;

import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.data.xy.XYSeriesCollection;

/** Curves with markers at their points (an efficiency against energy, a signal spectrum). */
public final class CurveFigure {
    private CurveFigure() {}

    public record Curve(String name, double[] x, double[] y) {
        public Curve {
            if (x.length != y.length) {
                throw new IllegalArgumentException("curve " + name + ": x and y lengths differ");
            }
        }
    }

    /** @param yMin,yMax the value range; NaN: from the data (log axes) */
    public static Figure figure(String name, String title, String xLabel, String yLabel, boolean logX, boolean logY,
                                double yMin, double yMax, List<Curve> curves, int widthPx, int heightPx) {
        if (curves.isEmpty() || curves.size() > PlotStyle.maxSeries()) {
            throw new IllegalArgumentException("1.." + PlotStyle.maxSeries() + " curves, got " + curves.size());
        }
        double[][] xs = curves.stream().map(Curve::x).toArray(double[][]::new);
        double[][] ys = curves.stream().map(Curve::y).toArray(double[][]::new);
        ValueAxis x;
        if (logX) {
            double[] r = PlotStyle.positiveRange(xs);
            x = PlotStyle.logAxis(xLabel, r[0], r[1], 0);
        } else {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] a : xs) {
                for (double v : a) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            x = PlotStyle.linearAxis(xLabel, lo, hi > lo ? hi : lo + 1);
        }
        ValueAxis y;
        if (logY) {
            double[] r = PlotStyle.positiveRange(ys);
            y = PlotStyle.logAxis(yLabel, Double.isNaN(yMin) ? r[0] : yMin, Double.isNaN(yMax) ? r[1] : yMax,
                    Double.isNaN(yMax) ? 0.7 : 0);
        } else {
            y = PlotStyle.linearAxis(yLabel, yMin, yMax);
        }
        XYPlot plot = PlotStyle.frame(new XYPlot());
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        XYSeriesCollection d = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            d.addSeries(LimitFigure.series(c.name(), c.x(), logY ? c.y() : shiftNonPositive(c.y()),
                    logX ? 0 : -1e300, 1e300));
            r.setSeriesPaint(i, i == 0 ? java.awt.Color.BLACK : PlotStyle.palette(i - 1));
            r.setSeriesStroke(i, PlotStyle.solid(1.8f));
            r.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        plot.setDataset(0, d);
        plot.setRenderer(0, r);
        return new Figure(name, PlotStyle.chart(title, plot, plot, RectangleAnchor.BOTTOM_RIGHT), widthPx, heightPx);
    }

    /** LimitFigure.series keeps only y > 0; on a linear axis zero is a value to draw, so it is nudged up. */
    private static double[] shiftNonPositive(double[] y) {
        double[] out = y.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = Double.MIN_VALUE;
            }
        }
        return out;
    }
}
