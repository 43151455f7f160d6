package xmassnu.reduction.sim;

/**
 * Photon interaction in liquid xenon for the gamma components: attenuation length and photoabsorption fraction
 * from NIST XCOM (Berger et al., total with coherent scattering, Xe, rounded to two digits; [M]), and
 * Klein-Nishina sampling of Compton scattering.
 */
public final class GammaInteractions {
    private GammaInteractions() {}

    private static final double ME_KEV = 510.99895;
    static final double[] ENERGY_KEV = {50, 80, 100, 122, 150, 200, 300, 400, 500, 600, 800, 1000, 1500, 2000, 3000};
    /** Mass attenuation coefficient mu/rho, cm^2/g (XCOM, Xe). */
    static final double[] MU_RHO_CM2_PER_G = {8.0, 2.4, 1.44, 0.86, 0.52, 0.29, 0.16, 0.12, 0.094, 0.082, 0.068,
            0.059, 0.048, 0.042, 0.037};
    /** Photoabsorption share of the total attenuation (XCOM, Xe). */
    static final double[] PHOTO_FRACTION = {0.96, 0.92, 0.89, 0.84, 0.77, 0.63, 0.40, 0.25, 0.16, 0.11, 0.06,
            0.04, 0.02, 0.012, 0.006};

    public static double attenuationLengthCm(double energyKev, double densityGPerCm3) {
        return 1 / (logInterpolate(MU_RHO_CM2_PER_G, energyKev) * densityGPerCm3);
    }

    public static double photoFraction(double energyKev) {
        return Math.min(1, logInterpolate(PHOTO_FRACTION, energyKev));
    }

    private static double logInterpolate(double[] table, double e) {
        double[] x = ENERGY_KEV;
        if (e <= x[0]) {
            return table[0];
        }
        if (e >= x[x.length - 1]) {
            return table[x.length - 1];
        }
        int i = 1;
        while (x[i] < e) {
            i++;
        }
        double t = Math.log(e / x[i - 1]) / Math.log(x[i] / x[i - 1]);
        return Math.exp(Math.log(table[i - 1]) + t * Math.log(table[i] / table[i - 1]));
    }

    /** Samples cos(theta) of Compton scattering from the Klein-Nishina cross section by rejection. */
    public static double sampleComptonCos(double energyKev, StreamRng rng) {
        double k = energyKev / ME_KEV;
        while (true) {
            double c = 2 * rng.nextDouble() - 1;
            double ratio = 1 / (1 + k * (1 - c));
            double f = ratio * ratio * (ratio + 1 / ratio - (1 - c * c));
            if (rng.nextDouble() * 2 <= f) {
                return c;
            }
        }
    }

    /** Energy of the photon after scattering by angle with cosine c. */
    public static double scatteredEnergyKev(double energyKev, double cos) {
        return energyKev / (1 + energyKev / ME_KEV * (1 - cos));
    }
}
