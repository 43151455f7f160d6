package xmassnu.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.RemoteFileChangedException;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.jobs.testing.S3RequestLog.Request;

/**
 * s3proxy + S3A 3.5.0 work as a file system for the Hadoop API and for Spark, and S3 has the semantics that
 * the stage commit must design around (AWS S3's consistency model): an object appears only when its upload completes;
 * create-without-overwrite is a check, not a lock, unless the conditional (If-None-Match) create is asked for;
 * rename is a copy of every object followed by deletes; listings are consistent; no block alignment for Parquet.
 * Each request-level claim is checked with {@link S3RequestLog}.
 */
class S3TestServerTest {
    private static S3TestServer s3;
    private static FileSystem fs;

    @BeforeAll
    static void start() throws IOException {
        s3 = S3TestServer.shared();
        long t0 = System.nanoTime();
        fs = s3.fileSystem();
        fs.exists(path("/")); // the first request: SDK client creation and class loading
        System.err.printf(Locale.ROOT, "S3TestServer: s3proxy up in %.1f s, S3A client ready after %.1f s more%n",
                s3.startupTime().toMillis() / 1e3, (System.nanoTime() - t0) / 1e9);
    }

    private static Path path(String p) {
        return new Path(s3.bucketUri() + p);
    }

    private static void write(FileSystem f, Path p, String text) throws IOException {
        try (FSDataOutputStream out = f.create(p, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(FileSystem f, Path p) throws IOException {
        try (FSDataInputStream in = f.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A second S3A client with its own connections and no shared state with {@link #fs}. */
    private static FileSystem otherClient(Configuration conf) throws IOException {
        return FileSystem.newInstance(s3.bucketUri(), conf);
    }

    @Test
    void settingsStayOnLoopbackWithStaticCredentials() {
        var p = s3.hadoopProperties();
        assertTrue(p.get("fs.s3a.endpoint").matches("http://127\\.0\\.0\\.1:\\d+"), p.get("fs.s3a.endpoint"));
        assertEquals("org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider", p.get("fs.s3a.aws.credentials.provider"));
        assertEquals("true", p.get("fs.s3a.path.style.access"));
        assertEquals("false", p.get("fs.s3a.connection.ssl.enabled"));
        assertTrue(s3.sparkProperties().keySet().stream().allMatch(k -> k.startsWith("spark.hadoop.fs.s3a.")));
    }

    @Test
    void badBucketNamesAndPortsAreRefusedBeforeAnythingStarts(@TempDir java.nio.file.Path tmp) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> S3TestServer.start(tmp, 0, "Bad_Bucket", S3TestServer.Backend.MEMORY, null));
        assertTrue(e.getMessage().contains("'Bad_Bucket'"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> S3TestServer.start(tmp, 70_000, "ok-bucket", S3TestServer.Backend.MEMORY, null));
    }

    @Test
    void writeReadListRenameDelete() throws IOException {
        Path dir = path("/roundtrip");
        write(fs, new Path(dir, "a.txt"), "dark photon");
        assertEquals("dark photon", read(fs, new Path(dir, "a.txt")));
        assertTrue(fs.rename(new Path(dir, "a.txt"), new Path(dir, "b.txt")));
        FileStatus[] listed = fs.listStatus(dir);
        assertEquals(List.of("b.txt"), Arrays.stream(listed).map(s -> s.getPath().getName()).toList());
        assertEquals(11, listed[0].getLen());
        assertTrue(fs.delete(dir, true));
        assertFalse(fs.exists(dir));
    }

    @Test
    void anObjectIsInvisibleUntilItsStreamCloses() throws IOException {
        Path p = path("/atomic/single");
        try (FileSystem other = otherClient(s3.configuration())) {
            FSDataOutputStream out = fs.create(p, true);
            out.write(new byte[1_000_000]);
            out.hflush(); // a no-op on S3A: nothing is sent before close()
            assertFalse(other.exists(p), "not visible while written (unlike HDFS)");
            out.close();
            assertEquals(1_000_000, other.getFileStatus(p).getLen(), "visible, complete, at close");
        }
    }

    @Test
    void aMultipartUploadIsInvisibleUntilItCompletes() throws Exception {
        Configuration conf = s3.configuration();
        conf.set("fs.s3a.multipart.size", "5M"); // S3's minimum part size; the default is 64 MiB
        Path p = path("/multipart/object");
        try (FileSystem writer = otherClient(conf); FileSystem reader = otherClient(s3.configuration())) {
            write(fs, path("/multipart/sibling"), "the directory exists");
            S3RequestLog.start();
            FSDataOutputStream out = writer.create(p, true);
            out.write(new byte[11_000_000]); // two full 5 MiB parts are uploaded while the stream is open
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (partsUploaded() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(partsUploaded() >= 2, "parts uploaded before close");
            assertFalse(reader.exists(p), "an object with uploaded parts is not visible before completion");
            assertEquals(List.of("sibling"),
                    Arrays.stream(reader.listStatus(path("/multipart"))).map(s -> s.getPath().getName()).toList());
            out.close();
            List<Request> log = S3RequestLog.stop();
            assertEquals("MULTIPART_COMPLETE", log.stream().filter(r -> r.key().equals("multipart/object"))
                    .reduce((a, b) -> b).orElseThrow().verb(), log.toString());
            assertEquals(11_000_000, reader.getFileStatus(p).getLen());
        } finally {
            S3RequestLog.stop();
        }
    }

    private static long partsUploaded() {
        return S3RequestLog.snapshot().stream().filter(r -> r.verb().equals("PUT_PART") && r.status() == 200).count();
    }

    @Test
    void createWithoutOverwriteChecksAtCreateButTwoWritersBothSucceed() throws IOException {
        Path p = path("/create/plain");
        write(fs, p, "first");
        // a HEAD at create() finds the existing object ...
        assertThrows(FileAlreadyExistsException.class, () -> fs.create(p, false));
        // ... but it is a check, not a lock: two writers of a new key both pass it, and the last close wins
        Path q = path("/create/race");
        FSDataOutputStream one = fs.create(q, false);
        FSDataOutputStream two = fs.create(q, false);
        one.write("one".getBytes(StandardCharsets.UTF_8));
        two.write("two".getBytes(StandardCharsets.UTF_8));
        one.close();
        two.close();
        assertEquals("two", read(fs, q));
    }

    /**
     * S3A 3.5's conditional create ({@code fs.option.create.conditional.overwrite}, allowed by
     * {@code fs.s3a.create.conditional.enabled=true}, the default) sends {@code If-None-Match: *}: the store
     * refuses the upload (412) if the key exists when the PUT completes, so of two racing writers exactly one wins.
     */
    @Test
    void conditionalCreateLetsExactlyOneOfTwoWritersWin() throws IOException {
        Path p = path("/create/conditional");
        FSDataOutputStream one = conditionalCreate(fs, p);
        FSDataOutputStream two = conditionalCreate(fs, p);
        one.write("one".getBytes(StandardCharsets.UTF_8));
        two.write("two".getBytes(StandardCharsets.UTF_8));
        one.close();
        RemoteFileChangedException e = assertThrows(RemoteFileChangedException.class, two::close);
        assertTrue(e.getMessage().contains("412"), e.getMessage());
        assertEquals("one", read(fs, p));
        // and on a key that already exists, the refusal also comes at close (no HEAD at create)
        FSDataOutputStream three = conditionalCreate(fs, p);
        three.write(3);
        assertThrows(RemoteFileChangedException.class, three::close);
        assertEquals("one", read(fs, p));
    }

    static FSDataOutputStream conditionalCreate(FileSystem f, Path p) throws IOException {
        FSDataOutputStreamBuilder<?, ?> b = f.createFile(p).overwrite(false);
        b.must("fs.option.create.conditional.overwrite", true);
        return b.build();
    }

    /**
     * rename(dir) lists the source, COPYs every object (in parallel, so in no fixed order: _SUCCESS may land
     * before the data files), and only then DELETEs the sources: O(bytes), and a crash in between leaves a
     * complete source plus a partial target.
     */
    @Test
    void renameOfADirectoryCopiesEveryObjectThenDeletesTheSources() throws IOException {
        Path staging = path("/rename/stage.tmp");
        List<String> files = List.of("_SUCCESS", "_lineage.json", "run_id=1/part-0.parquet",
                "run_id=1/part-1.parquet", "run_id=2/part-0.parquet", "run_id=3/part-0.parquet");
        for (String f : files) {
            write(fs, new Path(staging, f), f);
        }
        Path target = path("/rename/stage");
        S3RequestLog.start();
        List<Request> log;
        try {
            assertTrue(fs.rename(staging, target));
        } finally {
            log = S3RequestLog.stop();
        }
        List<String> copied = log.stream().filter(r -> r.verb().equals("COPY")).map(Request::key).sorted().toList();
        assertEquals(files.stream().map(f -> "rename/stage/" + f).sorted().toList(), copied, log.toString());
        List<String> deleted = log.stream().filter(r -> r.verb().equals("DELETE")).map(Request::key).toList();
        assertTrue(deleted.containsAll(files.stream().map(f -> "rename/stage.tmp/" + f).toList()), log.toString());
        int lastCopy = lastIndexOf(log, "COPY");
        int firstDelete = log.indexOf(log.stream().filter(r -> r.verb().equals("DELETE")).findFirst().orElseThrow());
        assertTrue(lastCopy < firstDelete, "every copy completes before the first delete: " + log);
        for (String f : files) {
            assertEquals(f, read(fs, new Path(target, f)));
        }
        assertFalse(fs.exists(staging));
    }

    private static int lastIndexOf(List<Request> log, String verb) {
        for (int i = log.size() - 1; i >= 0; i--) {
            if (log.get(i).verb().equals(verb)) {
                return i;
            }
        }
        return -1;
    }

    /** Where HDFS returns false, S3A throws; and an existing target directory is refused, not entered. */
    @Test
    void renameFailuresDifferFromHdfs() throws IOException {
        Path target = path("/rename-failures/stage");
        write(fs, new Path(target, "_SUCCESS"), "");
        write(fs, new Path(target, "_lineage.json"), "{}");
        assertThrows(FileNotFoundException.class, () -> fs.rename(path("/rename-failures/missing"), path("/x")));
        assertThrows(FileAlreadyExistsException.class,
                () -> fs.rename(new Path(target, "_SUCCESS"), new Path(target, "_lineage.json")));
        Path second = path("/rename-failures/stage2.tmp");
        write(fs, new Path(second, "_SUCCESS"), "");
        // HDFS moves the source into the existing directory; S3A refuses (false) and changes nothing
        assertFalse(fs.rename(second, target));
        assertFalse(fs.exists(new Path(target, "stage2.tmp")));
        assertTrue(fs.exists(new Path(second, "_SUCCESS")));
    }

    @Test
    void aListingSeesEveryObjectAsSoonAsItsWriteReturns() throws IOException {
        Path dir = path("/listing");
        try (FileSystem other = otherClient(s3.configuration())) {
            for (int i = 0; i < 30; i++) {
                write(fs, new Path(dir, "f" + i), Integer.toString(i));
                assertEquals(i + 1, other.listStatus(dir).length, "after write " + i);
            }
        }
    }

    @Test
    void s3aReportsItsConfiguredBlockSizeAndParquetDoesNotAlignToIt() throws IOException {
        Path p = path("/blocks/x");
        write(fs, p, "x".repeat(1000));
        FileStatus st = fs.getFileStatus(p);
        assertEquals(32L << 20, st.getBlockSize(), "fs.s3a.block.size (default 32 MiB)");
        var locations = fs.getFileBlockLocations(st, 0, st.getLen());
        assertEquals(1, locations.length);
        assertEquals("localhost", locations[0].getHosts()[0], "S3A's fake location");
        assertFalse(HadoopOutputFile.fromPath(p, s3.configuration()).supportsBlockSize(),
                "parquet-mr pads row groups only for hdfs/webhdfs/viewfs");
    }

    @Test
    void sparkWritesAndReadsParquetWithTheSameBytesAsLocally(@TempDir java.nio.file.Path tmp) throws IOException {
        SparkSession spark = SparkTestSession.get();
        s3.applyTo(spark.sparkContext().hadoopConfiguration());
        // several 1 MiB row groups in one file: would be padded on HDFS with small blocks, not on S3A
        Dataset<Row> rows = spark.range(0, 400_000, 1, 1).selectExpr("id", "rand(7) AS x");
        String local = tmp.resolve("local").toUri().toString();
        String remote = s3.bucketUri() + "/spark/bytes";
        rows.write().option("parquet.block.size", 1 << 20).parquet(local);
        rows.write().option("parquet.block.size", 1 << 20).parquet(remote);
        assertArrayEquals(onlyPart(local), onlyPart(remote));
        Dataset<Row> back = spark.read().parquet(remote);
        assertEquals(400_000, back.count());
        assertEquals(399_999L * 400_000 / 2, back.selectExpr("sum(id)").first().getLong(0));
    }

    /**
     * Spark's default commit (Sessions: SQLHadoopMapReduceCommitProtocol, i.e. Hadoop's FileOutputCommitter)
     * renames: algorithm 1 COPYs every output file twice (task commit into _temporary/0/task_*, job commit into
     * place), algorithm 2 once, straight into the target at task commit (so a failed job leaves visible partial
     * output). _SUCCESS is the last object written in both. Which one runs when nobody sets
     * mapreduce.fileoutputcommitter.algorithm.version is checked too (Hadoop 3.5's mapred-default.xml says 2).
     */
    @Test
    void sparksFileOutputCommitterRenamesEveryFileOnS3() {
        SparkSession spark = SparkTestSession.get();
        s3.applyTo(spark.sparkContext().hadoopConfiguration());
        Dataset<Row> rows = spark.range(0, 1_000, 1, 3).selectExpr("id", "id % 2 AS run");
        for (String algorithm : new String[] {null, "1", "2"}) {
            String out = s3.bucketUri() + "/spark/commit-" + (algorithm == null ? "default" : "v" + algorithm);
            S3RequestLog.start();
            List<Request> log;
            try {
                var w = rows.write().mode(SaveMode.Overwrite);
                if (algorithm != null) {
                    w = w.option("mapreduce.fileoutputcommitter.algorithm.version", algorithm);
                }
                w.partitionBy("run").parquet(out);
            } finally {
                log = S3RequestLog.stop();
            }
            List<String> parts = log.stream().filter(r -> r.verb().equals("COPY") && r.key().contains("/run=")
                    && !r.key().contains("_temporary")).map(Request::key).distinct().toList();
            long copies = log.stream().filter(r -> r.verb().equals("COPY")).count();
            assertEquals(6, parts.size(), "3 tasks x 2 partitions: " + parts);
            // unset: algorithm 1, Spark's default (its SparkHadoopUtil sets 1 unless the user chose)
            assertEquals("2".equals(algorithm) ? 6 : 12, copies, "algorithm " + algorithm + ": " + summary(log));
            Request lastPut = log.stream().filter(r -> r.verb().equals("PUT")).reduce((a, b) -> b).orElseThrow();
            assertEquals(out.substring(out.indexOf("spark/")) + "/_SUCCESS", lastPut.key());
            assertEquals(1_000, spark.read().parquet(out).count());
        }
    }

    private static String summary(List<Request> log) {
        return log.stream().collect(Collectors.groupingBy(Request::verb, Collectors.counting())).toString();
    }

    private static byte[] onlyPart(String dir) throws IOException {
        return TestFiles.onlyPartFile(dir, s3.configuration());
    }
}
