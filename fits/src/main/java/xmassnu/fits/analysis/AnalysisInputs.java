package xmassnu.fits.analysis;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import xmassnu.fits.physics.Model;

/**
 * What one limit needs: observed counts, background templates by component, the Standard-Model solar template
 * and the signal pieces of one (model, flavour case, mass) at unit coupling — expected counts are
 * backgrounds + sm + c^p1 interference + c^p2 newPhysics (docs/physics.md) — and, when the systematic
 * variations are profiled, the same templates at +1 and -1 sigma of each of them.
 *
 * <p>{@code couplingSign} (+1 or -1) is the branch of a signed coupling (the millicharge: only it has
 * {@link Model#signedCoupling()}): the coupling is c = couplingSign * |c|, and every limit, best fit and interval of
 * these inputs is on |c| &gt;= 0. With an odd interference power the interference piece then enters with the factor
 * couplingSign^p1 (for eps &lt; 0 with the opposite sign: constructive where eps &gt; 0 is destructive). Every
 * systematic variation carries the same sign.
 */
public record AnalysisInputs(Model model, String flavour, Double massMev, double[] observed,
                             Map<String, Histogram> backgrounds, Histogram standardModel, Histogram interference,
                             Histogram newPhysics, List<ShapeSystematic> systematics, int couplingSign) {

    /**
     * The templates of one systematic at +1 sigma ({@code up}) and -1 sigma ({@code down}): the same grid point,
     * bins and background components as the nominal ones, without systematics of their own.
     */
    public record ShapeSystematic(String name, AnalysisInputs up, AnalysisInputs down) implements java.io.Serializable {
        public ShapeSystematic {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a systematic needs a name");
            }
            if (!up.systematics().isEmpty() || !down.systematics().isEmpty()) {
                throw new IllegalArgumentException("systematic " + name + ": its templates carry systematics themselves");
            }
        }

        ShapeSystematic withCouplingSign(int sign) {
            return new ShapeSystematic(name, up.withCouplingSign(sign), down.withCouplingSign(sign));
        }
    }

    /** Without systematic variations (only the normalisation and Monte Carlo statistics uncertainties). */
    public AnalysisInputs(Model model, String flavour, Double massMev, double[] observed,
                          Map<String, Histogram> backgrounds, Histogram standardModel, Histogram interference,
                          Histogram newPhysics) {
        this(model, flavour, massMev, observed, backgrounds, standardModel, interference, newPhysics, List.of());
    }

    /** The positive branch of the coupling (the only one of models without a signed coupling). */
    public AnalysisInputs(Model model, String flavour, Double massMev, double[] observed,
                          Map<String, Histogram> backgrounds, Histogram standardModel, Histogram interference,
                          Histogram newPhysics, List<ShapeSystematic> systematics) {
        this(model, flavour, massMev, observed, backgrounds, standardModel, interference, newPhysics, systematics, 1);
    }

    public AnalysisInputs {
        int n = observed.length;
        backgrounds = new LinkedHashMap<>(backgrounds);
        for (Map.Entry<String, Histogram> e : backgrounds.entrySet()) {
            if (e.getValue().bins() != n) {
                throw new IllegalArgumentException("background " + e.getKey() + " has " + e.getValue().bins()
                        + " bins, observed has " + n);
            }
        }
        if (standardModel.bins() != n || interference.bins() != n || newPhysics.bins() != n) {
            throw new IllegalArgumentException("signal pieces need " + n + " bins");
        }
        if (model == Model.SM) {
            throw new IllegalArgumentException("a limit needs an exotic model, not sm");
        }
        for (double o : observed) {
            if (!(o >= 0) || !Double.isFinite(o)) {
                throw new IllegalArgumentException("observed counts must be finite and >= 0");
            }
        }
        if (couplingSign != 1 && couplingSign != -1) {
            throw new IllegalArgumentException("couplingSign must be +1 or -1, got " + couplingSign);
        }
        if (couplingSign == -1 && !model.signedCoupling()) {
            throw new IllegalArgumentException("couplingSign -1: the coupling of " + model.label()
                    + " has no sign (only the millicharge's has)");
        }
        observed = observed.clone();
        backgrounds = Collections.unmodifiableMap(backgrounds);
        systematics = List.copyOf(systematics);
        Set<String> names = new HashSet<>();
        for (ShapeSystematic sys : systematics) {
            if (!names.add(sys.name())) {
                throw new IllegalArgumentException("systematic " + sys.name() + " appears twice");
            }
            for (AnalysisInputs v : List.of(sys.up(), sys.down())) {
                if (v.model() != model || !v.flavour().equals(flavour) || !Objects.equals(v.massMev(), massMev)
                        || v.bins() != n || !v.backgrounds().keySet().equals(backgrounds.keySet())
                        || v.couplingSign() != couplingSign) {
                    throw new IllegalArgumentException("systematic " + sys.name() + ": its templates are not those of "
                            + model.label() + " (" + flavour + (massMev == null ? "" : ", " + massMev + " MeV") + ") with "
                            + n + " bins, backgrounds " + backgrounds.keySet() + " and coupling sign " + couplingSign);
                }
            }
        }
    }

    /** These inputs with the given systematic variations (taking these inputs' coupling sign). */
    public AnalysisInputs withSystematics(List<ShapeSystematic> variations) {
        return new AnalysisInputs(model, flavour, massMev, observed, backgrounds, standardModel, interference,
                newPhysics, variations.stream().map(v -> v.withCouplingSign(couplingSign)).toList(), couplingSign);
    }

    /** The same templates on the given branch of the coupling (+1 or -1; -1 only for a signed coupling). */
    public AnalysisInputs withCouplingSign(int sign) {
        return new AnalysisInputs(model, flavour, massMev, observed, backgrounds, standardModel, interference,
                newPhysics, systematics.stream().map(v -> v.withCouplingSign(sign)).toList(), sign);
    }

    /**
     * The factor of the interference piece at |c| = 1 on this branch: couplingSign^p1 (p1 the model's interference
     * power), i.e. -1 only for an odd power on the negative branch.
     */
    public double interferenceSign() {
        return model.interferencePower() % 2 == 1 ? couplingSign : 1;
    }

    /** A copy: the inputs are immutable. */
    @Override
    public double[] observed() {
        return observed.clone();
    }

    public int bins() {
        return observed.length;
    }
}
