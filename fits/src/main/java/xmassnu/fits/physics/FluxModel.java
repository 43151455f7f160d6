package xmassnu.fits.physics;

import java.util.EnumMap;
import java.util.Map;

import xmassnu.schemas.Labels;

/**
 * Solar-neutrino flux normalisations at Earth (cm^-2 s^-1) and their 1-sigma fractional uncertainties.
 * B16-GS98: Vinyoles et al., ApJ 835 (2017) 202, arXiv:1611.09867, table 6. SHP11-GS98: Serenelli, Haxton,
 * Pena-Garay, ApJ 743 (2011) 24, arXiv:1104.1639, as quoted by XMASS (PLB 809 (2020) 135741).
 * The 7Be flux is split into its 384 keV (10.4 %) and 861 keV (89.6 %) lines.
 */
public enum FluxModel {
    B16_GS98("b16-gs98", new double[][] {
            {5.98e10, 0.006}, {1.44e8, 0.01}, {4.93e9, 0.06}, {2.78e8, 0.15}, {2.05e8, 0.17}, {5.29e6, 0.20},
            {5.46e6, 0.12}, {7.98e3, 0.30}}),
    SHP11_GS98("shp11-gs98", new double[][] {
            {5.98e10, 0.006}, {1.44e8, 0.012}, {5.00e9, 0.07}, {2.96e8, 0.14}, {2.23e8, 0.15}, {5.52e6, 0.17},
            {5.58e6, 0.14}, {8.04e3, 0.30}});

    /** Branching of 7Be electron capture to the ground state (861 keV line); the rest gives the 384 keV line. */
    public static final double BE7_861_FRACTION = 0.896;

    private final String label;
    private final Map<SolarSource, double[]> fluxes = new EnumMap<>(SolarSource.class);

    /** rows: pp, pep, 7Be (total), 13N, 15O, 17F, 8B, hep; each {flux, fractional 1-sigma}. */
    FluxModel(String label, double[][] rows) {
        this.label = label;
        fluxes.put(SolarSource.PP, rows[0]);
        fluxes.put(SolarSource.PEP, rows[1]);
        fluxes.put(SolarSource.BE7_861, new double[] {rows[2][0] * BE7_861_FRACTION, rows[2][1]});
        fluxes.put(SolarSource.BE7_384, new double[] {rows[2][0] * (1 - BE7_861_FRACTION), rows[2][1]});
        fluxes.put(SolarSource.N13, rows[3]);
        fluxes.put(SolarSource.O15, rows[4]);
        fluxes.put(SolarSource.F17, rows[5]);
        fluxes.put(SolarSource.B8, rows[6]);
        fluxes.put(SolarSource.HEP, rows[7]);
    }

    public String label() {
        return label;
    }

    public double fluxPerCm2PerS(SolarSource s) {
        return fluxes.get(s)[0];
    }

    public double fractionalUncertainty(SolarSource s) {
        return fluxes.get(s)[1];
    }

    public static FluxModel parse(String s) {
        return Labels.parse(values(), FluxModel::label, s, "flux model");
    }
}
