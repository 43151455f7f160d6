package xmassnu.jobs.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import xmassnu.schemas.Column;
import xmassnu.schemas.MetadataKeys;
import xmassnu.schemas.Table;

/**
 * Writes one Parquet file of a flat {@link Table} without Spark (used inside tasks, so that a task's output file
 * depends only on its input: byte-identical for any partitioning). Rows are appended value by value in column
 * order; the file appears under its final name only when {@link #close()} succeeds.
 */
public final class ParquetTableWriter implements AutoCloseable {
    private final Table table;
    private final Path target;
    private final Path temporary;
    private final ParquetWriter<Group> writer;
    private final SimpleGroupFactory factory;
    private Group row;
    private int column;
    private long rows;

    public ParquetTableWriter(Table table, Path target, Map<String, String> extraMetadata) {
        this.table = table;
        this.target = target;
        this.temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        MessageType schema = messageType(table);
        Map<String, String> meta = new HashMap<>(extraMetadata);
        meta.put(MetadataKeys.SCHEMA_NAME, table.name());
        meta.put(MetadataKeys.SCHEMA_VERSION, Integer.toString(table.version()));
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(temporary);
            writer = ExampleParquetWriter.builder(new LocalOutputFile(temporary))
                    .withType(schema)
                    .withCompressionCodec(CompressionCodecName.ZSTD)
                    .withExtraMetaData(meta)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        factory = new SimpleGroupFactory(schema);
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
        if (row == null) {
            row = factory.newGroup();
            column = 0;
        }
        return table.columns().get(column++);
    }

    public ParquetTableWriter add(long v) {
        Column c = next();
        switch (c.type()) {
            case INT8, INT16, INT32 -> row.append(c.name(), Math.toIntExact(v));
            case INT64 -> row.append(c.name(), v);
            default -> throw new IllegalArgumentException(c.name() + " is " + c.type() + ", not an integer");
        }
        return endIfComplete();
    }

    public ParquetTableWriter add(double v) {
        Column c = next();
        if (c.type() != xmassnu.schemas.ColumnType.FLOAT64) {
            throw new IllegalArgumentException(c.name() + " is " + c.type() + ", not float64");
        }
        row.append(c.name(), v);
        return endIfComplete();
    }

    public ParquetTableWriter add(boolean v) {
        Column c = next();
        row.append(c.name(), v);
        return endIfComplete();
    }

    public ParquetTableWriter add(String v) {
        Column c = next();
        row.append(c.name(), v);
        return endIfComplete();
    }

    /** Skips a nullable column (writes null). */
    public ParquetTableWriter addNull() {
        Column c = next();
        if (!c.nullable()) {
            throw new IllegalArgumentException(table.name() + "." + c.name() + " is not nullable");
        }
        return endIfComplete();
    }

    private ParquetTableWriter endIfComplete() {
        if (column == table.columns().size()) {
            try {
                writer.write(row);
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + target, e);
            }
            row = null;
            rows++;
        }
        return this;
    }

    public long rows() {
        return rows;
    }

    @Override
    public void close() {
        if (row != null) {
            throw new IllegalStateException(table.name() + ": incomplete row at close (column " + column + ")");
        }
        try {
            writer.close();
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + target, e);
        }
    }
}
