package xmassnu.jobs.testing;

import org.apache.spark.sql.SparkSession;

import xmassnu.jobs.spark.Sessions;

/**
 * One local[2] SparkSession for the whole test JVM (each start costs ~4 s): UI off, loopback, 4 shuffle
 * partitions. Tests use JUnit's @TempDir for their files; the session is stopped by a shutdown hook.
 * A JVM has one SparkContext: a test that needs another master (YARN) calls {@link #stop()} first, and the
 * next {@link #get()} starts a new local session.
 */
public final class SparkTestSession {
    private static SparkSession session;
    private static boolean hooked;

    private SparkTestSession() {}

    public static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            session = Sessions.getOrCreate("local[2]", "xmassnu-tests");
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(SparkTestSession::stop));
                hooked = true;
            }
        }
        return session;
    }

    /** Stops the shared session if one runs; the next {@link #get()} starts a new one. */
    public static synchronized void stop() {
        if (session != null) {
            session.stop();
            session = null;
        }
    }
}
