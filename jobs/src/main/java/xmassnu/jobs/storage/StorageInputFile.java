package xmassnu.jobs.storage;

import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A file of {@link Storage} as Parquet's {@link InputFile} (footer and column chunks read with seeks). */
public final class StorageInputFile implements InputFile {
    private final Storage storage;
    private final Location file;
    private long length = -1;

    public StorageInputFile(Storage storage, Location file) {
        this.storage = storage;
        this.file = file;
    }

    @Override
    public long getLength() {
        if (length < 0) {
            var st = storage.status(file);
            if (st == null) {
                throw Storage.failure("read", file, new java.io.FileNotFoundException(file.toString()));
            }
            length = st.getLen();
        }
        return length;
    }

    @Override
    public SeekableInputStream newStream() {
        SeekableFile f = storage.openSeekable(file);
        length = f.size();
        return HadoopStreams.wrap(f.stream());
    }

    public Location location() {
        return file;
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
