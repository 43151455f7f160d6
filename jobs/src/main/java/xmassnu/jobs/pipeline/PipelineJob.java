package xmassnu.jobs.pipeline;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.SparkSession;

import xmassnu.jobs.config.RunSelection;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.fit.FitJob;
import xmassnu.jobs.fit.SweepJob;
import xmassnu.jobs.reduce.ReduceJob;
import xmassnu.jobs.select.SelectJob;
import xmassnu.jobs.simulate.SimulateJob;
import xmassnu.jobs.spectra.SpectraJob;

/**
 * simulate -> reduce -> select -> spectra -> fit -> sweep (the limits of every systematic variation) in one Spark
 * session. Every stage checks its lineage first and
 * reuses a committed output with the same one, so a rerun (or a run after a crash) only does what is missing.
 */
public final class PipelineJob {
    private PipelineJob() {}

    /** What each stage did. */
    public record StageReport(String stage, boolean reused, double seconds) {}

    public record Result(List<StageReport> stages, FitJob.Result limits) {}

    public static Result run(SparkSession spark, PipelineConfig c, Path data, boolean quiet, PrintStream log) {
        SimulationSettings sim = c.simulationSettings();
        RunSelection selected = RunSelection.of(sim.seed(), c.days() == null ? 0 : c.days(), c.runs(),
                "config " + c.name() + ": runs");
        List<StageReport> reports = new java.util.ArrayList<>();
        long t = System.nanoTime();
        SimulateJob.Result s = SimulateJob.run(spark, new SimulateJob.Request(data, selected.runs(), selected.label(), sim, 0,
                false, quiet));
        t = report(reports, log, "simulate", s.reused(), t);
        ReduceJob.Result r = ReduceJob.run(spark, new ReduceJob.Request(data, sim.detector(), 4, false, false, quiet));
        t = report(reports, log, "reduce", r.reused(), t);
        SelectJob.Result sel = SelectJob.run(spark, new SelectJob.Request(data, c.selectionSettings(), sim.detector(), false));
        t = report(reports, log, "select", sel.reused(), t);
        SpectraJob.Result sp = SpectraJob.run(spark, new SpectraJob.Request(data, c.spectraSettings(), null, 0, false, quiet));
        t = report(reports, log, "spectra", sp.reused(), t);
        FitJob.Result f = FitJob.run(spark, new FitJob.Request(data, c.fitSettings(), c.fitSeed(), false, quiet));
        t = report(reports, log, "fit", f.reused(), t);
        SweepJob.Result sw = SweepJob.run(spark, new SweepJob.Request(data, c.fitSettings(), c.fitSeed(), null,
                SweepJob.DEFAULT_MASS_STRIDE, false, quiet));
        report(reports, log, "sweep", sw.reused().size() == sw.variations().size(), t);
        return new Result(reports, f);
    }

    private static long report(List<StageReport> reports, PrintStream log, String stage, boolean reused, long t0) {
        long now = System.nanoTime();
        StageReport r = new StageReport(stage, reused, (now - t0) * 1e-9);
        reports.add(r);
        log.printf(Locale.ROOT, "pipeline: %-8s %s (%.1f s)%n", stage, reused ? "reused" : "done", r.seconds());
        return now;
    }
}
