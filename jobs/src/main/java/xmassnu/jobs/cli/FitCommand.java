package xmassnu.jobs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import xmassnu.fits.analysis.FitSettings;
import xmassnu.jobs.fit.FitJob;
import xmassnu.jobs.fit.LimitTable;
import xmassnu.jobs.spark.Sessions;

@Command(name = "fit", header = "Compute the CLs upper limits of every grid point from DIR/spectra.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"CLs upper limits on the couplings from DIR/spectra, one Spark task per grid point (model x flavour",
                "case x mediator mass): DIR/limits/{grid (Parquet), limits.csv, hepdata/, plots/}."})
final class FitCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory holding spectra/.")
    Path data;

    @Mixin
    FitOptions fit;

    @Option(names = "--project-live-days", paramLabel = "D",
            description = "Expected limits for D live days instead of the data's: templates scaled, background-only "
                    + "Asimov data as observation; written to DIR/projection-<D>d.")
    Double projectLiveDays;

    @Option(names = "--force", description = "Replace an existing limits/ with a different lineage.")
    boolean force;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        FitSettings settings = fit.settings();
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass fit");
        FitJob.Result r = FitJob.run(spark, new FitJob.Request(data, settings, fit.seed, projectLiveDays, force,
                parent.global.quiet));
        System.out.printf("fit: %s%s: %d grid points, %d failed%s%n", r.dir(), r.reused() ? " (reused)" : "",
                r.points().size(), r.failed(), r.reused() ? "" : String.format(" (%.1f s)", r.wallSeconds()));
        System.out.print(LimitTable.format(r.points(), settings.confidenceLevel()));
        return r.failed() == r.points().size() ? 1 : 0;
    }
}
