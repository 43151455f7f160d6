package xmassnu.jobs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import xmassnu.jobs.fit.LimitTable;
import xmassnu.jobs.pipeline.PipelineConfig;
import xmassnu.jobs.pipeline.PipelineJob;
import xmassnu.jobs.spark.Sessions;

@Command(name = "pipeline", header = "Run the analysis end to end and print the limits beside XMASS-I's.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The analysis end to end: simulate -> reduce -> select -> spectra -> fit into DIR, reusing every",
                "stage whose lineage is already there, then the table of limits beside the published XMASS-I values."})
final class PipelineCommand implements Callable<Integer> {

    @Option(names = "--config", defaultValue = "demo", paramLabel = "NAME|FILE",
            description = "Built-in configuration (demo, xmass-i-711d) or a JSON file {\"base\": NAME, ...overrides}"
                    + " (default ${DEFAULT-VALUE}).")
    String config;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory for all stages.")
    Path data;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        PipelineConfig c = PipelineConfig.load(config);
        System.out.println("pipeline: configuration " + c.name() + ": " + c.description());
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass pipeline " + c.name());
        PipelineJob.Result r = PipelineJob.run(spark, c, data, parent.global.quiet, System.out);
        System.out.printf("limits (%.0f %% CL) -> %s%n", 100 * c.fitSettings().confidenceLevel(), r.limits().dir());
        System.out.print(LimitTable.format(r.limits().points(), c.fitSettings().confidenceLevel()));
        return r.limits().failed() == r.limits().points().size() ? 1 : 0;
    }
}
