package xmassnu.jobs.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import xmassnu.fits.analysis.FitSettings;
import xmassnu.jobs.fit.FitStage;
import xmassnu.jobs.fit.GridPoint;
import xmassnu.jobs.fit.LimitTable;
import xmassnu.jobs.fit.Observation;
import xmassnu.jobs.spark.Sessions;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.StageRunner;

@Command(name = "fit", header = "Compute the limits and the observation at every grid point from DIR/spectra.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"CLs upper limits on the couplings from DIR/spectra, one Spark task per grid point, with the",
                "best fit, its 68 % interval and the local significance there (both signs of the millicharge); then",
                "the background-only goodness of fit and the B-L mass scan's global significance from toys. Into",
                "DIR/limits: grid, limits.csv, goodness_of_fit.json, significance.json, HEPData, plots."})
final class FitCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Mixin
    FitOptions fit;

    @Option(names = "--project-live-days", paramLabel = "D",
            description = "Expected limits for D live days instead of the data's: templates scaled, background-only "
                    + "Asimov data as observation; written to DIR/projection-<D>d.")
    Double projectLiveDays;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        FitSettings settings = fit.settings();
        FitStage stage = new FitStage(settings, fit.seed(), projectLiveDays);
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass fit");
        try (StageRunner runner = data.runner(spark, "xmass fit", parent.global.quiet)) {
            StageRunner.Outcome<List<GridPoint>> o = runner.run(stage, data.force);
            long failed = o.result().stream().filter(p -> !p.converged()).count();
            System.out.printf(java.util.Locale.ROOT, "fit: %s%s: %d grid points, %d failed%s%n",
                    runner.layout().stage(stage.key()), o.reused() ? " (reused)" : "", o.result().size(), failed,
                    o.reused() ? "" : String.format(java.util.Locale.ROOT, " (%.1f s)", o.seconds()));
            System.out.print(LimitTable.format(o.result(), settings.confidenceLevel()));
            if (projectLiveDays == null) {
                System.out.print(LimitTable.observation(Observation.read(runner.storage(), CommittedStage.open(
                        runner.storage(), runner.layout().stage(stage.key()), stage.key(), "bin/xmass fit"))));
            }
            return failed == o.result().size() ? 1 : 0;
        }
    }
}
