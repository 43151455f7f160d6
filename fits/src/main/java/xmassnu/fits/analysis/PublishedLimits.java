package xmassnu.fits.analysis;

import java.util.List;
import java.util.Map;

/**
 * Published 90 % CL limits to compare with (the sources are cited per entry).
 * XMASS-I: K. Abe et al., PLB 809 (2020) 135741, arXiv:2005.11891. B-L recasts: Bauer, Foldenauer, Jaeckel,
 * JHEP 07 (2018) 094, arXiv:1801.04847 (as tabulated by DARKCAST).
 */
public final class PublishedLimits {
    private PublishedLimits() {}

    /** XMASS-I millicharge limits in e, by flavour case label. */
    public static final Map<String, Double> XMASS_MILLICHARGE = Map.of("all", 5.4e-12, "e", 7.3e-12, "mu", 1.1e-11,
            "tau", 1.1e-11);
    /** XMASS-I magnetic-moment limit in mu_B (flavour universal). */
    public static final double XMASS_MAGNETIC_MOMENT = 1.8e-10;
    /** XMASS-I g_BL limits: {mass MeV, coupling}. */
    public static final double[][] XMASS_B_L = {{1e-3, 1.3e-6}, {10, 8.8e-5}};

    /** A curve of another experiment's g_BL limit: {mass MeV, coupling} points. */
    public record Curve(String name, double[][] points) {}

    public static final List<Curve> OTHER_B_L = List.of(
            new Curve("Borexino (recast)", new double[][] {{1, 2.8e-6}, {10, 2.3e-5}, {100, 2.3e-4}}),
            new Curve("TEXONO (recast)", new double[][] {{1, 3.4e-6}, {10, 1.3e-5}, {100, 1.3e-4}}),
            new Curve("CHARM-II (recast)", new double[][] {{1, 6.4e-5}, {10, 6.4e-5}, {100, 9.1e-5}}));

    /** Other magnetic-moment limits, mu_B. */
    public static final Map<String, Double> OTHER_MAGNETIC_MOMENT = Map.of("XENONnT 2022", 6.3e-12,
            "LZ-data recast", 1.1e-11, "Borexino 2017", 2.8e-11, "GEMMA", 2.9e-11, "TEXONO", 7.4e-11);

    /** Other millicharge limits, e. */
    public static final Map<String, Double> OTHER_MILLICHARGE = Map.of("TEXONO-based", 1.0e-12, "GEMMA-based", 2.7e-12,
            "LZ-data recast", 1.5e-13);

    /** The published XMASS-I limit of a grid point, or NaN when none was published. */
    public static double xmass(String model, String flavour, Double massMev) {
        return switch (model) {
            case "millicharge" -> XMASS_MILLICHARGE.getOrDefault(flavour, Double.NaN);
            case "magnetic-moment" -> "all".equals(flavour) ? XMASS_MAGNETIC_MOMENT : Double.NaN;
            case "b-l" -> {
                if (!"all".equals(flavour) || massMev == null) {
                    yield Double.NaN;
                }
                for (double[] p : XMASS_B_L) {
                    if (Math.abs(Math.log(massMev / p[0])) < 1e-9) {
                        yield p[1];
                    }
                }
                yield Double.NaN;
            }
            default -> Double.NaN;
        };
    }
}
