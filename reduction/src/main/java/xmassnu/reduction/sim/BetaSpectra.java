package xmassnu.reduction.sim;

/** Energy spectra of beta and double-beta decays for the bulk and surface background components. */
public final class BetaSpectra {
    private BetaSpectra() {}

    private static final double ME_KEV = 510.99895;
    private static final double ALPHA = 1.0 / 137.035999084;

    /**
     * Allowed beta-minus spectrum dN/dT ∝ p W (Q - T)^2 F(Z, W) with the non-relativistic Fermi function
     * F = 2 pi eta / (1 - exp(-2 pi eta)), eta = Z alpha W / p (e.g. Krane, "Introductory Nuclear Physics" (1988),
     * eq. 9.25-9.28). Good enough for the shape below 30 keV that this analysis sees; forbidden-shape corrections
     * of 85Kr/39Ar/210Bi change the low-energy slope by a few percent and are neglected ([U], docs/detector.md).
     */
    public static TabulatedSpectrum allowedBeta(double qKev, int zDaughter, int points) {
        return beta(qKev, zDaughter, points, false);
    }

    /**
     * Unique first-forbidden beta-minus spectrum (85Kr, 39Ar): the allowed shape times C = p^2 + q^2 (electron and
     * neutrino momenta in m_e; Konopinski &amp; Uhlenbeck, Phys. Rev. 60 (1941) 308).
     */
    public static TabulatedSpectrum uniqueFirstForbiddenBeta(double qKev, int zDaughter, int points) {
        return beta(qKev, zDaughter, points, true);
    }

    private static TabulatedSpectrum beta(double qKev, int zDaughter, int points, boolean uniqueFirstForbidden) {
        double[] t = new double[points];
        double[] d = new double[points];
        for (int i = 0; i < points; i++) {
            double tk = qKev * i / (points - 1);
            t[i] = tk;
            if (i == 0 || i == points - 1) {
                d[i] = 0;
                continue;
            }
            double w = 1 + tk / ME_KEV;
            double p = Math.sqrt(w * w - 1);
            double eta = zDaughter * ALPHA * w / p;
            double fermi = 2 * Math.PI * eta / (1 - Math.exp(-2 * Math.PI * eta));
            d[i] = p * w * (qKev - tk) * (qKev - tk) * fermi;
            if (uniqueFirstForbidden) {
                double q = (qKev - tk) / ME_KEV;
                d[i] *= p * p + q * q;
            }
        }
        // the Fermi function makes the density finite at T -> 0: extrapolate the first point
        d[0] = 2 * d[1] - d[2] > 0 ? 2 * d[1] - d[2] : d[1];
        return normalised(t, d);
    }

    /**
     * Summed-electron spectrum of two-neutrino double-beta decay, Primakoff-Rosen approximation:
     * dN/dK ∝ K (K0 - K)^5 (1 + 2K + 4K^2/3 + K^3/3 + K^4/30), energies in m_e (Primakoff &amp; Rosen,
     * Rep. Prog. Phys. 22 (1959) 121; used e.g. by EXO and KamLAND-Zen for quick shapes).
     */
    public static TabulatedSpectrum twoNeutrinoDoubleBeta(double qKev, int points) {
        double k0 = qKev / ME_KEV;
        double[] t = new double[points];
        double[] d = new double[points];
        for (int i = 0; i < points; i++) {
            double k = k0 * i / (points - 1);
            t[i] = k * ME_KEV;
            d[i] = k * Math.pow(k0 - k, 5) * (1 + 2 * k + 4 * k * k / 3 + k * k * k / 3 + k * k * k * k / 30);
        }
        return normalised(t, d);
    }

    static TabulatedSpectrum normalised(double[] t, double[] d) {
        TabulatedSpectrum raw = new TabulatedSpectrum(t, d);
        double n = raw.integral();
        double[] dn = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            dn[i] = d[i] / n;
        }
        return new TabulatedSpectrum(t, dn);
    }
}
