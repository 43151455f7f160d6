package xmassnu.jobs.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.reduce.ReduceJob;
import xmassnu.jobs.spark.Sessions;

@Command(name = "reduce", header = "Reduce raw PMT hits into the calibrated Parquet event table.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reduce raw PMT hits (DIR/raw) into the Parquet event table DIR/events: calibration, features,",
                "ML vertex, keVee energy from the 57Co light yield. Atomic commit; reused when the lineage matches."})
final class ReduceCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory holding raw/.")
    Path data;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON settings (the detector section describes the detector the data come from).")
    Path config;

    @Option(names = "--quarantine", description = "Skip raw files with bad data and list them in events/_report.json "
            + "instead of failing.")
    boolean quarantine;

    @Option(names = "--blocks-per-split", defaultValue = "4", paramLabel = "N",
            description = "Record batches per task (default ${DEFAULT-VALUE}: <= 16384 triggers).")
    int blocksPerSplit;

    @Option(names = "--force", description = "Replace an existing events/ with a different lineage.")
    boolean force;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        SimulationSettings settings = SimulationSettings.load(config);
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass reduce");
        ReduceJob.Result r = ReduceJob.run(spark, new ReduceJob.Request(data, settings.detector(), blocksPerSplit,
                quarantine, force, parent.global.quiet));
        if (r.reused()) {
            System.out.println("reduce: reusing " + r.eventsDir() + " (lineage " + r.lineageHash().substring(0, 12) + ")");
            return 0;
        }
        long in = 0;
        for (Map.Entry<Integer, long[]> e : r.countsByRun().entrySet()) {
            in += e.getValue()[0];
        }
        System.out.printf("reduce: %d runs, %,d triggers in, %,d events out -> %s%n", r.countsByRun().size(), in,
                r.eventsOut(), r.eventsDir());
        System.out.printf("light yield from 57Co (122 keV, centre): %.3f PE/keV%n", r.lightYieldPePerKev());
        if (!r.quarantined().isEmpty()) {
            System.out.println("quarantined (skipped) raw files:");
            r.quarantined().forEach(q -> System.out.println("  " + q.replace('\t', ' ')));
        }
        System.out.printf("wall %.1f s, %,.0f events/s; lineage %s%n", r.wallSeconds(), r.eventsOut() / r.wallSeconds(),
                r.lineageHash().substring(0, 12));
        return 0;
    }
}
