package xmassnu.fits.physics;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import xmassnu.schemas.Labels;

/** Which neutrino flavours carry the new interaction: all of them, or one alone. */
public enum FlavourCase {
    ALL(EnumSet.allOf(Flavour.class)), E(EnumSet.of(Flavour.E)), MU(EnumSet.of(Flavour.MU)),
    TAU(EnumSet.of(Flavour.TAU));

    private final Set<Flavour> flavours;

    FlavourCase(Set<Flavour> flavours) {
        this.flavours = flavours;
    }

    public boolean includes(Flavour f) {
        return flavours.contains(f);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FlavourCase parse(String s) {
        return Labels.parse(values(), FlavourCase::label, s, "flavour");
    }
}
