package xmassnu.jobs.spark;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The one place a SparkSession is configured. Local masters bind to loopback and keep the UI off;
 * cluster masters take their settings from spark-defaults (cluster-conf/) and the command line.
 */
public final class Sessions {
    private Sessions() {}

    public static final String DEFAULT_MASTER = "local[2]";

    public static SparkSession getOrCreate(String master, String appName) {
        if (master == null && System.getProperty("spark.master") == null) {
            master = DEFAULT_MASTER; // spark-submit sets spark.master; a plain `java` launch runs locally
        }
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (master != null) {
            b.master(master);
        }
        boolean local = (master != null ? master : System.getProperty("spark.master")).startsWith("local");
        if (local) {
            b.config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    // the default 200 shuffle partitions is pointless on a laptop
                    .config("spark.sql.shuffle.partitions", "4");
        }
        String moduleJars = System.getProperty("xmass.moduleJars");
        if (!local && System.getProperty("spark.jars") == null && moduleJars != null && !moduleJars.isBlank()) {
            b.config("spark.jars", moduleJars); // executors need the project's classes (bin/xmass sets the list)
        }
        // Spark's own Parquet reader verifies page checksums as ours does (parquet-mr skips them by default). Commit
        // protocols and speculation are left to the user's spark-defaults: every file is written by the stages' own
        // writers (one file, one single-file write) and committed by the stage manifest, whatever Spark's committer.
        b.config("spark.hadoop.parquet.page.verify-checksum.enabled", "true");
        unsetHdfsClientSettings(hdfsSiteOnClassPath(), System.getProperties()::getProperty)
                .forEach((key, value) -> b.config("spark.hadoop." + key, value));
        return b.getOrCreate();
    }

    /**
     * HDFS client settings for a stage's many small files. Closing an HDFS file asks the NameNode to complete it; when
     * the DataNode's report of the new block has not arrived yet (almost always, for a block written a millisecond
     * ago) the client sleeps {@code dfs.client.block.write.locateFollowingBlock.initial.delay.ms}, 400 ms by default,
     * and asks again, doubling the sleep up to {@code ...retries} (5) times (DFSOutputStream.completeFile, Hadoop
     * 3.5.0). One event file per task of ~0.7 s: the first sleep alone halved the reduce throughput on HDFS
     * (docs/benchmarks.md: 20 ms still cost 18 %, 5 ms costs 7 %). 5 ms doubling 12 times still waits up to 20.5 s in
     * all, longer than the default's 12.4 s, so a slow NameNode gets more time, not less.
     */
    static final Map<String, String> HDFS_CLIENT_SETTINGS = Map.of(
            "dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "5",
            "dfs.client.block.write.locateFollowingBlock.retries", "12",
            // file checksums as the CRC-32C of the bytes: input verification without reading the data twice
            // (Storage.storedCrc32c); Hadoop's default MD5MD5CRC depends on the block layout
            "dfs.checksum.combine.mode", "COMPOSITE_CRC");

    /**
     * The {@link #HDFS_CLIENT_SETTINGS} that the user left unset: neither a {@code spark.hadoop.KEY} Spark setting
     * (spark-defaults, {@code -D}, spark-submit) nor the cluster's hdfs-site.xml or core-site.xml sets them.
     */
    static Map<String, String> unsetHdfsClientSettings(Configuration site, java.util.function.Function<String, String> spark) {
        Map<String, String> out = new LinkedHashMap<>();
        HDFS_CLIENT_SETTINGS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (spark.apply("spark.hadoop." + e.getKey()) == null && !setBySite(site, e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private static boolean setBySite(Configuration site, String key) {
        String[] sources = site.getPropertySources(key);
        if (sources == null) {
            return false;
        }
        for (String s : sources) {
            if (!s.endsWith("-default.xml")) {
                return true;
            }
        }
        return false;
    }

    /** Hadoop's configuration files as the class path has them (HADOOP_CONF_DIR on bin/xmass's and spark-submit's). */
    private static Configuration hdfsSiteOnClassPath() {
        Configuration c = new Configuration();
        c.addResource("hdfs-site.xml");
        return c;
    }
}
