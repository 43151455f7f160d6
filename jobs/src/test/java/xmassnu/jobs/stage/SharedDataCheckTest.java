package xmassnu.jobs.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.jobs.errors.ExitCode;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.stage.SharedDataCheck.Sighting;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.jobs.testing.SparkTestSession;

/** A driver-local data directory on a cluster must be one every executor sees; see {@link SharedDataCheck}. */
class SharedDataCheckTest {
    private static final Location ROOT = Location.of("/data/xmass");

    @Test
    void onlyALocalDirectoryWithExecutorsElsewhereIsChecked() {
        assertTrue(SharedDataCheck.needed(ROOT, false));
        assertFalse(SharedDataCheck.needed(ROOT, true), "local mode: the executors are the driver's JVM");
        assertFalse(SharedDataCheck.needed(Location.of("hdfs://nn:8020/xmass"), false));
        assertFalse(SharedDataCheck.needed(Location.of("s3a://bucket/xmass"), false));
    }

    @Test
    void everyTaskReadingThisRunsTokenPasses() {
        assertNull(SharedDataCheck.problem(ROOT, "t1",
                List.of(new Sighting("w1", "0", "t1"), new Sighting("w2", "1", "t1"))));
    }

    @Test
    void aMissingLockNamesTheDirectoryTheHostsAndTheRemedy() {
        String p = SharedDataCheck.problem(ROOT, "t1", List.of(new Sighting("w1", "0", "t1"),
                new Sighting("w2", "1", null), new Sighting("w2", "1", null), new Sighting("w3", "4", null)));
        assertEquals("--data /data/xmass is a directory on the driver's disk that the executors do not share: "
                + "no _lock there on w2 (executor 1), w3 (executor 4). Give a directory every executor mounts at "
                + "the same path (NFS, a shared volume), or an hdfs:// or s3a:// URI", p);
    }

    @Test
    void anotherRunsLockAtTheSamePathIsADifferentDisk() {
        String p = SharedDataCheck.problem(ROOT, "t1",
                List.of(new Sighting("w1", "0", "t0"), new Sighting("w2", "1", null)));
        assertTrue(p.contains("no _lock there on w2 (executor 1); another run's _lock (a different disk at the same "
                + "path) on w1 (executor 0)"), p);
    }

    @Test
    void noReportIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> SharedDataCheck.problem(ROOT, "t1", List.of()));
    }

    @Test
    void tasksReadTheLockOnTheirSide(@TempDir Path tmp) {
        SparkSession spark = SparkTestSession.get();
        Storage disk = Storage.local();
        Location root = Location.local(tmp);
        try (DataLock lock = DataLock.acquire(disk, root.resolve(DataLayout.LOCK), "test")) {
            List<Sighting> seen = SharedDataCheck.sightings(spark, root.resolve(DataLayout.LOCK));
            assertTrue(seen.size() >= 2, seen.toString());
            for (Sighting s : seen) {
                assertEquals(lock.owner(), s.ownerSeen());
                assertEquals(DataLock.host(), s.host());
                assertEquals("driver", s.executorId(), "local mode runs tasks in the driver");
            }
            SharedDataCheck.verify(spark, root, root.resolve(DataLayout.LOCK), lock.owner());

            Location elsewhere = Location.local(tmp.resolve("not-shared"));
            XmassException e = assertThrows(XmassException.class,
                    () -> SharedDataCheck.verify(spark, elsewhere, elsewhere.resolve(DataLayout.LOCK), lock.owner()));
            assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
            assertTrue(e.getMessage().startsWith("--data " + elsewhere.path() + " is a directory"), e.getMessage());
            assertTrue(e.getMessage().contains("no _lock there on " + DataLock.host() + " (executor driver)"),
                    e.getMessage());
        }
    }
}
