package xmassnu.fits.physics;

import static xmassnu.fits.physics.PhysicalConstants.AVOGADRO_PER_MOL;
import static xmassnu.fits.physics.PhysicalConstants.FERMI_CONSTANT_PER_MEV2;
import static xmassnu.fits.physics.PhysicalConstants.HBAR_C_CUBED_CM3_MEV3;

/**
 * Solar-neutrino flavour composition at Earth: three-flavour adiabatic MSW with averaged oscillations, which
 * reduces to the vacuum average at low energy (e.g. Maltoni &amp; Smirnov, EPJA 52 (2016) 87, arXiv:1507.05287,
 * sec. 3; docs/physics.md, "Sources, fluxes, oscillations").
 *
 * <p>A nu_e produced where the mixing angle in matter is theta12_m leaves the Sun adiabatically as the mass
 * eigenstates nu_1, nu_2, nu_3 with fractions w = (c13^2 cos^2 theta12_m, c13^2 sin^2 theta12_m, s13^2) (theta13's
 * matter correction, ~ 1e-3 at 10 MeV, neglected), which decohere on the way, so P_e-alpha = sum_i w_i |U_alpha i|^2
 * with U the PMNS matrix in the PDG parametrisation (PDG, "Neutrino mixing" review, eq. 14.33). For alpha = e this
 * is P_ee = c13^4 (1/2 + 1/2 cos 2theta12_m cos 2theta12) + s13^4; P_e-mu and P_e-tau depend on theta23 and
 * delta_CP through |U_mu i|^2 = ... + 2 s12 c12 s23 c23 s13 cos(delta) terms, not only on sin^2 theta23.
 * Day-night regeneration in the Earth (&lt; 1 % for 8B, negligible for pp and 7Be) is neglected.
 */
public record Oscillations(double sin2Theta12, double sin2Theta13, double sin2Theta23, double deltaM2_21Ev2,
                           double deltaCpDeg) {

    /**
     * Defaults: sin^2 theta12 = 0.307, sin^2 theta13 = 0.022, sin^2 theta23 = 0.546 and Delta m^2_21 = 7.53e-5 eV^2
     * (PDG 2022, normal ordering), delta_CP = 197 deg (NuFIT 5.2, normal ordering without SK atmospheric data,
     * JHEP 09 (2020) 178, arXiv:2007.14792, www.nu-fit.org, Nov 2022).
     */
    public static final Oscillations DEFAULT = new Oscillations(0.307, 0.022, 0.546, 7.53e-5, 197);

    /** 1-sigma uncertainties of sin^2 theta23 (PDG 2022, normal ordering: +-0.021). */
    public static final double SIN2_THETA23_SIGMA = 0.021;
    /** 1-sigma uncertainties of delta_CP, deg (NuFIT 5.2, normal ordering without SK: +42 / -25). */
    public static final double DELTA_CP_SIGMA_UP_DEG = 42;
    public static final double DELTA_CP_SIGMA_DOWN_DEG = 25;

    public Oscillations {
        check("sin2Theta12", sin2Theta12);
        check("sin2Theta13", sin2Theta13);
        check("sin2Theta23", sin2Theta23);
        if (!(deltaM2_21Ev2 > 0) || !Double.isFinite(deltaM2_21Ev2)) {
            throw new IllegalArgumentException("deltaM2_21Ev2 must be positive and finite, got " + deltaM2_21Ev2);
        }
        if (!Double.isFinite(deltaCpDeg)) {
            throw new IllegalArgumentException("deltaCpDeg must be finite, got " + deltaCpDeg);
        }
    }

    private static void check(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }

    /** sin^2 theta23 moved by that many of its 1-sigma uncertainties. */
    public Oscillations withSin2Theta23ShiftSigma(double sigmas) {
        return new Oscillations(sin2Theta12, sin2Theta13, sin2Theta23 + sigmas * SIN2_THETA23_SIGMA, deltaM2_21Ev2,
                deltaCpDeg);
    }

    /** delta_CP moved by that many of its (asymmetric) 1-sigma uncertainties. */
    public Oscillations withDeltaCpShiftSigma(double sigmas) {
        double shift = sigmas * (sigmas >= 0 ? DELTA_CP_SIGMA_UP_DEG : DELTA_CP_SIGMA_DOWN_DEG);
        return new Oscillations(sin2Theta12, sin2Theta13, sin2Theta23, deltaM2_21Ev2, deltaCpDeg + shift);
    }

    /** Matter potential 2 sqrt(2) G_F n_e E in eV^2 for n_e in units of N_A cm^-3 and E in MeV. */
    static double matterTermEv2(double electronDensityNa, double energyMev) {
        double neMev3 = electronDensityNa * AVOGADRO_PER_MOL * HBAR_C_CUBED_CM3_MEV3;
        double aMev2 = 2 * Math.sqrt(2) * FERMI_CONSTANT_PER_MEV2 * neMev3 * energyMev;
        return aMev2 * 1e12; // MeV^2 -> eV^2
    }

    /** cos(2 theta12) in matter at production (MSW resonance formula with Delta m^2_21 c13^2 vs the potential). */
    private double cos2Theta12Matter(double energyMev, double electronDensityNa) {
        double c13sq = 1 - sin2Theta13;
        double cos2t12 = 1 - 2 * sin2Theta12;
        double sin2t12 = 2 * Math.sqrt(sin2Theta12 * (1 - sin2Theta12));
        double beta = matterTermEv2(electronDensityNa, energyMev) * c13sq / deltaM2_21Ev2;
        double x = cos2t12 - beta;
        return x / Math.sqrt(x * x + sin2t12 * sin2t12);
    }

    /** Electron-neutrino survival probability for a neutrino of energy E produced at electron density n_e. */
    public double survivalProbability(double energyMev, double electronDensityNa) {
        double c13sq = 1 - sin2Theta13;
        double cos2t12 = 1 - 2 * sin2Theta12;
        double cos2t12m = cos2Theta12Matter(energyMev, electronDensityNa);
        return c13sq * c13sq * (0.5 + 0.5 * cos2t12m * cos2t12) + sin2Theta13 * sin2Theta13;
    }

    /** Survival probability at low energy (vacuum average): cos^4 t13 (1 - sin^2(2 t12)/2) + sin^4 t13. */
    public double vacuumSurvivalProbability() {
        double c13sq = 1 - sin2Theta13;
        double s2t12sq = 4 * sin2Theta12 * (1 - sin2Theta12);
        return c13sq * c13sq * (1 - 0.5 * s2t12sq) + sin2Theta13 * sin2Theta13;
    }

    /**
     * |U_alpha i|^2 for i = 1, 2, 3 (PDG parametrisation): the mass-eigenstate content of flavour alpha.
     * |U_mu1|^2 = s12^2 c23^2 + c12^2 s23^2 s13^2 + 2 s12 c12 s23 c23 s13 cos(delta), |U_mu2|^2 likewise with
     * s12 &lt;-&gt; c12 and the cosine term negative, |U_mu3|^2 = s23^2 c13^2; tau from mu with s23 &lt;-&gt; c23 and
     * the cosine terms of opposite sign.
     */
    public double[] massContent(Flavour f) {
        double s12sq = sin2Theta12;
        double c12sq = 1 - s12sq;
        double s13sq = sin2Theta13;
        double c13sq = 1 - s13sq;
        double s23sq = sin2Theta23;
        double c23sq = 1 - s23sq;
        double cross = 2 * Math.sqrt(s12sq * c12sq * s23sq * c23sq * s13sq) * Math.cos(Math.toRadians(deltaCpDeg));
        return switch (f) {
            case E -> new double[] {c12sq * c13sq, s12sq * c13sq, s13sq};
            case MU -> new double[] {s12sq * c23sq + c12sq * s23sq * s13sq + cross,
                    c12sq * c23sq + s12sq * s23sq * s13sq - cross, s23sq * c13sq};
            case TAU -> new double[] {s12sq * s23sq + c12sq * c23sq * s13sq - cross,
                    c12sq * s23sq + s12sq * c23sq * s13sq + cross, c23sq * c13sq};
        };
    }

    /** Probability that a solar nu_e arrives as the given flavour. The three sum to one. */
    public double probability(Flavour f, double energyMev, SolarSource source) {
        if (f == Flavour.E) {
            return survivalProbability(energyMev, source.productionElectronDensityNa());
        }
        double c13sq = 1 - sin2Theta13;
        double cos2t12m = cos2Theta12Matter(energyMev, source.productionElectronDensityNa());
        double[] u = massContent(f);
        return c13sq * (0.5 * (1 + cos2t12m) * u[0] + 0.5 * (1 - cos2t12m) * u[1]) + sin2Theta13 * u[2];
    }
}
