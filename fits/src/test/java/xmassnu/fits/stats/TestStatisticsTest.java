package xmassnu.fits.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import xmassnu.fits.analysis.FitSettings;

/** One spelling of the test statistics, pyhf's ({@code pyhf cls --test-stat [qtilde|q]}), for settings and options. */
class TestStatisticsTest {
    @Test
    void spelledAsPyhfAndParsedOneWay() {
        assertEquals("qtilde", TestStatistics.label(TestStatistic.QTILDE));
        assertEquals("q", TestStatistics.label(TestStatistic.Q));
        for (TestStatistic s : TestStatistic.values()) {
            assertEquals(s, TestStatistics.parse(TestStatistics.label(s), "x"));
        }
        assertEquals(List.of("qtilde", "q"), TestStatistics.labels().subList(0, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestStatistics.parse("Qtilde", "--test-stat"));
        assertEquals("--test-stat must be one of " + TestStatistics.labels() + ", got 'Qtilde'", e.getMessage());
        // the fit settings use the same parser, naming their field
        assertEquals(TestStatistic.Q, new FitSettings(0.9, "q", 0.3, 0.05, true, 1e-3).statistic());
        e = assertThrows(IllegalArgumentException.class, () -> new FitSettings(0.9, "tmu", 0.3, 0.05, true, 1e-3));
        assertEquals("testStatistic must be one of " + TestStatistics.labels() + ", got 'tmu'", e.getMessage());
    }
}
