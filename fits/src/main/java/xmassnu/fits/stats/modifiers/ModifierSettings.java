package xmassnu.fits.stats.modifiers;

import java.util.Arrays;
import java.util.Locale;

/**
 * The interpolation codes of the normsys and histosys modifiers (pyhf's {@code modifier_settings}, e.g.
 * {@code ws.model(modifier_settings={"normsys": {"interpcode": "code1"}, "histosys": {"interpcode": "code0"}})}).
 * pyhf's defaults are code4 and code4p; ROOT's HistFactory uses code1 for an OverallSys and code0 for a HistoSys, so
 * workspaces validated in ROOT are reproduced with {@link #ROOT}.
 */
public record ModifierSettings(Normsys normsys, Histosys histosys) {
    public static final ModifierSettings DEFAULT = new ModifierSettings(Normsys.CODE4, Histosys.CODE4P);
    public static final ModifierSettings ROOT = new ModifierSettings(Normsys.CODE1, Histosys.CODE0);

    public ModifierSettings {
        if (normsys == null || histosys == null) {
            throw new IllegalArgumentException("modifier settings need a normsys and a histosys interpolation code");
        }
    }

    /** normsys interpolation codes. */
    public enum Normsys {
        CODE1, CODE4;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Normsys parse(String s) {
            return ModifierSettings.parse(values(), s, "normsys");
        }

        Term.Factor factor(int parameter, double hi, double lo) {
            return this == CODE1 ? Code1.of(parameter, hi, lo) : Code4.of(parameter, hi, lo);
        }
    }

    /** histosys interpolation codes. */
    public enum Histosys {
        CODE0, CODE4P;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Histosys parse(String s) {
            return ModifierSettings.parse(values(), s, "histosys");
        }

        Term.Shift shift(int parameter, double[] nominal, double[] hi, double[] lo) {
            return this == CODE0 ? Code0.of(parameter, nominal, hi, lo) : Code4p.of(parameter, nominal, hi, lo);
        }
    }

    private static <E extends Enum<E>> E parse(E[] values, String s, String what) {
        for (E e : values) {
            if (e.name().toLowerCase(Locale.ROOT).equals(s)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " interpolation code '" + s + "'; expected one of "
                + Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }
}
