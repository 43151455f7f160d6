package xmassnu.reduction.reco;

/**
 * arcsin on [0, 1], bit-identical to {@link StrictMath#asin} (and so to {@link Math#asin}, which HotSpot does not
 * intrinsify on x86-64 and delegates to it) at a fraction of its cost: JDK 17's StrictMath.asin is a native call
 * (~ 95 ns here) and the vertex likelihood needs one per evaluation to index its radius table.
 *
 * <p>The algorithm and its coefficients are fdlibm's e_asin.c (Sun Microsystems, 1993; the same method as the
 * pure-Java port of OpenJDK 21, JDK-8301202): asin(x) = x + x^3 R(x^2) for x &lt; 1/2, with R a rational
 * approximation of (asin(x) - x)/x^3 (Remez error &lt; 2^-58.75); for x &ge; 1/2, asin(x) = pi/2 - 2 asin(sqrt((1-x)/2)),
 * evaluated with a head/tail split of the square root below 0.975 to keep the last bit. Java arithmetic is IEEE 754
 * binary64 without contraction, so every step rounds as in the C original. {@code UnitArcsineTest} compares it with
 * StrictMath.asin bit for bit.
 */
final class UnitArcsine {
    private UnitArcsine() {}

    private static final double PIO2_HI = Double.longBitsToDouble(0x3FF921FB54442D18L);
    private static final double PIO2_LO = Double.longBitsToDouble(0x3C91A62633145C07L);
    private static final double PIO4_HI = Double.longBitsToDouble(0x3FE921FB54442D18L);
    // R(t) = P(t) / Q(t)
    private static final double P_S0 = Double.longBitsToDouble(0x3FC5555555555555L);
    private static final double P_S1 = Double.longBitsToDouble(0xBFD4D61203EB6F7DL);
    private static final double P_S2 = Double.longBitsToDouble(0x3FC9C1550E884455L);
    private static final double P_S3 = Double.longBitsToDouble(0xBFA48228B5688F3BL);
    private static final double P_S4 = Double.longBitsToDouble(0x3F49EFE07501B288L);
    private static final double P_S5 = Double.longBitsToDouble(0x3F023DE10DFDF709L);
    private static final double Q_S1 = Double.longBitsToDouble(0xC0033A271C8A2D4BL);
    private static final double Q_S2 = Double.longBitsToDouble(0x40002AE59C598AC8L);
    private static final double Q_S3 = Double.longBitsToDouble(0xBFE6066C1B8D0159L);
    private static final double Q_S4 = Double.longBitsToDouble(0x3FB3B8C5B12E9282L);
    /** High words of 2^-26, 1/2 and 0.975 (the branch points of fdlibm, compared on the high word as there). */
    private static final int HIGH_TINY = 0x3E500000;
    private static final int HIGH_HALF = 0x3FE00000;
    private static final int HIGH_0975 = 0x3FEF3333;

    /**
     * @param x in [0, 1]; anything else (negative, above 1, NaN) is delegated to StrictMath, which handles every
     *          case, so the result is always StrictMath.asin(x)
     */
    static double of(double x) {
        if (!(x >= 0 && x < 1)) {
            return StrictMath.asin(x);
        }
        int high = (int) (Double.doubleToRawLongBits(x) >>> 32);
        if (high < HIGH_HALF) {
            if (high < HIGH_TINY) {
                return x;
            }
            double t = x * x;
            return x + x * (numerator(t) / denominator(t));
        }
        double t = (1 - x) * 0.5;
        double p = numerator(t);
        double q = denominator(t);
        double s = Math.sqrt(t);
        if (high >= HIGH_0975) {
            return PIO2_HI - (2.0 * (s + s * (p / q)) - PIO2_LO);
        }
        double head = Double.longBitsToDouble(Double.doubleToRawLongBits(s) & 0xFFFFFFFF00000000L);
        double tail = (t - head * head) / (s + head);
        double a = 2.0 * s * (p / q) - (PIO2_LO - 2.0 * tail);
        double b = PIO4_HI - 2.0 * head;
        return PIO4_HI - (a - b);
    }

    private static double numerator(double t) {
        return t * (P_S0 + t * (P_S1 + t * (P_S2 + t * (P_S3 + t * (P_S4 + t * P_S5)))));
    }

    private static double denominator(double t) {
        return 1.0 + t * (Q_S1 + t * (Q_S2 + t * (Q_S3 + t * Q_S4)));
    }
}
