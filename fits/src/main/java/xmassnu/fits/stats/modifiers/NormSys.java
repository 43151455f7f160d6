package xmassnu.fits.stats.modifiers;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.fits.stats.ParameterSet;

/**
 * normsys: the sample times an interpolated factor with f(+1) = hi, f(-1) = lo, f(0) = 1, the parameter with a unit
 * Gaussian constraint (pyhf {@code modifiers/normsys.py}); interpolation code 4 (pyhf's default) or code 1
 * ({@link ModifierSettings}).
 */
final class NormSys implements ModifierType {
    @Override
    public String type() {
        return "normsys";
    }

    @Override
    public Builder builder(ModifierSettings settings) {
        return new PerModifier() {
            @Override
            public Binding append(Target target, String name, JsonNode data) {
                String where = where(target, type(), name);
                JsonNode hiNode = data == null ? null : data.get("hi");
                JsonNode loNode = data == null ? null : data.get("lo");
                if (hiNode == null || loNode == null || !hiNode.isNumber() || !loNode.isNumber()) {
                    throw new IllegalArgumentException(where + ": needs numbers data.hi and data.lo");
                }
                double hi = hiNode.asDouble();
                double lo = loNode.asDouble();
                if (!(hi > 0) || !(lo > 0) || !Double.isFinite(hi) || !Double.isFinite(lo)) {
                    throw new IllegalArgumentException(where + ": hi and lo must be finite and > 0 (the interpolation "
                            + "takes their logarithm), got hi " + hi + ", lo " + lo);
                }
                declare(ParameterSet.unitGaussian(name, target.modifier(type(), name)));
                return table -> settings.normsys().factor(table.first(name), hi, lo);
            }
        };
    }
}
