package xmassnu.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.jobs.plots.Figure;
import xmassnu.jobs.plots.LimitFigures;
import xmassnu.jobs.plots.PlotStyle;
import xmassnu.jobs.testing.HeadlessChromium;

/**
 * The report's figures as a browser shows them: every limit figure of a synthetic grid (couplings down to 1e-12),
 * PNG and SVG, in a page rendered by headless chromium; each must have drawn data inside its frame. A frame with no
 * data is caught (the control), so the test can fail. The demo report itself is looked at in PipelineTest.
 */
class ReportRenderingTest {
    static List<LimitFigures.Point> grid() {
        List<LimitFigures.Point> ps = new ArrayList<>();
        String[] flavours = {"all", "e", "mu", "tau"};
        for (int f = 0; f < 4; f++) {
            double eps = 6e-12 * (1 + 0.3 * f);
            ps.add(new LimitFigures.Point("millicharge", flavours[f], null, 0.9 * eps,
                    new double[] {0.6 * eps, 0.8 * eps, eps, 1.3 * eps, 1.7 * eps}));
            double mu = 2e-10 * (1 + 0.3 * f);
            ps.add(new LimitFigures.Point("magnetic-moment", flavours[f], null, 1.1 * mu,
                    new double[] {0.6 * mu, 0.8 * mu, mu, 1.3 * mu, 1.7 * mu}));
            for (int i = 0; i < 20; i++) {
                double m = 1e-3 * Math.pow(10, 5.0 * i / 19);
                double g = 1.5e-6 * Math.max(1, m / 0.05);
                ps.add(new LimitFigures.Point("b-l", flavours[f], m, g,
                        new double[] {0.6 * g, 0.8 * g, g, 1.3 * g, 1.7 * g}));
            }
        }
        return ps;
    }

    static Path page(Path dir, List<Figure> figures) throws Exception {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><body>");
        for (Figure f : figures) {
            xmassnu.jobs.testing.LocalFiles.write(f.files(), dir);
            h.append("<a href=\"").append(f.name()).append(".svg\"><img src=\"").append(f.name()).append(".png\"></a>");
        }
        Path index = dir.resolve("index.html");
        Files.writeString(index, h.append("</body></html>").toString());
        return index;
    }

    @Test
    void everyLimitFigureHasDrawnDataInChromium(@TempDir Path dir) throws Exception {
        HeadlessChromium.requireBinary();
        List<Figure> figures = LimitFigures.of(grid(), 0.9);
        assertEquals(2 + 2 + 4, figures.size(), "brazil and comparison for two models, B-L: 3 brazil + exclusion");
        List<HeadlessChromium.Image> images = HeadlessChromium.assertEveryImageDrawn(page(dir, figures),
                2 * figures.size());
        assertEquals(2 * figures.size(), images.size());
    }

    @Test
    void anEmptyFrameIsCaught(@TempDir Path dir) throws Exception {
        HeadlessChromium.requireBinary();
        XYPlot empty = new XYPlot();
        empty.setDomainAxis(PlotStyle.linearAxis("x", 0, 1));
        empty.setRangeAxis(PlotStyle.logAxis("y", 1e-12, 1e-10, 0));
        empty.setBackgroundPaint(java.awt.Color.WHITE);
        Figure blank = new Figure("blank", new JFreeChart("nothing drawn", empty), 900, 650);
        Path index = page(dir, List.of(blank));
        AssertionError e = assertThrows(AssertionError.class, () -> HeadlessChromium.assertEveryImageDrawn(index, 1));
        assertTrue(e.getMessage().contains("empty frame"), e.getMessage());
    }
}
