package xmassnu.jobs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** What a user may type as --data, and what it means. */
class LocationTest {
    @Test
    void plainPathsAreLocalAndAbsolute() {
        Location l = Location.of("out/demo");
        assertTrue(l.isLocal());
        assertEquals(Path.of("out/demo").toAbsolutePath().normalize().toString(), l.toString());
        assertEquals("file://" + Path.of("out/demo").toAbsolutePath().normalize(), l.uri());
        assertEquals(l, Location.of("file://" + Path.of("out/demo").toAbsolutePath().normalize()));
    }

    @Test
    void hadoopUrisKeepTheirSchemeAndAuthority() {
        // the bug this replaces: picocli's Path turned "hdfs:///x" into a local folder named "hdfs:"
        Location h = Location.of("hdfs://namenode:8020/user/me/xmass/");
        assertFalse(h.isLocal());
        assertEquals("hdfs://namenode:8020/user/me/xmass", h.uri());
        assertEquals("hdfs://namenode:8020/user/me/xmass/events/run_id=3", h.resolve("events").resolve("run_id=3").uri());
        assertEquals("run_id=3/part-0.parquet", h.relativize(h.resolve("run_id=3/part-0.parquet")));
        assertEquals("xmass", h.name());
        assertEquals("hdfs://namenode:8020/user/me", h.parent().uri());
        assertEquals("hdfs:///user/me/x", Location.of("hdfs:///user/me/x").uri(), "the default NameNode");
        Location s3 = Location.of("s3a://bucket/prefix");
        assertEquals("s3a", s3.scheme());
        assertEquals("s3a://bucket/", s3.parent().uri());
        assertTrue(s3.sameFilesystem(s3.resolve("a")));
        assertFalse(s3.sameFilesystem(h));
    }

    @Test
    void malformedLocationsAreRefusedNamingThem() {
        for (String bad : new String[] {"s3a:relative", "s3a:///no-bucket", "hdfs://host:8020", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Location.of(bad), bad);
            assertTrue(bad.isEmpty() || e.getMessage().contains(bad), e.getMessage());
        }
        Location l = Location.of("/tmp/x");
        assertThrows(IllegalArgumentException.class, () -> l.resolve("../escape"));
        assertThrows(IllegalArgumentException.class, () -> l.resolve("/absolute"));
    }
}
