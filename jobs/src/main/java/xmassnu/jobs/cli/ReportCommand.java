package xmassnu.jobs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import xmassnu.jobs.report.ReportJob;
import xmassnu.jobs.spark.Sessions;

@Command(name = "report", header = "Write the HTML report of a data directory, with its figures and HEPData.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A self-contained HTML report of DIR (DIR/report/index.html, PNGs beside it): cut flow,",
                "distributions, efficiency, spectrum with backgrounds, limits beside the published ones, plots, lineage."})
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory with limits/.")
    Path data;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        Path index = ReportJob.run(Sessions.getOrCreate(parent.global.master, "xmass report"), data,
                parent.global.quiet);
        System.out.println("report: " + index);
        return 0;
    }
}
