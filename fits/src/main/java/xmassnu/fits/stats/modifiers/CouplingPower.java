package xmassnu.fits.stats.modifiers;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.fits.stats.ParameterSet;

/**
 * xmassnu:coupling-power, this project's one extension of the HistFactory modifiers: the sample times its
 * parameter to the integer power data.power (1 ... 8), a free parameter with init 1 and bounds [0, 10] as a
 * normfactor. It makes the expected counts a polynomial in a physical coupling (docs/physics.md: interference
 * ~ c^p1, new physics ~ c^p2). pyhf does not read it; the exporter writes pyhf-only workspaces.
 */
public final class CouplingPower implements ModifierType {
    public static final String TYPE = "xmassnu:coupling-power";
    public static final int MAX_POWER = 8;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Builder builder(ModifierSettings settings) {
        return new PerModifier() {
            @Override
            public Binding append(Target target, String name, JsonNode data) {
                JsonNode power = data == null ? null : data.get("power");
                if (power == null || !power.canConvertToInt() || !power.isIntegralNumber() || power.asInt() < 1
                        || power.asInt() > MAX_POWER) {
                    throw new IllegalArgumentException(where(target, type(), name) + ": data.power must be an integer in 1.."
                            + MAX_POWER + ", got " + power);
                }
                int n = power.asInt();
                declare(ParameterSet.unconstrainedScalar(name, 1, 0, 10, target.modifier(type(), name)));
                return table -> new Power(table.first(name), n);
            }
        };
    }

    /** f(c) = c^n. */
    record Power(int parameter, int n) implements Term.Factor {
        @Override
        public double value(double c) {
            return pow(c, n);
        }

        @Override
        public void derivatives(double c, double[] out) {
            out[0] = pow(c, n);
            out[1] = n * pow(c, n - 1);
            out[2] = n > 1 ? n * (n - 1) * pow(c, n - 2) : 0;
        }

        /** Repeated multiplication: exact for the small integer powers, and the same bits in value and derivatives. */
        private static double pow(double x, int k) {
            double r = 1;
            for (int i = 0; i < k; i++) {
                r *= x;
            }
            return r;
        }
    }
}
