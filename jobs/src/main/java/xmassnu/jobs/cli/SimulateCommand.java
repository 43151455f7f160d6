package xmassnu.jobs.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import xmassnu.jobs.config.RunSelection;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.simulate.ChunkSummary;
import xmassnu.jobs.simulate.SimulateJob;
import xmassnu.jobs.spark.Sessions;
import xmassnu.reduction.sim.Component;
import xmassnu.reduction.sim.RunInfo;

@Command(name = "simulate", header = "Simulate XMASS-I raw PMT data run by run.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate XMASS-I raw PMT data run by run on Spark (Arrow IPC hits, MC truth, calibration",
                "tables, run catalog) into DIR/raw, committed atomically; reused when the lineage matches."})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory (raw/ is written inside).")
    Path data;

    @ArgGroup(exclusive = true)
    Selection selection = new Selection();

    static final class Selection {
        @Option(names = "--days", paramLabel = "D", description = "First D live days of the 711-day period (default 1).")
        Double days;

        @Option(names = "--runs", paramLabel = "A-B", description = "Run ids A to B of the run catalog.")
        String runs;
    }

    @Option(names = "--seed", paramLabel = "S", description = "Master seed (default: the configuration's, 20131120).")
    Long seed;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON overrides of the simulation settings.")
    Path config;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "Spark partitions (default: 4 per core, at most one per chunk); never changes the output.")
    int partitions;

    @Option(names = "--force", description = "Replace an existing raw/ with a different lineage.")
    boolean force;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        SimulationSettings settings = SimulationSettings.load(config);
        if (seed != null) {
            settings = settings.withSeed(seed);
        }
        RunSelection selected = RunSelection.of(settings.seed(), selection.days == null ? 1.0 : selection.days,
                selection.runs, "--runs");
        List<RunInfo> runs = selected.runs();
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass simulate");
        SimulateJob.Result r = SimulateJob.run(spark, new SimulateJob.Request(data, runs, selected.label(), settings,
                partitions, force, parent.global.quiet));
        if (r.reused()) {
            System.out.println("simulate: reusing " + r.rawDir() + " (lineage " + r.lineageHash().substring(0, 12) + ")");
            return 0;
        }
        printSummary(r, runs);
        return 0;
    }

    static void printSummary(SimulateJob.Result r, List<RunInfo> runs) {
        long[] gen = new long[Component.values().length];
        long[] trig = new long[Component.values().length];
        long cpuNs = 0;
        for (ChunkSummary c : r.chunks()) {
            for (int i = 0; i < gen.length; i++) {
                gen[i] += c.generated()[i];
                trig[i] += c.triggered()[i];
            }
            cpuNs += c.cpuNs();
        }
        double live = runs.stream().filter(x -> !x.isCalibration()).mapToDouble(RunInfo::livetimeS).sum() / 86400;
        System.out.printf("simulate: %d runs (%.3f live days physics), %d chunks -> %s%n", runs.size(), live,
                r.chunks().size(), r.rawDir());
        System.out.printf("%-18s %12s %12s%n", "component", "generated", "triggered");
        for (Component c : Component.values()) {
            if (gen[c.ordinal()] > 0) {
                System.out.printf("%-18s %,12d %,12d%n", c.label(), gen[c.ordinal()], trig[c.ordinal()]);
            }
        }
        long bytes = r.bytes();
        System.out.printf("%-18s %,12d %,12d%n", "total", r.generated(), r.events());
        System.out.printf("written: %,d bytes (%.0f bytes/trigger); wall %.1f s; %,.0f generated events/s per core "
                        + "(task CPU time)%n", bytes, bytes / (double) Math.max(1, r.events()), r.wallSeconds(),
                r.generated() / Math.max(cpuNs * 1e-9, 1e-9));
        System.out.println("lineage " + r.lineageHash().substring(0, 12));
    }
}
