package xmassnu.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A real YARN in the test JVM: Hadoop's MiniYARNCluster (one ResourceManager, one NodeManager) over an
 * {@link HdfsTestCluster}, sized for a 2-core machine, with the Spark settings that submit to it in yarn-client
 * mode from this JVM ({@link #sparkProperties()}). The ApplicationMaster and the executors are real container
 * JVMs that the NodeManager launches; like Spark's own {@code BaseYarnClusterSuite} they take this JVM's class
 * path ({@code spark.yarn.jars} points at an empty local jar, so nothing is uploaded), which is valid because
 * they run on the same machine.
 *
 * <pre>{@code
 * YarnTestCluster yarn = YarnTestCluster.shared();
 * SparkTestSession.stop();                       // one SparkContext per JVM
 * SparkSession.Builder b = SparkSession.builder().appName("t");
 * yarn.sparkProperties().forEach(b::config);
 * try (SparkSession spark = b.getOrCreate()) { ... }
 * }</pre>
 */
public final class YarnTestCluster implements AutoCloseable {
    /** NodeManager capacity: an ApplicationMaster (768 MiB container) plus two 1.1 GiB executors fit. */
    static final int NODE_MEMORY_MB = 4096;
    static final int NODE_VCORES = 4;

    private static YarnTestCluster shared;

    private final MiniYARNCluster cluster;
    private final HdfsTestCluster hdfs;
    private final boolean ownsHdfs;
    private final Path dir;
    private final Duration startupTime;

    private YarnTestCluster(MiniYARNCluster cluster, HdfsTestCluster hdfs, boolean ownsHdfs, Path dir,
            Duration startupTime) {
        this.cluster = cluster;
        this.hdfs = hdfs;
        this.ownsHdfs = ownsHdfs;
        this.dir = dir;
        this.startupTime = startupTime;
    }

    /** Starts a ResourceManager and one NodeManager whose default file system is {@code hdfs}. */
    public static YarnTestCluster start(HdfsTestCluster hdfs) {
        return start(hdfs, false);
    }

    private static YarnTestCluster start(HdfsTestCluster hdfs, boolean ownsHdfs) {
        long t0 = System.nanoTime();
        Path dir = TestFiles.newServiceDir("yarn");
        YarnConfiguration conf = new YarnConfiguration(hdfs.configuration());
        conf.set("hadoop.tmp.dir", dir.resolve("tmp").toString());
        conf.set("hadoop.http.temp.dir", dir.resolve("http-tmp").toString());
        conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
        conf.set(YarnConfiguration.NM_ADDRESS, "127.0.0.1:0");
        conf.set(YarnConfiguration.NM_LOCALIZER_ADDRESS, "127.0.0.1:0");
        conf.set(YarnConfiguration.NM_WEBAPP_ADDRESS, "127.0.0.1:0");
        conf.setInt(YarnConfiguration.NM_PMEM_MB, NODE_MEMORY_MB);
        conf.setInt(YarnConfiguration.NM_VCORES, NODE_VCORES);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, NODE_MEMORY_MB);
        // a JVM's virtual size is many times its heap; physical use beyond heap + overhead is normal for the
        // short Spark JVMs here: neither check should kill a container on a shared test machine
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100.0f);
        // JAVA_HOME is not set on these machines (and not in this JVM's environment for the NodeManager to pass on):
        // every container gets the JDK that runs the tests
        conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX,JAVA_HOME=" + javaHome());
        // hadoop-client-minicluster has no capacity-scheduler.xml: one queue with everything (as BaseYarnClusterSuite)
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        // an application's AM may take the whole (small) cluster; the default 10 % would leave it pending forever
        conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 1.0f);
        conf.setBoolean(YarnConfiguration.TIMELINE_SERVICE_ENABLED, false);
        // finished containers' directories are evidence when a test fails: keep them 10 minutes
        conf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 600);

        // MiniYARNCluster keeps its NodeManager's local and log directories under ./target/test/data/<name>
        String name = "xmass-yarn-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        MiniYARNCluster c = new MiniYARNCluster(name, 1, 1, 1);
        try {
            c.init(conf);
            c.start();
            // start() can return before the RM has put its real port into the configuration (BaseYarnClusterSuite)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("YarnTestCluster: ResourceManager address still :0 after 30 s");
                }
                Thread.sleep(100);
            }
            if (!c.waitForNodeManagersToConnect(30_000)) {
                throw new IllegalStateException("YarnTestCluster: the NodeManager did not register within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.stop();
            throw new IllegalStateException("YarnTestCluster: interrupted while starting", e);
        } catch (RuntimeException | org.apache.hadoop.yarn.exceptions.YarnException e) {
            c.stop();
            throw new IllegalStateException("YarnTestCluster: MiniYARNCluster did not start", e);
        }
        return new YarnTestCluster(c, hdfs, ownsHdfs, dir, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** One cluster per test JVM, on {@link HdfsTestCluster#shared()}, stopped by a shutdown hook. */
    public static synchronized YarnTestCluster shared() {
        if (shared == null) {
            shared = start(HdfsTestCluster.shared());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "YarnTestCluster-shutdown"));
        }
        return shared;
    }

    /** The cluster's live configuration: ResourceManager and NodeManager addresses, {@code fs.defaultFS}. */
    public Configuration configuration() {
        return new YarnConfiguration(cluster.getConfig());
    }

    public HdfsTestCluster hdfs() {
        return hdfs;
    }

    /** Wall time from {@link #start} to the NodeManager being registered (not counting HDFS). */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Spark properties that run a SparkSession in yarn-client mode on this cluster from the current JVM: master,
     * every Hadoop setting of the cluster that differs from Hadoop's defaults (as {@code spark.hadoop.*}: RM
     * addresses, {@code fs.defaultFS}), the class path of this JVM for the AM and executors, JVM flags,
     * memory for one or two small executors, loopback driver. Callers may override any of them (e.g.
     * {@code spark.executor.instances}).
     */
    public Map<String, String> sparkProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spark.master", "yarn");
        m.put("spark.submit.deployMode", "client");
        changedHadoopSettings().forEach((k, v) -> m.put("spark.hadoop." + k, v));
        // nothing to upload: containers take the jars from where this JVM has them (same machine)
        m.put("spark.yarn.jars", "local:" + emptyJar());
        String cp = testClassPath();
        m.put("spark.driver.extraClassPath", cp); // Spark's Client puts this on the (client-mode) AM's class path
        m.put("spark.executor.extraClassPath", cp);
        String flags = jvmFlags();
        m.put("spark.yarn.am.extraJavaOptions", flags);
        m.put("spark.executor.extraJavaOptions", flags);
        // JAVA_HOME comes from the NodeManager's admin-env; setting it here too would make YARN join the two with ':'
        m.put("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1");
        m.put("spark.yarn.appMasterEnv.SPARK_LOCAL_IP", "127.0.0.1");
        m.put("spark.yarn.am.memory", "384m");
        m.put("spark.executor.memory", "768m");
        m.put("spark.executor.instances", "1");
        m.put("spark.executor.cores", "2");
        m.put("spark.driver.host", "127.0.0.1");
        m.put("spark.driver.bindAddress", "127.0.0.1");
        m.put("spark.ui.enabled", "false");
        m.put("spark.sql.shuffle.partitions", "4");
        // one attempt: a failed AM should fail the test at once, not be retried
        m.put("spark.yarn.maxAppAttempts", "1");
        m.put("spark.yarn.submit.waitAppCompletion", "false");
        return Collections.unmodifiableMap(m);
    }

    /**
     * The cluster's client-side Hadoop settings that differ from a default {@code YarnConfiguration}, sorted by
     * key: {@code yarn.*} (ResourceManager addresses, scheduler), {@code fs.defaultFS}, the HDFS client's
     * replication and block size. The NameNode's and DataNode's own settings stay out.
     */
    Map<String, String> changedHadoopSettings() {
        Configuration defaults = new YarnConfiguration(new HdfsConfiguration());
        Map<String, String> changed = new TreeMap<>();
        for (Map.Entry<String, String> e : cluster.getConfig()) {
            String k = e.getKey();
            boolean client = k.startsWith("yarn.") || k.equals("fs.defaultFS") || k.equals("dfs.replication")
                    || k.equals("dfs.blocksize") || k.startsWith("dfs.client.");
            if (client && !e.getValue().equals(defaults.getRaw(k))) {
                changed.put(k, e.getValue());
            }
        }
        return changed;
    }

    /** Stops the NodeManager and the ResourceManager (and the HDFS cluster if {@link #main} started it). */
    @Override
    public synchronized void close() {
        try {
            cluster.stop();
        } finally {
            TestFiles.deleteQuietly(cluster.getTestWorkDir().toPath());
            TestFiles.deleteQuietly(dir);
            if (ownsHdfs) {
                hdfs.close();
            }
        }
    }

    private Path emptyJar() {
        Path jar = dir.resolve("empty.jar");
        if (!Files.exists(jar)) {
            Manifest mf = new Manifest();
            mf.getMainAttributes().putValue("Manifest-Version", "1.0");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
                // Spark requires spark.yarn.jars to name at least one jar; this one holds only a manifest
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jar;
    }

    /** Surefire's real test class path (its own java.class.path is a manifest-only booter jar), else this JVM's. */
    static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    static String javaHome() {
        return System.getProperty("java.home");
    }

    /** The JVM flags of {@code .mvn/jvm.config} (Spark and Arrow need them in every JVM), if the file is found. */
    static String jvmFlags() {
        String root = System.getProperty("xmass.root", ".");
        for (Path p : new Path[] {Path.of(root, ".mvn", "jvm.config"), Path.of("..", ".mvn", "jvm.config")}) {
            if (Files.isRegularFile(p)) {
                try {
                    return String.join(" ", Files.readAllLines(p, StandardCharsets.UTF_8)).trim();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return "";
    }

    /**
     * Runs HDFS and YARN until the process is terminated: {@code YarnTestCluster [--conf-file FILE]
     * [--uri-file FILE]}. The conf file gets {@link #sparkProperties()} as {@code key value} lines (for
     * {@code XMASS_SPARK_DEFAULTS}), the URI file the HDFS URI, both written once HDFS and YARN are up; stdout
     * gets the HDFS URI.
     */
    public static void main(String[] args) throws Exception {
        Path confFile = null;
        Path uriFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--conf-file" -> confFile = Path.of(args[++i]);
                case "--uri-file" -> uriFile = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("YarnTestCluster: unknown argument " + args[i]
                        + " (allowed: --conf-file FILE, --uri-file FILE)");
            }
        }
        YarnTestCluster yarn = start(HdfsTestCluster.start(), true);
        Runtime.getRuntime().addShutdownHook(new Thread(yarn::close, "YarnTestCluster-shutdown"));
        if (uriFile != null) {
            TestFiles.writeAtomically(uriFile, yarn.hdfs().uri() + "\n");
        }
        if (confFile != null) {
            TestFiles.writeSparkDefaults(confFile, yarn.sparkProperties());
        }
        System.out.println(yarn.hdfs().uri());
        System.out.flush();
        System.err.printf(Locale.ROOT, "YarnTestCluster: ResourceManager %s, HDFS %s; up in %.1f s (HDFS %.1f s)%n",
                yarn.configuration().get(YarnConfiguration.RM_ADDRESS), yarn.hdfs().uri(),
                yarn.startupTime().toMillis() / 1e3, yarn.hdfs().startupTime().toMillis() / 1e3);
        TestFiles.awaitTermination();
    }
}
