package xmassnu.jobs.errors;

/** A failure the command line reports as one {@code error:} line with its own exit status. */
public class XmassException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ExitCode exitCode;

    public XmassException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public XmassException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** With the exit code, so that a cluster executor's failure, which reaches the driver only as text, keeps it. */
    @Override
    public String toString() {
        return getClass().getName() + "[" + exitCode.name() + "]: " + getMessage();
    }

    /**
     * The located failure inside whatever wrapped it: an XmassException in the cause chain, a raw-data problem of the
     * reduction kernels (bad input), or one a cluster executor sent as text inside Spark's message; null if none.
     */
    public static XmassException located(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof XmassException x) {
                return x;
            }
            if (c instanceof xmassnu.reduction.reco.RawDataException r) {
                return new XmassException(ExitCode.BAD_INPUT, "bad raw data: " + r.getMessage(), t);
            }
        }
        String m = t.getMessage();
        if (m == null) {
            return null;
        }
        java.util.regex.Matcher x = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(
                XmassException.class.getName()) + "\\[([A-Z_]+)\\]: ([^\\n]*)").matcher(m);
        if (x.find()) {
            return new XmassException(ExitCode.valueOf(x.group(1)), x.group(2), t);
        }
        String raw = xmassnu.reduction.reco.RawDataException.class.getName() + ": ";
        int i = m.indexOf(raw);
        if (i >= 0) {
            return new XmassException(ExitCode.BAD_INPUT, "bad raw data: " + m.substring(i + raw.length()).lines()
                    .findFirst().orElse(""), t);
        }
        return null;
    }

    /** Bad input data: the message names the file (and run, event, field where known). */
    public static XmassException badInput(String message) {
        return new XmassException(ExitCode.BAD_INPUT, message);
    }

    public static XmassException badInput(String message, Throwable cause) {
        return new XmassException(ExitCode.BAD_INPUT, message, cause);
    }

    /** The environment failed: disk, memory, permissions, an unreachable service. */
    public static XmassException environment(String message, Throwable cause) {
        return new XmassException(ExitCode.ENVIRONMENT, message, cause);
    }
}
