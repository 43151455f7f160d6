package xmassnu.jobs.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every subcommand accepts (inherited from the top-level command). */
public final class GlobalOptions {

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Log at INFO level (Spark included).")
    public void setVerbose(boolean verbose) {
        if (verbose) {
            Configurator.setRootLevel(Level.INFO);
            Configurator.setLevel("xmassnu", Level.INFO);
        }
    }

    @Option(names = "--quiet", scope = ScopeType.INHERIT, description = "No progress output.")
    public boolean quiet;

    @Option(names = "--master", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Spark master (default: local[2], or spark.master from spark-submit).")
    public String master;
}
