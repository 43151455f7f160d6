package xmassnu.jobs.cli;

import java.nio.file.Files;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import xmassnu.jobs.bench.FitBenchmark;
import xmassnu.jobs.bench.ReductionBenchmark;
import xmassnu.jobs.bench.SimulationBenchmark;
import xmassnu.jobs.spark.Sessions;
import xmassnu.jobs.storage.Location;

@Command(name = "bench", header = "Measure the throughput of a stage (kernel alone and Spark job).",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure throughput (events/s per core) of a stage: its kernel alone and the Spark job.",
                "Stages: simulate, reduce, select (with the response Monte Carlo and the signal-template grid), scale (simulate,",
                "reduce and select on 1 and 10 full-rate days: rates, peak heap, 711-day extrapolation), fit, significance",
                "(goodness-of-fit and look-elsewhere toys on a pipeline's templates, --data DIR).",
                "Numbers in docs/benchmarks.md and docs/reduction.md come from this command."})
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "STAGE", description = "simulate | reduce | select | scale | fit | significance")
    String stage;

    @Option(names = "--days", defaultValue = "0.05", paramLabel = "D",
            description = "Live days of the Spark-job slice (default ${DEFAULT-VALUE}).")
    double days;

    @Option(names = "--scale-days", split = ",", defaultValue = "1,10", paramLabel = "D,...",
            description = "Full-rate slices of the scale benchmark (default ${DEFAULT-VALUE} live days).")
    java.util.List<Double> scaleDays;

    @Option(names = "--events", defaultValue = "20000", paramLabel = "N",
            description = "Events per component for the kernel benchmark (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--work", paramLabel = "DIR|URI",
            description = "Scratch data directory: a local path or a Hadoop URI, e.g. hdfs://... or s3a://... (default: a "
                    + "temporary local one).")
    String work;

    @Option(names = "--data", paramLabel = "DIR|URI",
            description = "significance: a pipeline's data directory (its spectra stage).")
    String data;

    @Option(names = "--toys", defaultValue = "1000", paramLabel = "N",
            description = "significance: goodness-of-fit and look-elsewhere toys (default ${DEFAULT-VALUE}).")
    int toys;

    @Option(names = "--project-days", defaultValue = "711", paramLabel = "D",
            description = "significance: project the templates to D live days, 0 for none (default ${DEFAULT-VALUE}).")
    double projectDays;

    @Option(names = "--grid", description = "significance: also time the whole grid with and without the observation.")
    boolean grid;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() throws Exception {
        if ("fit".equals(stage)) {
            FitBenchmark.run(); // plain Java, no Spark session
            return 0;
        }
        Location dir = work != null ? Location.of(work) : Location.local(Files.createTempDirectory("xmass-bench"));
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass bench " + stage);
        switch (stage) {
            case "simulate" -> SimulationBenchmark.run(spark, dir, days, events);
            case "reduce" -> ReductionBenchmark.run(spark, dir, days);
            case "select" -> xmassnu.jobs.bench.SelectionBenchmark.run(spark, dir, days);
            case "scale" -> xmassnu.jobs.bench.ScaleBenchmark.run(spark, dir, scaleDays);
            case "significance" -> {
                if (data == null) {
                    throw new IllegalArgumentException("bench significance needs --data DIR (a pipeline's data directory)");
                }
                xmassnu.jobs.bench.SignificanceBenchmark.run(spark, Location.of(data), toys, projectDays,
                        Runtime.getRuntime().availableProcessors(), grid);
            }
            default -> throw new IllegalArgumentException("unknown stage '" + stage
                    + "'; expected simulate, reduce, select, scale, fit or significance");
        }
        return 0;
    }
}
