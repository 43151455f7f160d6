package xmassnu.jobs.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import xmassnu.jobs.stage.Manifest;
import xmassnu.jobs.storage.FileWrite;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.schemas.Column;
import xmassnu.schemas.ColumnType;
import xmassnu.schemas.MetadataKeys;
import xmassnu.schemas.Table;

/**
 * Writes one Parquet file of a flat {@link Table} without Spark (inside tasks or on the driver), through
 * {@link Storage}: the file's bytes depend only on its rows, whatever the partitioning or the filesystem. Values are
 * set by column (an index looked up by name once, {@link #column}), every required column must be set before
 * {@link #endRow}, and the row goes straight from a one-row buffer of primitives to Parquet's record consumer (no row
 * objects).
 *
 * <p>Data pages v2 without dictionaries: each column chunk then has exactly one encoding (PLAIN for doubles, delta for
 * integers and strings, RLE for booleans). That makes the file's bytes a function of its rows: parquet-mr collects a
 * chunk's encodings in a HashSet of enum constants, whose order (written to the footer) changes from one JVM to the
 * next as soon as there are two. It is also faster: most columns are nearly all distinct, where a dictionary never
 * fits; ZSTD compresses them instead. Page CRCs are written (readers verify them). The output file reports no block
 * size, so parquet-mr never pads row groups to HDFS blocks: the same bytes on every filesystem. Footer metadata is
 * written in key order (a HashMap's order would differ between JVMs for some keys). The file appears under its name
 * only by {@link #finish}; {@link #abort} leaves nothing behind.
 */
public final class ParquetTableWriter implements AutoCloseable {
    private final Table table;
    private final List<Column> columns;
    private final FileWrite file;
    private final ParquetWriter<ParquetTableWriter> writer;
    // the row being assembled
    private final long[] longs;
    private final double[] doubles;
    private final boolean[] booleans;
    private final String[] strings;
    private final boolean[] isSet;
    private final boolean[] isNull;
    private long rows;
    private boolean finished;

    public ParquetTableWriter(Storage storage, Location target, Table table, Map<String, String> extraMetadata) {
        this.table = table;
        this.columns = table.columns();
        int n = columns.size();
        longs = new long[n];
        doubles = new double[n];
        booleans = new boolean[n];
        strings = new String[n];
        isSet = new boolean[n];
        isNull = new boolean[n];
        Map<String, String> meta = new TreeMap<>(extraMetadata);
        meta.put(MetadataKeys.SCHEMA_NAME, table.name());
        meta.put(MetadataKeys.SCHEMA_VERSION, Integer.toString(table.version()));
        file = storage.create(target);
        try {
            writer = new Builder(new StreamOutputFile(file), messageType(table), meta)
                    .withCompressionCodec(CompressionCodecName.ZSTD)
                    .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                    .withDictionaryEncoding(false)
                    .withPageWriteChecksumEnabled(true)
                    .build();
        } catch (IOException | RuntimeException e) {
            file.abort();
            throw Storage.failure("write", target, e instanceof IOException io ? io : new IOException(e));
        }
    }

    static MessageType messageType(Table table) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : table.columns()) {
            Type.Repetition rep = c.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
            switch (c.type()) {
                case BOOLEAN -> b.primitive(PrimitiveTypeName.BOOLEAN, rep).named(c.name());
                case INT8 -> b.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(8, true)).named(c.name());
                case INT16 -> b.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(16,
                        true)).named(c.name());
                case INT32 -> b.primitive(PrimitiveTypeName.INT32, rep).named(c.name());
                case INT64 -> b.primitive(PrimitiveTypeName.INT64, rep).named(c.name());
                case FLOAT64 -> b.primitive(PrimitiveTypeName.DOUBLE, rep).named(c.name());
                case STRING -> b.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(c.name());
                case LIST_OF_STRUCT -> throw new IllegalArgumentException(
                        "table " + table.name() + ": nested column " + c.name() + " not supported by this writer");
            }
        }
        return b.named(table.name());
    }

    /** The index of a column of the table, for the setters; an unknown name is an error naming the table. */
    public int column(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("table " + table.qualifiedName() + " has no column " + name + "; columns: "
                + table.columnNames());
    }

    private Column mark(int i, ColumnType... allowed) {
        Column c = columns.get(i);
        boolean ok = false;
        for (ColumnType t : allowed) {
            ok |= c.type() == t;
        }
        if (!ok) {
            throw new IllegalArgumentException(table.name() + "." + c.name() + " is " + c.type());
        }
        isSet[i] = true;
        isNull[i] = false;
        return c;
    }

    public ParquetTableWriter set(int column, long v) {
        Column c = mark(column, ColumnType.INT8, ColumnType.INT16, ColumnType.INT32, ColumnType.INT64);
        longs[column] = c.type() == ColumnType.INT64 ? v : Math.toIntExact(v);
        return this;
    }

    public ParquetTableWriter set(int column, double v) {
        mark(column, ColumnType.FLOAT64);
        doubles[column] = v;
        return this;
    }

    public ParquetTableWriter set(int column, boolean v) {
        mark(column, ColumnType.BOOLEAN);
        booleans[column] = v;
        return this;
    }

    /** A string; null writes null (the column must be nullable). */
    public ParquetTableWriter set(int column, String v) {
        if (v == null) {
            return setNull(column);
        }
        mark(column, ColumnType.STRING);
        strings[column] = v;
        return this;
    }

    public ParquetTableWriter setNull(int column) {
        Column c = columns.get(column);
        if (!c.nullable()) {
            throw new IllegalArgumentException(table.name() + "." + c.name() + " is not nullable");
        }
        isSet[column] = true;
        isNull[column] = true;
        return this;
    }

    /** Writes the row; every column must have been set (nullable ones with {@link #setNull} when null). */
    public void endRow() {
        for (int i = 0; i < isSet.length; i++) {
            if (!isSet[i]) {
                throw new IllegalStateException(table.name() + ": row " + rows + " leaves column "
                        + columns.get(i).name() + " unset");
            }
            isSet[i] = false;
        }
        try {
            writer.write(this);
        } catch (IOException e) {
            throw Storage.failure("write", file.target(), e);
        }
        rows++;
    }

    /** The buffered row to Parquet. */
    private void writeRow(RecordConsumer out) {
        out.startMessage();
        for (int i = 0; i < columns.size(); i++) {
            if (isNull[i]) {
                continue;
            }
            Column c = columns.get(i);
            out.startField(c.name(), i);
            switch (c.type()) {
                case BOOLEAN -> out.addBoolean(booleans[i]);
                case INT8, INT16, INT32 -> out.addInteger((int) longs[i]);
                case INT64 -> out.addLong(longs[i]);
                case FLOAT64 -> out.addDouble(doubles[i]);
                case STRING -> out.addBinary(Binary.fromString(strings[i]));
                case LIST_OF_STRUCT -> throw new IllegalStateException("unreachable");
            }
            out.endField(c.name(), i);
        }
        out.endMessage();
    }

    public long rows() {
        return rows;
    }

    public Location target() {
        return file.target();
    }

    /** Closes and publishes the file; its manifest entry relative to {@code stageDir}. */
    public Manifest.Entry finish(Location stageDir) {
        finished = true;
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            file.abort();
            throw Storage.failure("write", file.target(), e instanceof IOException io ? io : new IOException(e));
        }
        return Manifest.Entry.of(stageDir, file.commit(), table.qualifiedName(), rows);
    }

    /** Discards the file being written (bad input found half-way): nothing partial stays. */
    public void abort() {
        finished = true;
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            // the file is discarded below whatever state the writer was in
        }
        file.abort();
    }

    /** Aborts unless finished: try-with-resources never leaves half a file. */
    @Override
    public void close() {
        if (!finished) {
            abort();
        }
    }

    /** Parquet's output file over one {@link FileWrite}: no block size, so no row-group padding. */
    private static final class StreamOutputFile implements OutputFile {
        private final FileWrite file;

        StreamOutputFile(FileWrite file) {
            this.file = file;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            OutputStream out = file.stream();
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return file.position();
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() {
                    // the FileWrite publishes or discards
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return -1;
        }

        @Override
        public String getPath() {
            return file.target().toString();
        }
    }

    private static final class Builder extends ParquetWriter.Builder<ParquetTableWriter, Builder> {
        private final MessageType schema;
        private final Map<String, String> meta;

        Builder(OutputFile file, MessageType schema, Map<String, String> meta) {
            super(file);
            this.schema = schema;
            this.meta = meta;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ParquetTableWriter> getWriteSupport(Configuration conf) {
            return new WriteSupport<>() {
                private RecordConsumer consumer;

                @Override
                public WriteContext init(Configuration configuration) {
                    return new WriteContext(schema, meta);
                }

                @Override
                public void prepareForWrite(RecordConsumer recordConsumer) {
                    consumer = recordConsumer;
                }

                @Override
                public void write(ParquetTableWriter record) {
                    record.writeRow(consumer);
                }
            };
        }
    }
}
