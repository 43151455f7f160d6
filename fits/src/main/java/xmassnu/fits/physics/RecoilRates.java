package xmassnu.fits.physics;

import static xmassnu.fits.physics.NeutrinoElectronScattering.MAGNETIC_PREFACTOR;
import static xmassnu.fits.physics.NeutrinoElectronScattering.WEAK_PREFACTOR;
import static xmassnu.fits.physics.PhysicalConstants.HBAR_C_SQUARED_CM2_MEV2;
import static xmassnu.fits.physics.PhysicalConstants.KEV_PER_MEV;
import static xmassnu.fits.physics.PhysicalConstants.SECONDS_PER_DAY;
import static xmassnu.fits.physics.PhysicalConstants.XENON_ATOMS_PER_KG;

/**
 * Solar-neutrino electron-recoil rates in xenon, dR/dT in events/(kg day keV), on a fixed set of recoil energies.
 *
 * <p>Construction does all the work that does not depend on the model, coupling or mediator mass: for every recoil
 * energy and flavour it integrates flux x oscillation probability x cross-section bracket over the neutrino
 * spectrum of every source. Because new vector exchanges enter as a shift of g_V that depends on T and M but not
 * on E (see {@link NeutrinoElectronScattering}), every model, coupling and mass is then O(1) per energy.
 *
 * <p>dR/dT = N_atoms/kg * Z_eff(T) * sum_sources Phi * int dE f(E) sum_flavours P(E) dsigma/dT(E, T), with Z_eff
 * from the {@link AtomicModel}: one count per q-dependence (contact, magnetic, vector exchange of mass M), the same
 * for all of them in the stepping approximation.
 */
public final class RecoilRates {
    private static final int N_FLAVOURS = Flavour.values().length;

    private final SignalPhysics physics;
    private final double[] recoilKev;
    /** The atomic model's effective electron counts on these energies. */
    private final AtomicModel.Response atoms;
    /** events/(kg day keV) per unit (cross section in MeV^-3 x flux-weighted bracket), per energy (contact count). */
    private final double[] toRate;
    /** Flux-weighted integrals, [flavour][energy]: SM bracket, linear, quadratic, magnetic (cm^-2 s^-1 x bracket). */
    private final double[][] smIntegral;
    private final double[][] linearIntegral;
    private final double[][] quadraticIntegral;
    private final double[][] magneticIntegral;
    /** SM integral per source, [source][energy], summed over flavours (for per-source rates and flux systematics). */
    private final double[][] smIntegralBySource;

    public RecoilRates(SignalPhysics physics, double[] recoilKev) {
        this.physics = physics;
        this.recoilKev = recoilKev.clone();
        double maxKev = maxRecoilKev();
        for (int i = 0; i < recoilKev.length; i++) {
            double t = recoilKev[i];
            if (!(t > 0) || !(t <= maxKev)) {
                throw new IllegalArgumentException("recoil energy " + t + " keV outside the physical range (0, "
                        + String.format(java.util.Locale.ROOT, "%.1f", maxKev) + "] keV of solar-neutrino electron scattering");
            }
        }
        int n = recoilKev.length;
        atoms = physics.atomicModel().response(this.recoilKev);
        toRate = toRate(atoms.contact());
        smIntegral = new double[N_FLAVOURS][n];
        linearIntegral = new double[N_FLAVOURS][n];
        quadraticIntegral = new double[N_FLAVOURS][n];
        magneticIntegral = new double[N_FLAVOURS][n];
        smIntegralBySource = new double[SolarSource.values().length][n];
        for (SolarSource s : SolarSource.values()) {
            double[][] smBefore = copy(smIntegral);
            accumulate(s);
            for (int a = 0; a < N_FLAVOURS; a++) {
                for (int i = 0; i < n; i++) {
                    smIntegralBySource[s.ordinal()][i] += smIntegral[a][i] - smBefore[a][i];
                }
            }
        }
    }

    /** events/(kg day keV) per (MeV^-3 x bracket) for the given electrons per atom. */
    private static double[] toRate(double[] electrons) {
        double[] r = new double[electrons.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = XENON_ATOMS_PER_KG * electrons[i] * HBAR_C_SQUARED_CM2_MEV2 * SECONDS_PER_DAY / KEV_PER_MEV;
        }
        return r;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /** Largest recoil energy any solar neutrino can give (hep endpoint), keV. */
    public static double maxRecoilKev() {
        double max = 0;
        for (SolarSource s : SolarSource.values()) {
            max = Math.max(max, NeutrinoElectronScattering.maxRecoilMev(s.maxEnergyMev()) * KEV_PER_MEV);
        }
        return max;
    }

    public double[] recoilKev() {
        return recoilKev.clone();
    }

    public SignalPhysics physics() {
        return physics;
    }

    private void accumulate(SolarSource source) {
        SolarSource.Spectrum spec = source.spectrum();
        double flux = physics.fluxPerCm2PerS(source);
        double[] e = spec.energiesMev();
        double[] f = spec.densityPerMev();
        double[][] gv = new double[N_FLAVOURS][1];
        double[] gA = new double[N_FLAVOURS];
        for (Flavour fl : Flavour.values()) {
            gv[fl.ordinal()][0] = fl.vectorCoupling(physics.sin2ThetaW());
            gA[fl.ordinal()] = fl.axialCoupling();
        }
        // oscillation probabilities on the spectrum grid, [flavour][grid point]
        double[][] prob = new double[N_FLAVOURS][e.length];
        for (int j = 0; j < e.length; j++) {
            for (Flavour fl : Flavour.values()) {
                prob[fl.ordinal()][j] = physics.oscillations().probability(fl, e[j], source);
            }
        }
        for (int i = 0; i < recoilKev.length; i++) {
            double t = recoilKev[i] / KEV_PER_MEV;
            double eMin = NeutrinoElectronScattering.minNeutrinoMev(t);
            if (spec.isLine()) {
                if (e[0] > eMin) {
                    for (int a = 0; a < N_FLAVOURS; a++) {
                        double w = flux * prob[a][0];
                        addPoint(a, i, w, gv[a][0], gA[a], e[0], t);
                    }
                }
                continue;
            }
            int first = upperIndex(e, eMin);
            if (first >= e.length) {
                continue;
            }
            for (int a = 0; a < N_FLAVOURS; a++) {
                // trapezoid from max(eMin, e[0]) over the grid; the partial first segment uses interpolated f and P
                double lo = Math.max(eMin, e[0]);
                double fLo = first == 0 ? f[0] : interpolate(e, f, first, lo);
                double pLo = first == 0 ? prob[a][0] : interpolate(e, prob[a], first, lo);
                double prevE = lo;
                double prevW = flux * fLo * pLo;
                double[] prevB = brackets(gv[a][0], gA[a], prevE, t);
                for (int j = first; j < e.length; j++) {
                    double w = flux * f[j] * prob[a][j];
                    double[] b = brackets(gv[a][0], gA[a], e[j], t);
                    double h = 0.5 * (e[j] - prevE);
                    smIntegral[a][i] += h * (prevW * prevB[0] + w * b[0]);
                    linearIntegral[a][i] += h * (prevW * prevB[1] + w * b[1]);
                    quadraticIntegral[a][i] += h * (prevW * prevB[2] + w * b[2]);
                    magneticIntegral[a][i] += h * (prevW * prevB[3] + w * b[3]);
                    prevE = e[j];
                    prevW = w;
                    prevB = b;
                }
            }
        }
    }

    private void addPoint(int a, int i, double w, double gV, double gA, double eMev, double tMev) {
        smIntegral[a][i] += w * NeutrinoElectronScattering.smBracket(gV, gA, eMev, tMev);
        linearIntegral[a][i] += w * NeutrinoElectronScattering.linearBracket(gV, gA, eMev, tMev);
        quadraticIntegral[a][i] += w * NeutrinoElectronScattering.quadraticBracket(eMev, tMev);
        magneticIntegral[a][i] += w * NeutrinoElectronScattering.magneticBracket(eMev, tMev);
    }

    private static double[] brackets(double gV, double gA, double eMev, double tMev) {
        return new double[] {NeutrinoElectronScattering.smBracket(gV, gA, eMev, tMev),
                NeutrinoElectronScattering.linearBracket(gV, gA, eMev, tMev),
                NeutrinoElectronScattering.quadraticBracket(eMev, tMev),
                NeutrinoElectronScattering.magneticBracket(eMev, tMev)};
    }

    /** First index with e[j] &gt; x (e.length if none). */
    private static int upperIndex(double[] e, double x) {
        int lo = 0;
        int hi = e.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (e[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static double interpolate(double[] x, double[] y, int upper, double at) {
        double t = (at - x[upper - 1]) / (x[upper] - x[upper - 1]);
        return y[upper - 1] + t * (y[upper] - y[upper - 1]);
    }

    /** Standard-Model rate of all flavours, events/(kg day keV). */
    public double[] standardModel() {
        double[] out = new double[recoilKev.length];
        for (int i = 0; i < out.length; i++) {
            double sum = 0;
            for (int a = 0; a < N_FLAVOURS; a++) {
                sum += smIntegral[a][i];
            }
            out[i] = toRate[i] * WEAK_PREFACTOR * sum;
        }
        return out;
    }

    /** Standard-Model rate of all flavours from one source, events/(kg day keV). */
    public double[] standardModel(SolarSource source) {
        double[] out = new double[recoilKev.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = toRate[i] * WEAK_PREFACTOR * smIntegralBySource[source.ordinal()][i];
        }
        return out;
    }

    /** Standard-Model rate from one flavour, events/(kg day keV). */
    public double[] standardModel(Flavour flavour) {
        double[] out = new double[recoilKev.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = toRate[i] * WEAK_PREFACTOR * smIntegral[flavour.ordinal()][i];
        }
        return out;
    }

    /**
     * The interference piece at unit coupling (coefficient of c^{@link Model#interferencePower()}); zeros for
     * models without interference.
     */
    public double[] interferenceAtUnitCoupling(Model model, FlavourCase flavours, double massMev) {
        return piece(model, flavours, massMev, false);
    }

    /** The pure new-physics piece at unit coupling (coefficient of c^{@link Model#newPhysicsPower()}). */
    public double[] newPhysicsAtUnitCoupling(Model model, FlavourCase flavours, double massMev) {
        return piece(model, flavours, massMev, true);
    }

    private double[] piece(Model model, FlavourCase flavours, double massMev, boolean pure) {
        checkMass(model, massMev);
        double[] out = new double[recoilKev.length];
        if (model == Model.SM || (model == Model.MAGNETIC_MOMENT && !pure)) {
            return out;
        }
        // the atomic counts of this piece's q-dependence (a massless vector for the millicharge)
        double[] rate = toRate(model == Model.MAGNETIC_MOMENT ? atoms.magnetic()
                : atoms.vectorExchange(model == Model.B_L ? massMev : 0, pure ? 2 : 1));
        for (int i = 0; i < out.length; i++) {
            double t = recoilKev[i] / KEV_PER_MEV;
            double sum = 0;
            if (model == Model.MAGNETIC_MOMENT) {
                for (Flavour f : Flavour.values()) {
                    if (flavours.includes(f)) {
                        sum += magneticIntegral[f.ordinal()][i];
                    }
                }
                out[i] = rate[i] * MAGNETIC_PREFACTOR * sum;
                continue;
            }
            double shift = model == Model.B_L
                    ? NeutrinoElectronScattering.bMinusLShiftPerCoupling2(t, massMev)
                    : NeutrinoElectronScattering.millichargeShiftPerEpsilon(t, physics.millichargeConvention());
            for (Flavour f : Flavour.values()) {
                if (flavours.includes(f)) {
                    sum += pure ? shift * shift * quadraticIntegral[f.ordinal()][i]
                            : shift * linearIntegral[f.ordinal()][i];
                }
            }
            out[i] = rate[i] * WEAK_PREFACTOR * sum;
        }
        return out;
    }

    /** All pieces at a given coupling (eps in e, mu in Bohr magnetons, or g_BL). */
    public RatePieces rates(Model model, FlavourCase flavours, double coupling, double massMev) {
        if (!Double.isFinite(coupling)) {
            throw new IllegalArgumentException("coupling must be finite, got " + coupling);
        }
        if (coupling < 0 && !model.signedCoupling()) {
            throw new IllegalArgumentException("coupling of model " + model.label() + " must be >= 0, got " + coupling
                    + " (only the millicharge has a sign)");
        }
        double[] inter = interferenceAtUnitCoupling(model, flavours, massMev);
        double[] pure = newPhysicsAtUnitCoupling(model, flavours, massMev);
        double ci = Math.pow(coupling, model.interferencePower());
        double cp = Math.pow(coupling, model.newPhysicsPower());
        for (int i = 0; i < inter.length; i++) {
            inter[i] = model.interferencePower() == 0 ? 0 : inter[i] * ci;
            pure[i] = model == Model.SM ? 0 : pure[i] * cp;
        }
        return new RatePieces(recoilKev.clone(), standardModel(), inter, pure);
    }

    private static void checkMass(Model model, double massMev) {
        if (model.hasMediatorMass() && !(massMev >= 0 && Double.isFinite(massMev))) {
            throw new IllegalArgumentException("mediator mass must be >= 0 MeV and finite, got " + massMev);
        }
    }
}
