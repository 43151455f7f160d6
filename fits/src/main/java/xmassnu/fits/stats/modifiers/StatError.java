package xmassnu.fits.stats.modifiers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.fits.stats.ParameterSet;

/**
 * staterror: one factor gamma_b per bin shared by every sample of the channel that carries the modifier, with a
 * Gaussian constraint of width sqrt(sum sigma_b^2) / sum nominal_b over those samples (pyhf
 * {@code modifiers/staterror.py}, Barlow-Beeston-lite). A bin whose width is zero has its factor pinned at 1. The
 * parameters span one channel: a name used in two channels is refused (pyhf concatenates the channels' bins).
 */
final class StatError implements ModifierType {
    @Override
    public String type() {
        return "staterror";
    }

    @Override
    public Builder builder(ModifierSettings settings) {
        return new Builder() {
            /** name -> {sum of sigma^2, sum of nominal} per bin, and the channel and first declaration */
            private final Map<String, double[][]> sums = new LinkedHashMap<>();
            private final Map<String, Target> firstTarget = new LinkedHashMap<>();

            @Override
            public Binding append(Target target, String name, JsonNode data) {
                String where = PerModifier.where(target, type(), name);
                double[] sigma = PerModifier.perBin(data, null, target, where);
                Target first = firstTarget.putIfAbsent(name, target);
                if (first != null && !first.channel().equals(target.channel())) {
                    throw new IllegalArgumentException(where + ": staterror '" + name + "' is already used in channel "
                            + first.channel() + "; give each channel its own staterror name");
                }
                double[][] s = sums.computeIfAbsent(name, k -> new double[2][target.bins()]);
                for (int b = 0; b < sigma.length; b++) {
                    if (sigma[b] < 0) {
                        throw new IllegalArgumentException(where + ", data[" + b + "]: uncertainty " + sigma[b] + " < 0");
                    }
                    s[0][b] += sigma[b] * sigma[b];
                    s[1][b] += target.nominal()[b];
                }
                return table -> new Term.BinFactor(table.first(name));
            }

            @Override
            public List<ParameterSet> declarations() {
                List<ParameterSet> out = new ArrayList<>();
                sums.forEach((name, s) -> {
                    int n = s[0].length;
                    double[] width = new double[n];
                    boolean[] pinned = new boolean[n];
                    for (int b = 0; b < n; b++) {
                        double rel = s[1][b] > 0 ? Math.sqrt(s[0][b]) / s[1][b] : 0;
                        pinned[b] = !(rel > 0);
                        width[b] = pinned[b] ? 1 : rel; // pyhf sets the width of a pinned bin to 1
                    }
                    Target t = firstTarget.get(name);
                    out.add(new ParameterSet(name, ParameterSet.Constraint.NORMAL, false, ParameterSet.filled(n, 1),
                            ParameterSet.filled(n, 1e-10), ParameterSet.filled(n, 10), pinned, pinned,
                            ParameterSet.filled(n, 1), width, "staterror '" + name + "' (channel " + t.channel() + ")"));
                });
                return out;
            }
        };
    }
}
