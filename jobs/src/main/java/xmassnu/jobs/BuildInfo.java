package xmassnu.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions fixed at build time (Maven resource filtering) plus those read from the running JVM. */
public final class BuildInfo {
    private static final Properties BUILD = load();

    private BuildInfo() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/xmassnu/build.properties")) {
            if (in == null) {
                throw new IllegalStateException("xmassnu/build.properties missing from the classpath: rebuild with mvn package");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    public static String projectVersion() {
        return BUILD.getProperty("project.version");
    }

    /** The Spark version actually on the classpath (may differ from the build's if a cluster provides Spark). */
    public static String sparkVersion() {
        return org.apache.spark.package$.MODULE$.SPARK_VERSION();
    }

    public static String arrowVersion() {
        String runtime = org.apache.arrow.vector.VectorSchemaRoot.class.getPackage().getImplementationVersion();
        return runtime != null ? runtime : BUILD.getProperty("arrow.version");
    }

    public static String javaVersion() {
        return Runtime.version().toString() + " (" + System.getProperty("java.vendor") + ")";
    }
}
