package xmassnu.jobs.cli;

import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import xmassnu.jobs.report.ReportStage;
import xmassnu.jobs.spark.Sessions;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.jobs.storage.Location;

@Command(name = "report", header = "Write the HTML report of a data directory, with its figures and HEPData.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = "A self-contained HTML report of DIR (DIR/report/index.html): cut flow, distributions, spectrum, "
                + "limits beside the published ones, plots, systematic shifts, lineage.")
final class ReportCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass report");
        try (StageRunner runner = data.runner(spark, "xmass report", parent.global.quiet)) {
            boolean sweep = CommittedStage.probe(runner.storage(), runner.layout().stage(DataLayout.shiftsKey()),
                    DataLayout.shiftsKey()).isPresent();
            StageRunner.Outcome<Location> o = runner.run(new ReportStage(sweep), data.force);
            System.out.println("report: " + o.result() + (o.reused() ? " (reused)" : ""));
        }
        return 0;
    }
}
