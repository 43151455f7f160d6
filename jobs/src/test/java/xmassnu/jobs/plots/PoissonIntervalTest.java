package xmassnu.jobs.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PoissonIntervalTest {
    /**
     * scipy 1.17: a = 1 - 0.682689492137; lo = chi2.ppf(a/2, 2n)/2, hi = chi2.ppf(1-a/2, 2n+2)/2. Tolerance 1e-6
     * relative: commons-math's inverse CDF solver is accurate to about 1e-9.
     */
    @Test
    void garwoodIntervalsAgreeWithScipy() {
        double[][] expected = {{0, 0.0, 1.8410216450089925}, {1, 0.17275377902350095, 3.2995265591155016},
                {2, 0.7081854398190944, 4.637859623454832}, {5, 2.840308855593492, 8.382472652146342},
                {20, 15.565552017786548, 25.546519229510533}, {100, 90.01674517711506, 111.03336094114778}};
        for (double[] e : expected) {
            double[] got = PoissonInterval.of(e[0]);
            assertArrayEquals(new double[] {e[1], e[2]}, got, 1e-6 * e[2], "n = " + e[0]);
        }
    }

    @Test
    void negativeCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> PoissonInterval.of(-1));
        assertThrows(IllegalArgumentException.class, () -> PoissonInterval.of(Double.NaN));
    }
}
