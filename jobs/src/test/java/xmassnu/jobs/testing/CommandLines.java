package xmassnu.jobs.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;

import xmassnu.jobs.cli.Main;

/** Test support: runs {@code bin/xmass ARGS} in this JVM (and its Spark session), capturing stdout and stderr. */
public final class CommandLines {
    private CommandLines() {}

    /** The exit status and what the command printed. */
    public record Run(int code, String out, String err) {}

    public static synchronized Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = cl.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }
}
