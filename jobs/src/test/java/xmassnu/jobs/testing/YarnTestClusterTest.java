package xmassnu.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark in yarn-client mode from the test JVM on the MiniYARNCluster: the ApplicationMaster and the executor
 * are container JVMs the NodeManager launched, they run this module's classes, and they read and write the
 * MiniDFSCluster.
 */
class YarnTestClusterTest {
    private static YarnTestCluster yarn;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        yarn = YarnTestCluster.shared();
        System.err.printf(Locale.ROOT, "YarnTestCluster: started in %.1f s (on HDFS started in %.1f s)%n",
                yarn.startupTime().toMillis() / 1e3, yarn.hdfs().startupTime().toMillis() / 1e3);
        SparkTestSession.stop(); // one SparkContext per JVM
        long t0 = System.nanoTime();
        SparkSession.Builder b = SparkSession.builder().appName("xmassnu-yarn-test");
        yarn.sparkProperties().forEach(b::config);
        spark = b.getOrCreate();
        System.err.printf(Locale.ROOT, "YarnTestCluster: yarn-client SparkSession %s in %.1f s%n",
                spark.sparkContext().applicationId(), (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop(); // the next SparkTestSession.get() starts a local session again
        }
    }

    @Test
    void theSessionRunsOnYarn() {
        assertEquals("yarn", spark.sparkContext().master());
        assertTrue(spark.sparkContext().applicationId().startsWith("application_"),
                spark.sparkContext().applicationId());
        assertEquals(1000, spark.range(1000).count());
    }

    @Test
    void tasksRunInContainerJvmsWithThisModulesClasses() {
        long driverPid = ProcessHandle.current().pid();
        // the lambda's class exists only in target/test-classes: the executor has the test class path
        MapPartitionsFunction<Long, Long> pid = rows -> List.of(ProcessHandle.current().pid()).iterator();
        List<Long> pids = spark.range(0, 4, 1, 2).as(Encoders.LONG()).mapPartitions(pid, Encoders.LONG())
                .collectAsList();
        assertEquals(2, pids.size());
        for (long p : pids) {
            assertFalse(p == driverPid, "task ran in the driver (pid " + p + ")");
        }
    }

    @Test
    void executorsWriteAndReadParquetOnTheMiniDfs() {
        String dir = yarn.hdfs().uri() + "/yarn/parquet";
        spark.range(0, 20_000, 1, 4).selectExpr("id", "id % 5 AS run", "CAST(id AS DOUBLE) * 2 AS energyKev")
                .write().mode(SaveMode.Overwrite).partitionBy("run").parquet(dir);
        Dataset<Row> back = spark.read().parquet(dir);
        assertEquals(20_000, back.count());
        assertEquals(5, back.select("run").distinct().count());
        assertEquals(2.0 * 19_999 * 20_000 / 2, back.selectExpr("sum(energyKev)").first().getDouble(0), 1e-6);
        // the default file system of the job is the MiniDFS: a relative path lands there
        spark.range(10).write().mode(SaveMode.Overwrite).parquet("relative-yarn-test");
        assertEquals(10, spark.read().parquet(yarn.hdfs().uri() + "/user/" + System.getProperty("user.name")
                + "/relative-yarn-test").count());
    }
}
