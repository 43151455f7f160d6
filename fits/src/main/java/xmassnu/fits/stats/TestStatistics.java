package xmassnu.fits.stats;

import java.util.Arrays;
import java.util.List;

/**
 * The one spelling of the test statistics, as pyhf's {@code test_stat} and {@code pyhf cls --test-stat}: the
 * enum constant's name in lower case ("qtilde", "q"). The fit settings, the command line and the outputs all parse
 * and print them here.
 */
public final class TestStatistics {
    private TestStatistics() {}

    /** "qtilde", "q", ... */
    public static String label(TestStatistic statistic) {
        return statistic.label();
    }

    /** Every spelling, in the enum's order. */
    public static List<String> labels() {
        return Arrays.stream(TestStatistic.values()).map(TestStatistics::label).toList();
    }

    /** The statistic spelled {@code value}; otherwise an error naming {@code what} (a field or an option). */
    public static TestStatistic parse(String value, String what) {
        for (TestStatistic s : TestStatistic.values()) {
            if (label(s).equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException(what + " must be one of " + labels() + ", got '" + value + "'");
    }
}
