package xmassnu.jobs.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;

import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.jobs.storage.StorageInputFile;
import xmassnu.schemas.Column;
import xmassnu.schemas.MetadataKeys;
import xmassnu.schemas.Table;

/**
 * Reads the columns of one of the project's Parquet files into arrays, without Spark (tasks, and small tables on the
 * driver): the footer must declare the expected contract (schema name and version), every requested column must be
 * there (a missing one is an error naming file and column, never a column of nulls), and page checksums are verified.
 * A file below a {@code run_id=R} directory gets its {@code run_id} column from the directory, as Spark's partition
 * discovery would.
 */
public final class ParquetTableReader {
    private ParquetTableReader() {}

    /** The requested columns (all when {@code columns} is empty) of a file of {@code table}. */
    public static TableData read(Storage storage, Location file, Table table, List<String> columns) {
        List<Column> wanted = new ArrayList<>();
        for (String name : columns.isEmpty() ? table.columnNames() : columns) {
            wanted.add(table.column(name).orElseThrow(() -> new IllegalArgumentException(table.qualifiedName()
                    + " has no column " + name)));
        }
        Integer partitionRun = partitionRun(file);
        ParquetReadOptions options = ParquetReadOptions.builder().usePageChecksumVerification(true).build();
        try (ParquetFileReader r = ParquetFileReader.open(new StorageInputFile(storage, file), options)) {
            Map<String, String> meta = r.getFooter().getFileMetaData().getKeyValueMetaData();
            String name = meta.get(MetadataKeys.SCHEMA_NAME);
            String version = meta.get(MetadataKeys.SCHEMA_VERSION);
            if (!table.name().equals(name) || !Integer.toString(table.version()).equals(version)) {
                throw XmassException.badInput(file + " declares schema " + name + " v" + version + ", expected "
                        + table.qualifiedName());
            }
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            long total = r.getRecordCount();
            if (total > Integer.MAX_VALUE) {
                throw XmassException.badInput(file + ": " + total + " rows in one file");
            }
            TableData out = new TableData(wanted, (int) total);
            String createdBy = r.getFooter().getFileMetaData().getCreatedBy();
            int row0 = 0;
            PageReadStore rg;
            while ((rg = r.readNextRowGroup()) != null) {
                int n = (int) rg.getRowCount();
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(rg, new GroupRecordConverter(schema).getRootConverter(),
                        schema, createdBy);
                for (int c = 0; c < wanted.size(); c++) {
                    Column col = wanted.get(c);
                    if (partitionRun != null && col.name().equals("run_id") && !schema.containsField("run_id")) {
                        for (int i = 0; i < n; i++) {
                            out.setLong(c, row0 + i, partitionRun);
                        }
                        continue;
                    }
                    if (!schema.containsField(col.name())) {
                        throw XmassException.badInput(file + " lacks column " + col.name() + " of " + table.qualifiedName());
                    }
                    ColumnDescriptor d = schema.getColumnDescription(new String[] {col.name()});
                    ColumnReader cr = store.getColumnReader(d);
                    int maxDef = d.getMaxDefinitionLevel();
                    for (int i = 0; i < n; i++) {
                        if (cr.getCurrentDefinitionLevel() < maxDef) {
                            out.setNull(c, row0 + i);
                        } else {
                            switch (col.type()) {
                                case BOOLEAN -> out.setBoolean(c, row0 + i, cr.getBoolean());
                                case INT8, INT16, INT32 -> out.setLong(c, row0 + i, cr.getInteger());
                                case INT64 -> out.setLong(c, row0 + i, cr.getLong());
                                case FLOAT64 -> out.setDouble(c, row0 + i, cr.getDouble());
                                case STRING -> out.setString(c, row0 + i, cr.getBinary().toStringUsingUTF8());
                                case LIST_OF_STRUCT -> throw new IllegalArgumentException("nested columns are not read here");
                            }
                        }
                        cr.consume();
                    }
                }
                row0 += n;
            }
            return out;
        } catch (IOException | RuntimeException e) {
            if (e instanceof XmassException x) {
                throw x;
            }
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().contains("has no "
                    + "column")) {
                throw iae;
            }
            throw XmassException.badInput(file + " is not a readable " + table.qualifiedName() + " file: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }

    /** Every file of a table, concatenated in the given order. */
    public static TableData readAll(Storage storage, List<Location> files, Table table, List<String> columns) {
        List<TableData> parts = new ArrayList<>();
        for (Location f : files) {
            parts.add(read(storage, f, table, columns));
        }
        return TableData.concat(table, columns, parts);
    }

    private static Integer partitionRun(Location file) {
        String dir = file.parent().name();
        if (dir.startsWith("run_id=")) {
            try {
                return Integer.parseInt(dir.substring("run_id=".length()));
            } catch (NumberFormatException e) {
                throw XmassException.badInput(file + ": partition directory " + dir + " is not run_id=<integer>");
            }
        }
        return null;
    }
}
