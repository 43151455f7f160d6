package xmassnu.jobs.testing;

import org.apache.spark.sql.SparkSession;

import xmassnu.jobs.spark.Sessions;

/**
 * One local[2] SparkSession for the whole test JVM (each start costs ~4 s): UI off, loopback, 4 shuffle
 * partitions. Tests use JUnit's @TempDir for their files; the session is stopped by a shutdown hook.
 */
public final class SparkTestSession {
    private static SparkSession session;

    private SparkTestSession() {}

    public static synchronized SparkSession get() {
        if (session == null) {
            session = Sessions.getOrCreate("local[2]", "xmassnu-tests");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
        }
        return session;
    }
}
