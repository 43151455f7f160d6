package xmassnu.jobs.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.spark.Sessions;
import xmassnu.jobs.spectra.SpectraStage;
import xmassnu.jobs.spectra.SpectraSummary;
import xmassnu.jobs.stage.StageRunner;

@Command(name = "spectra", header = "Build the observed histogram, response, templates and pyhf workspaces.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = "Observed histogram, detector response, background and signal templates and their systematic "
                + "variations from DIR/selection into DIR/spectra, the Monte Carlo fanned out on Spark.")
final class SpectraCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Mixin
    ConfigOption config;

    @Option(names = "--background-model", paramLabel = "FILE",
            description = "Simulation settings (JSON overrides) for the background Monte Carlo; default: those of the raw data.")
    Path backgroundModel;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        SimulationSettings background = backgroundModel == null ? null : SimulationSettings.load(backgroundModel);
        SpectraStage stage = new SpectraStage(config.load().spectraSettings(), background, 0);
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass spectra");
        try (StageRunner runner = data.runner(spark, "xmass spectra", parent.global.quiet)) {
            StageRunner.Outcome<SpectraSummary> o = runner.run(stage, data.force);
            print(runner.layout().spectra().toString(), o);
        }
        return 0;
    }

    static void print(String dir, StageRunner.Outcome<SpectraSummary> o) {
        SpectraSummary r = o.result();
        System.out.printf(java.util.Locale.ROOT, "spectra: %s%s (exposure %.2f kg*d%s)%n", dir, o.reused() ? " (reused)" : "",
                r.exposureKgDay(), o.reused() ? "" : String.format(java.util.Locale.ROOT, ", %.1f s", o.seconds()));
        System.out.printf(java.util.Locale.ROOT, "  %-24s %12s%n", "sample", "events");
        System.out.printf(java.util.Locale.ROOT, "  %-24s %12.0f%n", "observed", r.observed());
        double total = r.expectedSolarSm();
        for (Map.Entry<String, Double> e : r.expectedBackground().entrySet()) {
            System.out.printf(java.util.Locale.ROOT, "  %-24s %12.3f%n", e.getKey(), e.getValue());
            total += e.getValue();
        }
        System.out.printf(java.util.Locale.ROOT, "  %-24s %12.3f%n", "solar-nu-sm", r.expectedSolarSm());
        System.out.printf(java.util.Locale.ROOT, "  %-24s %12.3f%n", "expected total", total);
    }
}
