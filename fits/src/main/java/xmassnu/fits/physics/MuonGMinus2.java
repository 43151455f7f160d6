package xmassnu.fits.physics;

/**
 * One-loop contribution of a vector boson of mass M with vector coupling g to muons (Jegerlehner
 * and Nyffeler, Phys. Rept. 477 (2009) 1, arXiv:0902.3360, eq. 260; Pospelov, PRD 80 (2009) 095002):
 * Delta a_mu = g^2 / (4 pi^2) int_0^1 dz z (1-z)^2 m^2 / ((1-z)^2 m^2 + z M^2). For M -> 0 it is g^2 / (8 pi^2).
 */
public final class MuonGMinus2 {
    /** m_mu in MeV (PDG 2024). */
    public static final double MUON_MASS_MEV = 105.6583755;
    /**
     * The 2021 anomaly a B-L boson was proposed to explain, (251 +- 59) x 10^-11 (Muon g-2, PRL 126 (2021) 141801,
     * arXiv:2104.03281, against the 2020 white paper): superseded, kept for the favoured couplings that XMASS-I
     * compared with (PLB 809 (2020) 135741) only.
     */
    public static final double DELTA_A_MU_2021 = 251e-11;
    public static final double DELTA_A_MU_2021_SIGMA = 59e-11;

    /**
     * The experimental world average after the final Fermilab result (Run-1 to Run-6 with BNL E821), a_mu = 116 592
     * 071.5(14.5) x 10^-11 (Muon g-2, arXiv:2506.03069, 2025).
     */
    public static final double A_MU_EXPERIMENT_2025 = 116592071.5e-11;
    public static final double A_MU_EXPERIMENT_2025_SIGMA = 14.5e-11;
    /** The Standard-Model prediction, a_mu = 116 592 033(62) x 10^-11 (Muon g-2 Theory Initiative, arXiv:2505.21476). */
    public static final double A_MU_STANDARD_MODEL_2025 = 116592033e-11;
    public static final double A_MU_STANDARD_MODEL_2025_SIGMA = 62e-11;
    /**
     * Delta a_mu = a_mu(exp) - a_mu(SM) = (38.5 +- 63.7) x 10^-11 (uncertainties in quadrature): consistent with zero,
     * so there is no favoured band any more; a positive contribution above DELTA + 2 SIGMA is disfavoured at 2 sigma.
     */
    public static final double DELTA_A_MU_2025 = A_MU_EXPERIMENT_2025 - A_MU_STANDARD_MODEL_2025;
    public static final double DELTA_A_MU_2025_SIGMA = Math.hypot(A_MU_EXPERIMENT_2025_SIGMA,
            A_MU_STANDARD_MODEL_2025_SIGMA);
    /** How plots and tables cite the 2025 comparison. */
    public static final String SOURCE_2025 = "Muon g-2 2025 (arXiv:2506.03069) vs Theory Initiative WP25 (arXiv:2505.21476)";

    private MuonGMinus2() {}

    /** Delta a_mu per unit g^2. */
    public static double deltaAPerCoupling2(double massMev) {
        if (!(massMev >= 0) || !Double.isFinite(massMev)) {
            throw new IllegalArgumentException("mass must be >= 0 MeV and finite, got " + massMev);
        }
        double m2 = MUON_MASS_MEV * MUON_MASS_MEV;
        double bigM2 = massMev * massMev;
        // Gauss-Legendre on [0, 1] with 64 panels of 4 points: the integrand is smooth (bounded by z)
        double[] x = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526};
        double[] w = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538};
        int panels = 64;
        double sum = 0;
        for (int p = 0; p < panels; p++) {
            double a = p / (double) panels;
            double h = 1.0 / panels;
            for (int k = 0; k < 4; k++) {
                double z = a + 0.5 * h * (1 + x[k]);
                double oneMinus = 1 - z;
                sum += 0.5 * h * w[k] * z * oneMinus * oneMinus * m2 / (oneMinus * oneMinus * m2 + z * bigM2);
            }
        }
        return sum / (4 * Math.PI * Math.PI);
    }

    /**
     * The B-L coupling above which the boson's (positive) contribution exceeds the 2025 Delta a_mu by more than two
     * standard deviations: the 2 sigma upper bound from g-2 at mass M.
     */
    public static double upperBound2Sigma2025(double massMev) {
        return coupling(massMev, DELTA_A_MU_2025 + 2 * DELTA_A_MU_2025_SIGMA);
    }

    /** The coupling that gives Delta a_mu = deltaA at mass M. */
    public static double coupling(double massMev, double deltaA) {
        if (!(deltaA > 0)) {
            throw new IllegalArgumentException("deltaA must be > 0");
        }
        return Math.sqrt(deltaA / deltaAPerCoupling2(massMev));
    }
}
