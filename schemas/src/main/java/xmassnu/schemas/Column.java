package xmassnu.schemas;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One column of a data contract. Names are snake_case and carry their unit as a suffix
 * ({@code energy_kevee}, {@code time_ns}); {@code unit} repeats it for documents and is "" for
 * dimensionless quantities, identifiers and flags.
 */
public record Column(String name, ColumnType type, boolean nullable, String unit, String description,
                     List<Column> children) implements java.io.Serializable {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]*");

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type of " + name);
        Objects.requireNonNull(unit, "unit of " + name);
        Objects.requireNonNull(description, "description of " + name);
        children = List.copyOf(children);
        if (!SNAKE_CASE.matcher(name).matches()) {
            throw new IllegalArgumentException("column name '" + name + "' is not snake_case");
        }
        if (description.isBlank()) {
            throw new IllegalArgumentException("column '" + name + "' has no description");
        }
        if ((type == ColumnType.LIST_OF_STRUCT) == children.isEmpty()) {
            throw new IllegalArgumentException("column '" + name + "': only LIST_OF_STRUCT columns have children");
        }
    }

    public static Column required(String name, ColumnType type, String unit, String description) {
        return new Column(name, type, false, unit, description, List.of());
    }

    public static Column optional(String name, ColumnType type, String unit, String description) {
        return new Column(name, type, true, unit, description, List.of());
    }

    public static Column listOfStruct(String name, String description, Column... fields) {
        return new Column(name, ColumnType.LIST_OF_STRUCT, false, "", description, List.of(fields));
    }
}
