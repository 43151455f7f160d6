package xmassnu.fits.stats.modifiers;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.fits.stats.ParameterSet;

/**
 * histosys: the sample's bins shifted by an interpolation between hi_data (+1) and lo_data (-1), the parameter with
 * a unit Gaussian constraint (pyhf {@code modifiers/histosys.py}); interpolation code 4p (pyhf's default) or code 0
 * ({@link ModifierSettings}). No clipping of the shifted bins, as in pyhf.
 */
final class HistoSys implements ModifierType {
    @Override
    public String type() {
        return "histosys";
    }

    @Override
    public Builder builder(ModifierSettings settings) {
        return new PerModifier() {
            @Override
            public Binding append(Target target, String name, JsonNode data) {
                String where = where(target, type(), name);
                double[] hi = perBin(data == null ? null : data.get("hi_data"), "hi_data", target, where);
                double[] lo = perBin(data.get("lo_data"), "lo_data", target, where);
                double[] nominal = target.nominal();
                declare(ParameterSet.unitGaussian(name, target.modifier(type(), name)));
                return table -> settings.histosys().shift(table.first(name), nominal, hi, lo);
            }
        };
    }
}
