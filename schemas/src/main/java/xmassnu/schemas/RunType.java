package xmassnu.schemas;

/** The values of {@code run_catalog.run_type}. */
public enum RunType {
    PHYSICS("physics"),
    CO57_CALIBRATION("co57-calibration");

    private final String label;

    RunType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static RunType parse(String text) {
        return Labels.parse(values(), RunType::label, text, "run type");
    }

    public static String describe() {
        return String.join(" | ", java.util.Arrays.stream(values()).map(RunType::label).toList());
    }
}
