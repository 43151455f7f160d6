package xmassnu.jobs.cli;

import java.util.NoSuchElementException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bin/xmass}: the command line of the analysis. */
@Command(name = "xmass", mixinStandardHelpOptions = true, versionProvider = Main.Versions.class,
        description = "Exotic neutrino-electron interactions with solar neutrinos in liquid xenon (XMASS-I).",
        subcommands = {VersionCommand.class, SchemasCommand.class, SpectrumCommand.class, SimulateCommand.class, ReduceCommand.class, SelectCommand.class, SpectraCommand.class, FitCommand.class, SweepCommand.class, PipelineCommand.class, ReportCommand.class, ChecksumCommand.class,
                ClsCommand.class, UpperLimitCommand.class,
                BenchCommand.class})
public final class Main implements Runnable {

    @Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    static final class Versions implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"xmassnu " + xmassnu.jobs.BuildInfo.projectVersion()};
        }
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // A bad value (unknown model, coupling out of range, ...) is a user error: one clear line, exit 2.
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof NoSuchElementException) {
                commandLine.getErr().println("xmass " + commandLine.getCommandName() + ": error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.exit(code);
    }
}
