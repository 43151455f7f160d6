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
     * The files of one table of a committed stage output (as its manifest lists them: nothing unlisted is read) as a
     * DataFrame with the declared schema; partition columns ({@code run_id=R/}) come back from the paths. An empty
     * table reads as zero rows.
     */
    public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> read(org.apache.spark.sql.SparkSession spark,
                                                                             xmassnu.jobs.stage.CommittedStage stage,
                                                                             String table, Table contract) {
        StructType schema = structType(contract);
        java.util.List<xmassnu.jobs.storage.Location> files = stage.tableFiles(table, contract);
        if (files.isEmpty()) {
            return spark.createDataFrame(java.util.List.<org.apache.spark.sql.Row>of(), schema);
        }
        return spark.read().schema(schema).option("basePath", stage.dir().resolve(table).uri())
                .parquet(files.stream().map(xmassnu.jobs.storage.Location::uri).toArray(String[]::new));
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
