package xmassnu.jobs.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import xmassnu.fits.analysis.AnalysisInputs;
import xmassnu.fits.analysis.Histogram;
import xmassnu.fits.physics.Model;

/**
 * A hand-made analysis of 8 bins: two backgrounds, a Standard-Model sample, an interference piece (destructive,
 * ~ 1/T) and a pure new-physics piece (~ 1/T^2), and one shape systematic (an energy-scale-like tilt). The same
 * numbers for every model; the couplings mean nothing physical.
 */
final class SyntheticInputs {
    static final int BINS = 8;

    private SyntheticInputs() {}

    static AnalysisInputs of(Model model, Double massMev, double pureScale) {
        AnalysisInputs nominal = make(model, massMev, pureScale, 0);
        return nominal.withSystematics(List.of(new AnalysisInputs.ShapeSystematic("tilt",
                make(model, massMev, pureScale, 1), make(model, massMev, pureScale, -1))));
    }

    private static AnalysisInputs make(Model model, Double massMev, double pureScale, int tilt) {
        double[] flat = new double[BINS];
        double[] falling = new double[BINS];
        double[] sm = new double[BINS];
        double[] inter = new double[BINS];
        double[] pure = new double[BINS];
        int[] observed = {22, 15, 14, 9, 12, 8, 9, 7};
        double[] obs = new double[BINS];
        for (int i = 0; i < BINS; i++) {
            double t = 2.5 + 2 * i;
            double w = 1 + 0.04 * tilt * (i - 3.5);
            flat[i] = 6 * w;
            falling[i] = 18 * Math.exp(-t / 4) * w;
            sm[i] = 0.5 * w;
            inter[i] = model.interferencePower() > 0 ? -2.0 / t * w : 0;
            pure[i] = pureScale / (t * t) * w;
            obs[i] = observed[i];
        }
        Map<String, Histogram> b = new LinkedHashMap<>();
        b.put("flat", new Histogram(flat, fill(0.4)));
        b.put("falling", new Histogram(falling, fill(0.3)));
        return new AnalysisInputs(model, "all", massMev, obs, b, new Histogram(sm, fill(0.02)),
                new Histogram(inter, new double[BINS]), new Histogram(pure, new double[BINS]));
    }

    private static double[] fill(double v) {
        double[] a = new double[BINS];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
