package xmassnu.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import xmassnu.jobs.spark.Sessions;
import xmassnu.jobs.spark.SparkSchemas;
import xmassnu.schemas.Table;
import xmassnu.schemas.Tables;

@Command(name = "checksum", header = "Print row counts and content checksums of every committed table.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Row count and an order-independent content checksum of every committed table under DIR",
                "(events, selection, spectra, limits): equal outputs of two runs, whatever their partitioning or",
                "cluster, give equal lines. Wall-time columns are left out."})
final class ChecksumCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory.")
    Path data;

    @ParentCommand
    Main parent;

    /** Relative table directory -> its schema. */
    static final Map<String, Table> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("events", Tables.EVENTS);
        TABLES.put("selection/masks", Tables.CUT_MASKS);
        TABLES.put("selection/selected", Tables.SELECTION);
        TABLES.put("selection/cutflow", Tables.CUT_FLOW);
        TABLES.put("spectra/templates", Tables.TEMPLATES);
        TABLES.put("spectra/response", Tables.RESPONSE);
        TABLES.put("limits/grid", Tables.LIMIT_GRID);
    }

    /** "rows checksum" of one table; the checksum is the sum of 64-bit row hashes (order-independent). */
    static String checksum(SparkSession spark, Table table, Path dir) {
        Dataset<Row> d = SparkSchemas.read(spark, table, dir);
        Column[] cols = Arrays.stream(d.columns()).filter(c -> !c.endsWith("_time_ms")).map(c -> col(c))
                .toArray(Column[]::new);
        Row r = d.select(xxhash64(cols).alias("h")).agg(count(lit(1)), sum(col("h").cast("decimal(38,0)")))
                .first();
        return r.getLong(0) + " " + (r.isNullAt(1) ? "0" : r.getDecimal(1).toPlainString());
    }

    @Override
    public Integer call() {
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass checksum");
        int found = 0;
        for (Map.Entry<String, Table> e : TABLES.entrySet()) {
            Path dir = data.resolve(e.getKey());
            Path stage = data.resolve(e.getKey().split("/")[0]);
            if (!Files.isDirectory(dir) || !Files.isRegularFile(stage.resolve("_SUCCESS"))) {
                continue;
            }
            found++;
            System.out.println(e.getKey() + " " + checksum(spark, e.getValue(), dir));
        }
        if (found == 0) {
            throw new IllegalArgumentException(data + " holds no committed table (events, selection, spectra, limits)");
        }
        return 0;
    }
}
