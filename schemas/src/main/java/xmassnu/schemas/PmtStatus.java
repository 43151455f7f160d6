package xmassnu.schemas;

/** The codes of {@code pmt_calibration.status}: the state of a channel in a run. */
public enum PmtStatus {
    GOOD(0, "good"),
    DEAD(1, "dead (no hits expected)"),
    NOISY(2, "noisy (masked in reconstruction)");

    private final int code;
    private final String meaning;

    PmtStatus(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public byte code() {
        return (byte) code;
    }

    public String meaning() {
        return meaning;
    }

    public static PmtStatus of(int code) {
        for (PmtStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown PMT status " + code);
    }

    public static String describe() {
        return Codes.describe(values(), s -> s.code, PmtStatus::meaning, " = ");
    }
}
