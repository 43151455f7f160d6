package xmassnu.jobs.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import xmassnu.fits.analysis.AnalysisInputs;
import xmassnu.fits.analysis.CouplingLimit;
import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.analysis.Histogram;
import xmassnu.fits.analysis.LimitWorkspace;
import xmassnu.fits.physics.Model;
import xmassnu.fits.stats.AsymptoticCalculator;
import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.Minimiser;
import xmassnu.fits.stats.ToyCalculator;

/**
 * Timing of the statistics kernels on a reference model of the analysis's size (30 bins, ~6 nuisances; docs/benchmarks.md): one
 * hypothesis test (observed + expected band), one limit (observed + 5 expected, Brent), toys per second; and the
 * same with per-bin Monte Carlo statistics (30 more nuisances), as in the analysis.
 */
public final class FitBenchmark {
    private FitBenchmark() {}

    /** 30 1-keV bins, five background components, SM, and a millicharge-like signal (interference + pure). */
    static AnalysisInputs reference() {
        int n = 30;
        Map<String, Histogram> b = new LinkedHashMap<>();
        double[] obs = new double[n];
        double[] sm = new double[n];
        double[] inter = new double[n];
        double[] pure = new double[n];
        String[] names = {"gap", "surface", "pb214", "kr85", "pmt-gamma"};
        for (int c = 0; c < names.length; c++) {
            double[] h = new double[n];
            double[] e = new double[n];
            for (int i = 0; i < n; i++) {
                double t = 2.5 + i;
                h[i] = (c + 1) * 3 * (1 + Math.exp(-t / (c + 3)));
                e[i] = 0.05 * h[i];
                obs[i] += h[i];
            }
            b.put(names[c], new Histogram(h, e));
        }
        for (int i = 0; i < n; i++) {
            double t = 2.5 + i;
            sm[i] = 0.2;
            inter[i] = -2e10 / t;
            pure[i] = 1e22 / (t * t);
            obs[i] = Math.round(obs[i] + sm[i] + (i % 3 - 1) * Math.sqrt(obs[i]));
        }
        return new AnalysisInputs(Model.MILLICHARGE, "all", null, obs, b, new Histogram(sm, new double[n]),
                new Histogram(inter, new double[n]), new Histogram(pure, new double[n]));
    }

    public static void run() {
        AnalysisInputs in = reference();
        for (boolean mcStat : new boolean[] {false, true}) {
            FitSettings s = new FitSettings(0.90, "qtilde", 0.3, 0.05, mcStat, 1e-3);
            HistFactoryModel m = new HistFactoryModel(LimitWorkspace.build(in, s).workspace(), null);
            double[] data = m.observedData();
            // warm-up, then measure
            for (int i = 0; i < 20; i++) {
                new AsymptoticCalculator(m, data, s.statistic(), Minimiser.DEFAULT).hypotest(0.5);
            }
            int tests = 200;
            long t0 = System.nanoTime();
            for (int i = 0; i < tests; i++) {
                new AsymptoticCalculator(m, data, s.statistic(), Minimiser.DEFAULT).hypotest(0.3 + 0.001 * i);
            }
            double msPerTest = (System.nanoTime() - t0) * 1e-6 / tests;
            int limits = 20;
            t0 = System.nanoTime();
            for (int i = 0; i < limits; i++) {
                CouplingLimit.compute(in, s);
            }
            double msPerLimit = (System.nanoTime() - t0) * 1e-6 / limits;
            int toys = 500;
            t0 = System.nanoTime();
            new ToyCalculator(m, data, s.statistic(), Minimiser.DEFAULT, toys, 1).hypotest(0.5);
            double toysPerS = 2 * toys / ((System.nanoTime() - t0) * 1e-9);
            System.out.printf(Locale.ROOT, "%d bins, %d parameters (%s per-bin MC statistics), one thread:%n",
                    m.mainBins(), m.parameterCount(), mcStat ? "with" : "without");
            System.out.printf(Locale.ROOT, "  hypothesis test (observed + expected band): %.2f ms   (target < 5 ms)%n",
                    msPerTest);
            System.out.printf(Locale.ROOT, "  limit (observed + 5 expected, Brent):       %.1f ms%n", msPerLimit);
            System.out.printf(Locale.ROOT, "  toys (each: free + conditional fit):        %.0f toys/s per core%n", toysPerS);
        }
        System.out.println("the whole grid: `bin/xmass fit --data DIR` prints its wall time (docs/benchmarks.md)");
    }
}
