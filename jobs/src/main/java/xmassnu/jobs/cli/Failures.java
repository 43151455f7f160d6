package xmassnu.jobs.cli;

import java.util.NoSuchElementException;

import xmassnu.jobs.errors.ExitCode;
import xmassnu.jobs.errors.XmassException;

/**
 * Turns whatever a command threw into one line and an exit status ({@link ExitCode}): the located cause is found
 * inside Spark's wrappers (a task's exception travels to the driver as the cause of a SparkException, or only as text
 * in its message on a cluster).
 */
final class Failures {
    private Failures() {}

    record Report(ExitCode code, String message) {}

    static Report of(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError || String.valueOf(t.getMessage()).contains("java.lang.OutOfMemoryError")) {
                long mb = Runtime.getRuntime().maxMemory() >> 20;
                return new Report(ExitCode.ENVIRONMENT, "out of memory with a heap of " + mb + " MB: give the driver "
                        + "more (XMASS_DRIVER_MEMORY=8g bin/xmass ..., at least 2g for the demo, 8g for 711 days) or the "
                        + "executors more (spark.executor.memory)");
            }
        }
        XmassException located = XmassException.located(ex);
        if (located != null) {
            return new Report(located.exitCode(), located.getMessage());
        }
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof NoSuchElementException) {
                return new Report(ExitCode.USAGE, t.getMessage());
            }
            if (t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException) {
                return new Report(ExitCode.ENVIRONMENT, t.getMessage());
            }
        }
        return new Report(ExitCode.INTERNAL, "internal error: " + ex.getClass().getName() + ": " + firstLine(ex.getMessage())
                + " (rerun with --verbose for the stack trace, and please report it)");
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse(s);
    }
}
