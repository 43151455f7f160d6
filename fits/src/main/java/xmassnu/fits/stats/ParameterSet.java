package xmassnu.fits.stats;

import java.util.Arrays;

/**
 * One named block of model parameters as a modifier declares it (pyhf {@code parameters/paramsets.py} and each
 * modifier's {@code required_parset}): its size, whether it is a scalar, its suggested inits, bounds and fixed flags,
 * and its constraint. Immutable; the arrays are copied in and out.
 *
 * @param constraint NONE (normfactor, shapefactor, coupling power), NORMAL (normsys, histosys, staterror, lumi: aux
 *                   datum and sigma) or POISSON (shapesys: aux datum and factor tau, the Poisson mean at 1 being tau)
 * @param pinned     components the modifier leaves without an uncertainty (a shapesys or staterror bin with zero
 *                   error or zero nominal): fixed at their init and without a constraint term. pyhf keeps a constant
 *                   constraint term for them (sigma 1 or tau 1); it changes no fit and no test statistic.
 * @param auxdata    the nominal auxiliary data (null when unconstrained, or when the measurement config must give it:
 *                   lumi)
 * @param widths     sigma (NORMAL) or the factor tau (POISSON) per component; null as auxdata
 * @param declaredBy the modifier that declared the set ("normsys 'jes' (channel sr, sample bkg)"), for messages
 */
public record ParameterSet(String name, Constraint constraint, boolean scalar, double[] inits, double[] lower,
                           double[] upper, boolean[] fixed, boolean[] pinned, double[] auxdata, double[] widths,
                           String declaredBy) {

    public enum Constraint { NONE, NORMAL, POISSON }

    public ParameterSet {
        int n = inits.length;
        if (n == 0 || lower.length != n || upper.length != n || fixed.length != n || pinned.length != n
                || (auxdata != null && auxdata.length != n) || (widths != null && widths.length != n)) {
            throw new IllegalArgumentException("parameter set '" + name + "': inconsistent sizes");
        }
        if (scalar && n != 1) {
            throw new IllegalArgumentException("parameter set '" + name + "': scalar with " + n + " components");
        }
        if (constraint == Constraint.NONE && (auxdata != null || widths != null)) {
            throw new IllegalArgumentException("parameter set '" + name + "': unconstrained with auxiliary data");
        }
        inits = inits.clone();
        lower = lower.clone();
        upper = upper.clone();
        fixed = fixed.clone();
        pinned = pinned.clone();
        auxdata = auxdata == null ? null : auxdata.clone();
        widths = widths == null ? null : widths.clone();
    }

    /** A free scalar parameter (normfactor, coupling power). */
    public static ParameterSet unconstrainedScalar(String name, double init, double lower, double upper,
                                                   String declaredBy) {
        return new ParameterSet(name, Constraint.NONE, true, new double[] {init}, new double[] {lower},
                new double[] {upper}, new boolean[1], new boolean[1], null, null, declaredBy);
    }

    /** n free parameters with the same init and bounds (shapefactor). */
    public static ParameterSet unconstrainedVector(String name, int n, double init, double lower, double upper,
                                                   String declaredBy) {
        return new ParameterSet(name, Constraint.NONE, false, filled(n, init), filled(n, lower), filled(n, upper),
                new boolean[n], new boolean[n], null, null, declaredBy);
    }

    /** A scalar with a unit Gaussian constraint around 0, bounds [-5, 5] (normsys, histosys). */
    public static ParameterSet unitGaussian(String name, String declaredBy) {
        return new ParameterSet(name, Constraint.NORMAL, true, new double[] {0}, new double[] {-5}, new double[] {5},
                new boolean[1], new boolean[1], new double[] {0}, new double[] {1}, declaredBy);
    }

    public int size() {
        return inits.length;
    }

    @Override
    public double[] inits() {
        return inits.clone();
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    @Override
    public boolean[] fixed() {
        return fixed.clone();
    }

    @Override
    public boolean[] pinned() {
        return pinned.clone();
    }

    @Override
    public double[] auxdata() {
        return auxdata == null ? null : auxdata.clone();
    }

    @Override
    public double[] widths() {
        return widths == null ? null : widths.clone();
    }

    /** Whether two declarations describe the same parameters (pyhf: every paramset key must agree). */
    public boolean sameAs(ParameterSet o) {
        return constraint == o.constraint && scalar == o.scalar && Arrays.equals(inits, o.inits)
                && Arrays.equals(lower, o.lower) && Arrays.equals(upper, o.upper) && Arrays.equals(fixed, o.fixed)
                && Arrays.equals(pinned, o.pinned) && Arrays.equals(auxdata, o.auxdata) && Arrays.equals(widths, o.widths);
    }

    /**
     * The set with the measurement config's settings applied (pyhf {@code reduce_paramsets_requirements}): every
     * given array must have one entry per component; auxdata and sigmas only for constrained sets, factors only for
     * Poisson ones.
     */
    public ParameterSet configured(Workspace.ParameterConfig pc) {
        if (pc == null) {
            return this;
        }
        String at = "measurement config of parameter '" + name + "' (" + declaredBy + ")";
        int n = size();
        double[] in = pc.inits() == null ? inits : sized(pc.inits(), n, at + ", inits");
        double[] lo = lower;
        double[] hi = upper;
        if (pc.bounds() != null) {
            if (pc.bounds().length != n) {
                throw new IllegalArgumentException(at + ", bounds: " + pc.bounds().length + " pairs, expected " + n);
            }
            lo = new double[n];
            hi = new double[n];
            for (int i = 0; i < n; i++) {
                double[] b = pc.bounds()[i];
                if (b.length != 2 || !(b[0] <= b[1])) {
                    throw new IllegalArgumentException(at + ", bounds[" + i + "]: need [lo, hi] with lo <= hi, got "
                            + Arrays.toString(b));
                }
                lo[i] = b[0];
                hi[i] = b[1];
            }
        }
        boolean[] fx = fixed;
        if (pc.fixed() != null) {
            fx = new boolean[n];
            Arrays.fill(fx, pc.fixed());
            for (int i = 0; i < n; i++) {
                fx[i] |= pinned[i];
            }
        }
        double[] aux = auxdata;
        double[] w = widths;
        if (pc.auxdata() != null) {
            if (constraint == Constraint.NONE) {
                throw new IllegalArgumentException(at + ": auxdata given, but the parameter is unconstrained");
            }
            aux = sized(pc.auxdata(), n, at + ", auxdata");
        }
        if (pc.sigmas() != null) {
            if (constraint != Constraint.NORMAL) {
                throw new IllegalArgumentException(at + ": sigmas given, but the parameter is not Gaussian-constrained");
            }
            w = sized(pc.sigmas(), n, at + ", sigmas");
        }
        if (pc.factors() != null) {
            if (constraint != Constraint.POISSON) {
                throw new IllegalArgumentException(at + ": factors given, but the parameter is not Poisson-constrained");
            }
            w = sized(pc.factors(), n, at + ", factors");
        }
        return new ParameterSet(name, constraint, scalar, in, lo, hi, fx, pinned, aux, w, declaredBy);
    }

    private static double[] sized(double[] v, int n, String where) {
        if (v.length != n) {
            throw new IllegalArgumentException(where + ": " + v.length + " values, expected " + n);
        }
        return v;
    }

    /** n copies of v. */
    public static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
