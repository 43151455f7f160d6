package xmassnu.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command line for a new JVM on the test class path with the project's JVM flags ({@code .mvn/jvm.config}, the
 * {@code --add-opens} Spark and Arrow need): for what only a separate process shows (a kill, per-process hashing).
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** {@code java FLAGS OPTIONS -cp TEST_CLASS_PATH MAIN ARGS}. */
    public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path jvmConfig = Path.of(System.getProperty("xmass.root", "."), ".mvn", "jvm.config");
        try {
            for (String line : Files.readAllLines(jvmConfig)) {
                if (!line.isBlank()) {
                    cmd.add(line.trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ChildJvm: cannot read " + jvmConfig.toAbsolutePath(), e);
        }
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
