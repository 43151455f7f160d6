package xmassnu.jobs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.select.SelectJob;
import xmassnu.jobs.spark.Sessions;
import xmassnu.reduction.cuts.SelectionSettings;
import xmassnu.reduction.detector.DetectorModel;

@Command(name = "select", header = "Apply the cuts and write the selection with its cut flow.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Apply the XMASS-style cuts to DIR/events on Spark: failed-cut bitmask per event, selected events",
                "and the cut flow (per run and total, with live time and exposure) in DIR/selection."})
final class SelectCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory holding events/.")
    Path data;

    @Option(names = "--cuts", paramLabel = "FILE",
            description = "JSON overrides of the selection thresholds, e.g. {\"fiducialRadiusCm\": 18}.")
    Path cuts;

    @Option(names = "--force", description = "Replace an existing selection/ with a different lineage.")
    boolean force;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() throws Exception {
        SelectionSettings settings = Json.load(SelectionSettings.XMASS_I, cuts, SelectionSettings.class);
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass select");
        SelectJob.Result r = SelectJob.run(spark, new SelectJob.Request(data, settings, DetectorModel.XMASS_I, force));
        System.out.printf("select: %s%s (fiducial mass %.1f kg)%n", r.dir(), r.reused() ? " (reused)" : "",
                r.fiducialMassKg());
        System.out.printf("%3s %-20s %14s %12s %14s%n", "#", "cut", "events after", "live days", "exposure kg*d");
        for (SelectJob.Step s : r.total()) {
            System.out.printf("%3d %-20s %,14d %12.4f %14.2f%n", s.index(), s.cut(), s.events(), s.livetimeDays(),
                    s.exposureKgDay());
        }
        return 0;
    }
}
