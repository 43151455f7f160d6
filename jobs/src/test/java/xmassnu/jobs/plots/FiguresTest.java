package xmassnu.jobs.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Looks at the figures: each test renders a chart from synthetic numbers and counts pixels of the expected colours
 * inside the plot's data area (from JFreeChart's rendering info), so an empty or mis-ranged plot fails.
 */
class FiguresTest {
    static final int W = 900;
    static final int H = 650;

    /** The image and the data area of the (first) plot. */
    record Rendered(BufferedImage image, Rectangle2D area) {
        /** Pixels within tolerance of colour c inside the data area (its 2-pixel border excluded). */
        long count(Color c, int tolerance) {
            long n = 0;
            for (int y = (int) area.getMinY() + 2; y < (int) area.getMaxY() - 2; y++) {
                for (int x = (int) area.getMinX() + 2; x < (int) area.getMaxX() - 2; x++) {
                    int rgb = image.getRGB(x, y);
                    if (Math.abs(((rgb >> 16) & 255) - c.getRed()) <= tolerance
                            && Math.abs(((rgb >> 8) & 255) - c.getGreen()) <= tolerance
                            && Math.abs((rgb & 255) - c.getBlue()) <= tolerance) {
                        n++;
                    }
                }
            }
            return n;
        }

        long nonWhite() {
            long all = (long) (area.getWidth() - 4) * (long) (area.getHeight() - 4);
            return all - count(Color.WHITE, 10);
        }
    }

    static Rendered render(Figure f) {
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage img = f.chart().createBufferedImage(W, H, BufferedImage.TYPE_INT_RGB, info);
        Rectangle2D area = info.getPlotInfo().getSubplotCount() > 0
                ? info.getPlotInfo().getSubplotInfo(0).getDataArea() : info.getPlotInfo().getDataArea();
        return new Rendered(img, area);
    }

    static LimitFigure.Band band(double[] x, double scale) {
        int n = x.length;
        double[][] v = new double[6][n];
        double[] factors = {0.6, 0.8, 1.0, 1.3, 1.7, 0.9};
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 6; k++) {
                v[k][i] = scale * factors[k] * (1 + 0.1 * i);
            }
        }
        return new LimitFigure.Band(x, v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    @Test
    void aBrazilBandOverFlavourCasesAtCouplingsOf1e12IsDrawnOnAPositiveLogAxis() {
        LimitFigure.Spec s = new LimitFigure.Spec("millicharge", null, "ε", band(new double[] {0, 1, 2, 3}, 3e-12),
                List.of(new LimitFigure.Overlay("XMASS-I 2020", new double[] {0, 1, 2, 3},
                        new double[] {5.4e-12, 7.3e-12, 1.1e-11, 1.1e-11}, true, false)), false);
        Figure f = LimitFigure.categorical("brazil-test", s, LimitFigures.FLAVOUR_LABELS, W, H);
        XYPlot plot = (XYPlot) f.chart().getPlot();
        LogAxis y = (LogAxis) plot.getRangeAxis();
        assertTrue(y.getLowerBound() > 0 && y.getLowerBound() <= 1.8e-12 && y.getUpperBound() >= 1.1e-11,
                "y range " + y.getRange());
        Rendered r = render(f);
        assertTrue(r.count(PlotStyle.BRAZIL_YELLOW, 8) > 2000, "yellow band pixels " + r.count(PlotStyle.BRAZIL_YELLOW, 8));
        assertTrue(r.count(PlotStyle.BRAZIL_GREEN, 8) > 2000, "green band pixels");
        assertTrue(r.count(PlotStyle.PUBLISHED, 8) > 100, "XMASS-I markers");
        assertTrue(r.count(Color.BLACK, 40) > 200, "observed markers and medians");
    }

    @Test
    void theExclusionPlotShadesTheExcludedRegionAndDrawsPeersAsCurves() {
        double[] m = new double[30];
        for (int i = 0; i < m.length; i++) {
            m[i] = 1e-3 * Math.pow(10, 5.0 * i / (m.length - 1));
        }
        List<LimitFigure.Overlay> peers = List.of(new LimitFigure.Overlay("peer", new double[] {1, 10, 100},
                new double[] {3e-6, 2e-5, 2e-4}, false, false));
        LimitFigure.Spec s = new LimitFigure.Spec("B-L", "M_{A'} (MeV)", "g_{B−L}", band(m, 2e-6), peers, true);
        Rendered r = render(LimitFigure.continuous("exclusion-test", s, W, H));
        assertTrue(r.count(PlotStyle.BRAZIL_GREEN, 8) > 1000, "band");
        // the shading is translucent: over white it is a light blue
        Color shade = blend(PlotStyle.EXCLUDED);
        assertTrue(r.count(shade, 6) > 20_000, "excluded region " + r.count(shade, 6));
        assertTrue(r.count(PlotStyle.palette(0), 30) > 50, "peer curve");
    }

    @Test
    void theSpectrumHasStackedColoursDataWithErrorBarsAndARatioPanel() {
        int n = 12;
        double[] edges = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            edges[i] = 2 + 2 * i;
        }
        double[] a = new double[n];
        double[] b = new double[n];
        double[] obs = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = 30 * Math.exp(-i / 3.0);
            b[i] = 4;
            obs[i] = i == 6 ? 0 : Math.round(a[i] + b[i]);
        }
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; i++) {
            lo[i] = 0.9 * (a[i] + b[i]);
            hi[i] = 1.1 * (a[i] + b[i]);
        }
        Figure f = SpectrumFigure.figure("spectrum-test", new SpectrumFigure.Data("t", "E (keV_{ee})", "events",
                edges, obs, List.of(new SpectrumFigure.Component("A", a), new SpectrumFigure.Component("B", b)), lo, hi,
                new SpectrumFigure.Component("signal", a.clone()), "post-fit total"), W, H);
        assertTrue(f.chart().getPlot() instanceof CombinedDomainXYPlot, "a ratio panel below the spectrum");
        Rendered r = render(f);
        assertTrue(r.count(PlotStyle.palette(0), 6) > 5000, "bottom of the stack");
        assertTrue(r.count(PlotStyle.palette(1), 6) > 5000, "top of the stack");
        assertTrue(r.count(PlotStyle.SIGNAL, 40) > 100, "signal line");
        // the zero bin (6) shows its upper error bar: dark pixels in its column above the axis floor
        XYPlot main = (XYPlot) ((CombinedDomainXYPlot) f.chart().getPlot()).getSubplots().get(0);
        double x = main.getDomainAxis().valueToJava2D(15, r.area(), main.getDomainAxisEdge());
        double yTop = main.getRangeAxis().valueToJava2D(1.8, r.area(), main.getRangeAxisEdge());
        int dark = 0;
        for (int y = (int) yTop + 2; y < (int) r.area().getMaxY() - 3; y++) {
            int darkest = 255;
            for (int dx = -1; dx <= 1; dx++) { // the anti-aliased 1.3 px bar over the stack's light blue
                int rgb = r.image().getRGB((int) Math.round(x) + dx, y);
                darkest = Math.min(darkest, (((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255)) / 3);
            }
            if (darkest < 110) {
                dark++;
            }
        }
        assertTrue(dark > 10, "upper error bar of the zero bin: " + dark + " dark pixels");
    }

    @Test
    void anEmptyDistributionSaysSoInsteadOfStayingBlank() {
        double[] edges = {0, 1, 2, 3};
        Rendered r = render(SpectrumFigure.observed("empty-test", "t", "E", "events", edges, new double[3], W, H));
        assertTrue(r.nonWhite() > 300, "the note is drawn: " + r.nonWhite());
        assertTrue(r.nonWhite() < 0.05 * r.area().getWidth() * r.area().getHeight(), "and nothing else");
    }

    @Test
    void stacksNeverRepeatAColourAndMergeTheSmallestComponents() {
        List<SpectrumFigure.Component> many = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            many.add(new SpectrumFigure.Component("c" + i, new double[] {i + 1, i + 1}));
        }
        List<SpectrumFigure.Component> merged = SpectrumFigure.mergeSmallest(many, PlotStyle.maxSeries());
        assertEquals(PlotStyle.maxSeries(), merged.size());
        assertEquals((1 + 2 + 3 + 4 + 5 + 6) * 2, merged.get(0).counts()[0] + merged.get(0).counts()[1], 1e-12);
        Figure f = SpectrumFigure.figure("many", new SpectrumFigure.Data("t", "E", "events", new double[] {0, 1, 2},
                new double[] {50, 60}, many, null, null, null, "total"), W, H);
        XYPlot main = (XYPlot) ((CombinedDomainXYPlot) f.chart().getPlot()).getSubplots().get(0);
        LegendItemCollection items = main.getFixedLegendItems();
        Set<Object> paints = new HashSet<>();
        for (int i = 0; i < items.getItemCount(); i++) {
            assertTrue(paints.add(items.get(i).getFillPaint().equals(Color.BLACK) ? "data" + i
                    : items.get(i).getFillPaint()), "colour of " + items.get(i).getLabel() + " repeats");
        }
    }

    @Test
    void pullsAndClsScansDrawTheirPoints() {
        Rendered p = render(PullFigure.figure("pulls-test", "pulls", new String[] {"a", "b", "c"},
                new double[] {0.5, -1.5, 0}, new double[] {0.8, 0.9, 1}, new double[] {0.8, 0.9, 1}, W, H));
        assertTrue(p.count(PlotStyle.BRAZIL_GREEN, 60) > 5000 && p.count(Color.BLACK, 40) > 100, "bands and points");
        double[] g = new double[15];
        double[] cls = new double[15];
        for (int i = 0; i < g.length; i++) {
            g[i] = 1e-12 * Math.pow(10, i / 7.0);
            cls[i] = Math.exp(-g[i] / 3e-12);
        }
        Rendered c = render(ClsScanFigure.figure("cls-test", "CLs", "ε", g, cls, null, 0.1, W, H));
        assertTrue(c.count(Color.BLACK, 40) > 200, "observed CLs curve");
        assertTrue(c.count(PlotStyle.SIGNAL, 40) > 200, "the CLs = alpha line");
    }

    @Test
    void thePostFitSpectrumHasAResidualPanelInEventsAroundZero() {
        int n = 10;
        double[] edges = new double[n + 1];
        double[] fit = new double[n];
        double[] obs = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i <= n; i++) {
            edges[i] = 2 + i;
        }
        for (int i = 0; i < n; i++) {
            fit[i] = 20 - i;
            obs[i] = i == 3 ? 30 : fit[i];
            lo[i] = fit[i] - 2;
            hi[i] = fit[i] + 2;
        }
        Figure f = SpectrumFigure.figure("post-fit-test", new SpectrumFigure.Data("t", "E", "events", edges, obs,
                List.of(new SpectrumFigure.Component("fit", fit)), lo, hi, null, "post-fit total"),
                SpectrumFigure.LowerPanel.RESIDUAL, W, H);
        XYPlot lower = (XYPlot) ((CombinedDomainXYPlot) f.chart().getPlot()).getSubplots().get(1);
        // data - fit in events: 30 - 17 = 13 in bin 3, with its Garwood upper bar (40.5 for 30) on the axis, which is
        // symmetric about 0
        assertEquals(-lower.getRangeAxis().getLowerBound(), lower.getRangeAxis().getUpperBound(), 1e-12);
        assertTrue(lower.getRangeAxis().getUpperBound() >= 40.5 - 17 && lower.getRangeAxis().getUpperBound() < 2 * 40.5,
                "the excess and its bar fit: "
                + lower.getRangeAxis().getRange());
        assertEquals(13, lower.getDataset(0).getYValue(0, 3), 1e-12);
        assertEquals(0, lower.getDataset(0).getYValue(0, 0), 1e-12);
        // drawn: the lower panel has the data's black markers and the grey band
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage img = f.chart().createBufferedImage(W, H, BufferedImage.TYPE_INT_RGB, info);
        Rendered r = new Rendered(img, info.getPlotInfo().getSubplotInfo(1).getDataArea());
        assertTrue(r.count(Color.BLACK, 40) > 150, "residual markers and bars: " + r.count(Color.BLACK, 40));
        assertTrue(r.count(blend(PlotStyle.UNCERTAINTY), 10) > 500, "the fit's band around 0");
        assertEquals(2.5, SpectrumFigure.niceCeiling(2.1), 1e-12);
        assertEquals(20, SpectrumFigure.niceCeiling(11.5), 1e-12);
    }

    @Test
    void theLocalSignificanceScanDrawsItsCurveAndReferenceLines() {
        double[] m = new double[20];
        double[] z = new double[20];
        for (int i = 0; i < m.length; i++) {
            m[i] = 1e-3 * Math.pow(10, 5.0 * i / 19);
            z[i] = 2.5 * Math.exp(-Math.pow(i - 8, 2) / 4.0);
        }
        z[3] = Double.NaN; // a failed point is left out, not drawn at 0
        Figure f = SignificanceFigure.figure("z-test", "t", "M_{A'} (MeV)", m, z, W, H);
        XYPlot plot = (XYPlot) f.chart().getPlot();
        assertEquals(19, plot.getDataset(0).getItemCount(0));
        assertTrue(plot.getRangeAxis().getUpperBound() >= 3.5, "the 3 sigma line is inside the frame");
        Rendered r = render(f);
        assertTrue(r.count(Color.BLACK, 40) > 300, "the curve: " + r.count(Color.BLACK, 40));
        assertTrue(r.count(Color.GRAY, 30) > 300, "1, 2, 3 sigma lines");
        assertThrows(IllegalArgumentException.class, () -> SignificanceFigure.figure("z", "t", "M", m,
                new double[] {1}, W, H));
        double[] nan = new double[20];
        java.util.Arrays.fill(nan, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> SignificanceFigure.figure("z", "t", "M", m, nan, W, H));
    }

    @Test
    void svgCarriesTheDrawingAndTheFilesAreReadableByAll(@TempDir Path dir) throws Exception {
        LimitFigure.Spec s = new LimitFigure.Spec("t", null, "μ_{ν} (μ_{B})", band(new double[] {0, 1, 2, 3}, 1e-10),
                List.of(), false);
        Figure f = LimitFigure.categorical("brazil-svg", s, LimitFigures.FLAVOUR_LABELS, W, H);
        String svg = f.svg();
        assertTrue(svg.startsWith("<svg") || svg.startsWith("<?xml"), svg.substring(0, 40));
        assertTrue(svg.contains("rgb(255,204,0)") || svg.toLowerCase(java.util.Locale.ROOT).contains("#ffcc00"),
                "the yellow band");
        assertTrue(svg.split("<path|<rect").length > 20, "shapes drawn");
        List<Path> files = xmassnu.jobs.testing.LocalFiles.write(f.files(), dir); // as a stage writes them
        for (Path p : files) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary left");
        assertTrue(Files.size(dir.resolve("brazil-svg.png")) > 5000);
    }

    @Test
    void labelsTakeSubAndSuperscriptsAndAxesRejectBadRanges() {
        assertEquals("gB−L", PlotStyle.plain("g_{B−L}"));
        assertEquals("MA' (MeV)", PlotStyle.plain("M_{A'} (MeV)"));
        var it = PlotStyle.label("g_{B−L}").getIterator();
        assertEquals('g', it.first());
        assertEquals(-1, it.setIndex(1) == 'B' ? (Integer) it.getAttribute(java.awt.font.TextAttribute.SUPERSCRIPT) : 0);
        assertThrows(IllegalArgumentException.class, () -> PlotStyle.logAxis("x", -1e-10, 1e-9, 0));
        LogAxis a = PlotStyle.logAxis("x", 3e-12, 2e-10, 0);
        assertEquals(1e-12, a.getLowerBound(), 1e-24);
        assertEquals(1e-9, a.getUpperBound(), 1e-21);
    }

    /** A translucent colour drawn over white. */
    static Color blend(Color c) {
        double a = c.getAlpha() / 255.0;
        return new Color((int) Math.round(255 * (1 - a) + c.getRed() * a), (int) Math.round(255 * (1 - a) + c.getGreen() * a),
                (int) Math.round(255 * (1 - a) + c.getBlue() * a));
    }
}
