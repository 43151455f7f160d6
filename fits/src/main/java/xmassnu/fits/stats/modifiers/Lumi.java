package xmassnu.fits.stats.modifiers;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.fits.stats.ParameterSet;

/**
 * lumi: the sample times the luminosity parameter, Gaussian-constrained with auxdata and sigmas from the
 * measurement config (pyhf {@code modifiers/lumi.py}, where the config must also give inits and bounds; here they
 * default to 1 and [0, 10], and auxdata to 1).
 */
final class Lumi implements ModifierType {
    @Override
    public String type() {
        return "lumi";
    }

    @Override
    public Builder builder(ModifierSettings settings) {
        return new PerModifier() {
            @Override
            public Binding append(Target target, String name, JsonNode data) {
                declare(new ParameterSet(name, ParameterSet.Constraint.NORMAL, true, new double[] {1},
                        new double[] {0}, new double[] {10}, new boolean[1], new boolean[1], new double[] {1}, null,
                        target.modifier(type(), name)));
                return table -> new Term.Linear(table.first(name));
            }
        };
    }
}
