package xmassnu.fits.stats;

/**
 * The test statistics, with the labels of pyhf's {@code test_stat} (configurations, the command line): q~_mu and
 * q_mu for limits, q0 for discovery (arXiv:1007.1727 eqs. 16, 14 and 12).
 */
public enum TestStatistic {
    QTILDE("qtilde"), Q("q"), Q0("q0");

    private final String label;

    TestStatistic(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether it tests an upper limit (q~, q); q0 tests the background-only hypothesis. */
    public boolean forLimits() {
        return this != Q0;
    }
}
