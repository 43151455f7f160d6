package xmassnu.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * A real S3 API server on 127.0.0.1: s3proxy (its {@code jar-with-dependencies}, which the build copies to
 * {@code jobs/target/s3proxy/s3proxy.jar}) in a separate JVM, storing objects in its heap (or as files,
 * {@link Backend}), with SigV2/V4 authentication against a fixed local key pair, and the Hadoop S3A client settings
 * that reach it: path-style requests over plain HTTP, static credentials, a fixed region, no instance-metadata
 * lookups. Nothing leaves the machine.
 *
 * <pre>{@code
 * try (S3TestServer s3 = S3TestServer.start()) {
 *     Path p = new Path(s3.bucketUri().resolve("/data/x"));       // s3a://xmass-test/data/x
 *     FileSystem fs = p.getFileSystem(s3.configuration());
 *     s3.applyTo(spark.sparkContext().hadoopConfiguration());     // Spark reads and writes s3a:// too
 * }
 * }</pre>
 *
 * A separate process because s3proxy's Jetty servlet API, logback and Netty 4.1 clash with Spark's in one JVM.
 * {@link #shared()} is one server per test JVM; {@link #main} runs one from the command line.
 */
public final class S3TestServer implements AutoCloseable {
    /** The bucket {@link #start()} creates. */
    public static final String BUCKET = "xmass-test";
    /** The local key pair s3proxy checks signatures against; not a credential of anything else. */
    public static final String ACCESS_KEY = "xmass-local-access-key";
    public static final String SECRET_KEY = "xmass-local-secret-key";
    /** Where s3proxy keeps the objects. */
    public enum Backend {
        /**
         * In s3proxy's heap (jclouds {@code transient}): the default, fast. jclouds' {@code filesystem} backend
         * takes 10 s to DELETE the marker of a non-empty directory, which S3A's recursive deletes (every Spark job
         * commit's cleanup of {@code _temporary}) do several times.
         */
        MEMORY("transient", "512m"),
        /**
         * Plain files under {@code <dir>/store/<bucket>/<key>} (jclouds {@code filesystem}): for more data than a
         * heap holds, or to look at the stored bytes; slow DELETEs of directory markers (see {@link #MEMORY}).
         * s3proxy's own {@code filesystem-nio2} is no alternative: it lists directory markers without a size, and
         * S3A's recursive delete then fails with a NullPointerException.
         */
        FILES("filesystem", "256m");

        final String provider;
        final String defaultHeap;

        Backend(String provider, String defaultHeap) {
            this.provider = provider;
            this.defaultHeap = defaultHeap;
        }
    }

    private static S3TestServer shared;

    private final Process process;
    private final Path dir;
    private final boolean ownsDir;
    private final int port;
    private final String bucket;
    private final Thread shutdownHook;
    private Duration startupTime = Duration.ZERO;

    private S3TestServer(Process process, Path dir, boolean ownsDir, int port, String bucket) {
        this.process = process;
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.port = port;
        this.bucket = bucket;
        // the s3proxy JVM must not outlive a test JVM that exits without close()
        this.shutdownHook = new Thread(this::stopProcess, "S3TestServer-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts an in-memory server on a free loopback port with bucket {@link #BUCKET}; its configuration and log in a
     * new directory under ./target (or java.io.tmpdir), deleted by {@link #close()}.
     */
    public static S3TestServer start() {
        return start(TestFiles.newServiceDir("s3"), true, TestFiles.freeLoopbackPort(), BUCKET, Backend.MEMORY,
                Backend.MEMORY.defaultHeap);
    }

    /**
     * Starts a server on {@code port} (0: any free one) with {@code bucket}, keeping its configuration, log and (for
     * {@link Backend#FILES}) objects under {@code dir}, which {@link #close()} leaves in place; {@code heap} is the
     * s3proxy JVM's -Xmx (null: 512m in memory, 256m on files).
     */
    public static S3TestServer start(Path dir, int port, String bucket, Backend backend, String heap) {
        return start(dir, false, port == 0 ? TestFiles.freeLoopbackPort() : port, bucket, backend,
                heap != null ? heap : backend.defaultHeap);
    }

    private static S3TestServer start(Path dir, boolean ownsDir, int port, String bucket, Backend backend,
            String heap) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("S3TestServer: port " + port + " is not in 1..65535");
        }
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("S3TestServer: bucket name '" + bucket
                    + "' is not 3-63 lower-case letters, digits, '.' or '-' (S3's rule)");
        }
        long t0 = System.nanoTime();
        Path jar = s3proxyJar();
        Path store = dir.resolve("store");
        try {
            Files.createDirectories(store);
            Path props = dir.resolve("s3proxy.properties");
            Files.writeString(props, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=" + backend.provider,
                    "jclouds.filesystem.basedir=" + store.toAbsolutePath(),
                    ""), StandardCharsets.UTF_8);
            Path log = dir.resolve("s3proxy.log");
            List<String> cmd = new ArrayList<>(List.of(javaExecutable(), "-Xmx" + heap, "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--properties", props.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            S3TestServer server = new S3TestServer(p, dir, ownsDir, port, bucket);
            awaitListening(p, port, log, Duration.ofSeconds(60));
            server.createBucket();
            server.startupTime = Duration.ofNanos(System.nanoTime() - t0);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("S3TestServer: cannot start s3proxy from " + jar, e);
        }
    }

    /** Creates the bucket through the S3 API (the in-memory backends have no directory to make). */
    private void createBucket() {
        try (S3Client client = S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true)
                // the s3 module brings two HTTP clients (Apache, Netty): name one
                .httpClientBuilder(ApacheHttpClient.builder())
                .build()) {
            client.createBucket(CreateBucketRequest.builder().bucket(bucket).build());
        }
    }

    /** One server for the whole test JVM, started on first use and stopped by a shutdown hook. */
    public static synchronized S3TestServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "S3TestServer-close"));
        }
        return shared;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String bucket() {
        return bucket;
    }

    /** {@code s3a://BUCKET} (no trailing slash). */
    public URI bucketUri() {
        return URI.create("s3a://" + bucket);
    }

    /** Where {@link Backend#FILES} stores the objects, as plain files {@code <storeDir>/<bucket>/<key>}. */
    public Path storeDir() {
        return dir.resolve("store");
    }

    /**
     * The S3A settings that reach this server (and nothing else): endpoint, region, path style, plain HTTP,
     * static credentials. Keys are global {@code fs.s3a.*}: this server is meant to be the only S3 of its JVM.
     */
    public Map<String, String> hadoopProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fs.s3a.endpoint", endpoint().toString());
        // a fixed region: the SDK neither probes the bucket's region nor reads one from EC2 metadata
        m.put("fs.s3a.endpoint.region", "us-east-1");
        m.put("fs.s3a.path.style.access", "true");
        m.put("fs.s3a.connection.ssl.enabled", "false");
        // static keys only: the default provider chain would also try environment, profile files and IMDS
        m.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        m.put("fs.s3a.access.key", ACCESS_KEY);
        m.put("fs.s3a.secret.key", SECRET_KEY);
        // s3proxy 3.0.0 answers the SDK's DeleteObjects (POST ?delete, sent with x-amz-sdk-checksum-algorithm) with
        // 501 NotImplemented, which fails every rename and recursive delete: delete one object per request instead
        m.put("fs.s3a.multiobjectdelete.enable", "false");
        // S3A buffers each upload block on disk; the default ${hadoop.tmp.dir}/s3a is shared by every user of /tmp
        m.put("fs.s3a.buffer.dir", dir.resolve("s3a-buffer").toAbsolutePath().toString());
        // a dead local server should fail a test in seconds, not after S3A's minutes of retries
        m.put("fs.s3a.attempts.maximum", "2");
        m.put("fs.s3a.retry.limit", "2");
        m.put("fs.s3a.retry.interval", "100ms");
        return Collections.unmodifiableMap(m);
    }

    /** The same settings as Spark properties ({@code spark.hadoop.fs.s3a.*}), e.g. for a spark-defaults file. */
    public Map<String, String> sparkProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        hadoopProperties().forEach((k, v) -> m.put("spark.hadoop." + k, v));
        return Collections.unmodifiableMap(m);
    }

    /**
     * Sets {@link #hadoopProperties()} and the {@link S3RequestLog} interceptor (it records only when started) on
     * {@code conf}, e.g. a SparkContext's hadoopConfiguration, and returns it. S3A file systems are cached per
     * bucket and JVM: apply before the first {@code s3a://} access.
     */
    public Configuration applyTo(Configuration conf) {
        hadoopProperties().forEach(conf::set);
        return S3RequestLog.install(conf);
    }

    /** A new Hadoop configuration (defaults + site files) with {@link #applyTo}'s settings. */
    public Configuration configuration() {
        return applyTo(new Configuration());
    }

    /** The (cached) S3A client {@link FileSystem} of {@link #bucketUri()}. */
    public FileSystem fileSystem() {
        try {
            return FileSystem.get(bucketUri(), configuration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Wall time from {@link #start()} to s3proxy accepting connections. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops s3proxy (SIGTERM, then SIGKILL after 10 s) and deletes the storage directory if {@link #start()} made it. */
    @Override
    public synchronized void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from another shutdown hook: ours runs (and finds the process stopped)
        }
        if (ownsDir) {
            TestFiles.deleteQuietly(dir);
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitListening(Process p, int port, Path log, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("S3TestServer: s3proxy exited with " + p.exitValue()
                        + " before listening on 127.0.0.1:" + port + "; its log " + log + ":\n" + tail(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                    throw new IllegalStateException("S3TestServer: interrupted while starting", e);
                }
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("S3TestServer: s3proxy not listening on 127.0.0.1:" + port + " after "
                + timeout.toSeconds() + " s; its log " + log + ":\n" + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * The s3proxy jar: system property {@code xmass.s3proxy.jar} (surefire sets it), else
     * {@code jobs/target/s3proxy/s3proxy.jar} under {@code xmass.root} or the working directory.
     */
    static Path s3proxyJar() {
        List<Path> candidates = new ArrayList<>();
        String explicit = System.getProperty("xmass.s3proxy.jar");
        if (explicit != null && !explicit.isBlank()) {
            candidates.add(Path.of(explicit));
        }
        String root = System.getProperty("xmass.root");
        if (root != null && !root.isBlank()) {
            candidates.add(Path.of(root, "jobs", "target", "s3proxy", "s3proxy.jar"));
        }
        candidates.add(Path.of("target", "s3proxy", "s3proxy.jar"));
        candidates.add(Path.of("jobs", "target", "s3proxy", "s3proxy.jar"));
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c.toAbsolutePath();
            }
        }
        throw new IllegalStateException("S3TestServer: no s3proxy jar at " + candidates
                + "; `mvn -pl jobs -am test-compile` copies it to jobs/target/s3proxy/s3proxy.jar");
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Runs a server until the process is terminated: {@code S3TestServer [--dir DIR] [--port PORT] [--bucket NAME]
     * [--backend MEMORY|FILES] [--heap SIZE] [--conf-file FILE]}. Prints {@code s3a://BUCKET} on stdout; the conf
     * file gets the S3A settings as {@code spark.hadoop.*} lines (for {@code XMASS_SPARK_DEFAULTS}), written once
     * the server is up.
     */
    public static void main(String[] args) throws Exception {
        Path dir = null;
        int port = 0;
        String bucket = BUCKET;
        Backend backend = Backend.MEMORY;
        String heap = null;
        Path confFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--bucket" -> bucket = args[++i];
                case "--backend" -> backend = Backend.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
                case "--heap" -> heap = args[++i];
                case "--conf-file" -> confFile = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("S3TestServer: unknown argument " + args[i]
                        + " (allowed: --dir DIR, --port PORT, --bucket NAME, --backend MEMORY|FILES, --heap SIZE,"
                        + " --conf-file FILE)");
            }
        }
        boolean ownsDir = dir == null;
        S3TestServer s3 = start(ownsDir ? TestFiles.newServiceDir("s3") : dir, ownsDir,
                port == 0 ? TestFiles.freeLoopbackPort() : port, bucket, backend,
                heap != null ? heap : backend.defaultHeap);
        Runtime.getRuntime().addShutdownHook(new Thread(s3::close, "S3TestServer-close"));
        if (confFile != null) {
            TestFiles.writeSparkDefaults(confFile, s3.sparkProperties());
        }
        System.out.println(s3.bucketUri());
        System.out.flush();
        System.err.printf(Locale.ROOT, "S3TestServer: %s at %s (%s backend) up in %.1f s%n", s3.bucketUri(), s3.endpoint(),
                backend, s3.startupTime().toMillis() / 1e3);
        TestFiles.awaitTermination();
    }
}
