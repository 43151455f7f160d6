package xmassnu.jobs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.jobs.testing.CommandLines;
import xmassnu.jobs.testing.HdfsTestCluster;
import xmassnu.jobs.testing.S3TestServer;
import xmassnu.jobs.testing.SparkTestSession;

/**
 * A data location that cannot be used is one {@code error:} line naming the URI and what failed, a non-zero exit
 * status of its kind, and nothing written: an unknown scheme, an unreachable NameNode or S3 endpoint, a missing bucket,
 * refused credentials, a file where the data directory belongs. Each case runs {@code bin/xmass simulate} (a command
 * that would write) in this JVM, its Spark session carrying the settings as spark-defaults would.
 */
class StorageFaultsTest {
    /** Client settings of this test: fail in about a second instead of Hadoop's minutes of retries. */
    private static final Map<String, String> FAST_FAILURE = Map.of(
            "ipc.client.connect.max.retries", "0",
            "ipc.client.connect.timeout", "2000",
            "fs.s3a.bucket.unreachable-endpoint.endpoint", "http://127.0.0.1:1",
            "fs.s3a.bucket.wrong-secret.secret.key", "not-" + S3TestServer.SECRET_KEY);
    private static SparkSession spark;
    private static S3TestServer s3;
    private static Configuration conf;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
        s3 = S3TestServer.shared();
        conf = spark.sparkContext().hadoopConfiguration();
        s3.applyTo(conf);
        FAST_FAILURE.forEach(conf::set);
    }

    @AfterAll
    static void restore() {
        FAST_FAILURE.keySet().forEach(conf::unset);
    }

    /** Runs simulate on {@code data}; returns the one error line after checking the exit status. */
    private static String fails(String data, int exitStatus) {
        long t0 = System.nanoTime();
        CommandLines.Run r = CommandLines.run("--quiet", "simulate", "--days", "0.003", "--data", data);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        assertEquals(exitStatus, r.code(), data + ": " + r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("xmass simulate: error: ") && !err.contains("\n"), "one error line: " + r.err());
        assertTrue(err.contains(data), "names " + data + ": " + err);
        assertTrue(seconds < 20, data + " took " + seconds + " s to fail");
        System.err.printf(java.util.Locale.ROOT, "StorageFaultsTest: exit %d after %.1f s: %s%n", r.code(), seconds, err);
        return err;
    }

    @Test
    void anUnknownSchemeIsAUsageErrorAndNoLocalFolder() {
        String err = fails("foo://x/y", 2);
        assertTrue(err.contains("no filesystem for scheme 'foo'"), err);
        // the old trap: nothing named after the scheme appears in the working directory
        assertFalse(Files.exists(Path.of("foo:")), "a local folder 'foo:'");
    }

    @Test
    void anUnreachableNameNodeIsAnEnvironmentError() {
        String err = fails("hdfs://127.0.0.1:1/x", 4);
        assertTrue(err.contains("unreachable") && err.contains("Connection refused"), err);
    }

    @Test
    void anUnreachableS3EndpointIsAnEnvironmentError() {
        String err = fails("s3a://unreachable-endpoint/x", 4);
        assertTrue(err.contains("unreachable"), err);
    }

    @Test
    void aMissingBucketIsNamed() {
        String err = fails("s3a://no-such-bucket/x", 3);
        assertTrue(err.contains("the bucket does not exist"), err);
    }

    @Test
    void refusedCredentialsAreAPermissionError() {
        String err = fails("s3a://wrong-secret/x", 4);
        assertTrue(err.contains("permission denied") && err.contains("check the credentials"), err);
    }

    @Test
    void aFileAsTheDataDirectoryIsBadInputOnEveryScheme(@TempDir Path tmp) throws Exception {
        Path local = Files.writeString(tmp.resolve("notes.txt"), "not a data directory");
        Storage storage = Storage.of(conf);
        Location hdfs = Location.of(HdfsTestCluster.shared().uri() + "/faults/notes.txt");
        Location s3File = Location.of(s3.bucketUri() + "/faults/notes.txt");
        for (Location l : List.of(Location.local(local), hdfs, s3File)) {
            storage.writeString(l, "not a data directory");
            String err = fails(l.toString(), 3);
            assertTrue(err.contains("is a file, not a directory"), err);
            // nothing committed: the file is as it was and nothing is beside it
            assertEquals("not a data directory", storage.readString(l));
            assertEquals(List.of(new Storage.Entry(l.name(), 20)), storage.listFiles(l.parent()));
        }
    }
}
