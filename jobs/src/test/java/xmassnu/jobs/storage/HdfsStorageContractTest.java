package xmassnu.jobs.storage;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;

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

    @Override
    Location scratch() {
        Location l = Location.of(hdfs.uri() + "/contract/s" + N.incrementAndGet());
        storage.delete(l);
        storage.mkdirs(l);
        return l;
    }
}
