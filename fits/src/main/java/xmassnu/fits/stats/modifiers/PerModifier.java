package xmassnu.fits.stats.modifiers;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.fits.stats.ParameterSet;
import xmassnu.fits.stats.Workspace;

/** A builder whose modifiers each declare their parameter set on the spot (every type but staterror). */
abstract class PerModifier implements ModifierType.Builder {
    private final List<ParameterSet> declared = new ArrayList<>();

    final void declare(ParameterSet set) {
        declared.add(set);
    }

    @Override
    public final List<ParameterSet> declarations() {
        return declared;
    }

    /** The modifier's data as one number per bin of the sample. */
    static double[] perBin(JsonNode data, String field, ModifierType.Target target, String where) {
        if (data == null || data.isNull()) {
            throw new IllegalArgumentException(where + ": needs " + (field == null ? "data" : "data." + field)
                    + " with " + target.bins() + " numbers");
        }
        double[] v = Workspace.numbers(data, where + (field == null ? ", data" : ", data." + field));
        if (v.length != target.bins()) {
            throw new IllegalArgumentException(where + (field == null ? ", data" : ", data." + field) + ": "
                    + v.length + " values, the sample has " + target.bins() + " bins");
        }
        return v;
    }

    static String where(ModifierType.Target target, String type, String name) {
        return target.where() + ", modifier " + name + " (" + type + ")";
    }
}
