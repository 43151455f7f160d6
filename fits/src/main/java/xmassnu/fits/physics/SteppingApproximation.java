package xmassnu.fits.physics;

/**
 * Stepping approximation: an electron contributes as if free once the recoil energy exceeds its binding energy
 * (Kopeikin, Mikaelyan, Sinev, Phys. At. Nucl. 60 (1997) 1859; Chen et al., PLB 731 (2014) 159,
 * arXiv:1311.5294). Xe binding energies: Carlson, "Photoelectron and Auger Spectroscopy" (1975), as listed in
 * docs/physics.md section 3.
 */
public final class SteppingApproximation implements AtomicModel {

    /** Binding energies in keV (K, L1..L3, M1..M5, N1..N5, O1..O3) and occupancies; sum of occupancies = 54. */
    static final double[] XENON_BINDING_KEV = {34.561, 5.453, 5.107, 4.786, 1.148, 1.002, 0.941, 0.689, 0.676,
            0.213, 0.147, 0.145, 0.070, 0.068, 0.023, 0.013, 0.012};
    static final int[] XENON_OCCUPANCY = {2, 2, 2, 4, 2, 2, 4, 4, 6, 2, 2, 4, 4, 6, 2, 2, 4};

    public static final SteppingApproximation XENON = new SteppingApproximation(XENON_BINDING_KEV, XENON_OCCUPANCY);

    private final double[] bindingKev;
    private final int[] occupancy;

    public SteppingApproximation(double[] bindingKev, int[] occupancy) {
        if (bindingKev.length != occupancy.length || bindingKev.length == 0) {
            throw new IllegalArgumentException("binding energies and occupancies must have the same, non-zero length");
        }
        this.bindingKev = bindingKev.clone();
        this.occupancy = occupancy.clone();
    }

    /** Electrons per atom bound by less than the recoil energy (keV). */
    public double effectiveElectrons(double recoilKev) {
        int z = 0;
        for (int i = 0; i < bindingKev.length; i++) {
            if (recoilKev > bindingKev[i]) {
                z += occupancy[i];
            }
        }
        return z;
    }

    /** The same count for every q-dependence: each open shell scatters like free electrons. */
    @Override
    public Response response(double[] recoilKev) {
        double[] z = new double[recoilKev.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = effectiveElectrons(recoilKev[i]);
        }
        return new Response() {
            @Override
            public double[] contact() {
                return z.clone();
            }

            @Override
            public double[] magnetic() {
                return z.clone();
            }

            @Override
            public double[] vectorExchange(double massMev, int power) {
                return z.clone();
            }
        };
    }

    /** Total electrons per atom (the free-electron limit). */
    public int totalElectrons() {
        int z = 0;
        for (int n : occupancy) {
            z += n;
        }
        return z;
    }

    @Override
    public String name() {
        return "stepping";
    }
}
