package xmassnu.schemas;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A versioned data contract: the columns of one dataset, how it is stored, and what it means.
 * Bump {@code version} whenever a column is added, removed, renamed or changes meaning; readers
 * reject versions they do not know (see {@link MetadataKeys#SCHEMA_VERSION}).
 */
public record Table(String name, int version, Storage storage, String description, List<Column> columns)
        implements java.io.Serializable {

    /** Where a table lives on disk. */
    public enum Storage { ARROW_IPC, PARQUET }

    public Table {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(description, "description");
        columns = List.copyOf(columns);
        if (version < 1) {
            throw new IllegalArgumentException("table " + name + ": version must be >= 1, got " + version);
        }
        Set<String> seen = new HashSet<>();
        for (Column c : columns) {
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("table " + name + ": duplicate column " + c.name());
            }
        }
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** {@code name/vN}, the identity written into file metadata. */
    public String qualifiedName() {
        return name + "/v" + version;
    }
}
