package xmassnu.jobs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import xmassnu.jobs.errors.ExitCode;
import xmassnu.jobs.errors.XmassException;

/**
 * A class path without hadoop-aws (a spark-submit on a cluster that lacks it): the first use of an s3a:// location
 * is one line naming the URI, the missing class and what to add, with the environment's exit status.
 */
class MissingFileSystemClassTest {
    @Test
    void aMissingS3aClassIsOneLineNamingTheUriAndWhatToAdd() {
        Configuration conf = new Configuration();
        // what Hadoop's core-default.xml says when hadoop-aws is absent: a class name it cannot load
        conf.set("fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystemNotOnThisClassPath");
        conf.setBoolean("fs.s3a.impl.disable.cache", true);
        Location l = Location.of("s3a://some-bucket/xmass");
        XmassException e = assertThrows(XmassException.class, () -> Storage.of(conf).fs(l));
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        String m = e.getMessage();
        assertEquals(1, m.lines().count(), m);
        for (String part : new String[] {"s3a://some-bucket/xmass", "org.apache.hadoop.fs.s3a.S3AFileSystemNotOnThisClassPath",
                "org.apache.hadoop:hadoop-aws:3.5.0", "--packages", "cluster-conf/README.md"}) {
            assertTrue(m.contains(part), "lacks " + part + ": " + m);
        }
    }

    @Test
    void aClassTheFilesystemNeedsThatIsMissingIsNamedAsTheJvmReportsIt() {
        // hadoop-aws present, the AWS SDK not: the JVM's NoClassDefFoundError names the class with '/'
        Throwable e = new RuntimeException("init",
                new NoClassDefFoundError("software/amazon/awssdk/core/exception/SdkException"));
        assertEquals("software.amazon.awssdk.core.exception.SdkException", Storage.missingClass(e));
        assertEquals(null, Storage.missingClass(new java.io.IOException("Connection refused")));
    }
}
