package xmassnu.reduction.reco;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * UnitArcsine against the JDK's own fdlibm (StrictMath.asin, a native call in JDK 17), bit for bit: the vertex
 * fit's results must not move by one ulp when its radius index stops calling StrictMath.
 */
class UnitArcsineTest {
    private static void assertSameBits(double x) {
        assertEquals(Double.doubleToRawLongBits(StrictMath.asin(x)), Double.doubleToRawLongBits(UnitArcsine.of(x)),
                () -> "asin(" + x + ") = " + StrictMath.asin(x) + ", UnitArcsine gives " + UnitArcsine.of(x));
    }

    @Test
    void equalsStrictMathBitForBitOnRandomArguments() {
        SplittableRandom rng = new SplittableRandom(20261201);
        for (int i = 0; i < 2_000_000; i++) {
            assertSameBits(rng.nextDouble());
        }
        // the vertex fit's arguments are r / r_max, so radii of a few mm near the centre: log-uniform small values
        for (int i = 0; i < 200_000; i++) {
            assertSameBits(Math.pow(2, -60 * rng.nextDouble()));
        }
    }

    @Test
    void equalsStrictMathAtTheBranchPointsOfTheAlgorithm() {
        // fdlibm switches method at 2^-26, 1/2 and 0.975 (high words 0x3E500000, 0x3FE00000, 0x3FEF3333)
        for (double edge : new double[] {0x1p-26, 0.5, Double.longBitsToDouble(0x3FEF333300000000L), 0.975, 1.0}) {
            double below = edge;
            double above = edge;
            for (int k = 0; k < 1000; k++) {
                assertSameBits(below);
                assertSameBits(above);
                below = Math.nextDown(below);
                above = Math.nextUp(above);
            }
        }
        for (double x : new double[] {0.0, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL, 1.0, Math.nextDown(1.0),
                Math.nextUp(1.0), -0.25, 2.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertSameBits(x);
        }
    }

    @Test
    void knownValues() {
        // asin(1/2) = pi/6, asin(sqrt(2)/2) = pi/4, asin(1) = pi/2 (to the last bit of the double nearest)
        assertEquals(Math.PI / 6, UnitArcsine.of(0.5), Math.ulp(Math.PI / 6));
        assertEquals(Math.PI / 4, UnitArcsine.of(Math.sqrt(0.5)), Math.ulp(Math.PI / 4));
        assertEquals(Math.PI / 2, UnitArcsine.of(1.0), 0.0);
    }
}
