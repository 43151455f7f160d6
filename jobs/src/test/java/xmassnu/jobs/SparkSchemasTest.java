package xmassnu.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.jobs.spark.SparkSchemas;
import xmassnu.jobs.testing.SparkTestSession;
import xmassnu.schemas.Table;
import xmassnu.schemas.Tables;

class SparkSchemasTest {

    @Test
    void everyContractRoundTripsThroughParquet(@TempDir Path dir) {
        SparkSession spark = SparkTestSession.get();
        for (Table t : Tables.ALL) {
            StructType schema = SparkSchemas.structType(t);
            assertEquals(t.columnNames(), List.of(schema.fieldNames()), t.name());
            Dataset<Row> empty = spark.createDataFrame(List.<Row>of(), schema);
            String path = dir.resolve(t.name()).toString();
            empty.write().mode(SaveMode.ErrorIfExists).parquet(path);
            StructType back = spark.read().parquet(path).schema();
            assertEquals(List.of(schema.fieldNames()), List.of(back.fieldNames()), t.name());
        }
    }

    @Test
    void unitsTravelInColumnMetadata() {
        StructType s = SparkSchemas.structType(Tables.EVENTS);
        assertEquals("kevee", s.apply("energy_kevee").metadata().getString("unit"));
        Row r = RowFactory.create(1);
        assertEquals(1, r.getInt(0));
    }
}
