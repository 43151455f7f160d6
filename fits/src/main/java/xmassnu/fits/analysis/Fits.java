package xmassnu.fits.analysis;

import xmassnu.fits.stats.FitResult;
import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.Minimiser;

/** The fits of pseudo-experiments that the goodness of fit and the look-elsewhere scan share. */
final class Fits {
    private Fits() {}

    /** The background-only fit (POI fixed at 0) of {@code data} from the parameters {@code from}. */
    static FitResult backgroundOnly(HistFactoryModel m, double[] data, double[] from) {
        double[] start = from.clone();
        start[m.poiIndex()] = 0;
        boolean[] fixed = m.fixedParameters();
        fixed[m.poiIndex()] = true;
        double[] scratch = new double[m.mainBins()];
        return Minimiser.DEFAULT.minimise(p -> m.nll(p, data, scratch), m.curvature(data), start, m.lowerBounds(),
                m.upperBounds(), fixed);
    }

    /** The converged fit with the lower -ln L (the first if neither converged). */
    static FitResult better(FitResult a, FitResult b) {
        if (!a.converged()) {
            return b.converged() ? b : a;
        }
        return b.converged() && b.nll() < a.nll() ? b : a;
    }
}
