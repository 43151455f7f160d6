package xmassnu.fits.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleFunction;

import org.junit.jupiter.api.Test;

/**
 * The bracketing of the limit with stand-in hypothesis tests whose CLs curves are known in closed form:
 * CLs(mu) = exp(-k mu^2) crosses alpha at mu = sqrt(ln(1/alpha) / k).
 */
class UpperLimitTest {
    static final double ALPHA = 0.10;
    /** Curvatures of the observed and the five expected curves (n = 2 ... -2: the +2 sigma curve falls slowest). */
    static final double[] K = {3.0, 0.8, 1.2, 2.0, 3.5, 6.0};

    static double crossing(double k) {
        return Math.sqrt(Math.log(1 / ALPHA) / k);
    }

    /** Valid below {@code validBelow}; above it every test fails, as a conditional fit can far above the limit. */
    static DoubleFunction<AsymptoticCalculator.Result> tests(double validBelow) {
        return mu -> {
            if (mu >= validBelow) {
                double[] nan = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
                return new AsymptoticCalculator.Result(mu, Double.NaN, nan, Double.NaN, Double.NaN, false,
                        "conditional fit at mu = " + mu + " failed");
            }
            double[] expected = new double[5];
            for (int n = 0; n < 5; n++) {
                expected[n] = Math.exp(-K[n + 1] * mu * mu);
            }
            return new AsymptoticCalculator.Result(mu, Math.exp(-K[0] * mu * mu), expected, Double.NaN, Double.NaN,
                    true, null);
        };
    }

    static void assertClosedForm(UpperLimit.Limits l) {
        assertTrue(l.valid(), l.reason());
        assertEquals(crossing(K[0]), l.observed(), 1e-6);
        double[] expected = {crossing(K[5]), crossing(K[4]), crossing(K[3]), crossing(K[2]), crossing(K[1])};
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], l.expected()[i], 1e-6, "expected limit " + i);
        }
    }

    @Test
    void findsTheClosedFormCrossingsWhetherTheStartingBracketHoldsThemOrMustGrow() {
        // the +2 sigma crossing (1.70) lies above the initial upper end 1.0: the bracket is expanded
        assertClosedForm(new UpperLimit(tests(Double.POSITIVE_INFINITY)).solve(1e-3, 1.0, ALPHA, 1e-7));
        assertClosedForm(new UpperLimit(tests(Double.POSITIVE_INFINITY)).solve(1e-3, 2.0, ALPHA, 1e-7));
    }

    @Test
    void aTestThatFailsFarAboveTheLimitDoesNotDecideIt() {
        // every test from mu = 1.8 up fails: the bracket's upper end retreats from 2 (and from its expansions)
        // until its test is valid, and every crossing (the largest at 1.70) is still found
        assertClosedForm(new UpperLimit(tests(1.8)).solve(1e-3, 2.0, ALPHA, 1e-7));
        assertClosedForm(new UpperLimit(tests(1.8)).solve(1e-3, 1.0, ALPHA, 1e-7));
    }

    @Test
    void aTestThatFailsBelowACrossingLeavesTheLimitInvalidWithTheReason() {
        // the +2 sigma crossing (1.70) is above where the tests fail (1.5): no number, and the failure is named
        UpperLimit.Limits l = new UpperLimit(tests(1.5)).solve(1e-3, 2.0, ALPHA, 1e-7);
        assertFalse(l.valid());
        assertTrue(l.reason().contains("conditional fit at mu = 1.5"), l.reason());
        assertTrue(Double.isNaN(l.expected()[0]) || Double.isNaN(l.expected()[4]));
    }
}
