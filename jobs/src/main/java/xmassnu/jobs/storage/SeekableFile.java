package xmassnu.jobs.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

import org.apache.hadoop.fs.FSDataInputStream;

/**
 * A Hadoop input stream as a {@link SeekableByteChannel} of known size: what Arrow's file reader (footer first, then
 * record batches at their offsets) needs, on any filesystem.
 */
public final class SeekableFile implements SeekableByteChannel {
    private final FSDataInputStream in;
    private final long size;
    private byte[] chunk = new byte[0];
    private boolean open = true;

    SeekableFile(FSDataInputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    public FSDataInputStream stream() {
        return in;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int wanted = dst.remaining();
        if (wanted == 0) {
            return 0;
        }
        if (in.getPos() >= size) {
            return -1;
        }
        if (dst.hasArray()) {
            int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), wanted);
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        // direct buffers (Arrow's): copy through a reused heap chunk
        int len = Math.min(wanted, 1 << 20);
        if (chunk.length < len) {
            chunk = new byte[len];
        }
        int n = in.read(chunk, 0, len);
        if (n > 0) {
            dst.put(chunk, 0, n);
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        return in.getPos();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        in.seek(newPosition);
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        open = false;
        in.close();
    }
}
