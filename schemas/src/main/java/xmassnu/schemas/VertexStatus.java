package xmassnu.schemas;

/** The codes of {@code events.vertex_status}: how the vertex of an event was reconstructed. */
public enum VertexStatus {
    CONVERGED(0, "likelihood fit converged"),
    AT_BOUNDARY(1, "at the volume boundary"),
    ITERATION_LIMIT(2, "iteration limit"),
    TOO_FEW_HITS(3, "too few hits (vertex NaN)"),
    CENTROID(4, "bright event (> 1000 PE): corrected charge centroid");

    private final int code;
    private final String meaning;

    VertexStatus(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    public static VertexStatus of(int code) {
        for (VertexStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown vertex_status " + code);
    }

    /** "0 = ..., 1 = ..." for the contract's column description. */
    public static String describe() {
        return Codes.describe(values(), VertexStatus::code, VertexStatus::meaning, " = ");
    }
}
