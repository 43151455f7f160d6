package xmassnu.jobs.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import xmassnu.schemas.Column;
import xmassnu.schemas.Table;

/**
 * The Spark view of a {@link Table}. It lives in jobs (not schemas) so that reduction and fits stay free of
 * Spark; it is derived from the same single definition.
 */
public final class SparkSchemas {
    private SparkSchemas() {}

    /**
     * Reads one of the project's Parquet tables with its declared schema, so that an empty table (a partitioned
     * write of zero rows leaves no data file, e.g. a selection that keeps no event) reads as zero rows instead of
     * failing schema inference.
     */
    public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> read(org.apache.spark.sql.SparkSession spark,
                                                                             Table table, java.nio.file.Path dir) {
        return spark.read().schema(structType(table)).parquet(dir.toString());
    }

    public static StructType structType(Table table) {
        return struct(table.columns());
    }

    private static StructType struct(List<Column> columns) {
        List<StructField> fields = new ArrayList<>();
        for (Column c : columns) {
            Metadata meta = new MetadataBuilder().putString("unit", c.unit())
                    .putString("description", c.description()).build();
            fields.add(DataTypes.createStructField(c.name(), dataType(c), c.nullable(), meta));
        }
        return DataTypes.createStructType(fields);
    }

    private static DataType dataType(Column c) {
        return switch (c.type()) {
            case BOOLEAN -> DataTypes.BooleanType;
            case INT8 -> DataTypes.ByteType;
            case INT16 -> DataTypes.ShortType;
            case INT32 -> DataTypes.IntegerType;
            case INT64 -> DataTypes.LongType;
            case FLOAT64 -> DataTypes.DoubleType;
            case STRING -> DataTypes.StringType;
            case LIST_OF_STRUCT -> DataTypes.createArrayType(struct(c.children()), false);
        };
    }
}
