package xmassnu.jobs.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.spark.Sessions;
import xmassnu.jobs.spectra.SpectraJob;
import xmassnu.jobs.spectra.SpectraSettings;

@Command(name = "spectra", header = "Build the observed histogram, response, templates and pyhf workspaces.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Observed histogram, detector response, background and signal templates from DIR/selection into",
                "DIR/spectra (Parquet, plus pyhf workspaces of the linear models), Monte Carlo fanned out on Spark."})
final class SpectraCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory holding selection/.")
    Path data;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON overrides of the spectra settings, e.g. {\"responseEvents\": 1000000}.")
    Path config;

    @Option(names = "--background-model", paramLabel = "FILE",
            description = "Simulation settings (JSON overrides) for the background Monte Carlo; default: those of the raw data.")
    Path backgroundModel;

    @Option(names = "--force", description = "Replace an existing spectra/ with a different lineage.")
    boolean force;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        SpectraSettings settings = Json.load(SpectraSettings.XMASS_I, config, SpectraSettings.class);
        SimulationSettings background = backgroundModel == null ? null : SimulationSettings.load(backgroundModel);
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass spectra");
        SpectraJob.Result r = SpectraJob.run(spark, new SpectraJob.Request(data, settings, background, 0, force,
                parent.global.quiet));
        print(r);
        return 0;
    }

    static void print(SpectraJob.Result r) {
        System.out.printf("spectra: %s%s (exposure %.2f kg*d%s)%n", r.dir(), r.reused() ? " (reused)" : "",
                r.exposureKgDay(), r.reused() ? "" : String.format(", %.1f s", r.wallSeconds()));
        System.out.printf("  %-24s %12s%n", "sample", "events");
        System.out.printf("  %-24s %12.0f%n", "observed", r.observed());
        double total = r.expectedSolarSm();
        for (Map.Entry<String, Double> e : r.expectedBackground().entrySet()) {
            System.out.printf("  %-24s %12.3f%n", e.getKey(), e.getValue());
            total += e.getValue();
        }
        System.out.printf("  %-24s %12.3f%n", "solar-nu-sm", r.expectedSolarSm());
        System.out.printf("  %-24s %12.3f%n", "expected total", total);
    }
}
