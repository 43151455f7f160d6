package xmassnu.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MiniDFSCluster works as a file system for the Hadoop API and for Spark, and HDFS has the semantics the
 * stage commit relies on (Hadoop 3.5.0, HDFS semantics): atomic rename, create-without-overwrite checked by the NameNode,
 * files visible while they are written; and Parquet pads row groups to HDFS blocks unless told not to.
 */
class HdfsTestClusterTest {
    private static HdfsTestCluster hdfs;
    private static FileSystem fs;

    @BeforeAll
    static void start() {
        hdfs = HdfsTestCluster.shared();
        fs = hdfs.fileSystem();
        System.err.printf(Locale.ROOT, "HdfsTestCluster: started in %.1f s%n", hdfs.startupTime().toMillis() / 1e3);
    }

    private static Path path(String p) {
        return new Path(hdfs.uri().toString() + p);
    }

    @Test
    void uriIsLoopbackAndTheFileSystemIsHdfs() {
        assertTrue(hdfs.uri().toString().matches("hdfs://127\\.0\\.0\\.1:\\d+"), hdfs.uri().toString());
        assertEquals("hdfs", fs.getScheme());
        assertEquals(hdfs.uri().toString(), hdfs.configuration().get("fs.defaultFS"));
    }

    @Test
    void writeReadListRenameDelete() throws IOException {
        Path dir = path("/roundtrip");
        byte[] data = "neutrino magnetic moment\n".getBytes(StandardCharsets.UTF_8);
        try (FSDataOutputStream out = fs.create(new Path(dir, "a.txt"), false)) {
            out.write(data);
        }
        try (FSDataInputStream in = fs.open(new Path(dir, "a.txt"))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertTrue(fs.rename(new Path(dir, "a.txt"), new Path(dir, "b.txt")));
        FileStatus[] listed = fs.listStatus(dir);
        assertEquals(List.of("b.txt"), Arrays.stream(listed).map(s -> s.getPath().getName()).toList());
        assertEquals(data.length, listed[0].getLen());
        assertTrue(fs.delete(dir, true));
        assertFalse(fs.exists(dir));
    }

    @Test
    void createWithoutOverwriteFailsAtCreateWhileAnotherWriterHoldsTheFile() throws IOException {
        Path p = path("/exclusive/x");
        try (FSDataOutputStream first = fs.create(p, false)) {
            first.write(1);
            // the NameNode refuses the second create at once: the file exists from the first create() on, and
            // while it is open its writer holds the lease (a RemoteException, not a FileAlreadyExistsException)
            RemoteException e = assertThrows(RemoteException.class, () -> fs.create(p, false));
            assertEquals("org.apache.hadoop.hdfs.protocol.AlreadyBeingCreatedException", e.getClassName());
        }
        assertThrows(FileAlreadyExistsException.class, () -> fs.create(p, false));
        assertEquals(1, fs.getFileStatus(p).getLen());
    }

    @Test
    void aFileIsVisibleFromCreateOnAndGrowsWhileWritten() throws IOException {
        Path p = path("/growing/x");
        try (FSDataOutputStream out = fs.create(p, false)) {
            assertTrue(fs.exists(p), "visible before the first byte (unlike an S3 object)");
            out.write(new byte[1000]);
            out.hflush();
            try (FSDataInputStream in = fs.open(p)) {
                // a reader sees the flushed bytes of the unfinished last block
                assertEquals(1000, in.readAllBytes().length);
            }
        }
        assertEquals(1000, fs.getFileStatus(p).getLen());
    }

    @Test
    void renameIsAtomicReturnsFalseInsteadOfThrowingAndMovesIntoAnExistingDirectory() throws IOException {
        Path staging = path("/rename/stage.tmp");
        for (String f : List.of("_SUCCESS", "_lineage.json", "run_id=1/part-0.parquet", "run_id=2/part-0.parquet")) {
            try (FSDataOutputStream out = fs.create(new Path(staging, f), false)) {
                out.write(f.getBytes(StandardCharsets.UTF_8));
            }
        }
        Path target = path("/rename/stage");
        assertTrue(fs.rename(staging, target));
        assertFalse(fs.exists(staging));
        assertEquals(4, countFiles(target));
        // failures are a false return, not an exception: a missing source, an existing target file
        assertFalse(fs.rename(path("/rename/missing"), path("/rename/other")));
        assertFalse(fs.rename(new Path(target, "_SUCCESS"), new Path(target, "_lineage.json")));
        // an existing target directory is not replaced: the source moves INTO it (target/stage2.tmp)
        Path second = path("/rename/stage2.tmp");
        fs.mkdirs(second);
        assertTrue(fs.rename(second, target));
        assertTrue(fs.getFileStatus(new Path(target, "stage2.tmp")).isDirectory());
    }

    @Test
    void blockSizeAndLocationsAreTheDataNodes() throws IOException {
        Path p = path("/blocks/x");
        try (FSDataOutputStream out = fs.create(p, false)) {
            out.write(new byte[3 << 20]);
        }
        FileStatus st = fs.getFileStatus(p);
        assertEquals(16L << 20, st.getBlockSize(), "the cluster's dfs.blocksize");
        var locations = fs.getFileBlockLocations(st, 0, st.getLen());
        assertEquals(1, locations.length);
        assertEquals("127.0.0.1", locations[0].getHosts()[0]);
    }

    @Test
    void sparkWritesAndReadsParquet() {
        SparkSession spark = SparkTestSession.get();
        String dir = hdfs.uri() + "/spark/parquet";
        spark.range(0, 10_000, 1, 4).selectExpr("id", "id % 7 AS run", "CAST(id AS DOUBLE) * 0.5 AS energyKev")
                .write().mode(SaveMode.Overwrite).partitionBy("run").parquet(dir);
        Dataset<Row> back = spark.read().parquet(dir);
        assertEquals(10_000, back.count());
        assertEquals(7, back.select("run").distinct().count());
        assertEquals(0.5 * (10_000L * 9_999 / 2), back.selectExpr("sum(energyKev)").first().getDouble(0), 1e-6);
    }

    /**
     * parquet-mr aligns row groups to the file system's block size only for hdfs:// (HadoopOutputFile's
     * BLOCK_FS_SCHEMES): before a row group that starts less than parquet.writer.max-padding (8 MiB) before a
     * block boundary it writes zeros up to the boundary. The same rows written to file:// and hdfs:// then differ
     * in bytes; max-padding 0 makes them identical.
     */
    @Test
    void parquetPadsRowGroupsToHdfsBlocksUnlessMaxPaddingIsZero(@TempDir java.nio.file.Path tmp) throws IOException {
        SparkSession spark = SparkTestSession.get();
        // ~10 MB of incompressible doubles in one file, 1 MiB row groups; the cluster's blocks are 16 MiB, so the
        // row group starting past 8 MiB is padded to 16 MiB
        Dataset<Row> rows = spark.range(0, 1_300_000, 1, 1).selectExpr("id", "rand(7) AS x");
        String local = tmp.resolve("local").toUri().toString();
        String localAgain = tmp.resolve("local-again").toUri().toString();
        String padded = hdfs.uri() + "/padding/default";
        String unpadded = hdfs.uri() + "/padding/zero";
        for (String out : List.of(local, localAgain, padded, unpadded)) {
            var w = rows.write().option("parquet.block.size", 1 << 20);
            if (out.equals(unpadded)) {
                w = w.option("parquet.writer.max-padding", 0);
            }
            w.parquet(out);
        }
        byte[] l = onlyPart(local);
        assertArrayEquals(l, onlyPart(localAgain), "the same rows give the same bytes (else this test proves nothing)");
        assertTrue(l.length > 9_000_000 && l.length < 16 << 20, "local file of " + l.length + " bytes");
        byte[] p = onlyPart(padded);
        assertTrue(p.length > 16 << 20, "hdfs:// file padded to the 16 MiB block: " + p.length + " bytes");
        assertArrayEquals(l, onlyPart(unpadded), "max-padding 0: hdfs:// bytes = file:// bytes");
    }

    private static byte[] onlyPart(String dir) throws IOException {
        return TestFiles.onlyPartFile(dir, hdfs.configuration());
    }

    private static int countFiles(Path dir) throws IOException {
        int n = 0;
        var it = fs.listFiles(dir, true);
        while (it.hasNext()) {
            it.next();
            n++;
        }
        return n;
    }
}
