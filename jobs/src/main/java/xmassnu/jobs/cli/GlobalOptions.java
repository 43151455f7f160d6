package xmassnu.jobs.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every subcommand accepts (inherited from the top-level command). */
public final class GlobalOptions {

    /** Whether errors show their stack trace (and Spark its task failures). */
    static volatile boolean verbose;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log at INFO level (Spark included) and show the stack trace of an error.")
    public void setVerbose(boolean v) {
        if (v) {
            verbose = true;
            Configurator.setRootLevel(Level.INFO);
            Configurator.setLevel("xmassnu", Level.INFO);
            // task failures, silenced by default (the error line names what failed), come back with their traces
            Configurator.setLevel("org.apache.spark.executor.Executor", Level.INFO);
            Configurator.setLevel("org.apache.spark.scheduler.TaskSetManager", Level.INFO);
        }
    }

    @Option(names = "--quiet", scope = ScopeType.INHERIT, description = "No progress output.")
    public boolean quiet;

    @Option(names = "--master", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Spark master (default: local[2], or spark.master from spark-submit).")
    public String master;
}
