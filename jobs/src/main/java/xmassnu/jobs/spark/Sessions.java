package xmassnu.jobs.spark;

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
        return b.getOrCreate();
    }
}
