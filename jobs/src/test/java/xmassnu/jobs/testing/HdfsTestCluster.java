package xmassnu.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS in the test JVM: one NameNode and one DataNode (Hadoop's MiniDFSCluster from the shaded
 * {@code hadoop-client-minicluster}, the Hadoop of Spark 4.2.0), every socket on 127.0.0.1, its storage in a
 * temporary directory that {@link #close()} deletes.
 *
 * <pre>{@code
 * try (HdfsTestCluster hdfs = HdfsTestCluster.start()) {
 *     Path p = new Path(hdfs.uri().resolve("/data/x"));            // hdfs://127.0.0.1:PORT/data/x
 *     FileSystem fs = p.getFileSystem(hdfs.configuration());
 * }
 * }</pre>
 *
 * {@link #shared()} is one cluster per test JVM (started on first use, stopped by a shutdown hook), like
 * {@link SparkTestSession}. {@link #main} runs one from the command line ({@code cluster-conf/test-services.sh}).
 */
public final class HdfsTestCluster implements AutoCloseable {
    private static HdfsTestCluster shared;

    private final MiniDFSCluster cluster;
    private final Path baseDir;
    private final boolean ownsBaseDir;
    private final URI uri;
    private final Duration startupTime;

    private HdfsTestCluster(MiniDFSCluster cluster, Path baseDir, boolean ownsBaseDir, Duration startupTime) {
        this.cluster = cluster;
        this.baseDir = baseDir;
        this.ownsBaseDir = ownsBaseDir;
        this.uri = URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort());
        this.startupTime = startupTime;
    }

    /** Starts a cluster in a new directory under ./target (or java.io.tmpdir), deleted by {@link #close()}. */
    public static HdfsTestCluster start() {
        return start(TestFiles.newServiceDir("hdfs"), true);
    }

    /** Starts a cluster whose NameNode and DataNode keep their storage under {@code baseDir} (not deleted). */
    public static HdfsTestCluster start(Path baseDir) {
        return start(baseDir, false);
    }

    private static HdfsTestCluster start(Path baseDir, boolean ownsBaseDir) {
        long t0 = System.nanoTime();
        // hdfs-default.xml matters: without it the NameNode falls back to file:///tmp/hadoop/dfs/name for its edits
        Configuration conf = new HdfsConfiguration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toAbsolutePath().toString());
        conf.set("hadoop.tmp.dir", baseDir.resolve("tmp").toAbsolutePath().toString());
        // the web servers' unpacked webapps, else /tmp/jetty-* (left behind when a JVM is killed)
        conf.set("hadoop.http.temp.dir", baseDir.resolve("http-tmp").toAbsolutePath().toString());
        // MiniDFSCluster binds the NameNode RPC/HTTP and the DataNode ports to 127.0.0.1; the NameNode's HTTP
        // server and the DataNode's hostname are the ones left to pin
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.hostname", "127.0.0.1");
        // one DataNode: one replica, and no "not enough replicas" pipeline recovery on append/hflush
        conf.setInt("dfs.replication", 1);
        conf.set("dfs.client.block.write.replace-datanode-on-failure.enable", "false");
        // the project's tables are small: a 16 MiB block keeps DataNode disk use and block reports small; Parquet
        // pads row groups to the reported block size (parquet-hadoop), so readers of this value must not assume 128 MiB
        conf.setLong("dfs.blocksize", 16L << 20);
        conf.setLong("dfs.namenode.fs-limits.min-block-size", 1L << 20);
        // start-up time: one volume per DataNode (default 2), one NameNode directory (default 2) and a 1 s heartbeat
        // (waitActive() waits for the DataNode's first one). Most of the rest is the NameNode's web server, which
        // Hadoop 3.5 always starts with WebHDFS: Jersey scans the 56 MB minicluster jar (no setting turns it off).
        conf.setLong("dfs.heartbeat.interval", 1);
        // skip the 30 s safe-mode extension and the disk-space check a shared CI disk could trip
        conf.setInt("dfs.namenode.safemode.extension", 0);
        conf.setLong("dfs.namenode.resource.du.reserved", 0);
        try {
            MiniDFSCluster c = new MiniDFSCluster.Builder(conf, baseDir.toFile())
                    .numDataNodes(1)
                    .storagesPerDatanode(1)
                    .enableManagedDfsDirsRedundancy(false)
                    .format(true)
                    .build();
            c.waitActive();
            return new HdfsTestCluster(c, baseDir, ownsBaseDir, Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException e) {
            throw new UncheckedIOException("HdfsTestCluster: MiniDFSCluster did not start in " + baseDir, e);
        }
    }

    /** One cluster for the whole test JVM, started on first use and stopped by a shutdown hook. */
    public static synchronized HdfsTestCluster shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "HdfsTestCluster-shutdown"));
        }
        return shared;
    }

    /** The file system's URI, {@code hdfs://127.0.0.1:PORT} (no trailing slash). */
    public URI uri() {
        return uri;
    }

    /** A new Hadoop configuration (defaults + site files) with {@code fs.defaultFS} = {@link #uri()}. */
    public Configuration configuration() {
        Configuration conf = new Configuration(cluster.getConfiguration(0));
        conf.set("fs.defaultFS", uri.toString());
        return conf;
    }

    /** The (cached) client {@link FileSystem} of this cluster. */
    public FileSystem fileSystem() {
        try {
            return FileSystem.get(uri, configuration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The underlying MiniDFSCluster (for {@link YarnTestCluster} and tests that need the NameNode). */
    public MiniDFSCluster miniCluster() {
        return cluster;
    }

    /** Wall time from {@link #start()} to the NameNode and DataNode being active. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Shuts down the NameNode and the DataNode, then deletes the storage directory if {@link #start()} made it. */
    @Override
    public synchronized void close() {
        try {
            cluster.shutdown(ownsBaseDir);
        } finally {
            if (ownsBaseDir) {
                TestFiles.deleteQuietly(baseDir);
            }
        }
    }

    /**
     * Runs a cluster until the process is terminated, for trying {@code bin/xmass --data hdfs://...}
     * by hand: {@code HdfsTestCluster [--uri-file FILE] [--dir DIR]}. Prints the URI on stdout and writes it to
     * the URI file (if given) once the cluster is up.
     */
    public static void main(String[] args) throws Exception {
        Path uriFile = null;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--uri-file" -> uriFile = Path.of(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("HdfsTestCluster: unknown argument " + args[i]
                        + " (allowed: --uri-file FILE, --dir DIR)");
            }
        }
        HdfsTestCluster hdfs = dir == null ? start() : start(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(hdfs::close, "HdfsTestCluster-shutdown"));
        System.out.println(hdfs.uri());
        System.out.flush();
        if (uriFile != null) {
            TestFiles.writeAtomically(uriFile, hdfs.uri() + "\n");
        }
        System.err.printf(Locale.ROOT, "HdfsTestCluster: %s up in %.1f s%n", hdfs.uri(), hdfs.startupTime().toMillis() / 1e3);
        TestFiles.awaitTermination();
    }
}
