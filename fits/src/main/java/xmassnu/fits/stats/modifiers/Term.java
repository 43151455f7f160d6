package xmassnu.fits.stats.modifiers;

/**
 * The effect of one modifier on one sample's expected counts, bound to its parameters' indices (pyhf's
 * {@code *_combined.apply}). A sample's counts are nu_b = prod(factors) x prod(bin factors)_b x (nominal_b +
 * sum(shifts)_b): factors and bin factors are pyhf's op_code "multiplication", shifts its "addition".
 */
public sealed interface Term permits Term.Factor, Term.Shift, Term.BinFactor {

    /** Multiplies the whole sample by f(x), x the value of one scalar parameter (normfactor, lumi, normsys, power). */
    non-sealed interface Factor extends Term {
        int parameter();

        double value(double x);

        /** f(x), f'(x) and f''(x) into out[0], out[1], out[2]; out[0] equals {@link #value} bit for bit. */
        void derivatives(double x, double[] out);

        /** Where f' jumps (a minimiser must treat it like a bound), or NaN if f is smooth. */
        default double kink() {
            return Double.NaN;
        }
    }

    /** Adds delta_b(x) to bin b of the nominal, x the value of one scalar parameter (histosys). */
    non-sealed interface Shift extends Term {
        int parameter();

        /** v[b] += delta_b(x) for b &lt; bins. */
        void add(double x, double[] v, int bins);

        /** delta_b'(x) into slope[b] and delta_b''(x) into curvature[b] for b &lt; bins. */
        void derivatives(double x, double[] slope, double[] curvature, int bins);

        /** Where delta' jumps, or NaN if delta is smooth. */
        default double kink() {
            return Double.NaN;
        }
    }

    /**
     * Multiplies bin b by the parameter first + b (shapesys, staterror, shapefactor): linear in each, so the model
     * needs no derivative code from the modifier.
     */
    record BinFactor(int first) implements Term {}

    /** f(x) = x (normfactor, lumi). */
    record Linear(int parameter) implements Factor {
        @Override
        public double value(double x) {
            return x;
        }

        @Override
        public void derivatives(double x, double[] out) {
            out[0] = x;
            out[1] = 1;
            out[2] = 0;
        }
    }
}
