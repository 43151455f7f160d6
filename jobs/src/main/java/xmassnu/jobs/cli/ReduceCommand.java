package xmassnu.jobs.cli;

import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import xmassnu.jobs.raw.RawFiles;
import xmassnu.jobs.reduce.ReduceStage;
import xmassnu.jobs.spark.Sessions;
import xmassnu.jobs.stage.StageRunner;

@Command(name = "reduce", header = "Reduce raw PMT hits into the calibrated Parquet event table.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = "Reduce the raw PMT hits of DIR/raw into the Parquet event table DIR/events (calibration, "
                + "features, maximum-likelihood vertex, keVee energy from the 57Co light yield).")
final class ReduceCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--quarantine", description = "Skip raw files with bad data and list them in events/_report.json "
            + "instead of failing.")
    boolean quarantine;

    @Option(names = "--blocks-per-split", defaultValue = "4", paramLabel = "N",
            description = "Record batches per task, 1.." + RawFiles.MAX_BLOCKS_PER_SPLIT
                    + " (default ${DEFAULT-VALUE}: <= 16384 triggers).")
    int blocksPerSplit;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        ReduceStage stage = new ReduceStage(blocksPerSplit, quarantine); // validates the options before Spark starts
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass reduce");
        try (StageRunner runner = data.runner(spark, "xmass reduce", parent.global.quiet)) {
            StageRunner.Outcome<ReduceStage.Result> o = runner.run(stage, data.force);
            ReduceStage.Result r = o.result();
            String dir = runner.layout().events().toString();
            if (o.reused()) {
                System.out.println("reduce: reusing " + dir + " (lineage " + o.lineage().shortHash() + ")");
                return 0;
            }
            System.out.printf(java.util.Locale.ROOT, "reduce: %d runs, %,d triggers in, %,d events out -> %s%n",
                    r.runs().size(), r.triggersIn(), r.eventsOut(), dir);
            System.out.printf(java.util.Locale.ROOT, "light yield from 57Co (122 keV, centre): %.3f PE/keV%n",
                    r.lightYieldPePerKev());
            if (!r.quarantined().isEmpty()) {
                System.out.println("quarantined (skipped) raw files:");
                r.quarantined().forEach(q -> System.out.println("  run " + q.runId() + " chunk " + q.chunk() + ": "
                        + q.reason()));
            }
            System.out.printf(java.util.Locale.ROOT, "wall %.1f s, %,.0f events/s; lineage %s%n", o.seconds(),
                    r.eventsOut() / o.seconds(), o.lineage().shortHash());
        }
        return 0;
    }
}
