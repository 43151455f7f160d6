package xmassnu.fits.stats.modifiers;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.fits.stats.ParameterSet;

/** normfactor: the sample times a free parameter, init 1, bounds [0, 10] (pyhf {@code modifiers/normfactor.py}). */
final class NormFactor implements ModifierType {
    @Override
    public String type() {
        return "normfactor";
    }

    @Override
    public Builder builder(ModifierSettings settings) {
        return new PerModifier() {
            @Override
            public Binding append(Target target, String name, JsonNode data) {
                declare(ParameterSet.unconstrainedScalar(name, 1, 0, 10, target.modifier(type(), name)));
                return table -> new Term.Linear(table.first(name));
            }
        };
    }
}
