package xmassnu.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The Arrow view of a {@link Table}; column metadata carries unit and description. */
public final class ArrowSchemas {
    private ArrowSchemas() {}

    public static Schema toArrow(Table table) {
        List<Field> fields = new ArrayList<>();
        for (Column c : table.columns()) {
            fields.add(field(c));
        }
        return new Schema(fields, sorted(Map.of(
                MetadataKeys.SCHEMA_NAME, table.name(),
                MetadataKeys.SCHEMA_VERSION, Integer.toString(table.version()))));
    }

    static Field field(Column c) {
        Map<String, String> meta = sorted(Map.of("unit", c.unit(), "description", c.description()));
        if (c.type() == ColumnType.LIST_OF_STRUCT) {
            List<Field> structChildren = c.children().stream().map(ArrowSchemas::field).toList();
            Field struct = new Field("item", new FieldType(false, ArrowType.Struct.INSTANCE, null), structChildren);
            return new Field(c.name(), new FieldType(c.nullable(), ArrowType.List.INSTANCE, null, meta), List.of(struct));
        }
        return new Field(c.name(), new FieldType(c.nullable(), arrowType(c.type()), null, meta), List.of());
    }

    /**
     * Metadata in key order: Arrow writes a map in its iteration order, and that of {@code Map.of} changes from one JVM
     * to the next, so two writers of the same data would write different bytes.
     */
    public static Map<String, String> sorted(Map<String, String> m) {
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(m));
    }

    static ArrowType arrowType(ColumnType type) {
        return switch (type) {
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case INT8 -> new ArrowType.Int(8, true);
            case INT16 -> new ArrowType.Int(16, true);
            case INT32 -> new ArrowType.Int(32, true);
            case INT64 -> new ArrowType.Int(64, true);
            case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case STRING -> ArrowType.Utf8.INSTANCE;
            case LIST_OF_STRUCT -> throw new IllegalArgumentException("LIST_OF_STRUCT has no scalar Arrow type");
        };
    }
}
