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
 * backgrounds + sm + c^p1 interference + c^p2 newPhysics (physics.md section 3) — and, when the systematic
 * variations are profiled, the same templates at +1 and -1 sigma of each of them.
 */
public record AnalysisInputs(Model model, String flavour, Double massMev, double[] observed,
                             Map<String, Histogram> backgrounds, Histogram standardModel, Histogram interference,
                             Histogram newPhysics, List<ShapeSystematic> systematics) {

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
    }

    /** Without systematic variations (only the normalisation and Monte Carlo statistics uncertainties). */
    public AnalysisInputs(Model model, String flavour, Double massMev, double[] observed,
                          Map<String, Histogram> backgrounds, Histogram standardModel, Histogram interference,
                          Histogram newPhysics) {
        this(model, flavour, massMev, observed, backgrounds, standardModel, interference, newPhysics, List.of());
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
                        || v.bins() != n || !v.backgrounds().keySet().equals(backgrounds.keySet())) {
                    throw new IllegalArgumentException("systematic " + sys.name() + ": its templates are not those of "
                            + model.label() + " (" + flavour + (massMev == null ? "" : ", " + massMev + " MeV") + ") with "
                            + n + " bins and backgrounds " + backgrounds.keySet());
                }
            }
        }
    }

    /** These inputs with the given systematic variations. */
    public AnalysisInputs withSystematics(List<ShapeSystematic> variations) {
        return new AnalysisInputs(model, flavour, massMev, observed, backgrounds, standardModel, interference,
                newPhysics, variations);
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
