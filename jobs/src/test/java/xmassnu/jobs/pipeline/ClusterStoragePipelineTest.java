package xmassnu.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.fits.analysis.FitSettings;
import xmassnu.jobs.fit.FitStage;
import xmassnu.jobs.reduce.ReduceStage;
import xmassnu.jobs.select.SelectStage;
import xmassnu.jobs.spectra.SpectraSettings;
import xmassnu.jobs.spectra.SpectraStage;
import xmassnu.jobs.spectra.Systematics;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.Manifest;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.jobs.testing.CommandLines;
import xmassnu.jobs.testing.HdfsTestCluster;
import xmassnu.jobs.testing.S3TestServer;
import xmassnu.jobs.testing.SmallDataset;
import xmassnu.jobs.testing.SparkTestSession;
import xmassnu.reduction.cuts.SelectionSettings;

/**
 * The analysis chain simulate → reduce → select → spectra → fit with {@code --data} on HDFS and on S3 (Spark local
 * mode in this JVM, the services' Hadoop settings on the session's hadoopConfiguration, as spark-defaults would set
 * them) gives the same bytes as on a local directory: every event Parquet file by relative name, the limits (limits.csv
 * without its wall-time column) and the checksum command's per-table checksums. The local reference is
 * {@link SmallDataset} (its simulate, reduce and select, reused here) with small spectra and an asymptotic fit.
 */
class ClusterStoragePipelineTest {
    /** Small Monte Carlo samples, no systematic variations and a 2-mass grid: seconds, every stage exercised. */
    static final SpectraSettings SPECTRA = new SpectraSettings(7, 2.0, 0.3, 45, 24, 12_000, 0, 2, 1_500,
            Map.of("muon", 20, "pmt-gamma", 3_000), 2_000, List.of("millicharge", "magnetic-moment", "b-l"),
            List.of("all"), 2, 1e-3, 10, "b16-gs98", "standard", Systematics.NONE, "stepping");
    /** Asymptotic limits, no toys. */
    static final FitSettings FIT = new FitSettings(0.90, "qtilde", 0.3, 0.05, true, 1e-3, 0, false, 0, 0);
    /** Stages the comparison covers; their lineage hashes must agree too (lineage never names a location). */
    static final List<String> STAGES = List.of(DataLayout.RAW, DataLayout.EVENTS, DataLayout.SELECTION,
            DataLayout.SPECTRA, DataLayout.LIMITS);

    static SparkSession spark;
    static Location reference;

    @BeforeAll
    static void localReference(@TempDir Path tmp) throws Exception {
        spark = SparkTestSession.get();
        SmallDataset.selected();
        Path dir = SmallDataset.copy(tmp.resolve("local"), DataLayout.RAW, DataLayout.EVENTS, DataLayout.SELECTION);
        reference = Location.local(dir);
        List<Boolean> reused = runSlice(reference);
        assertEquals(List.of(true, true, true, false, false), reused, "SmallDataset's stages are this slice's");
    }

    /** Runs the slice on a data directory; which stages were reused. */
    static List<Boolean> runSlice(Location root) {
        Storage storage = Storage.of(spark.sparkContext().hadoopConfiguration());
        List<Boolean> reused = new ArrayList<>();
        try (StageRunner r = StageRunner.open(spark, storage, new DataLayout(root), "test", true)) {
            reused.add(r.run(SmallDataset.simulateStage(), false).reused());
            reused.add(r.run(new ReduceStage(4, false), false).reused());
            reused.add(r.run(new SelectStage(SelectionSettings.XMASS_I), false).reused());
            reused.add(r.run(new SpectraStage(SPECTRA, null, 0), false).reused());
            reused.add(r.run(new FitStage(FIT, 1, null), false).reused());
        }
        return reused;
    }

    @Test
    void onHdfsTheOutputsAreTheLocalOnesByteForByte() {
        HdfsTestCluster hdfs = HdfsTestCluster.shared();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        // what a cluster's hdfs-site.xml gives the client: the cluster's 16 MiB blocks (Parquet must not pad row groups
        // to them) and one replica
        Configuration cluster = hdfs.configuration();
        for (String k : List.of("dfs.blocksize", "dfs.replication",
                "dfs.client.block.write.replace-datanode-on-failure.enable")) {
            conf.set(k, cluster.get(k));
        }
        assertEquals(16L << 20, conf.getLong("dfs.blocksize", 0));
        compare(Location.of(hdfs.uri() + "/pipeline/data"));
    }

    @Test
    void onS3TheOutputsAreTheLocalOnesByteForByte() {
        S3TestServer s3 = S3TestServer.shared();
        s3.applyTo(spark.sparkContext().hadoopConfiguration());
        compare(Location.of(s3.bucketUri() + "/pipeline/data"));
    }

    private static void compare(Location root) {
        Storage storage = Storage.of(spark.sparkContext().hadoopConfiguration());
        storage.delete(root);
        assertEquals(List.of(false, false, false, false, false), runSlice(root), "every stage computed on " + root);
        Storage local = Storage.local();
        for (String stage : STAGES) {
            assertEquals(committed(local, reference, stage).hash(), committed(storage, root, stage).hash(), stage);
        }
        // every event file, by relative name, byte for byte (read back, not only the manifest's checksums)
        List<Manifest.Entry> expected = tables(committed(local, reference, DataLayout.EVENTS));
        List<Manifest.Entry> actual = tables(committed(storage, root, DataLayout.EVENTS));
        assertEquals(expected.stream().map(Manifest.Entry::path).toList(), actual.stream().map(Manifest.Entry::path).toList());
        assertFalse(expected.isEmpty());
        for (Manifest.Entry e : expected) {
            Location rel = reference.resolve(DataLayout.EVENTS).resolve(e.path());
            assertArrayEquals(local.readBytes(rel), storage.readBytes(root.resolve(DataLayout.EVENTS).resolve(e.path())),
                    e.path());
        }
        assertEquals(expected, actual, "sizes, checksums, tables and rows as committed");
        // the limits, without the wall time of each fit
        assertEquals(limitsWithoutTimes(local, reference), limitsWithoutTimes(storage, root));
        // the checksum command's per-table lines
        String expectedSums = checksums(reference);
        assertTrue(expectedSums.contains("events ") && expectedSums.contains("limits/grid "), expectedSums);
        assertEquals(expectedSums, checksums(root));
    }

    static CommittedStage committed(Storage s, Location root, String key) {
        return CommittedStage.open(s, new DataLayout(root).stage(key), key, "the slice");
    }

    static List<Manifest.Entry> tables(CommittedStage c) {
        return c.manifest().files().stream().filter(Manifest.Entry::isTable).toList();
    }

    /** A comma outside double quotes: the profiled-systematics cell is a quoted, comma-separated list. */
    private static final String CSV_COMMA = ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)";

    static List<String> limitsWithoutTimes(Storage s, Location root) {
        List<String> lines = committed(s, root, DataLayout.LIMITS).readText(s, DataLayout.LIMITS_CSV).lines().toList();
        int time = Arrays.asList(lines.get(0).split(CSV_COMMA, -1)).indexOf("fit_time_ms");
        assertTrue(time >= 0, lines.get(0));
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(Arrays.asList(line.split(CSV_COMMA, -1)));
            cells.remove(time);
            out.add(String.join(",", cells));
        }
        assertTrue(out.size() > 5, out.toString());
        return out;
    }

    /** {@code bin/xmass checksum --data ROOT}, in this JVM (its Spark session), as printed. */
    static String checksums(Location root) {
        CommandLines.Run r = CommandLines.run("checksum", "--data", root.toString());
        assertEquals(0, r.code(), r.err());
        return r.out();
    }
}
