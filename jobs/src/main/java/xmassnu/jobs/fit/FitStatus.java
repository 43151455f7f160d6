package xmassnu.jobs.fit;

import xmassnu.schemas.Labels;

/** The outcome of a grid point's fits, as the limit_grid table spells it. */
public enum FitStatus {
    CONVERGED("converged"), FAILED("failed");

    private final String label;

    FitStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static FitStatus parse(String text) {
        return Labels.parse(values(), FitStatus::label, text, "fit status");
    }
}
