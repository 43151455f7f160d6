package xmassnu.schemas;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parsing of the lower-case labels that configurations and the command line use for enum values. */
public final class Labels {
    private Labels() {}

    /** The value whose label equals {@code text} (case-insensitive); otherwise an error listing the known labels. */
    public static <E extends Enum<E>> E parse(E[] values, Function<E, String> label, String text, String what) {
        String wanted = text == null ? "" : text.toLowerCase(Locale.ROOT);
        for (E v : values) {
            if (label.apply(v).equals(wanted)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "'; expected one of "
                + Arrays.stream(values).map(label).collect(Collectors.joining(", ")));
    }
}
