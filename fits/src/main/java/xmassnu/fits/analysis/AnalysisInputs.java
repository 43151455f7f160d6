package xmassnu.fits.analysis;

import java.util.LinkedHashMap;
import java.util.Map;

import xmassnu.fits.physics.Model;

/**
 * What one limit needs: observed counts, background templates by component, the Standard-Model solar template and
 * the signal pieces of one (model, flavour case, mass) at unit coupling — expected counts are
 * backgrounds + sm + c^p1 interference + c^p2 newPhysics (physics.md section 3).
 */
public record AnalysisInputs(Model model, String flavour, Double massMev, double[] observed,
                             Map<String, Histogram> backgrounds, Histogram standardModel, Histogram interference,
                             Histogram newPhysics) {
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
        backgrounds = java.util.Collections.unmodifiableMap(backgrounds);
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
