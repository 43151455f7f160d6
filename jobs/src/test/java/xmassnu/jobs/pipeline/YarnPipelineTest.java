package xmassnu.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.Manifest;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.jobs.testing.CommandLines;
import xmassnu.jobs.testing.SparkTestSession;
import xmassnu.jobs.testing.YarnTestCluster;

/**
 * The command line's {@code pipeline} (simulate, reduce, select, spectra, fit, sweep) in yarn-client mode on the
 * MiniYARNCluster, data on its MiniDFSCluster: the ApplicationMaster and the executor are container JVMs, every file
 * goes through HDFS, and the outputs equal local mode's: every table's {@code checksum} line, the limits without
 * their wall times, and every event Parquet file byte for byte. The slice is the demo's first 0.01 live day with
 * smaller Monte Carlo samples, a 3-mass grid and no observation toys, so the test spends its time on YARN and HDFS
 * rather than on physics.
 */
class YarnPipelineTest {
    static final String SLICE = "{\"base\": \"demo\", \"name\": \"yarn-slice\", \"days\": 0.01,"
            + " \"spectra\": {\"responseEvents\": 10000, \"templateEvents\": 2000,"
            + " \"templateEventsByComponent\": {\"muon\": 20, \"pmt-gamma\": 4000}, \"massPoints\": 3},"
            + " \"fit\": {\"goodnessOfFitToys\": 0, \"lookElsewhereToys\": 0}}";

    @Test
    void thePipelineOnYarnAndHdfsEqualsLocalMode(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("yarn-slice.json");
        Files.writeString(config, SLICE);

        SparkTestSession.get();
        Location local = Location.local(tmp.resolve("local"));
        long t0 = System.nanoTime();
        pipeline(config, local);
        System.err.printf(Locale.ROOT, "YarnPipelineTest: local[2] pipeline in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        String localSums = ClusterStoragePipelineTest.checksums(local);
        SparkTestSession.stop(); // one SparkContext per JVM

        YarnTestCluster yarn = YarnTestCluster.shared();
        t0 = System.nanoTime();
        SparkSession.Builder b = SparkSession.builder().appName("xmassnu-yarn-pipeline-test");
        yarn.sparkProperties().forEach(b::config);
        SparkSession spark = b.getOrCreate();
        System.err.printf(Locale.ROOT, "YarnPipelineTest: yarn-client session in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        try {
            assertEquals("yarn", spark.sparkContext().master());
            Location onHdfs = Location.of(yarn.hdfs().uri() + "/yarn-pipeline/data");
            Storage hdfs = Storage.of(spark.sparkContext().hadoopConfiguration());
            hdfs.delete(onHdfs);
            t0 = System.nanoTime();
            pipeline(config, onHdfs); // the command line's Sessions.getOrCreate returns this yarn session
            System.err.printf(Locale.ROOT, "YarnPipelineTest: pipeline on YARN + HDFS in %.1f s%n",
                    (System.nanoTime() - t0) / 1e9);
            assertEquals("yarn", spark.sparkContext().master(), "still the yarn session");

            String sums = ClusterStoragePipelineTest.checksums(onHdfs);
            assertTrue(localSums.contains("events ") && localSums.contains("limits/grid "), localSums);
            assertEquals(localSums, sums);
            Storage disk = Storage.local();
            assertEquals(ClusterStoragePipelineTest.limitsWithoutTimes(disk, local),
                    ClusterStoragePipelineTest.limitsWithoutTimes(hdfs, onHdfs));
            List<Manifest.Entry> expected = ClusterStoragePipelineTest.tables(
                    ClusterStoragePipelineTest.committed(disk, local, DataLayout.EVENTS));
            List<Manifest.Entry> actual = ClusterStoragePipelineTest.tables(
                    ClusterStoragePipelineTest.committed(hdfs, onHdfs, DataLayout.EVENTS));
            assertFalse(expected.isEmpty());
            assertEquals(expected, actual, "event files: names, sizes, checksums, rows as committed");
            for (Manifest.Entry e : expected) {
                assertArrayEquals(disk.readBytes(local.resolve(DataLayout.EVENTS).resolve(e.path())),
                        hdfs.readBytes(onHdfs.resolve(DataLayout.EVENTS).resolve(e.path())), e.path());
            }
        } finally {
            spark.stop(); // the next SparkTestSession.get() starts a local session again
        }
    }

    private static void pipeline(Path config, Location data) {
        CommandLines.Run r = CommandLines.run("--quiet", "pipeline", "--config", config.toString(), "--data",
                data.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("limits (90 % CL)"), r.out());
    }
}
