package xmassnu.jobs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.spark.sql.SparkSession;

import xmassnu.fits.analysis.AnalysisInputs;
import xmassnu.fits.analysis.CouplingLimit;
import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.analysis.GoodnessOfFit;
import xmassnu.fits.analysis.LookElsewhere;
import xmassnu.fits.analysis.PointAnalysis;
import xmassnu.fits.physics.FlavourCase;
import xmassnu.fits.physics.Model;
import xmassnu.jobs.spectra.SpectraSummary;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.spectra.VariedTemplates;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;

/**
 * Cost of the observation on a pipeline's templates ({@code DIR/spectra/templates}, every systematic variation
 * profiled), projected to {@code projectDays} live days (background-only Asimov data, as {@code bin/xmass fit
 * --project-days}): the goodness of fit with its toys, the look-elsewhere toys over the whole B-L mass scan (flavour
 * case "all"), and optionally the whole grid with and without the observation. Plain Java on a fixed thread pool (the
 * Spark fan-out adds scheduling only); wall time and the CPU time summed over the worker threads.
 */
public final class SignificanceBenchmark {
    private SignificanceBenchmark() {}

    private static final int CHUNK = 25;

    public static void run(SparkSession spark, Location dataDir, int toys, double projectDays, int threads, boolean grid)
            throws Exception {
        Storage storage = Storage.of(spark.sparkContext().hadoopConfiguration());
        CommittedStage spectra = CommittedStage.open(storage, new DataLayout(dataDir).spectra(),
                DataLayout.SPECTRA, "bin/xmass spectra --data " + dataDir);
        VariedTemplates t = VariedTemplates.of(VariedTemplates.read(storage, spectra, null));
        double live = SpectraSummary.read(storage, spectra).liveDays();
        if (!(live > 0)) {
            throw new IllegalArgumentException(spectra + ": no live time in its summary");
        }
        VariedTemplates p = projectDays > 0 ? t.projected(projectDays / live) : t;
        FitSettings s = FitSettings.XMASS_I;
        List<Templates.SignalKey> keys = new ArrayList<>(p.nominal().signalKeys());
        keys.sort(Templates.SignalKey.GRID_ORDER);
        List<AnalysisInputs> scan = keys.stream().filter(k -> k.model() == Model.B_L
                && k.flavour() == FlavourCase.ALL).map(p::inputs).toList();
        System.out.printf(Locale.ROOT, "templates of %s (%.3g live days) projected to %.3g live days: %d bins, %d"
                + " systematics profiled; %d grid points, B-L scan of %d masses; %d threads%n", dataDir, live,
                projectDays > 0 ? projectDays : live, scan.get(0).bins(), p.systematicNames().size(), keys.size(),
                scan.size(), threads);

        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        long c0 = cpu.getCurrentThreadCpuTime();
        GoodnessOfFit.Result gof = GoodnessOfFit.compute(scan.get(0), s, toys, 1);
        System.out.printf(Locale.ROOT, "goodness of fit, %d toys, one thread: %.1f s wall, %.1f s CPU; chi2 %.2f for"
                + " %d dof, p %.3f (chi-square), %.3f (toys)%n", toys, (System.nanoTime() - t0) * 1e-9,
                (cpu.getCurrentThreadCpuTime() - c0) * 1e-9, gof.chi2(), gof.ndof(), gof.pValueAsymptotic(),
                gof.pValueToys());

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicLong cpuNanos = new AtomicLong();
            t0 = System.nanoTime();
            double[] observed = new LookElsewhere(scan, s).observedQ0();
            List<Future<LookElsewhere.ToyBlock>> blocks = new ArrayList<>();
            ThreadLocal<LookElsewhere> perThread = ThreadLocal.withInitial(() -> new LookElsewhere(scan, s));
            for (int first = 0; first < toys; first += CHUNK) {
                int from = first;
                int count = Math.min(CHUNK, toys - first);
                blocks.add(pool.submit(() -> {
                    long c = cpu.getCurrentThreadCpuTime();
                    LookElsewhere.ToyBlock b = perThread.get().toys(7, from, count);
                    cpuNanos.addAndGet(cpu.getCurrentThreadCpuTime() - c);
                    return b;
                }));
            }
            List<LookElsewhere.ToyBlock> done = new ArrayList<>();
            for (Future<LookElsewhere.ToyBlock> f : blocks) {
                done.add(f.get());
            }
            double wall = (System.nanoTime() - t0) * 1e-9;
            LookElsewhere.Result r = LookElsewhere.combine(new LookElsewhere(scan, s).massesMev(), observed, done,
                    LookElsewhere.DEFAULT_REFERENCE_LEVEL);
            System.out.printf(Locale.ROOT, "look-elsewhere toys, %d over %d masses: %.1f s wall, %.1f s CPU (%.1f ms"
                    + " CPU per toy); %d failed; E[N(%.1f)] = %.3f +- %.3f upcrossings; largest local Z %.2f at %.3g"
                    + " MeV, global p %.3f (toys), %.3f (Gross-Vitells)%s%n", toys, scan.size(), wall,
                    cpuNanos.get() * 1e-9, cpuNanos.get() * 1e-6 / toys, r.failedToys(), r.referenceLevel(),
                    r.meanUpcrossings(), r.meanUpcrossingsError(), r.maxLocalSignificance(), r.massAtMaxMev(),
                    r.globalPValueToys(), r.globalPValueGrossVitells(),
                    r.firstFailure() == null ? "" : "; first failure: " + r.firstFailure());
            if (grid) {
                double limitsOnly = timeGrid(pool, keys, k -> CouplingLimit.compute(p.inputs(k), s, 1), "limits only");
                List<PointAnalysis.Result> results = java.util.Collections.synchronizedList(new ArrayList<>());
                double withObservation = timeGrid(pool, keys, k -> {
                    if (k.model().signedCoupling()) {
                        PointAnalysis.BothSigns b = PointAnalysis.computeBothSigns(p.inputs(k), s, 1);
                        results.addAll(List.of(b.positive(), b.negative(), b.eitherSign()));
                        return b;
                    }
                    PointAnalysis.Result one = PointAnalysis.compute(p.inputs(k), s, 1);
                    results.add(one);
                    return one;
                }, "limits + observation (both signs of the millicharge)");
                long failed = results.stream().filter(x -> !x.observation().converged()).count();
                double maxZ = results.stream().mapToDouble(x -> x.observation().localSignificance())
                        .filter(Double::isFinite).max().orElse(Double.NaN);
                System.out.printf(Locale.ROOT, "observation: %d results, %d failed%s; largest local Z %.2f%n",
                        results.size(), failed, failed == 0 ? "" : " (first: " + results.stream().filter(x ->
                                !x.observation().converged()).findFirst().orElseThrow().observation().reason() + ")",
                        maxZ);
                System.out.printf(Locale.ROOT, "grid with the observation / without (CPU): %.2f%n",
                        withObservation / limitsOnly);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The CPU seconds of the whole grid (summed over the workers: the machine is shared), printed with the wall. */
    private static double timeGrid(ExecutorService pool, List<Templates.SignalKey> keys,
                                   Function<Templates.SignalKey, Object> point, String what) throws Exception {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        AtomicLong cpuNanos = new AtomicLong();
        long t0 = System.nanoTime();
        List<Future<Object>> fs = new ArrayList<>();
        for (Templates.SignalKey k : keys) {
            fs.add(pool.submit(() -> {
                long c = cpu.getCurrentThreadCpuTime();
                Object r = point.apply(k);
                cpuNanos.addAndGet(cpu.getCurrentThreadCpuTime() - c);
                return r;
            }));
        }
        for (Future<Object> f : fs) {
            f.get();
        }
        double wall = (System.nanoTime() - t0) * 1e-9;
        System.out.printf(Locale.ROOT, "grid, %s: %.1f s wall, %.1f s CPU%n", what, wall, cpuNanos.get() * 1e-9);
        return cpuNanos.get() * 1e-9;
    }
}
