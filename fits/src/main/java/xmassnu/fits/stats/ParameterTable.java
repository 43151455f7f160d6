package xmassnu.fits.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's one table of parameters (pyhf {@code pdf._ModelConfig}: par_map, par_order, suggested_init /
 * bounds / fixed, poi_index): the parameter sets in the order their modifiers first declare them, flattened into
 * one vector. Scalars are named as their set, components of a vector "name[i]". Immutable.
 */
public final class ParameterTable {
    private final List<ParameterSet> sets;
    private final int[] first;
    private final Map<String, Integer> setIndex = new LinkedHashMap<>();
    private final Map<String, Integer> flatIndex = new LinkedHashMap<>();
    private final String[] names;
    private final double[] inits;
    private final double[] lower;
    private final double[] upper;
    private final boolean[] fixed;
    private final int poi;

    /**
     * Merges the declarations (one per modifier that needs a parameter set; a name declared twice must be declared
     * the same way, as pyhf requires), applies the measurement config and sets the POI.
     */
    public static ParameterTable of(List<ParameterSet> declarations, Map<String, Workspace.ParameterConfig> config,
                                    String poiName) {
        Map<String, ParameterSet> merged = new LinkedHashMap<>();
        for (ParameterSet d : declarations) {
            ParameterSet seen = merged.get(d.name());
            if (seen == null) {
                merged.put(d.name(), d);
            } else if (!seen.sameAs(d)) {
                throw new IllegalArgumentException("parameter '" + d.name() + "' is declared differently by "
                        + seen.declaredBy() + " and " + d.declaredBy() + ": use distinct modifier names");
            }
        }
        List<ParameterSet> sets = new ArrayList<>();
        for (ParameterSet s : merged.values()) {
            sets.add(checked(s.configured(config.get(s.name()))));
        }
        return new ParameterTable(sets, poiName);
    }

    private static ParameterSet checked(ParameterSet s) {
        if (s.constraint() == ParameterSet.Constraint.NONE) {
            return s;
        }
        String at = "parameter '" + s.name() + "' (" + s.declaredBy() + ")";
        if (s.widths() == null) {
            throw new IllegalArgumentException(at + ": needs " + (s.constraint() == ParameterSet.Constraint.NORMAL
                    ? "sigmas" : "factors") + " in the measurement config");
        }
        double[] w = s.widths();
        boolean[] pinned = s.pinned();
        for (int i = 0; i < w.length; i++) {
            if (!pinned[i] && !(w[i] > 0 && Double.isFinite(w[i]))) {
                throw new IllegalArgumentException(at + ": constraint width " + w[i] + " of component " + i
                        + " must be finite and > 0");
            }
        }
        return s;
    }

    private ParameterTable(List<ParameterSet> sets, String poiName) {
        this.sets = List.copyOf(sets);
        first = new int[sets.size()];
        int n = 0;
        for (int k = 0; k < sets.size(); k++) {
            first[k] = n;
            n += sets.get(k).size();
        }
        names = new String[n];
        inits = new double[n];
        lower = new double[n];
        upper = new double[n];
        fixed = new boolean[n];
        for (int k = 0; k < sets.size(); k++) {
            ParameterSet s = sets.get(k);
            setIndex.put(s.name(), k);
            System.arraycopy(s.inits(), 0, inits, first[k], s.size());
            System.arraycopy(s.lower(), 0, lower, first[k], s.size());
            System.arraycopy(s.upper(), 0, upper, first[k], s.size());
            System.arraycopy(s.fixed(), 0, fixed, first[k], s.size());
            for (int i = 0; i < s.size(); i++) {
                String flat = s.scalar() ? s.name() : s.name() + "[" + i + "]";
                names[first[k] + i] = flat;
                flatIndex.put(flat, first[k] + i);
            }
        }
        Integer p = setIndex.get(poiName);
        if (p == null) {
            throw new IllegalArgumentException("POI '" + poiName + "' is not a parameter of the model; parameters: "
                    + Arrays.toString(names));
        }
        if (!sets.get(p).scalar()) {
            throw new IllegalArgumentException("POI '" + poiName + "' has " + sets.get(p).size()
                    + " components (" + sets.get(p).declaredBy() + "); the POI must be a scalar");
        }
        poi = first[p];
    }

    public int size() {
        return names.length;
    }

    public List<ParameterSet> sets() {
        return sets;
    }

    public ParameterSet set(String name) {
        Integer k = setIndex.get(name);
        if (k == null) {
            throw new IllegalArgumentException("no parameter set '" + name + "'");
        }
        return sets.get(k);
    }

    /** Index of a set's first component in the flat vector. */
    public int first(String setName) {
        Integer k = setIndex.get(setName);
        if (k == null) {
            throw new IllegalArgumentException("no parameter set '" + setName + "'");
        }
        return first[k];
    }

    /** Index of a flat parameter ("mu", "mc_stat[3]"), or -1. */
    public int index(String flatName) {
        Integer i = flatIndex.get(flatName);
        return i == null ? -1 : i;
    }

    public List<String> names() {
        return List.of(names);
    }

    public int poiIndex() {
        return poi;
    }

    public double[] inits() {
        return inits.clone();
    }

    public double[] lowerBounds() {
        return lower.clone();
    }

    public double[] upperBounds() {
        return upper.clone();
    }

    public boolean[] fixed() {
        return fixed.clone();
    }
}
