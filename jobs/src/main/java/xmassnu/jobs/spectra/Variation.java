package xmassnu.jobs.spectra;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * A variation of the templates: the nominal one, or one systematic at +1 or -1 sigma. The one place for its three
 * spellings: the label in tables and on the command line ({@code energy-scale:up}), the directory of its sweep
 * output ({@code energy-scale-up}: ':' is not allowed in HDFS paths) and the name of the likelihood's nuisance
 * parameter that the pair of them defines ({@code energy-scale}).
 */
public record Variation(String systematic, Direction direction) implements Serializable, Comparable<Variation> {
    public enum Direction { NOMINAL, UP, DOWN }

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    public static final Variation NOMINAL = new Variation(null, Direction.NOMINAL);

    public Variation {
        if ((direction == Direction.NOMINAL) != (systematic == null)) {
            throw new IllegalArgumentException("only the nominal variation has no systematic");
        }
        if (systematic != null && (!NAME.matcher(systematic).matches() || systematic.equals("nominal"))) {
            throw new IllegalArgumentException("a systematic's name is lower-case words joined by '-', got '"
                    + systematic + "'");
        }
    }

    public static Variation up(String systematic) {
        return new Variation(systematic, Direction.UP);
    }

    public static Variation down(String systematic) {
        return new Variation(systematic, Direction.DOWN);
    }

    /** {@code nominal}, {@code <systematic>:up} or {@code <systematic>:down}; anything else is an error naming it. */
    public static Variation parse(String label) {
        if ("nominal".equals(label)) {
            return NOMINAL;
        }
        int colon = label == null ? -1 : label.lastIndexOf(':');
        String direction = colon < 0 ? "" : label.substring(colon + 1);
        if (colon <= 0 || !(direction.equals("up") || direction.equals("down"))) {
            throw new IllegalArgumentException("variation '" + label + "' is neither nominal nor <systematic>:up or "
                    + "<systematic>:down");
        }
        String name = label.substring(0, colon);
        return direction.equals("up") ? up(name) : down(name);
    }

    public boolean isNominal() {
        return direction == Direction.NOMINAL;
    }

    public String label() {
        return isNominal() ? "nominal" : systematic + ":" + direction.name().toLowerCase(java.util.Locale.ROOT);
    }

    public String directoryName() {
        return isNominal() ? "nominal" : systematic + "-" + direction.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The nuisance parameter this variation and its partner define. */
    public String nuisanceParameter() {
        if (isNominal()) {
            throw new IllegalStateException("the nominal variation has no nuisance parameter");
        }
        return systematic;
    }

    /** The other direction of the same systematic. */
    public Variation partner() {
        return switch (direction) {
            case UP -> down(systematic);
            case DOWN -> up(systematic);
            case NOMINAL -> throw new IllegalStateException("the nominal variation has no partner");
        };
    }

    @Override
    public int compareTo(Variation o) {
        return label().compareTo(o.label());
    }

    @Override
    public String toString() {
        return label();
    }
}
