package xmassnu.fits.stats.modifiers;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.fits.stats.ParameterSet;
import xmassnu.fits.stats.ParameterTable;

/**
 * One entry of the modifier registry ({@link Modifiers}; pyhf {@code modifiers/__init__.py}'s histfactory_set of
 * builder and combined classes): a builder collects every modifier of its type from the samples, validates its data,
 * and declares the parameter sets it needs with their constraints; once the model's {@link ParameterTable} exists,
 * each collected modifier is bound to its parameters' indices as a {@link Term}.
 */
public interface ModifierType {
    /** The workspace's "type" string. */
    String type();

    /**
     * pyhf's is_shared: whether modifiers of this type on different samples may share a name (and so their
     * parameters). Only shapesys may not.
     */
    default boolean shared() {
        return true;
    }

    Builder builder(ModifierSettings settings);

    /** Collects the modifiers of one type, then declares their parameters (pyhf's builder append / finalize). */
    interface Builder {
        /** One modifier of one sample; returns how to bind it once the parameter table exists. */
        Binding append(Target target, String name, JsonNode data);

        /** The parameter sets the appended modifiers need; called once, after the last append. */
        List<ParameterSet> declarations();
    }

    @FunctionalInterface
    interface Binding {
        Term bind(ParameterTable parameters);
    }

    /** The sample a modifier acts on. {@code where} names it in messages ("channel sr, sample bkg"). */
    record Target(String channel, String sample, double[] nominal, String where) {
        public int bins() {
            return nominal.length;
        }

        /** "normsys 'jes' (channel sr, sample bkg)". */
        String modifier(String type, String name) {
            return type + " '" + name + "' (" + where + ")";
        }
    }
}
