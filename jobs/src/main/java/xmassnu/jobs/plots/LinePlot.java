package xmassnu.jobs.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Line plots written as PNG (JFreeChart, headless). Non-positive points are skipped on log axes. */
public final class LinePlot {
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final boolean logY;
    private final List<XYSeries> series = new ArrayList<>();

    public LinePlot(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
        this.logY = logY;
    }

    public LinePlot add(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + name + ": x and y lengths differ");
        }
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < x.length; i++) {
            boolean ok = Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!logX || x[i] > 0) && (!logY || y[i] > 0);
            if (ok) {
                s.add(x[i], y[i]);
            }
        }
        series.add(s);
        return this;
    }

    /** The chart as PNG bytes (written by the caller's stage output). */
    public byte[] png(int width, int height) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach(data::addSeries);
        ValueAxis xAxis = logX ? logAxis(xLabel) : new NumberAxis(xLabel);
        ValueAxis yAxis = logY ? logAxis(yLabel) : new NumberAxis(yLabel);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return png(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), width, height);
    }

    static byte[] png(JFreeChart chart, int width, int height) {
        chart.setBackgroundPaint(Color.WHITE);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("rendering a chart", e);
        }
        return out.toByteArray();
    }

    static LogAxis logAxis(String label) {
        LogAxis a = new LogAxis(label);
        a.setBase(10);
        a.setSmallestValue(1e-300);
        a.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // log-space units: whole decades
        a.setNumberFormatOverride(new DecimalFormat("0E0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        return a;
    }

    /** Colour-blind-safe (Okabe-Ito). */
    private static final Color[] PALETTE = {new Color(0, 0, 0), new Color(0, 114, 178), new Color(213, 94, 0),
            new Color(0, 158, 115), new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233)};
}
