package xmassnu.jobs.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import xmassnu.schemas.Column;
import xmassnu.schemas.ColumnType;
import xmassnu.schemas.MetadataKeys;
import xmassnu.schemas.Table;

/**
 * Writes one Parquet file of a flat {@link Table} without Spark (used inside tasks, so that a task's output file
 * depends only on its input: byte-identical for any partitioning). Rows are appended value by value in column
 * order into a one-row buffer of primitives that goes straight to Parquet's record consumer (no row objects).
 * Data pages v2 without dictionaries: each column chunk then has exactly one encoding (PLAIN for doubles, delta
 * for integers and strings, RLE for booleans). That makes the file's bytes a function of its rows: parquet-mr
 * collects a chunk's encodings in a HashSet of enum constants, whose order (written to the footer) changes from
 * one JVM to the next as soon as there are two. It is also faster: most columns (energies, times, ids) are nearly
 * all distinct, where a dictionary never fits and trying costs a hash per value; ZSTD compresses them instead. The file appears under its final name only when {@link #close()} succeeds; {@link #abort()} leaves
 * nothing behind.
 */
public final class ParquetTableWriter implements AutoCloseable {
    private final Table table;
    private final List<Column> columns;
    private final Path target;
    private final Path temporary;
    private final ParquetWriter<ParquetTableWriter> writer;
    // the row being assembled
    private final long[] longs;
    private final double[] doubles;
    private final boolean[] booleans;
    private final String[] strings;
    private final boolean[] isNull;
    private int column;
    private long rows;

    public ParquetTableWriter(Table table, Path target, Map<String, String> extraMetadata) {
        this.table = table;
        this.columns = table.columns();
        this.target = target;
        // unique per writer: a retried or speculative task attempt never shares a temporary file with another
        this.temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        int n = columns.size();
        longs = new long[n];
        doubles = new double[n];
        booleans = new boolean[n];
        strings = new String[n];
        isNull = new boolean[n];
        MessageType schema = messageType(table);
        Map<String, String> meta = new HashMap<>(extraMetadata);
        meta.put(MetadataKeys.SCHEMA_NAME, table.name());
        meta.put(MetadataKeys.SCHEMA_VERSION, Integer.toString(table.version()));
        try {
            Files.createDirectories(target.getParent());
            writer = new Builder(new LocalOutputFile(temporary), schema, meta)
                    .withCompressionCodec(CompressionCodecName.ZSTD)
                    .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                    .withDictionaryEncoding(false)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    static MessageType messageType(Table table) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : table.columns()) {
            Type.Repetition rep = c.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
            switch (c.type()) {
                case BOOLEAN -> b.primitive(PrimitiveTypeName.BOOLEAN, rep).named(c.name());
                case INT8 -> b.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(8, true)).named(c.name());
                case INT16 -> b.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(16, true)).named(c.name());
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

    private Column next() {
        if (column >= columns.size()) {
            throw new IllegalStateException(table.name() + ": row has more values than columns");
        }
        isNull[column] = false;
        return columns.get(column);
    }

    public ParquetTableWriter add(long v) {
        Column c = next();
        switch (c.type()) {
            case INT8, INT16, INT32 -> longs[column] = Math.toIntExact(v);
            case INT64 -> longs[column] = v;
            default -> throw new IllegalArgumentException(c.name() + " is " + c.type() + ", not an integer");
        }
        column++;
        return endIfComplete();
    }

    public ParquetTableWriter add(double v) {
        Column c = next();
        if (c.type() != ColumnType.FLOAT64) {
            throw new IllegalArgumentException(c.name() + " is " + c.type() + ", not float64");
        }
        doubles[column++] = v;
        return endIfComplete();
    }

    public ParquetTableWriter add(boolean v) {
        Column c = next();
        if (c.type() != ColumnType.BOOLEAN) {
            throw new IllegalArgumentException(c.name() + " is " + c.type() + ", not boolean");
        }
        booleans[column++] = v;
        return endIfComplete();
    }

    public ParquetTableWriter add(String v) {
        Column c = next();
        if (c.type() != ColumnType.STRING) {
            throw new IllegalArgumentException(c.name() + " is " + c.type() + ", not a string");
        }
        if (v == null) {
            return addNull();
        }
        strings[column++] = v;
        return endIfComplete();
    }

    /** Skips a nullable column (writes null). */
    public ParquetTableWriter addNull() {
        Column c = next();
        if (!c.nullable()) {
            throw new IllegalArgumentException(table.name() + "." + c.name() + " is not nullable");
        }
        isNull[column++] = true;
        return endIfComplete();
    }

    private ParquetTableWriter endIfComplete() {
        if (column == columns.size()) {
            try {
                writer.write(this);
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + target, e);
            }
            column = 0;
            rows++;
        }
        return this;
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

    public Path target() {
        return target;
    }

    @Override
    public void close() {
        if (column != 0) {
            throw new IllegalStateException(table.name() + ": incomplete row at close (column " + column + ")");
        }
        try {
            writer.close();
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + target, e);
        }
    }

    /** Discards the file being written (bad input found half-way): nothing partial stays on disk. */
    public void abort() {
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            // the file is deleted below whatever state the writer was in
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + temporary, e);
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
