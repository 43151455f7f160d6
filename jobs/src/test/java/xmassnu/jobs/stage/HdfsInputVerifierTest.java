package xmassnu.jobs.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.jobs.testing.HdfsTestCluster;

/**
 * On HDFS the verifier takes a file's CRC-32C from the DataNodes' stored checksums (no data read, see
 * {@link Storage#storedCrc32c}) and still tells an intact file from one rewritten with other bytes of the same size,
 * with the same message as when it reads the file.
 */
class HdfsInputVerifierTest {
    @Test
    void aRewrittenFileIsAlteredWhetherTheChecksumIsStoredOrRead() {
        HdfsTestCluster hdfs = HdfsTestCluster.shared();
        Configuration composite = new Configuration(hdfs.configuration());
        composite.set("dfs.checksum.combine.mode", "COMPOSITE_CRC");
        composite.setBoolean("fs.hdfs.impl.disable.cache", true);
        Storage stored = Storage.of(composite);
        Storage read = Storage.of(hdfs.configuration());
        Location f = Location.of(hdfs.uri() + "/verifier/data.bin");
        byte[] original = "the committed bytes of a stage's file".getBytes(StandardCharsets.US_ASCII);
        CRC32C crc = new CRC32C();
        crc.update(original);
        Manifest.Entry entry = new Manifest.Entry("data.bin", original.length, Manifest.hex(crc.getValue()), null, null);
        InputVerifier.Work work = new InputVerifier.Work(f, entry);

        stored.write(f, original);
        assertNotNull(stored.storedCrc32c(f), "this client gets the stored checksum");
        assertNull(InputVerifier.check(stored, work));
        assertNull(InputVerifier.check(read, work));

        byte[] altered = original.clone();
        altered[3] ^= 1;
        stored.write(f, altered);
        CRC32C other = new CRC32C();
        other.update(altered);
        String expected = f + " is altered (CRC-32C " + Manifest.hex(other.getValue()) + ", recorded "
                + entry.crc32c() + ")";
        assertEquals(expected, InputVerifier.check(stored, work));
        assertEquals(expected, InputVerifier.check(read, work));
    }
}
