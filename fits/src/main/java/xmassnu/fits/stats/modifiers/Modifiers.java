package xmassnu.fits.stats.modifiers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The modifier registry: pyhf's HistFactory set (normfactor, normsys, histosys, shapesys, staterror, lumi,
 * shapefactor) plus this project's one extension, {@link CouplingPower} ("xmassnu:coupling-power"). The model
 * builds every modifier through it; a type not listed is an error naming the ones that are.
 */
public final class Modifiers {
    private Modifiers() {}

    /** pyhf's histfactory_set. */
    public static final List<ModifierType> HISTFACTORY = List.of(new NormFactor(), new NormSys(), new HistoSys(),
            new ShapeSys(), new StatError(), new Lumi(), new ShapeFactor());

    private static final Map<String, ModifierType> REGISTRY = new LinkedHashMap<>();

    static {
        HISTFACTORY.forEach(t -> REGISTRY.put(t.type(), t));
        ModifierType power = new CouplingPower();
        REGISTRY.put(power.type(), power);
    }

    /** Every registered type name, pyhf's first. */
    public static List<String> types() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** The registered type, or an error naming the modifier and the known types. */
    public static ModifierType type(String type, String where) {
        ModifierType t = REGISTRY.get(type);
        if (t == null) {
            throw new IllegalArgumentException(where + ": unknown modifier type '" + type + "'; supported: " + types());
        }
        return t;
    }
}
