package xmassnu.jobs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import xmassnu.jobs.testing.S3RequestLog;
import xmassnu.jobs.testing.S3TestServer;

/**
 * The storage contract on a real S3 API (s3proxy on 127.0.0.1 through Hadoop's S3A). S3's semantics differ from a
 * filesystem's where the contract says so: there is no atomic rename (S3A's rename is a copy of every object, then
 * deletes), so the single-file rule writes each file straight to its final key, and an upload in progress is no object
 * at all (no hidden temporary is listed, {@link #aFileBeingWrittenIsNeverListedUnderItsName}); an aborted upload,
 * multipart or not, leaves no object. Directories are key prefixes: the scratch "directory" exists once a file is in
 * it. Exclusive creation is check-then-write on S3 (no conditional create is asked for): the contract's sequential
 * clause holds, two racing writers could both succeed, which is why the data lock confirms its ownership by reading
 * back (DataLock, S3TestServerTest).
 */
class S3StorageContractTest extends StorageContract {
    private static final AtomicInteger N = new AtomicInteger();
    private static S3TestServer s3;
    private static Storage storage;

    @BeforeAll
    static void start() {
        s3 = S3TestServer.shared();
        Configuration conf = s3.configuration();
        conf.set("fs.s3a.multipart.size", "5M"); // S3's minimum part size (default 64 MiB): multipart uploads are cheap
        // an S3A client of its own: Hadoop's FileSystem cache would hand out one another test created with 64 MiB parts
        conf.setBoolean("fs.s3a.impl.disable.cache", true);
        storage = Storage.of(conf);
    }

    @Override
    Storage storage() {
        return storage;
    }

    @Override
    boolean renameIsAtomic() {
        return false;
    }

    @Override
    Location scratch() {
        Location l = Location.of(s3.bucketUri() + "/contract/s" + N.incrementAndGet());
        storage.delete(l);
        return l;
    }

    @Test
    void aCommitIsTheUploadItselfNeverACopy() {
        Location dir = scratch();
        Location f = dir.resolve("events/run_id=1/part-0.parquet");
        S3RequestLog.start();
        try {
            storage.write(f, new byte[100_000]);
        } finally {
            List<S3RequestLog.Request> log = S3RequestLog.stop();
            assertTrue(log.stream().noneMatch(r -> r.verb().equals("COPY") || r.verb().equals("DELETE")
                    || r.verb().equals("BULK_DELETE")), log.toString());
            List<String> writes = log.stream().filter(r -> r.verb().startsWith("PUT") || r.verb().startsWith("MULTIPART"))
                    .map(S3RequestLog.Request::key).distinct().toList();
            assertEquals(List.of("contract/" + dir.name() + "/events/run_id=1/part-0.parquet"), writes, log.toString());
        }
        assertEquals(100_000, storage.status(f).getLen());
    }

    @Test
    void anAbortedMultipartUploadLeavesNoObject() throws Exception {
        Location dir = scratch();
        storage.writeString(dir.resolve("sibling"), "the prefix exists");
        Location f = dir.resolve("big.bin");
        S3RequestLog.start();
        List<S3RequestLog.Request> log;
        try (FileWrite w = storage.create(f)) {
            w.stream().write(new byte[11_000_000]); // two 5 MiB parts go up while the stream is open
            w.stream().flush();
            w.abort();
        } finally {
            log = S3RequestLog.stop();
        }
        assertFalse(storage.exists(f));
        assertEquals(List.of(new Storage.Entry("sibling", 17)), storage.listFiles(dir));
        assertTrue(log.stream().anyMatch(r -> r.verb().equals("MULTIPART_START")), "a multipart upload began: " + log);
        assertTrue(log.stream().noneMatch(r -> r.verb().equals("MULTIPART_COMPLETE")), log.toString());
    }
}
