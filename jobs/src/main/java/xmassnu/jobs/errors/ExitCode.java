package xmassnu.jobs.errors;

/**
 * What the process exit status tells a script: 0 success, 2 a usage error (bad option or configuration value), 3 bad
 * input data (missing, corrupted, inconsistent), 4 the environment (disk, memory, permissions, an unreachable
 * service), 1 anything else (a bug: please report it with the --verbose trace).
 */
public enum ExitCode {
    OK(0), INTERNAL(1), USAGE(2), BAD_INPUT(3), ENVIRONMENT(4);

    private final int status;

    ExitCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
