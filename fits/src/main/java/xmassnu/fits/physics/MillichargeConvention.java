package xmassnu.fits.physics;

import xmassnu.schemas.Labels;

/**
 * How the millicharge epsilon is normalised (docs/physics.md, "Normalisation conventions").
 * STANDARD: q_nu = eps * e with e^2 = 4 pi alpha, giving the pure term pi alpha^2 eps^2 / (m_e T^2) (...);
 * FOUR_PI_ALPHA: the literature form 2 pi alpha q^2/(m_e T^2) read with q^2 = 4 pi alpha eps^2, i.e. the pure rate
 * 4 pi larger and the interference sqrt(4 pi) larger at the same eps. Every result records which one it used.
 */
public enum MillichargeConvention {
    STANDARD("standard", 1.0),
    FOUR_PI_ALPHA("4pi-alpha", Math.sqrt(4 * Math.PI));

    private final String label;
    private final double deltaGvScale;

    MillichargeConvention(String label, double deltaGvScale) {
        this.label = label;
        this.deltaGvScale = deltaGvScale;
    }

    public String label() {
        return label;
    }

    /** Factor on the shift of g_V relative to STANDARD. */
    public double deltaGvScale() {
        return deltaGvScale;
    }

    public static MillichargeConvention parse(String s) {
        return Labels.parse(values(), MillichargeConvention::label, s, "millicharge convention");
    }
}
