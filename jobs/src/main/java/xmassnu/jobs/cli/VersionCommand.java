package xmassnu.jobs.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

import xmassnu.jobs.BuildInfo;

@Command(name = "version", header = "Print the project, Spark, Arrow and Java versions.",
        mixinStandardHelpOptions = true,
        description = "Print the project, Spark, Arrow and Java versions.")
final class VersionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("xmassnu " + BuildInfo.projectVersion());
        System.out.println("spark   " + BuildInfo.sparkVersion());
        System.out.println("arrow   " + BuildInfo.arrowVersion());
        System.out.println("java    " + BuildInfo.javaVersion());
        return 0;
    }
}
