package xmassnu.jobs.pipeline;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import xmassnu.jobs.config.RunSelection;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.fit.FitStage;
import xmassnu.jobs.fit.GridPoint;
import xmassnu.jobs.fit.SweepStage;
import xmassnu.jobs.reduce.ReduceStage;
import xmassnu.jobs.select.SelectStage;
import xmassnu.jobs.simulate.SimulateStage;
import xmassnu.jobs.spectra.SpectraStage;
import xmassnu.jobs.spectra.VariedTemplates;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageRunner;

/**
 * The analysis end to end in one Spark session: simulate, reduce, select, spectra, fit and the systematic sweep, each
 * through the one {@link StageRunner}, so that a rerun (or a run after a crash) does only what is missing and a
 * changed setting redoes exactly the stages it reaches.
 */
public final class PipelineJob {
    private PipelineJob() {}

    /** What each stage did. */
    public record StageReport(String stage, boolean reused, double seconds) {}

    public record Result(List<StageReport> stages, List<GridPoint> limits) {
        public long failed() {
            return limits.stream().filter(p -> !p.converged()).count();
        }
    }

    /** @param force replace outputs whose lineage differs from this configuration's (otherwise an error) */
    public static Result run(StageRunner runner, PipelineConfig c, boolean force, PrintStream log) {
        SimulationSettings sim = c.simulationSettings();
        RunSelection runs = RunSelection.of(sim.seed(), c.days() == null ? 0 : c.days(), c.runs(),
                "config " + c.name() + ": runs");
        List<StageReport> reports = new ArrayList<>();
        report(reports, log, "simulate", runner.run(new SimulateStage(runs, sim, 0), force));
        report(reports, log, "reduce", runner.run(new ReduceStage(4, false), force));
        report(reports, log, "select", runner.run(new SelectStage(c.selectionSettings()), force));
        report(reports, log, "spectra", runner.run(new SpectraStage(c.spectraSettings(), null, 0), force));
        StageRunner.Outcome<List<GridPoint>> fit = runner.run(new FitStage(c.fitSettings(), c.fitSeed(), null), force);
        report(reports, log, "fit", fit);
        long t0 = System.nanoTime();
        CommittedStage spectra = CommittedStage.open(runner.storage(), runner.layout().spectra(), DataLayout.SPECTRA,
                "bin/xmass spectra");
        SweepStage.Result sweep = SweepStage.run(runner, c.fitSettings(), c.fitSeed(), null,
                VariedTemplates.available(runner.storage(), spectra), SweepStage.DEFAULT_MASS_STRIDE, force);
        StageReport s = new StageReport("sweep", sweep.reused().size() == sweep.variations().size(),
                (System.nanoTime() - t0) * 1e-9);
        reports.add(s);
        print(log, s);
        return new Result(reports, fit.result());
    }

    private static void report(List<StageReport> reports, PrintStream log, String stage, StageRunner.Outcome<?> o) {
        StageReport r = new StageReport(stage, o.reused(), o.seconds());
        reports.add(r);
        print(log, r);
    }

    private static void print(PrintStream log, StageReport r) {
        log.printf(Locale.ROOT, "pipeline: %-8s %s (%.1f s)%n", r.stage(), r.reused() ? "reused" : "done", r.seconds());
    }
}
