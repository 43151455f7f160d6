package xmassnu.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionsTest {
    private static final String DELAY = "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";
    private static final String RETRIES = "dfs.client.block.write.locateFollowingBlock.retries";
    private static final String COMBINE = "dfs.checksum.combine.mode";

    @Test
    void hdfsClientSettingsApplyOnlyWhereNobodySetThem() {
        Configuration hadoopDefaults = new Configuration();
        assertEquals(Map.of(DELAY, "5", RETRIES, "12", COMBINE, "COMPOSITE_CRC"),
                Sessions.unsetHdfsClientSettings(hadoopDefaults, k -> null));

        Map<String, String> spark = Map.of("spark.hadoop." + DELAY, "400");
        assertEquals(Map.of(RETRIES, "12", COMBINE, "COMPOSITE_CRC"),
                Sessions.unsetHdfsClientSettings(hadoopDefaults, spark::get),
                "a spark-defaults setting wins");
    }

    @Test
    void anHdfsSiteSettingWins(@TempDir Path dir) throws Exception {
        Path site = dir.resolve("hdfs-site.xml");
        Files.writeString(site, "<configuration><property><name>" + RETRIES + "</name><value>7</value></property>"
                + "</configuration>", StandardCharsets.UTF_8);
        Configuration c = new Configuration();
        c.addResource(site.toUri().toURL());
        assertEquals(Map.of(DELAY, "5", COMBINE, "COMPOSITE_CRC"), Sessions.unsetHdfsClientSettings(c, k -> null));
    }

    @Test
    void theShorterFirstSleepStillWaitsLongerInAllThanHadoopsDefault() {
        // completeFile sleeps initial, 2 initial, ... for `retries` retries (DFSOutputStream, Hadoop 3.5.0);
        // hdfs-default.xml: 400 ms, 5 retries -> 400 * (2^5 - 1) = 12 400 ms
        long ours = Long.parseLong(Sessions.HDFS_CLIENT_SETTINGS.get(DELAY))
                * ((1L << Integer.parseInt(Sessions.HDFS_CLIENT_SETTINGS.get(RETRIES))) - 1);
        assertTrue(ours >= 12_400, ours + " ms");
    }
}
