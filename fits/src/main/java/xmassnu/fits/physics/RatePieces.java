package xmassnu.fits.physics;

/**
 * Differential rates in events/(kg day keV) at the recoil energies of a {@link RecoilRates}: the Standard Model
 * of all flavours, and the interference and pure new-physics pieces at the requested coupling.
 */
public record RatePieces(double[] recoilKev, double[] sm, double[] interference, double[] newPhysics) {
    public RatePieces {
        int n = recoilKev.length;
        if (sm.length != n || interference.length != n || newPhysics.length != n) {
            throw new IllegalArgumentException("rate arrays must all have length " + n);
        }
    }

    public double[] total() {
        double[] t = new double[sm.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = sm[i] + interference[i] + newPhysics[i];
        }
        return t;
    }
}
