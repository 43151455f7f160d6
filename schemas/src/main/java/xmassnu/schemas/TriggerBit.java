package xmassnu.schemas;

/** The bits of {@code raw_hits.trigger_bits}. */
public enum TriggerBit {
    INNER_DETECTOR(0, "inner-detector hit-multiplicity trigger"),
    OUTER_DETECTOR(1, "outer-detector (water Cherenkov) trigger"),
    CALIBRATION(2, "calibration-source run"),
    FORCED(3, "forced/random trigger"),
    HITS_NOT_RECORDED(4, "hits not recorded (restricted simulation: the event cannot reach the analysis window, see "
            + "docs/detector.md)");

    private final int bit;
    private final String meaning;

    TriggerBit(int bit, String meaning) {
        this.bit = bit;
        this.meaning = meaning;
    }

    public int bit() {
        return bit;
    }

    /** The bit as a mask: 1 << bit. */
    public int mask() {
        return 1 << bit;
    }

    public String meaning() {
        return meaning;
    }

    public boolean isSetIn(int bits) {
        return (bits & mask()) != 0;
    }

    public static String describe() {
        return Codes.describe(values(), b -> b.bit, b -> b.meaning, ": ").replace("0: ", "Bit 0: ")
                .replaceAll(", (\\d): ", "; bit $1: ");
    }
}
