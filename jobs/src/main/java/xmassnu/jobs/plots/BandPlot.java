package xmassnu.jobs.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Limit plots: filled bands (the expected +-1 and +-2 sigma "Brazil" band, the g-2 favoured region), lines (observed,
 * expected median, other experiments) and markers (published points). PNG via JFreeChart, headless.
 */
public final class BandPlot {
    private record Band(String name, double[] x, double[] lo, double[] hi, Color fill) {}

    private record Line(String name, double[] x, double[] y, Color color, boolean dashed, boolean markers) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final List<Band> bands = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();

    public BandPlot(String title, String xLabel, String yLabel, boolean logX) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
    }

    public static final Color YELLOW = new Color(255, 223, 0);
    public static final Color GREEN = new Color(0, 200, 0);

    public BandPlot band(String name, double[] x, double[] lo, double[] hi, Color fill) {
        bands.add(new Band(name, x.clone(), lo.clone(), hi.clone(), fill));
        return this;
    }

    public BandPlot line(String name, double[] x, double[] y, Color color, boolean dashed) {
        lines.add(new Line(name, x.clone(), y.clone(), color, dashed, false));
        return this;
    }

    public BandPlot points(String name, double[] x, double[] y, Color color) {
        lines.add(new Line(name, x.clone(), y.clone(), color, false, true));
        return this;
    }

    /** Expected band (+-2 sigma yellow, +-1 sigma green), median dashed and observed solid. */
    public BandPlot brazil(double[] x, double[] minus2, double[] minus1, double[] median, double[] plus1,
                           double[] plus2, double[] observed) {
        band("expected +-2 sigma", x, minus2, plus2, YELLOW);
        band("expected +-1 sigma", x, minus1, plus1, GREEN);
        line("expected median", x, median, Color.BLACK, true);
        line("observed", x, observed, Color.BLACK, false);
        return this;
    }

    private static boolean ok(double x, double y, boolean logX) {
        return Double.isFinite(x) && Double.isFinite(y) && y > 0 && (!logX || x > 0);
    }

    /** The chart as PNG bytes. */
    public byte[] png(int width, int height) {
        ValueAxis xAxis = logX ? LinePlot.logAxis(xLabel) : new NumberAxis(xLabel);
        ValueAxis yAxis = LinePlot.logAxis(yLabel);
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(xAxis);
        plot.setRangeAxis(yAxis);
        YIntervalSeriesCollection bandData = new YIntervalSeriesCollection();
        DeviationRenderer bandRenderer = new DeviationRenderer(true, false);
        for (int b = 0; b < bands.size(); b++) {
            Band band = bands.get(b);
            YIntervalSeries s = new YIntervalSeries(band.name());
            for (int i = 0; i < band.x().length; i++) {
                if (ok(band.x()[i], band.lo()[i], logX) && ok(band.x()[i], band.hi()[i], logX)) {
                    double mid = Math.sqrt(band.lo()[i] * band.hi()[i]);
                    s.add(band.x()[i], mid, band.lo()[i], band.hi()[i]);
                }
            }
            bandData.addSeries(s);
            bandRenderer.setSeriesFillPaint(b, band.fill());
            bandRenderer.setSeriesPaint(b, band.fill());
            bandRenderer.setSeriesStroke(b, new BasicStroke(0.5f));
        }
        bandRenderer.setAlpha(0.6f);
        XYSeriesCollection lineData = new XYSeriesCollection();
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer();
        for (int l = 0; l < lines.size(); l++) {
            Line line = lines.get(l);
            XYSeries s = new XYSeries(line.name(), false, true);
            for (int i = 0; i < line.x().length; i++) {
                if (ok(line.x()[i], line.y()[i], logX)) {
                    s.add(line.x()[i], line.y()[i]);
                }
            }
            lineData.addSeries(s);
            lineRenderer.setSeriesPaint(l, line.color());
            lineRenderer.setSeriesLinesVisible(l, !line.markers());
            lineRenderer.setSeriesShapesVisible(l, line.markers());
            lineRenderer.setSeriesShape(l, new Ellipse2D.Double(-5, -5, 10, 10));
            lineRenderer.setSeriesStroke(l, line.dashed()
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2f));
        }
        plot.setDataset(0, lineData);
        plot.setRenderer(0, lineRenderer);
        plot.setDataset(1, bandData);
        plot.setRenderer(1, bandRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return LinePlot.png(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), width, height);
    }
}
