package xmassnu.jobs.plots;

import java.awt.Color;
import java.util.List;

import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * Upper limits of several results on one quantity, one row each, with the excluded region (from the limit up to the
 * axis end) shaded: this work's observed limit with its expected +-1/+-2 sigma band, the published XMASS-I value,
 * and other experiments (e.g. PublishedLimits' magnetic-moment and millicharge peers).
 */
public final class ComparisonFigure {
    private ComparisonFigure() {}

    /** One row: a limit; {@code ours} rows are coloured and carry the expected band (minus2..plus2, NaN: none). */
    public record Row(String name, double limit, boolean ours, double minus2, double minus1, double plus1,
                      double plus2) {
        public static Row other(String name, double limit) {
            return new Row(name, limit, false, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
    }

    public static Figure figure(String name, String title, String valueLabel, List<Row> rows, int widthPx,
                                int heightPx) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least one row");
        }
        String[] names = new String[rows.size()];
        double[][] values = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            names[i] = r.name();
            values[i] = new double[] {r.limit(), r.minus2(), r.plus2()};
        }
        double[] range = PlotStyle.positiveRange(values);
        if (Double.isNaN(range[0])) {
            range = new double[] {1e-12, 1e-9};
        }
        ValueAxis v = PlotStyle.logAxis(valueLabel, range[0] / 2, range[1] * 2, 0.3);
        ValueAxis c = PlotStyle.categoryAxis(null, names);
        c.setInverted(true); // first row on top
        XYPlot plot = PlotStyle.frame(new XYPlot());
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setDomainAxis(c);
        plot.setRangeAxis(v);
        XYIntervalSeries oursExcluded = new XYIntervalSeries("excluded (this work)");
        XYIntervalSeries othersExcluded = new XYIntervalSeries("excluded (published)");
        XYIntervalSeries one = new XYIntervalSeries("expected ±1σ (this work)");
        XYIntervalSeries two = new XYIntervalSeries("expected ±2σ (this work)");
        double top = v.getUpperBound();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.limit() > 0) {
                (r.ours() ? oursExcluded : othersExcluded).add(i, i - 0.18, i + 0.18, r.limit(), r.limit(), top);
            }
            if (r.minus1() > 0 && r.plus1() > r.minus1()) {
                one.add(i, i - 0.36, i + 0.36, r.limit(), r.minus1(), r.plus1());
            }
            if (r.minus2() > 0 && r.plus2() > r.minus2()) {
                two.add(i, i - 0.36, i + 0.36, r.limit(), r.minus2(), r.plus2());
            }
        }
        XYIntervalSeriesCollection excluded = new XYIntervalSeriesCollection();
        excluded.addSeries(oursExcluded);
        excluded.addSeries(othersExcluded);
        plot.setDataset(0, excluded);
        plot.setRenderer(0, SpectrumFigure.barRenderer(new Color[] {new Color(0, 114, 178, 200),
                new Color(120, 120, 120, 150)}));
        XYIntervalSeriesCollection bands = new XYIntervalSeriesCollection();
        bands.addSeries(one);
        bands.addSeries(two);
        plot.setDataset(1, bands);
        plot.setRenderer(1, SpectrumFigure.barRenderer(new Color[] {PlotStyle.BRAZIL_GREEN, PlotStyle.BRAZIL_YELLOW}));
        return new Figure(name, PlotStyle.chart(title, plot, plot, PlotStyle.OUTSIDE_BELOW), widthPx, heightPx);
    }
}
