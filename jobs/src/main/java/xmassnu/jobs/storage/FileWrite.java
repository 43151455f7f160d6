package xmassnu.jobs.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.UUID;
import java.util.zip.CRC32C;

import org.apache.hadoop.fs.Abortable;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;

/**
 * One file being written under {@link Storage}'s single-file rule: a hidden temporary name beside the target where
 * rename is atomic, the target key itself on object stores. The stream counts the bytes and their CRC-32C as they
 * pass, so the stage manifest gets both without reading the file back.
 */
public final class FileWrite implements AutoCloseable {
    /** What was published: where, how many bytes, their CRC-32C. */
    public record Written(Location location, long bytes, long crc32c) implements Serializable {}

    private final Storage storage;
    private final Location target;
    private final Location temporary;
    private final FSDataOutputStream raw;
    private final Counting stream;
    private boolean done;

    FileWrite(Storage storage, Location target) {
        this.storage = storage;
        this.target = target;
        // unique per attempt: a retried or speculative task never shares a temporary file with another
        this.temporary = Storage.renameIsAtomic(target)
                ? target.parent().resolve("." + target.name() + "." + UUID.randomUUID() + ".tmp") : target;
        try {
            // create makes missing parent directories on every filesystem (object stores have none to make)
            raw = storage.fs(target).create(temporary.hadoopPath(), true);
        } catch (IOException e) {
            throw Storage.failure("create", target, e);
        }
        stream = new Counting(raw);
    }

    public Location target() {
        return target;
    }

    /** The stream to write to; closing it does not publish the file. */
    public OutputStream stream() {
        return stream;
    }

    /** Bytes written so far (the position in the file). */
    public long position() {
        return stream.bytes;
    }

    /** Closes the stream and publishes the file under its name. */
    public Written commit() {
        if (done) {
            throw new IllegalStateException(target + " already committed or aborted");
        }
        done = true;
        try {
            raw.close();
            if (!temporary.equals(target)) {
                storage.renameReplacing(temporary, target);
            }
        } catch (IOException | FSError e) {
            abortQuietly();
            throw Storage.failure("write", target, e instanceof FSError f ? ioOf(f) : (IOException) e);
        }
        return new Written(target, stream.bytes, stream.crc.getValue());
    }

    /** Discards the file: on object stores the upload is aborted, so no object appears. */
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        abortQuietly();
    }

    private void abortQuietly() {
        try {
            if (raw.getWrappedStream() instanceof Abortable a) {
                a.abort();
            }
        } catch (RuntimeException e) {
            // not abortable after all: closing below publishes it, the delete removes it
        }
        try {
            raw.close();
        } catch (IOException | RuntimeException | FSError e) {
            // the file is removed below whatever state the stream was in
        }
        try {
            storage.fs(temporary).delete(temporary.hadoopPath(), false);
        } catch (IOException | RuntimeException e) {
            // an unlisted leftover is removed when its stage commits or starts again
        }
    }

    /** Same as {@link #abort()} unless committed: try-with-resources never leaves a file behind. */
    @Override
    public void close() {
        abort();
    }

    /** Hadoop's local filesystem reports a failed write (a full disk) as an Error: as the IOException it is. */
    static IOException ioOf(FSError e) {
        return e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }

    private static final class Counting extends FilterOutputStream {
        final CRC32C crc = new CRC32C();
        long bytes;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (FSError e) {
                throw ioOf(e);
            }
            crc.update(b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (FSError e) {
                throw ioOf(e);
            }
            crc.update(b, off, len);
            bytes += len;
        }

        @Override
        public void close() {
            // FileWrite decides: commit publishes, abort discards
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (FSError e) {
                throw ioOf(e);
            }
        }
    }
}
