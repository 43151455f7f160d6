package xmassnu.jobs.pipeline;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.SparkSession;

import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.fit.FitJob;
import xmassnu.jobs.reduce.ReduceJob;
import xmassnu.jobs.select.SelectJob;
import xmassnu.jobs.simulate.SimulateJob;
import xmassnu.jobs.spectra.SpectraJob;
import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.RunPlan;

/**
 * simulate -> reduce -> select -> spectra -> fit in one Spark session. Every stage checks its lineage first and
 * reuses a committed output with the same one, so a rerun (or a run after a crash) only does what is missing.
 */
public final class PipelineJob {
    private PipelineJob() {}

    /** What each stage did. */
    public record StageReport(String stage, boolean reused, double seconds) {}

    public record Result(List<StageReport> stages, FitJob.Result limits) {}

    public static Result run(SparkSession spark, PipelineConfig c, Path data, boolean quiet, PrintStream log) {
        SimulationSettings sim = c.simulationSettings();
        List<RunInfo> runs;
        String selection;
        if (c.runs() != null) {
            String[] ab = c.runs().split("-");
            if (ab.length != 2) {
                throw new IllegalArgumentException("config " + c.name() + ": runs expects A-B, got '" + c.runs() + "'");
            }
            runs = RunPlan.runRange(sim.seed(), Integer.parseInt(ab[0].trim()), Integer.parseInt(ab[1].trim()));
            selection = "runs " + c.runs();
        } else {
            runs = RunPlan.firstLiveDays(sim.seed(), c.days());
            selection = "days " + c.days();
        }
        List<StageReport> reports = new java.util.ArrayList<>();
        long t = System.nanoTime();
        SimulateJob.Result s = SimulateJob.run(spark, new SimulateJob.Request(data, runs, selection, sim, 0, false, quiet));
        t = report(reports, log, "simulate", s.reused(), t);
        ReduceJob.Result r = ReduceJob.run(spark, new ReduceJob.Request(data, sim.detector(), 4, false, false, quiet));
        t = report(reports, log, "reduce", r.reused(), t);
        SelectJob.Result sel = SelectJob.run(spark, new SelectJob.Request(data, c.selectionSettings(), sim.detector(), false));
        t = report(reports, log, "select", sel.reused(), t);
        SpectraJob.Result sp = SpectraJob.run(spark, new SpectraJob.Request(data, c.spectraSettings(), null, 0, false, quiet));
        t = report(reports, log, "spectra", sp.reused(), t);
        FitJob.Result f = FitJob.run(spark, new FitJob.Request(data, c.fitSettings(), c.fitSeed(), false, quiet));
        report(reports, log, "fit", f.reused(), t);
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
