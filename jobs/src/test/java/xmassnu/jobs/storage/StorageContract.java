package xmassnu.jobs.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

import xmassnu.jobs.errors.XmassException;

/**
 * What every filesystem behind {@link Storage} must do for the analysis: files appear under their names only when
 * complete, aborted writes leave nothing, sizes and checksums are counted as written, listings are recursive and
 * sorted, seekable reads land where asked, exclusive creation refuses an existing file. One subclass per scheme:
 * {@link LocalStorageContractTest}, {@link HdfsStorageContractTest} (a MiniDFSCluster), {@link S3StorageContractTest}
 * (s3proxy through S3A).
 *
 * <p>Where the schemes genuinely differ the contract states each one's semantics rather than the weaker common part:
 * a subclass declares {@link #renameIsAtomic()} (independently of {@link Storage#renameIsAtomic}, which is checked
 * against it), and {@link #aFileBeingWrittenIsNeverListedUnderItsName} then expects a hidden temporary name beside the
 * target where rename is atomic (local disks, HDFS: the file exists, hidden, while it is written), and nothing at all
 * on an object store (an S3 object exists only once its upload completes; no rename, no temporary key).
 */
abstract class StorageContract {
    /** The storage under test. */
    abstract Storage storage();

    /** An empty directory of the scheme under test, new for every call. */
    abstract Location scratch();

    /** Whether this scheme renames a file in one atomic step (what the single-file rule relies on there). */
    abstract boolean renameIsAtomic();

    @Test
    void aFileBeingWrittenIsNeverListedUnderItsName() throws Exception {
        Storage s = storage();
        Location dir = scratch();
        assertEquals(renameIsAtomic(), Storage.renameIsAtomic(dir), "the single-file rule's choice for " + dir.scheme());
        s.writeString(dir.resolve("sibling.txt"), "the directory exists");
        Location f = dir.resolve("part-0.bin");
        try (FileWrite w = s.create(f)) {
            w.stream().write(new byte[200_000]);
            w.stream().flush();
            List<String> listed = s.listFiles(dir).stream().map(Storage.Entry::path).toList();
            if (renameIsAtomic()) {
                // temporary + rename: the file is there while written, under a hidden, attempt-unique name
                assertEquals(2, listed.size(), listed.toString());
                assertEquals("sibling.txt", listed.get(1));
                assertTrue(listed.get(0).matches("\\.part-0\\.bin\\.[0-9a-f-]{36}\\.tmp"), listed.toString());
            } else {
                // straight to the key: an upload in progress is no object, so no listing shows it
                assertEquals(List.of("sibling.txt"), listed);
            }
            assertFalse(s.exists(f));
            w.commit();
        }
        assertEquals(List.of("part-0.bin", "sibling.txt"), s.listFiles(dir).stream().map(Storage.Entry::path).toList());
        assertEquals(200_000, s.status(f).getLen());
    }

    @Test
    void aRewrittenFileReplacesTheOldOneWhole() {
        Storage s = storage();
        Location dir = scratch();
        Location f = dir.resolve("limits.csv");
        s.writeString(f, "the first, longer version of the file");
        FileWrite.Written w = s.writeString(f, "second");
        assertEquals(6, w.bytes());
        assertEquals("second", s.readString(f));
        assertEquals(List.of(new Storage.Entry("limits.csv", 6)), s.listFiles(dir));
    }

    @Test
    void aCommittedFileAppearsWholeWithItsSizeAndChecksum() throws Exception {
        Storage s = storage();
        Location f = scratch().resolve("run_id=1/part-0.bin");
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        FileWrite w = s.create(f);
        w.stream().write(content, 0, 1000);
        assertFalse(s.exists(f), "not visible under its name while being written");
        w.stream().write(content, 1000, content.length - 1000);
        FileWrite.Written done = w.commit();
        assertTrue(s.isFile(f));
        assertEquals(content.length, done.bytes());
        CRC32C crc = new CRC32C();
        crc.update(content);
        assertEquals(crc.getValue(), done.crc32c());
        assertArrayEquals(content, s.readBytes(f));
        // nothing else beside it: no temporary, no checksum sidecar
        assertEquals(List.of(new Storage.Entry("run_id=1/part-0.bin", content.length)), s.listFiles(f.parent().parent()));
    }

    @Test
    void anAbortedWriteLeavesNothing() throws Exception {
        Storage s = storage();
        Location dir = scratch();
        Location f = dir.resolve("half.bin");
        FileWrite w = s.create(f);
        w.stream().write(new byte[100_000]);
        w.abort();
        assertFalse(s.exists(f));
        assertEquals(List.of(), s.listFiles(dir));
        try (FileWrite never = s.create(dir.resolve("closed.bin"))) {
            never.stream().write(1); // try-with-resources without commit: discarded
        }
        assertEquals(List.of(), s.listFiles(dir));
    }

    @Test
    void aFileBeingReplacedIsNeverMissingToAReader() throws Exception {
        // what the data lock's heartbeat and any rewritten record rely on: the old version or the new one, never none
        Storage s = storage();
        Location f = scratch().resolve("_lock");
        s.writeString(f, "version 0");
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger missing = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                if (!s.exists(f)) {
                    missing.incrementAndGet();
                }
                looks.incrementAndGet();
            }
        });
        reader.start();
        try {
            for (int i = 1; i <= 40; i++) {
                s.writeString(f, "version " + i);
            }
        } finally {
            done.set(true);
            reader.join();
        }
        assertEquals(0, missing.get(), "missing in " + missing.get() + " of " + looks.get() + " looks");
        assertTrue(looks.get() > 40, "the reader looked " + looks.get() + " times");
        assertEquals("version 40", s.readString(f));
    }

    @Test
    void listingsAreRecursiveSortedAndRelative() {
        Storage s = storage();
        Location dir = scratch();
        for (String p : List.of("b/2.txt", "a/1.txt", "a/x/3.txt", "_SUCCESS")) {
            s.writeString(dir.resolve(p), p);
        }
        assertEquals(List.of("_SUCCESS", "a/1.txt", "a/x/3.txt", "b/2.txt"),
                s.listFiles(dir).stream().map(Storage.Entry::path).toList());
        assertEquals(List.of("a", "b"), s.listDirectories(dir));
        assertEquals(List.of(), s.listFiles(dir.resolve("absent")));
        assertTrue(s.delete(dir.resolve("a")));
        assertEquals(List.of("_SUCCESS", "b/2.txt"), s.listFiles(dir).stream().map(Storage.Entry::path).toList());
        assertFalse(s.delete(dir.resolve("a")));
    }

    @Test
    void seekableReadsLandWhereAsked() throws Exception {
        Storage s = storage();
        Location f = scratch().resolve("seek.bin");
        byte[] content = new byte[50_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        s.write(f, content);
        try (SeekableFile in = s.openSeekable(f)) {
            assertEquals(content.length, in.size());
            ByteBuffer tail = ByteBuffer.allocateDirect(10);
            in.position(content.length - 10);
            while (tail.hasRemaining() && in.read(tail) > 0) {
                // read to the end
            }
            tail.flip();
            for (int i = 0; i < 10; i++) {
                assertEquals(content[content.length - 10 + i], tail.get(i));
            }
            in.position(1234);
            ByteBuffer one = ByteBuffer.allocate(1);
            in.read(one);
            assertEquals(content[1234], one.get(0));
        }
        try (InputStream in = s.open(f)) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @Test
    void exclusiveCreationRefusesAnExistingFile() {
        Storage s = storage();
        Location f = scratch().resolve("_lock");
        assertTrue(s.createExclusive(f, "one".getBytes(StandardCharsets.UTF_8)));
        assertFalse(s.createExclusive(f, "two".getBytes(StandardCharsets.UTF_8)));
        assertEquals("one", s.readString(f));
    }

    @Test
    void aMissingFileIsBadInputNamingIt() {
        Storage s = storage();
        Location f = scratch().resolve("nothing-here.txt");
        assertNull(s.status(f));
        XmassException e = assertThrows(XmassException.class, () -> s.readBytes(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void aFileWhereADirectoryBelongsIsNamed() {
        Storage s = storage();
        Location f = scratch().resolve("plain");
        s.writeString(f, "x");
        XmassException e = assertThrows(XmassException.class, () -> s.listFiles(f));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
    }
}
