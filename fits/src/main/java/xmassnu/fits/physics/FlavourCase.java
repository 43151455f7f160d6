package xmassnu.fits.physics;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

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
        for (FlavourCase c : values()) {
            if (c.label().equals(s.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown flavour '" + s + "'; expected one of all, e, mu, tau");
    }
}
