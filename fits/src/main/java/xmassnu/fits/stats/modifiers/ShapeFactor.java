package xmassnu.fits.stats.modifiers;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.fits.stats.ParameterSet;

/** shapefactor: one free factor per bin, init 1, bounds [0, 10] (pyhf {@code modifiers/shapefactor.py}). */
final class ShapeFactor implements ModifierType {
    @Override
    public String type() {
        return "shapefactor";
    }

    @Override
    public Builder builder(ModifierSettings settings) {
        return new PerModifier() {
            @Override
            public Binding append(Target target, String name, JsonNode data) {
                declare(ParameterSet.unconstrainedVector(name, target.bins(), 1, 0, 10, target.modifier(type(), name)));
                return table -> new Term.BinFactor(table.first(name));
            }
        };
    }
}
