package xmassnu.jobs.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import xmassnu.jobs.config.RunSelection;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.pipeline.PipelineConfig;
import xmassnu.jobs.simulate.ChunkSummary;
import xmassnu.jobs.simulate.SimulateStage;
import xmassnu.jobs.spark.Sessions;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.reduction.sim.Component;
import xmassnu.reduction.sim.RunInfo;

@Command(name = "simulate", header = "Simulate XMASS-I raw PMT data run by run.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = "Simulate XMASS-I raw PMT data (Arrow IPC hits, MC truth, calibration tables, run catalog, "
                + "detector description) into DIR/raw on Spark.")
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @ArgGroup(exclusive = true)
    Selection selection = new Selection();

    static final class Selection {
        @Option(names = "--days", paramLabel = "D", description = "First D live days of the 711-day period (default: the "
                + "configuration's).")
        Double days;

        @Option(names = "--runs", paramLabel = "A-B", description = "Run ids A to B of the run catalog.")
        String runs;
    }

    @Option(names = "--seed", paramLabel = "S", description = "Master seed (default: the configuration's, 20131120).")
    Long seed;

    @Mixin
    ConfigOption config;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "Spark partitions (default: 4 per core, at most one per chunk); never changes the output.")
    int partitions;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        PipelineConfig c = config.load();
        SimulationSettings settings = c.simulationSettings();
        if (seed != null) {
            settings = settings.withSeed(seed);
        }
        RunSelection selected = selection.runs != null || selection.days != null
                ? RunSelection.of(settings.seed(), selection.days == null ? 0 : selection.days, selection.runs, "--runs")
                : RunSelection.of(settings.seed(), c.days() == null ? 0 : c.days(), c.runs(), "config " + c.name() + ": runs");
        if (selection.days != null && !(selection.days > 0 && selection.days <= 711)) {
            throw new IllegalArgumentException("--days must be in (0, 711], got " + selection.days);
        }
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass simulate");
        try (StageRunner runner = data.runner(spark, "xmass simulate", parent.global.quiet)) {
            StageRunner.Outcome<SimulateStage.Result> r = runner.run(new SimulateStage(selected, settings, partitions),
                    data.force);
            if (r.reused()) {
                System.out.println("simulate: reusing " + runner.layout().raw() + " (lineage " + r.lineage().shortHash() + ")");
                return 0;
            }
            printSummary(r, runner.layout().raw().toString(), selected.runs());
        }
        return 0;
    }

    static void printSummary(StageRunner.Outcome<SimulateStage.Result> outcome, String rawDir, List<RunInfo> runs) {
        SimulateStage.Result r = outcome.result();
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
        System.out.printf(java.util.Locale.ROOT, "simulate: %d runs (%.3f live days physics), %d chunks -> %s%n",
                runs.size(), live, r.chunks().size(), rawDir);
        System.out.printf(java.util.Locale.ROOT, "%-18s %12s %12s%n", "component", "generated", "triggered");
        for (Component c : Component.values()) {
            if (gen[c.ordinal()] > 0) {
                System.out.printf(java.util.Locale.ROOT, "%-18s %,12d %,12d%n", c.label(), gen[c.ordinal()],
                        trig[c.ordinal()]);
            }
        }
        long bytes = r.bytes();
        System.out.printf(java.util.Locale.ROOT, "%-18s %,12d %,12d%n", "total", r.generated(), r.events());
        System.out.printf(java.util.Locale.ROOT, "written: %,d bytes (%.0f bytes/trigger); wall %.1f s; %,.0f generated "
                        + "events/s per core (task CPU time)%n", bytes, bytes / (double) Math.max(1, r.events()),
                outcome.seconds(), r.generated() / Math.max(cpuNs * 1e-9, 1e-9));
        System.out.println("lineage " + outcome.lineage().shortHash());
    }
}
