package xmassnu.jobs.cli;

import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import xmassnu.jobs.select.CutFlow;
import xmassnu.jobs.select.SelectStage;
import xmassnu.jobs.spark.Sessions;
import xmassnu.jobs.stage.StageRunner;

@Command(name = "select", header = "Apply the cuts and write the selection with its cut flow.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = "Apply the XMASS-style cuts to DIR/events on Spark: failed-cut bitmask per event, selected events "
                + "and the cut flow with live time and exposure in DIR/selection.")
final class SelectCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Mixin
    ConfigOption config;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        SelectStage stage = new SelectStage(config.load().selectionSettings());
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass select");
        try (StageRunner runner = data.runner(spark, "xmass select", parent.global.quiet)) {
            StageRunner.Outcome<SelectStage.Result> o = runner.run(stage, data.force);
            SelectStage.Result r = o.result();
            System.out.printf(java.util.Locale.ROOT, "select: %s%s (fiducial mass %.1f kg)%n", runner.layout().selection(),
                    o.reused() ? " (reused)" : "", r.fiducialMassKg());
            System.out.printf(java.util.Locale.ROOT, "%3s %-20s %14s %12s %14s%n", "#", "cut", "events after",
                    "live days", "exposure kg*d");
            for (CutFlow.Step s : r.total()) {
                System.out.printf(java.util.Locale.ROOT, "%3d %-20s %,14d %12.4f %14.2f%n", s.index(), s.cut(), s.events(),
                        s.livetimeDays(), s.exposureKgDay());
            }
        }
        return 0;
    }
}
