package xmassnu.fits.physics;

import static xmassnu.fits.physics.PhysicalConstants.AVOGADRO_PER_MOL;
import static xmassnu.fits.physics.PhysicalConstants.FERMI_CONSTANT_PER_MEV2;
import static xmassnu.fits.physics.PhysicalConstants.HBAR_C_CUBED_CM3_MEV3;

/**
 * Solar-neutrino flavour composition at Earth: three-flavour adiabatic MSW with averaged oscillations, which
 * reduces to the vacuum average at low energy.
 * P_ee = cos^4(theta13) (1/2 + 1/2 cos(2 theta12_m) cos(2 theta12)) + sin^4(theta13), with theta12_m the
 * mixing angle in matter at production (e.g. Maltoni &amp; Smirnov, EPJA 52 (2016) 87, arXiv:1507.05287, eq. 3.13;
 * docs/physics.md section 3). P_e-mu = (1 - P_ee) cos^2(theta23), P_e-tau = (1 - P_ee) sin^2(theta23).
 * Day-night regeneration in the Earth (&lt; 1 % for 8B, negligible for pp and 7Be) is neglected.
 */
public record Oscillations(double sin2Theta12, double sin2Theta13, double sin2Theta23, double deltaM2_21Ev2) {

    /**
     * physics.md defaults: sin^2 theta12 = 0.307, sin^2 theta13 = 0.022 (PDG 2022); sin^2 theta23 = 0.546 and
     * Delta m^2_21 = 7.53e-5 eV^2 (PDG 2022, normal ordering).
     */
    public static final Oscillations DEFAULT = new Oscillations(0.307, 0.022, 0.546, 7.53e-5);

    public Oscillations {
        check("sin2Theta12", sin2Theta12);
        check("sin2Theta13", sin2Theta13);
        check("sin2Theta23", sin2Theta23);
        if (!(deltaM2_21Ev2 > 0) || !Double.isFinite(deltaM2_21Ev2)) {
            throw new IllegalArgumentException("deltaM2_21Ev2 must be positive and finite, got " + deltaM2_21Ev2);
        }
    }

    private static void check(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }

    /** Matter potential 2 sqrt(2) G_F n_e E in eV^2 for n_e in units of N_A cm^-3 and E in MeV. */
    static double matterTermEv2(double electronDensityNa, double energyMev) {
        double neMev3 = electronDensityNa * AVOGADRO_PER_MOL * HBAR_C_CUBED_CM3_MEV3;
        double aMev2 = 2 * Math.sqrt(2) * FERMI_CONSTANT_PER_MEV2 * neMev3 * energyMev;
        return aMev2 * 1e12; // MeV^2 -> eV^2
    }

    /** Electron-neutrino survival probability for a neutrino of energy E produced at electron density n_e. */
    public double survivalProbability(double energyMev, double electronDensityNa) {
        double c13sq = 1 - sin2Theta13;
        double cos2t12 = 1 - 2 * sin2Theta12;
        double sin2t12 = 2 * Math.sqrt(sin2Theta12 * (1 - sin2Theta12));
        double beta = matterTermEv2(electronDensityNa, energyMev) * c13sq / deltaM2_21Ev2;
        double x = cos2t12 - beta;
        double cos2t12m = x / Math.sqrt(x * x + sin2t12 * sin2t12);
        return c13sq * c13sq * (0.5 + 0.5 * cos2t12m * cos2t12) + sin2Theta13 * sin2Theta13;
    }

    /** Survival probability at low energy (vacuum average): cos^4 t13 (1 - sin^2(2 t12)/2) + sin^4 t13. */
    public double vacuumSurvivalProbability() {
        double c13sq = 1 - sin2Theta13;
        double s2t12sq = 4 * sin2Theta12 * (1 - sin2Theta12);
        return c13sq * c13sq * (1 - 0.5 * s2t12sq) + sin2Theta13 * sin2Theta13;
    }

    /** Probability that a solar nu_e arrives as the given flavour. The three sum to one. */
    public double probability(Flavour f, double energyMev, SolarSource source) {
        double pee = survivalProbability(energyMev, source.productionElectronDensityNa());
        return switch (f) {
            case E -> pee;
            case MU -> (1 - pee) * (1 - sin2Theta23);
            case TAU -> (1 - pee) * sin2Theta23;
        };
    }
}
