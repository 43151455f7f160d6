package xmassnu.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bin/xmass}: the command line of the analysis. */
@Command(name = "xmass", mixinStandardHelpOptions = true, versionProvider = Main.Versions.class,
        description = "Exotic neutrino-electron interactions with solar neutrinos in liquid xenon (XMASS-I).",
        subcommands = {VersionCommand.class, SchemasCommand.class, SpectrumCommand.class, SimulateCommand.class,
                ReduceCommand.class, SelectCommand.class, SpectraCommand.class, FitCommand.class, SweepCommand.class,
                        PipelineCommand.class, ReportCommand.class, ChecksumCommand.class,
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

    /** The global options each command ignores: no Spark session (--master), no progress output (--quiet). */
    static final java.util.Map<String, java.util.List<String>> IGNORED = java.util.Map.of(
            "version", java.util.List.of("--master", "--quiet"),
            "schemas", java.util.List.of("--master", "--quiet"),
            "spectrum", java.util.List.of("--master", "--quiet"),
            "cls", java.util.List.of("--master", "--quiet"),
            "upper-limit", java.util.List.of("--master", "--quiet"),
            "checksum", java.util.List.of("--quiet"),
            "bench", java.util.List.of("--quiet"));

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // an inherited option a command ignores is not listed on it (it stays accepted before the command's name)
        IGNORED.forEach((command, options) -> {
            CommandLine.Model.CommandSpec sub = cl.getSubcommands().get(command).getCommandSpec();
            for (String o : options) {
                sub.remove(sub.findOption(o));
            }
        });
        // every failure: one "error:" line and an exit status per kind (usage 2, bad input 3, environment 4,
        // internal 1); the stack trace only with --verbose
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Failures.Report r = Failures.of(ex);
            commandLine.getErr().println("xmass " + commandLine.getCommandName() + ": error: " + r.message());
            if (GlobalOptions.verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            return r.code().status();
        });
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.exit(code);
    }
}
