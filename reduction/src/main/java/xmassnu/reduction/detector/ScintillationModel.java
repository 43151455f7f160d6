package xmassnu.reduction.detector;

/**
 * Electron-recoil scintillation in liquid xenon at zero field: the relative light yield (non-linearity, normalised
 * to the 122 keV gamma that defines keVee) and the effective decay time.
 *
 * <p>Decay time: 27.9 ns at 5.9 keV rising to 37.0 ns at 122 keV (XMASS, Takiya et al., NIM A 834 (2016) 192),
 * interpolated linearly in log E and held constant outside. Relative yield: a configurable table; the default is
 * a smooth zero-field electron-recoil curve of the shape measured by Doke et al. (Jpn. J. Appl. Phys. 41 (2002)
 * 1538) and used by XMASS (lower yield below ~ 10 keV, ~ 0.8 of the 122 keV value at 1 keV) - a [U] parameter.
 */
public record ScintillationModel(double[] yieldEnergiesKev, double[] relativeYield, double decayTimeLowNs,
                                 double decayTimeHighNs) implements java.io.Serializable {

    public static final ScintillationModel DEFAULT = new ScintillationModel(
            new double[] {1, 2, 5, 10, 20, 50, 122, 1000},
            new double[] {0.80, 0.84, 0.90, 0.95, 0.99, 1.01, 1.00, 0.97},
            27.9, 37.0);

    public ScintillationModel {
        yieldEnergiesKev = yieldEnergiesKev.clone();
        relativeYield = relativeYield.clone();
        if (yieldEnergiesKev.length < 2 || yieldEnergiesKev.length != relativeYield.length) {
            throw new IllegalArgumentException("relative-yield table needs >= 2 points and matching lengths");
        }
        for (int i = 0; i < yieldEnergiesKev.length; i++) {
            if (!(relativeYield[i] > 0) || (i > 0 && !(yieldEnergiesKev[i] > yieldEnergiesKev[i - 1]))) {
                throw new IllegalArgumentException("relative-yield table must have increasing energies and positive yields");
            }
        }
        if (!(decayTimeLowNs > 0) || !(decayTimeHighNs > 0)) {
            throw new IllegalArgumentException("decay times must be > 0 ns");
        }
    }

    /** Light yield relative to a 122 keV gamma at the same position. */
    public double relativeYield(double energyKev) {
        double[] e = yieldEnergiesKev;
        if (energyKev <= e[0]) {
            return relativeYield[0];
        }
        if (energyKev >= e[e.length - 1]) {
            return relativeYield[e.length - 1];
        }
        int i = 1;
        while (e[i] < energyKev) {
            i++;
        }
        double t = Math.log(energyKev / e[i - 1]) / Math.log(e[i] / e[i - 1]);
        return relativeYield[i - 1] + t * (relativeYield[i] - relativeYield[i - 1]);
    }

    public double decayTimeNs(double energyKev) {
        double lo = 5.9;
        double hi = 122;
        if (energyKev <= lo) {
            return decayTimeLowNs;
        }
        if (energyKev >= hi) {
            return decayTimeHighNs;
        }
        double t = Math.log(energyKev / lo) / Math.log(hi / lo);
        return decayTimeLowNs + t * (decayTimeHighNs - decayTimeLowNs);
    }
}
