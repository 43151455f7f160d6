package xmassnu.fits.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.apache.commons.math3.random.Well19937c;

import xmassnu.fits.stats.AsymptoticCalculator;
import xmassnu.fits.stats.FitResult;
import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.Minimiser;
import xmassnu.fits.stats.ToyCalculator;

/**
 * The look-elsewhere effect of a scan over the mediator mass: how significant is the largest local excess, given
 * that an excess at any mass of the scan would have been noticed? Two estimates of the global p-value of the largest
 * q0 of the scan, u = max_m q0(m) (q0: arXiv:1007.1727 eq. 12 at each mass):
 *
 * <ul>
 *   <li>Gross and Vitells (arXiv:1005.1891, sec. 2, Davies' bound for one degree of freedom):
 *       p_global = P(q0(m) &gt; u) + E[N(u)] with E[N(u)] = E[N(u0)] exp(-(u - u0) / 2), N(u0) the number of
 *       upcrossings of a low reference level u0 by q0(m) along the scan, whose mean is estimated on a modest number of
 *       background-only toys; P(q0 &gt; u) = (1 - Phi(sqrt u)) for the one-sided q0 (half a chi-square);</li>
 *   <li>the toys' own: the fraction of background-only toys whose largest q0 over the scan reaches u (enough toys
 *       reach far into the tail only for moderate u; the bound extrapolates beyond).</li>
 * </ul>
 *
 * <p>Every mass shares the observed spectrum, backgrounds and nuisance parameters; only the signal changes. So the
 * background-only fit (POI = 0) is the same for every mass: one per dataset, from which each mass's free fit starts.
 * Toys are drawn from that fit to the data (main bins Poisson, auxiliary data fluctuated), seeded from (seed, toy):
 * {@link #toys} over any split of toy ranges (Spark tasks) gives the same toys; {@link #combine} merges the blocks.
 */
public final class LookElsewhere {
    /** Seeds of the toys: (seed, toy) and this purpose. */
    private static final int PURPOSE = 0x1ee;
    /** The default reference level u0 of the upcrossings: low enough for many, high enough to be upcrossings. */
    public static final double DEFAULT_REFERENCE_LEVEL = 0.5;

    private final double[] massesMev;
    private final HistFactoryModel[] models;
    /** Whether -ln L can fall from POI = 0 (a piece linear in the coupling); else POI = 0 is stationary. */
    private final boolean[] linearAtZero;
    private final double[] data;
    private final FitResult dataBackgroundFit;

    /**
     * A scan: the inputs of one model and flavour case at every mass, ascending (the fit stage's grid), all with the
     * same spectrum, backgrounds and systematics.
     */
    public LookElsewhere(List<AnalysisInputs> scan, FitSettings s) {
        if (scan.size() < 2) {
            throw new IllegalArgumentException("a look-elsewhere scan needs at least 2 masses, got " + scan.size());
        }
        AnalysisInputs first = scan.get(0);
        massesMev = new double[scan.size()];
        models = new HistFactoryModel[scan.size()];
        linearAtZero = new boolean[scan.size()];
        for (int k = 0; k < scan.size(); k++) {
            AnalysisInputs in = scan.get(k);
            if (in.massMev() == null || in.model() != first.model() || !in.flavour().equals(first.flavour())
                    || in.couplingSign() != first.couplingSign()
                    || !Arrays.equals(in.observed(), first.observed())
                    || !in.backgrounds().keySet().equals(first.backgrounds().keySet())) {
                throw new IllegalArgumentException("look-elsewhere scan: point " + k + " (" + in.model().label() + ", "
                        + in.flavour() + ", " + in.massMev() + " MeV) is not a mass of " + first.model().label() + " ("
                        + first.flavour() + ") on the same spectrum");
            }
            massesMev[k] = in.massMev();
            if (k > 0 && !(massesMev[k] > massesMev[k - 1])) {
                throw new IllegalArgumentException("look-elsewhere scan: masses must ascend, got " + massesMev[k - 1]
                        + " then " + massesMev[k] + " MeV");
            }
            models[k] = new HistFactoryModel(LimitWorkspace.build(in, s).workspace(), null);
            linearAtZero[k] = in.model().newPhysicsPower() == 1 || (in.model().interferencePower() == 1
                    && in.interference().total() != 0);
            if (!models[k].parameterNames().equals(models[0].parameterNames())) {
                throw new IllegalArgumentException("look-elsewhere scan: the model at " + massesMev[k]
                        + " MeV has other parameters than at " + massesMev[0] + " MeV");
            }
        }
        data = models[0].observedData();
        dataBackgroundFit = new AsymptoticCalculator(models[0], data, s.statistic(), Minimiser.DEFAULT).backgroundFit();
        if (!dataBackgroundFit.converged()) {
            throw new IllegalStateException("look-elsewhere scan of " + first.model().label() + " (" + first.flavour()
                    + "): the background-only fit to the data failed: " + dataBackgroundFit.reason());
        }
    }

    public double[] massesMev() {
        return massesMev.clone();
    }

    /** q0 of the data at every mass, by the procedure the toys use; NaN where a fit failed. */
    public double[] observedQ0() {
        return scanQ0(data, dataBackgroundFit);
    }

    /**
     * Background-only toys {@code firstToy} ... {@code firstToy + count - 1}: q0 at every mass of each ({@code q0[toy
     * - firstToy][mass]}, NaN where a fit failed).
     */
    public ToyBlock toys(long seed, int firstToy, int count) {
        if (firstToy < 0 || count < 0) {
            throw new IllegalArgumentException("toy range must be non-negative, got first " + firstToy + ", count " + count);
        }
        double[][] q = new double[count][];
        String[] failure = new String[1];
        for (int t = 0; t < count; t++) {
            int toy = firstToy + t;
            double[] d = ToyCalculator.sample(models[0], dataBackgroundFit.parameters(),
                    new Well19937c(new int[] {(int) seed, (int) (seed >>> 32), toy, PURPOSE}));
            FitResult b = Fits.better(Fits.backgroundOnly(models[0], d, models[0].initialValues()),
                    Fits.backgroundOnly(models[0], d, dataBackgroundFit.parameters()));
            if (!b.converged()) {
                q[t] = new double[massesMev.length];
                Arrays.fill(q[t], Double.NaN);
                failure[0] = failure[0] != null ? failure[0] : "toy " + toy + ": background-only fit: " + b.reason();
                continue;
            }
            q[t] = scanQ0(d, b, failure, "toy " + toy);
        }
        return new ToyBlock(firstToy, q, failure[0]);
    }

    private double[] scanQ0(double[] d, FitResult background) {
        return scanQ0(d, background, new String[1], "data");
    }

    /** The q0 of one dataset at every mass, given its background-only fit; the first failure into failure[0]. */
    private double[] scanQ0(double[] d, FitResult background, String[] failure, String which) {
        double[] q = new double[massesMev.length];
        for (int k = 0; k < massesMev.length; k++) {
            HistFactoryModel m = models[k];
            FitResult free = freeFit(m, d, background.parameters(), m.initialValues()[m.poiIndex()]);
            if (linearAtZero[k]) {
                // with a piece linear in the coupling -ln L can fall from 0 into a minimum the start at POI 1 misses;
                // with powers >= 2 only (B-L) POI = 0 is stationary and that start would end where it began: at the
                // background-only fit, which is the candidate it stands for
                free = Fits.better(free, freeFit(m, d, background.parameters(), 0.0));
            }
            q[k] = free.converged() ? Math.max(0, 2 * (background.nll() - free.nll())) : Double.NaN;
            if (!free.converged() && failure[0] == null) {
                failure[0] = which + ", " + massesMev[k] + " MeV: free fit: " + free.reason();
            }
        }
        return q;
    }

    /**
     * The free fit from the background-only fit's nuisances with the POI at {@code poiStart}: from 0 and from the
     * reference coupling (POI 1), as the limit's free fit, since with interference -ln L can have two minima in the
     * POI.
     */
    private static FitResult freeFit(HistFactoryModel m, double[] d, double[] background, double poiStart) {
        double[] start = background.clone();
        start[m.poiIndex()] = poiStart;
        double[] scratch = new double[m.mainBins()];
        return Minimiser.DEFAULT.minimise(p -> m.nll(p, d, scratch), m.curvature(d), start, m.lowerBounds(),
                m.upperBounds(), m.fixedParameters());
    }

    /**
     * q0 over the scan's masses of consecutive toys from {@code firstToy}; {@code firstFailure} says why the first
     * failed toy failed (null if none did).
     */
    public record ToyBlock(int firstToy, double[][] q0, String firstFailure) implements java.io.Serializable {
        public ToyBlock {
            Objects.requireNonNull(q0);
        }
    }

    /**
     * The scan's significance. {@code maxQ0} at {@code massAtMaxMev} (local p {@code localPValueAtMax}, Z
     * {@code maxLocalSignificance} = sqrt(maxQ0)); {@code meanUpcrossings} of {@code referenceLevel} per toy (+-
     * its standard error); the Gross-Vitells global p-value and Z; the toys' global p-value (+- binomial error) and
     * Z; {@code localPValueToys[m]} the fraction of toys with q0(m) at least the observed one (a toy check of the
     * asymptotic local p-values); {@code failedToys} toys with a failed fit at some mass (left out), the first of
     * them explained by {@code firstFailure} (null if none).
     */
    public record Result(double[] massesMev, double[] observedQ0, double maxQ0, double maxLocalSignificance,
                         double massAtMaxMev, double localPValueAtMax, double referenceLevel, double meanUpcrossings,
                         double meanUpcrossingsError, double globalPValueGrossVitells,
                         double globalSignificanceGrossVitells, double globalPValueToys, double globalPValueToysError,
                         double globalSignificanceToys, int toys, int failedToys, double[] localPValueToys,
                         String firstFailure) {}

    /**
     * Combines toy blocks (any order, any split; a toy twice is an error) with the observed q0 of the scan.
     *
     * @param referenceLevel u0 of the upcrossings ({@link #DEFAULT_REFERENCE_LEVEL}); must be below the observed
     *                       maximum for the extrapolation to go upwards (below it, the toys' p-value is the estimate)
     */
    public static Result combine(double[] massesMev, double[] observedQ0, List<ToyBlock> blocks, double referenceLevel) {
        int n = massesMev.length;
        if (observedQ0.length != n) {
            throw new IllegalArgumentException("observed q0 has " + observedQ0.length + " masses, the scan " + n);
        }
        if (!(referenceLevel > 0) || !Double.isFinite(referenceLevel)) {
            throw new IllegalArgumentException("referenceLevel must be > 0, got " + referenceLevel);
        }
        int best = -1;
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(observedQ0[k])) {
                throw new IllegalArgumentException("observed q0 at " + massesMev[k] + " MeV is " + observedQ0[k]);
            }
            if (best < 0 || observedQ0[k] > observedQ0[best]) {
                best = k;
            }
        }
        double u = observedQ0[best];
        List<ToyBlock> sorted = new ArrayList<>(blocks);
        sorted.sort(java.util.Comparator.comparingInt(ToyBlock::firstToy));
        int next = Integer.MIN_VALUE;
        int toys = 0;
        int failed = 0;
        int reaching = 0;
        double sumN = 0;
        double sumN2 = 0;
        int[] localReaching = new int[n];
        String firstFailure = null;
        for (ToyBlock b : sorted) {
            firstFailure = firstFailure != null ? firstFailure : b.firstFailure();
            if (b.firstToy() < next) {
                throw new IllegalArgumentException("toy blocks overlap at toy " + b.firstToy());
            }
            next = b.firstToy() + b.q0().length;
            for (double[] q : b.q0()) {
                if (q.length != n) {
                    throw new IllegalArgumentException("a toy has q0 at " + q.length + " masses, the scan " + n);
                }
                if (!Arrays.stream(q).allMatch(Double::isFinite)) {
                    failed++;
                    continue;
                }
                toys++;
                double max = Arrays.stream(q).max().orElse(0);
                reaching += max >= u ? 1 : 0;
                int ups = upcrossings(q, referenceLevel);
                sumN += ups;
                sumN2 += (double) ups * ups;
                for (int k = 0; k < n; k++) {
                    localReaching[k] += q[k] >= observedQ0[k] ? 1 : 0;
                }
            }
        }
        double nan = Double.NaN;
        double meanN = toys > 0 ? sumN / toys : nan;
        double errN = toys > 1 ? Math.sqrt(Math.max(0, (sumN2 / toys - meanN * meanN) / (toys - 1))) : nan;
        double pGv = grossVitells(u, meanN, referenceLevel);
        double pToys = toys > 0 ? reaching / (double) toys : nan;
        double[] local = new double[n];
        for (int k = 0; k < n; k++) {
            local[k] = toys > 0 ? localReaching[k] / (double) toys : nan;
        }
        return new Result(massesMev.clone(), observedQ0.clone(), u, Math.sqrt(u), massesMev[best],
                AsymptoticCalculator.survival(Math.sqrt(u)), referenceLevel, meanN, errN, pGv,
                AsymptoticCalculator.excessSignificance(pGv), pToys, toys > 0 ? Math.sqrt(pToys * (1 - pToys) / toys) : nan,
                AsymptoticCalculator.excessSignificance(pToys), toys, failed, local, firstFailure);
    }

    /**
     * The number of upcrossings of level u0 along the scan: steps from below u0 to at least u0 between neighbouring
     * masses (a scan starting above u0 has no upcrossing there; the P(q0(m) &gt; u) term of the bound counts it).
     */
    static int upcrossings(double[] q, double u0) {
        int n = 0;
        for (int k = 1; k < q.length; k++) {
            n += q[k - 1] < u0 && q[k] >= u0 ? 1 : 0;
        }
        return n;
    }

    /**
     * Gross-Vitells (arXiv:1005.1891) for one degree of freedom and a one-sided q0: p_global(u) = (1 - Phi(sqrt u))
     * + meanUpcrossings(u0) exp(-(u - u0) / 2), capped at 1.
     */
    public static double grossVitells(double u, double meanUpcrossings, double u0) {
        return Math.min(1, AsymptoticCalculator.survival(Math.sqrt(u)) + meanUpcrossings * Math.exp(-0.5 * (u - u0)));
    }
}
