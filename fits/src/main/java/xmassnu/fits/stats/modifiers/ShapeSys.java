package xmassnu.fits.stats.modifiers;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.fits.stats.ParameterSet;

/**
 * shapesys: one factor gamma_b per bin with a Poisson constraint Pois(tau_b | gamma_b tau_b), tau_b = (nominal_b /
 * sigma_b)^2 (pyhf {@code modifiers/shapesys.py}; Barlow-Beeston-lite). A bin with no uncertainty or no nominal
 * has its factor pinned at 1. Not shared: two samples may not use one shapesys name (pyhf's is_shared = False).
 */
final class ShapeSys implements ModifierType {
    @Override
    public String type() {
        return "shapesys";
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public Builder builder(ModifierSettings settings) {
        return new PerModifier() {
            @Override
            public Binding append(Target target, String name, JsonNode data) {
                String where = where(target, type(), name);
                double[] sigma = perBin(data, null, target, where);
                double[] nominal = target.nominal();
                int n = nominal.length;
                double[] tau = new double[n];
                boolean[] pinned = new boolean[n];
                for (int b = 0; b < n; b++) {
                    if (sigma[b] < 0) {
                        throw new IllegalArgumentException(where + ", data[" + b + "]: uncertainty " + sigma[b] + " < 0");
                    }
                    pinned[b] = !(sigma[b] > 0 && nominal[b] > 0);
                    tau[b] = pinned[b] ? 1 : (nominal[b] / sigma[b]) * (nominal[b] / sigma[b]);
                }
                declare(new ParameterSet(name, ParameterSet.Constraint.POISSON, false, ParameterSet.filled(n, 1),
                        ParameterSet.filled(n, 1e-10), ParameterSet.filled(n, 10), pinned, pinned, tau, tau,
                        target.modifier(type(), name)));
                return table -> new Term.BinFactor(table.first(name));
            }
        };
    }
}
