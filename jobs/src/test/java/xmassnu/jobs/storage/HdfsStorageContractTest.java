package xmassnu.jobs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import xmassnu.jobs.testing.HdfsTestCluster;

/**
 * The storage contract on a real HDFS (one NameNode, one DataNode in this JVM). HDFS renames a file in one NameNode
 * operation, so the single-file rule writes a hidden temporary and renames it: a file being written is listed under
 * that hidden name, as on a local disk. Unlike a local disk, HDFS's rename does not replace an existing target (it
 * returns false): {@link #aRewrittenFileReplacesTheOldOneWhole} covers Storage's handling of that. Exclusive creation
 * is HDFS's create without overwrite, decided by the NameNode.
 */
class HdfsStorageContractTest extends StorageContract {
    private static final AtomicInteger N = new AtomicInteger();
    private static HdfsTestCluster hdfs;
    private static Storage storage;

    @BeforeAll
    static void start() {
        hdfs = HdfsTestCluster.shared();
        storage = Storage.of(hdfs.configuration());
    }

    @Override
    Storage storage() {
        return storage;
    }

    @Override
    boolean renameIsAtomic() {
        return true;
    }

    /**
     * HDFS's composite file checksum is the CRC-32C of the bytes, as {@link CRC32C} computes it over what was written:
     * below, at and across the 512-byte checksum chunk, and across the test cluster's 16 MiB blocks.
     */
    @Test
    void theStoredCompositeChecksumIsTheCrc32cOfTheBytes() {
        Storage withComposite = clientWithCombineMode("COMPOSITE_CRC");
        Storage withDefaults = clientWithCombineMode(null);
        Location dir = scratch();
        Random random = new Random(7);
        for (int size : new int[] {1, 511, 512, 513, 1 << 20, (16 << 20) + 3}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            Location f = dir.resolve("f" + size);
            withComposite.write(f, bytes);
            CRC32C expected = new CRC32C();
            expected.update(bytes);
            assertEquals(expected.getValue(), withComposite.storedCrc32c(f), size + " bytes");
            assertNull(withDefaults.storedCrc32c(f), "Hadoop's default mode (MD5MD5CRC) is no CRC of the bytes: read them");
        }
        assertNull(withComposite.storedCrc32c(dir.resolve("missing")), "no file: the reader reports it");
    }

    /**
     * A storage over an HDFS client of its own with this checksum combine mode (null: Hadoop's default), not the
     * cached client, which another test class may have created with another mode.
     */
    private static Storage clientWithCombineMode(String mode) {
        Configuration conf = new Configuration(hdfs.configuration());
        if (mode == null) {
            conf.unset("dfs.checksum.combine.mode");
        } else {
            conf.set("dfs.checksum.combine.mode", mode);
        }
        conf.setBoolean("fs.hdfs.impl.disable.cache", true);
        return Storage.of(conf);
    }

    @Override
    Location scratch() {
        Location l = Location.of(hdfs.uri() + "/contract/s" + N.incrementAndGet());
        storage.delete(l);
        storage.mkdirs(l);
        return l;
    }
}
