package xmassnu.jobs.cli;

import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import xmassnu.jobs.fit.LimitTable;
import xmassnu.jobs.fit.Observation;
import xmassnu.jobs.pipeline.PipelineConfig;
import xmassnu.jobs.pipeline.PipelineJob;
import xmassnu.jobs.spark.Sessions;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageRunner;

@Command(name = "pipeline", header = "Run the analysis end to end and print the limits beside XMASS-I's.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = "The analysis end to end (simulate, reduce, select, spectra, fit, sweep) into DIR, reusing every "
                + "stage whose lineage is already there, then the limits beside the published XMASS-I values.")
final class PipelineCommand implements Callable<Integer> {

    @Option(names = "--config", defaultValue = "demo", paramLabel = "NAME|FILE",
            description = "Built-in configuration (defaults, demo, xmass-i-711d) or a JSON file {\"base\": NAME, "
                    + "...overrides} (default ${DEFAULT-VALUE}).")
    String config;

    @Mixin
    DataOptions data;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        PipelineConfig c = PipelineConfig.load(config);
        System.out.println("pipeline: configuration " + c.name() + ": " + c.description());
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass pipeline " + c.name());
        try (StageRunner runner = data.runner(spark, "xmass pipeline --config " + config, parent.global.quiet)) {
            PipelineJob.Result r = PipelineJob.run(runner, c, data.force, System.out);
            System.out.printf(java.util.Locale.ROOT, "limits (%.0f %% CL) -> %s%n", 100 * c.fitSettings().confidenceLevel(),
                    runner.layout().limits());
            System.out.print(LimitTable.format(r.limits(), c.fitSettings().confidenceLevel()));
            System.out.print(LimitTable.observation(Observation.read(runner.storage(), CommittedStage.open(
                    runner.storage(), runner.layout().limits(), DataLayout.LIMITS, "bin/xmass fit"))));
            return r.failed() == r.limits().size() ? 1 : 0;
        }
    }
}
