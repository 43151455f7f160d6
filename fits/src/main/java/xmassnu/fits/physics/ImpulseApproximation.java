package xmassnu.fits.physics;

import static xmassnu.fits.physics.PhysicalConstants.ELECTRON_MASS_MEV;
import static xmassnu.fits.physics.PhysicalConstants.FINE_STRUCTURE;
import static xmassnu.fits.physics.PhysicalConstants.KEV_PER_MEV;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Impulse approximation for xenon's bound electrons with the subshell Compton profiles of Biggs, Mendelsohn &amp;
 * Mann, At. Data Nucl. Data Tables 16 (1975) 201, and the subshell binding energies of xraylib (resources
 * xmassnu/atomic, generated with xraylib 4.0.0; docs/physics.md, "Atomic binding").
 *
 * <p>An electron of subshell i with momentum p scatters as if free, with energy conservation fixing the projection of
 * p on the momentum transfer q (Eisenberger &amp; Platzman, PRA 2 (1970) 415; Ribberfors, PRB 12 (1975) 2067): for
 * recoil T, p_z = (q_f^2 - q^2) / (2q) with q_f^2 = T (2 m_e + T), the free-electron value (p_z = 0 at q = q_f).
 * The subshell's response is S_i(q, T) = Theta(T - B_i) (m_e + T)/q J_i(p_z), which for J = delta(p_z) is the free
 * electron's. With the weak cross section factorised as in Voloshin, PRL 105 (2010) 201801 and Kouzakov,
 * Studenikin &amp; Voloshin, PRD 83 (2011) 113001 (T &lt;&lt; E: the neutrino-side factor depends on q only through
 * the propagator), the cross section is the free one times, per open subshell,
 * <pre>  N_i = n_i * integral dp_z J_i(p_z) (dq/dp_z) R(q)^k,   R(q) = (q_f^2 + M^2) / (q^2 + M^2),</pre>
 * with k = 0 for the contact (Standard-Model) term, R = q_f^2/q^2 (k = 1, M = 0) for the magnetic moment, k = 1 for
 * the interference and k = 2 for the pure term of a vector boson of mass M (M = 0: the millicharge). The propagator
 * is the Coulomb-gauge 1/|q|^2 of the charge (longitudinal) response, the part the impulse approximation describes;
 * the transverse, real-photon part (Q^2 -&gt; 0) is not in it: {@link EquivalentPhotonApproximation} estimates it.
 *
 * <p>Since q(p_z) q(-p_z) = q_f^2, pairing +p_z with -p_z gives the integrand J(p_z) [g(u) + g(1/u)] over p_z &gt;= 0,
 * u = q/q_f: for k = 0 and for the 1/q^2 weight the bracket is exactly 2 and N_i = n_i, the stepping approximation
 * (the exactness Kouzakov, Studenikin &amp; Voloshin prove in the semiclassical limit); for the millicharge's pure term
 * it is 2 (1 + 4 p_z^2 / q_f^2), an enhancement 1 + 4 &lt;p_z^2&gt;_i / q_f^2 that grows towards low T.
 *
 * <p>Approximations (docs/physics.md): the q range [T, 2E - T] is taken as unbounded, which drops the neutrino-energy
 * dependence (|p_z| &lt;= E: it matters only for neutrinos within a few tens of keV of the kinematic threshold;
 * the E-dependent limits change the pp contact rate by 0.08-0.3 % at T = 2-20 keV);
 * the table stops at |p_z| = 100 a.u.; each profile is renormalised to one electron over it (the raw table
 * integrates to 0.981 for K, within 0.5 % for the others). Invalid below ~1 keV and crude near the edges, where T
 * is not well above the binding (q_f = 12 a.u. at 2 keV against rms momenta of 13-14 a.u. in the M shell); no RRPA
 * correlations.
 */
public final class ImpulseApproximation implements AtomicModel {

    private static final String SUBSHELLS = "/xmassnu/atomic/xenon-subshells.csv";
    private static final String PROFILES = "/xmassnu/atomic/xenon-compton-profiles.csv";
    /** Atomic unit of momentum, alpha m_e c, in MeV. */
    static final double MOMENTUM_AU_MEV = FINE_STRUCTURE * ELECTRON_MASS_MEV;

    public static final ImpulseApproximation XENON = load();

    private final String[] shells;
    private final int[] occupancy;
    private final double[] bindingKev;
    private final double[] momentumAu;
    /** Per-electron profiles renormalised to 2 * trapezoid integral over [0, p_max] = 1, [shell][node]. */
    private final double[][] profiles;
    /** Trapezoid weights on momentumAu. */
    private final double[] trapezoid;
    private final Map<List<Double>, ImpulseResponse> lastGrids = new ConcurrentHashMap<>();

    /**
     * @param momentumAu increasing p_z nodes (atomic units) from 0
     * @param profiles   J(p_z) per electron of each subshell on the nodes, [shell][node]
     */
    public ImpulseApproximation(String[] shells, int[] occupancy, double[] bindingKev, double[] momentumAu,
                                double[][] profiles) {
        int n = shells.length;
        if (n == 0 || occupancy.length != n || bindingKev.length != n || profiles.length != n) {
            throw new IllegalArgumentException("subshells, occupancies, binding energies and profiles must have the same"
                    + " non-zero length");
        }
        if (momentumAu.length < 3 || momentumAu[0] != 0) {
            throw new IllegalArgumentException("the profile's p_z nodes must start at 0 and have at least 3 points");
        }
        for (int j = 1; j < momentumAu.length; j++) {
            if (!(momentumAu[j] > momentumAu[j - 1])) {
                throw new IllegalArgumentException("p_z nodes must increase: node " + j + " = " + momentumAu[j]);
            }
        }
        this.shells = shells.clone();
        this.occupancy = occupancy.clone();
        this.bindingKev = bindingKev.clone();
        this.momentumAu = momentumAu.clone();
        trapezoid = new double[momentumAu.length];
        for (int j = 1; j < momentumAu.length; j++) {
            double h = 0.5 * (momentumAu[j] - momentumAu[j - 1]);
            trapezoid[j - 1] += h;
            trapezoid[j] += h;
        }
        this.profiles = new double[n][];
        for (int i = 0; i < n; i++) {
            if (profiles[i].length != momentumAu.length) {
                throw new IllegalArgumentException("profile of " + shells[i] + " has " + profiles[i].length
                        + " values for " + momentumAu.length + " p_z nodes");
            }
            if (occupancy[i] <= 0 || !(bindingKev[i] > 0)) {
                throw new IllegalArgumentException(shells[i] + ": occupancy must be > 0 and binding energy > 0 keV");
            }
            double norm = 2 * integrate(profiles[i]);
            if (!(norm > 0.9 && norm < 1.1)) {
                throw new IllegalArgumentException("profile of " + shells[i] + " integrates to " + norm
                        + " electrons over +-" + momentumAu[momentumAu.length - 1] + " a.u., expected ~1 per electron");
            }
            this.profiles[i] = new double[momentumAu.length];
            for (int j = 0; j < momentumAu.length; j++) {
                this.profiles[i][j] = profiles[i][j] / norm;
            }
        }
    }

    @Override
    public String name() {
        return "impulse";
    }

    public String[] shells() {
        return shells.clone();
    }

    public int[] occupancy() {
        return occupancy.clone();
    }

    public double[] bindingKev() {
        return bindingKev.clone();
    }

    /** Electrons bound by less than T: the impulse approximation's contact-interaction count (stepping). */
    public double openElectrons(double recoilKev) {
        int z = 0;
        for (int i = 0; i < occupancy.length; i++) {
            z += recoilKev > bindingKev[i] ? occupancy[i] : 0;
        }
        return z;
    }

    /**
     * Effective electrons at one recoil energy for the weight [(q_f^2 + M^2)/(q^2 + M^2)]^power (power 0: contact).
     */
    public double effectiveElectrons(double recoilKev, double massMev, int power) {
        return new ImpulseResponse(new double[] {recoilKev}).vectorExchange(massMev, power)[0];
    }

    @Override
    public Response response(double[] recoilKev) {
        // the spectra stage builds several RecoilRates (flux variations) on one grid: share the precomputed nodes
        List<Double> key = Arrays.stream(recoilKev).boxed().toList();
        ImpulseResponse r = lastGrids.get(key);
        if (r == null) {
            r = new ImpulseResponse(recoilKev);
            if (lastGrids.size() > 8) {
                lastGrids.clear();
            }
            lastGrids.put(key, r);
        }
        return r;
    }

    private double integrate(double[] f) {
        double s = 0;
        for (int j = 0; j < f.length; j++) {
            s += trapezoid[j] * f[j];
        }
        return s;
    }

    /** Free-electron momentum transfer q_f = sqrt(T (2 m_e + T)) in atomic units. */
    static double freeMomentumTransferAu(double recoilKev) {
        double tMev = recoilKev / KEV_PER_MEV;
        return Math.sqrt(tMev * (2 * ELECTRON_MASS_MEV + tMev)) / MOMENTUM_AU_MEV;
    }

    private record Exchange(double massMev, int power) {}

    /** The per-node factors of one recoil grid; vector-exchange counts cached per (mass, power). */
    private final class ImpulseResponse implements Response {
        private final double[] recoilKev;
        private final double[] contact;
        private final double[] qf2;
        /** Per energy: J_open(p) dq/dp at +p and at -p, trapezoid-weighted, and u^2, 1/u^2 on the p nodes. */
        private final double[][] plusWeight;
        private final double[][] minusWeight;
        private final double[][] u2;
        private final Map<Exchange, double[]> cache = new ConcurrentHashMap<>();

        ImpulseResponse(double[] recoilKev) {
            this.recoilKev = recoilKev.clone();
            int n = recoilKev.length;
            int m = momentumAu.length;
            contact = new double[n];
            qf2 = new double[n];
            plusWeight = new double[n][];
            minusWeight = new double[n][];
            u2 = new double[n][];
            Map<Integer, double[]> openProfiles = new java.util.HashMap<>();
            for (int i = 0; i < n; i++) {
                double t = recoilKev[i];
                if (!(t > 0) || !Double.isFinite(t)) {
                    throw new IllegalArgumentException("recoil energy must be > 0 keV and finite, got " + t);
                }
                contact[i] = openElectrons(t);
                int mask = 0;
                for (int s = 0; s < occupancy.length; s++) {
                    mask |= t > bindingKev[s] ? 1 << s : 0;
                }
                double[] open = openProfiles.computeIfAbsent(mask, k -> {
                    double[] o = new double[m];
                    for (int s = 0; s < occupancy.length; s++) {
                        if ((k & (1 << s)) != 0) {
                            for (int j = 0; j < m; j++) {
                                o[j] += occupancy[s] * profiles[s][j];
                            }
                        }
                    }
                    return o;
                });
                double qf = freeMomentumTransferAu(t);
                qf2[i] = qf * qf;
                plusWeight[i] = new double[m];
                minusWeight[i] = new double[m];
                u2[i] = new double[m];
                for (int j = 0; j < m; j++) {
                    double s = momentumAu[j] / qf;
                    double u = 1 / (s + Math.sqrt(1 + s * s)); // q/q_f at +p_z (q < q_f); 1/u at -p_z
                    double uu = u * u;
                    // dq/dp_z = 2 q^2 / (q_f^2 + q^2): 2u^2/(1+u^2) at +p_z, 2/(1+u^2) at -p_z
                    plusWeight[i][j] = trapezoid[j] * open[j] * 2 * uu / (1 + uu);
                    minusWeight[i][j] = trapezoid[j] * open[j] * 2 / (1 + uu);
                    u2[i][j] = uu;
                }
            }
        }

        @Override
        public double[] contact() {
            return contact.clone();
        }

        @Override
        public double[] magnetic() {
            return vectorExchange(0, 1);
        }

        @Override
        public double[] vectorExchange(double massMev, int power) {
            if (!(massMev >= 0) || !Double.isFinite(massMev)) {
                throw new IllegalArgumentException("mediator mass must be >= 0 MeV and finite, got " + massMev);
            }
            if (power < 0 || power > 2) {
                throw new IllegalArgumentException("propagator power must be 0, 1 or 2, got " + power);
            }
            if (power == 0) {
                return contact.clone();
            }
            return cache.computeIfAbsent(new Exchange(massMev, power), k -> compute(massMev, power)).clone();
        }

        private double[] compute(double massMev, int power) {
            double massAu = massMev / MOMENTUM_AU_MEV;
            double m2 = massAu * massAu;
            double[] out = new double[recoilKev.length];
            for (int i = 0; i < out.length; i++) {
                double mu = m2 / qf2[i];
                double[] a = plusWeight[i];
                double[] b = minusWeight[i];
                double[] uu = u2[i];
                double s = 0;
                for (int j = 0; j < uu.length; j++) {
                    // R(u) = (1 + mu)/(u^2 + mu) at +p_z, (1 + mu)/(1/u^2 + mu) = (1 + mu) u^2/(1 + mu u^2) at -p_z
                    double rPlus = (1 + mu) / (uu[j] + mu);
                    double rMinus = (1 + mu) * uu[j] / (1 + mu * uu[j]);
                    s += power == 1 ? a[j] * rPlus + b[j] * rMinus
                            : a[j] * rPlus * rPlus + b[j] * rMinus * rMinus;
                }
                out[i] = s;
            }
            return out;
        }
    }

    private static ImpulseApproximation load() {
        List<String[]> sub = rows(SUBSHELLS, 3);
        List<String[]> prof = rows(PROFILES, sub.size() + 1);
        String[] names = new String[sub.size()];
        int[] occ = new int[sub.size()];
        double[] b = new double[sub.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = sub.get(i)[0];
            occ[i] = Integer.parseInt(sub.get(i)[1]);
            b[i] = Double.parseDouble(sub.get(i)[2]);
        }
        double[] p = new double[prof.size()];
        double[][] j = new double[names.length][prof.size()];
        for (int r = 0; r < p.length; r++) {
            p[r] = Double.parseDouble(prof.get(r)[0]);
            for (int i = 0; i < names.length; i++) {
                j[i][r] = Double.parseDouble(prof.get(r)[i + 1]);
            }
        }
        return new ImpulseApproximation(names, occ, b, p, j);
    }

    /** Data rows of a CSV resource: '#' comments and the header line skipped, each row with the given field count. */
    static List<String[]> rows(String path, int fields) {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = ImpulseApproximation.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split(",");
                if (f.length != fields) {
                    throw new IllegalStateException(path + " line " + n + ": expected " + fields + " fields, got "
                            + f.length);
                }
                out.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
        return out;
    }
}
