package xmassnu.jobs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.SparkSession;

import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.reduce.ReduceStage;
import xmassnu.jobs.select.SelectStage;
import xmassnu.jobs.simulate.SimulateStage;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.jobs.storage.Location;
import xmassnu.reduction.cuts.SelectionSettings;
import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.RunPlan;

/**
 * The scale benchmark: simulate, reduce and select full-rate slices of increasing length, with each stage's wall
 * time, events/s per core and peak heap (in local mode the driver and the executors share this JVM, so it bounds
 * both), and the extrapolation of the measured per-core rates to the full 711-day stream on 2 and 64 cores.
 * Peak heap is the largest post-GC occupancy of the heap pools during the stage (what the stage needs to keep),
 * not the heap size the collector happened to grow to.
 */
public final class ScaleBenchmark {
    private ScaleBenchmark() {}

    /** Triggers in the full 711-day stream at the simulation's physics rate (docs/detector.md). */
    static final double FULL_STREAM_TRIGGERS = 1.4e8;

    record Stage(String name, double days, long events, double seconds, double peakHeapMb) {}

    public static void run(SparkSession spark, Location work, List<Double> daysList) {
        SimulationSettings settings = SimulationSettings.DEFAULT;
        int cores = spark.sparkContext().defaultParallelism();
        List<Stage> stages = new ArrayList<>();
        for (double days : daysList) {
            List<RunInfo> slice = RunPlan.firstLiveDays(settings.seed(), days);
            try (StageRunner runner = Benches.runner(spark, work.resolve(String.format(Locale.ROOT, "scale-%gd", days)))) {
                long t = System.nanoTime();
                resetPeaks();
                SimulateStage.Result s = runner.run(new SimulateStage(Benches.runs(slice, "scale " + days), settings, 0),
                        true).result();
                stages.add(new Stage("simulate", days, s.events(), (System.nanoTime() - t) * 1e-9, peakHeapMb()));
                t = System.nanoTime();
                resetPeaks();
                ReduceStage.Result r = runner.run(new ReduceStage(4, false), true).result();
                stages.add(new Stage("reduce", days, r.eventsOut(), (System.nanoTime() - t) * 1e-9, peakHeapMb()));
                t = System.nanoTime();
                resetPeaks();
                SelectStage.Result sel = runner.run(new SelectStage(SelectionSettings.XMASS_I), true).result();
                stages.add(new Stage("select", days, sel.total().get(0).events(), (System.nanoTime() - t) * 1e-9,
                        peakHeapMb()));
            }
        }
        System.out.printf(Locale.ROOT, "%nscale benchmark (%s, %d cores, full trigger stream, calibration runs included)%n",
                spark.sparkContext().master(), cores);
        System.out.printf(Locale.ROOT, "%-9s %6s %12s %9s %16s %14s%n", "stage", "days", "events", "wall s", "events/s/core",
                "peak heap MB");
        for (Stage st : stages) {
            System.out.printf(Locale.ROOT, "%-9s %6.2f %,12d %9.1f %,16.0f %14.0f%n", st.name(), st.days(), st.events(),
                    st.seconds(), st.events() / st.seconds() / cores, st.peakHeapMb());
        }
        System.out.println("\nextrapolated to the full 711-day stream (" + String.format(Locale.ROOT, "%.1e",
                FULL_STREAM_TRIGGERS) + " triggers) from the longest slice's per-core rates:");
        double total2 = 0;
        double total64 = 0;
        for (String name : List.of("simulate", "reduce", "select")) {
            Stage last = stages.stream().filter(x -> x.name().equals(name)).reduce((a, b) -> b).orElseThrow();
            double perCore = last.events() / last.seconds() / cores;
            // simulate counts triggers written; reduce and select count events (= triggers)
            double h2 = FULL_STREAM_TRIGGERS / (perCore * 2) / 3600;
            double h64 = FULL_STREAM_TRIGGERS / (perCore * 64) / 3600;
            total2 += h2;
            total64 += h64;
            System.out.printf(Locale.ROOT, "  %-9s %8.2f h on 2 cores %8.2f h on 64 cores%n", name, h2, h64);
        }
        System.out.printf(Locale.ROOT, "  %-9s %8.2f h on 2 cores %8.2f h on 64 cores (spectra and fit add a fixed "
                + "few minutes)%n", "total", total2, total64);
    }

    private static volatile double peakMb;
    private static Thread sampler;

    /** Starts a fresh peak: a sampler thread keeps the largest post-GC heap occupancy seen every 100 ms. */
    private static void resetPeaks() {
        System.gc();
        peakMb = 0;
        if (sampler == null) {
            sampler = new Thread(() -> {
                while (true) {
                    peakMb = Math.max(peakMb, liveHeapMb());
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }
    }

    private static double peakHeapMb() {
        return Math.max(peakMb, liveHeapMb());
    }

    /** Heap occupancy right after the latest collection of each heap pool (live data, not garbage). */
    private static double liveHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
                bytes += p.getCollectionUsage().getUsed();
            }
        }
        return bytes / 1048576.0;
    }
}
