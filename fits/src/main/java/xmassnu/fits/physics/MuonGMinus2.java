package xmassnu.fits.physics;

/**
 * One-loop contribution of a vector boson of mass M with vector coupling g to muons (physics.md section 4; Jegerlehner
 * and Nyffeler, Phys. Rept. 477 (2009) 1, arXiv:0902.3360, eq. 260; Pospelov, PRD 80 (2009) 095002):
 * Delta a_mu = g^2 / (4 pi^2) int_0^1 dz z (1-z)^2 m^2 / ((1-z)^2 m^2 + z M^2). For M -> 0 it is g^2 / (8 pi^2).
 */
public final class MuonGMinus2 {
    /** m_mu in MeV (PDG 2024). */
    public static final double MUON_MASS_MEV = 105.6583755;
    /** The anomaly the B-L explanation addresses, (251 +- 59) x 10^-11 (physics.md section 4). */
    public static final double DELTA_A_MU = 251e-11;
    public static final double DELTA_A_MU_SIGMA = 59e-11;

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

    /** The coupling that gives Delta a_mu = deltaA at mass M. */
    public static double coupling(double massMev, double deltaA) {
        if (!(deltaA > 0)) {
            throw new IllegalArgumentException("deltaA must be > 0");
        }
        return Math.sqrt(deltaA / deltaAPerCoupling2(massMev));
    }
}
