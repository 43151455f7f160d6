package xmassnu.reduction.sim;

import xmassnu.schemas.Labels;

/** Event sources of the simulation; the label is what the MC truth and the configuration call them. */
public enum Component {
    SOLAR_NU_SM("solar-nu-sm"),
    SOLAR_NU_SIGNAL("solar-nu-signal"),
    PB214("pb214"),
    KR85("kr85"),
    AR39("ar39"),
    XE136_2NBB("xe136-2nbb"),
    SURFACE_PB210("surface-pb210"),
    GAP_PB210("gap-pb210"),
    PMT_GAMMA("pmt-gamma"),
    CHERENKOV_K40("cherenkov-k40"),
    DARK_NOISE("dark-noise"),
    CO57("co57-calibration"),
    MUON("muon");

    private final String label;

    Component(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Component parse(String s) {
        return Labels.parse(values(), Component::label, s, "component");
    }
}
