package xmassnu.schemas;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/** The one way a code table is spelled in a column description. */
final class Codes {
    private Codes() {}

    static <E> String describe(E[] values, ToIntFunction<E> code, Function<E, String> meaning, String separator) {
        return Arrays.stream(values).map(v -> code.applyAsInt(v) + separator + meaning.apply(v))
                .collect(Collectors.joining(", ")) + ".";
    }
}
