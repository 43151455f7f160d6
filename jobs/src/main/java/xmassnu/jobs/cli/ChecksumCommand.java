package xmassnu.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.spark.Sessions;
import xmassnu.jobs.spark.SparkSchemas;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.InputVerifier;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.schemas.Table;
import xmassnu.schemas.Tables;

@Command(name = "checksum", header = "Verify every committed table and print its row count and content checksum.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = "Verify every committed stage of DIR against its commit record and print each table's rows and "
                + "order-independent content checksum (equal outputs give equal lines, whatever the partitioning).")
final class ChecksumCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR|URI", description = "Data directory (path or Hadoop URI).")
    String data;

    @ParentCommand
    Main parent;

    /** A table of a stage output: the stage's key, the table's directory inside it, its contract. */
    record TableRef(String stage, String dir, Table table) {
        String label() {
            return dir.isEmpty() ? stage : stage + "/" + dir;
        }
    }

    static final List<TableRef> TABLES = List.of(new TableRef(DataLayout.EVENTS, "", Tables.EVENTS),
            new TableRef(DataLayout.SELECTION, DataLayout.MASKS, Tables.CUT_MASKS),
            new TableRef(DataLayout.SELECTION, DataLayout.SELECTED, Tables.SELECTION),
            new TableRef(DataLayout.SELECTION, DataLayout.CUT_FLOW, Tables.CUT_FLOW),
            new TableRef(DataLayout.SPECTRA, DataLayout.TEMPLATES, Tables.TEMPLATES),
            new TableRef(DataLayout.SPECTRA, DataLayout.RESPONSE, Tables.RESPONSE),
            new TableRef(DataLayout.LIMITS, DataLayout.GRID, Tables.LIMIT_GRID));

    /** "rows checksum" of one table; the checksum is the sum of 64-bit row hashes (order-independent). */
    static String checksum(SparkSession spark, CommittedStage stage, TableRef t) {
        Dataset<Row> d = SparkSchemas.read(spark, stage, t.dir(), t.table());
        Column[] cols = Arrays.stream(d.columns()).filter(c -> !c.endsWith("_time_ms")).map(c -> col(c))
                .toArray(Column[]::new);
        Row r = d.select(xxhash64(cols).alias("h")).agg(count(lit(1)), sum(col("h").cast("decimal(38,0)")))
                .first();
        return r.getLong(0) + " " + (r.isNullAt(1) ? "0" : r.getDecimal(1).toPlainString());
    }

    @Override
    public Integer call() {
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass checksum");
        Storage storage = Storage.of(spark.sparkContext().hadoopConfiguration());
        DataLayout layout = new DataLayout(Location.of(data));
        if (!storage.isDirectory(layout.root())) {
            throw XmassException.badInput(layout.root() + " is not a data directory");
        }
        InputVerifier verifier = new InputVerifier();
        int found = 0;
        for (TableRef t : TABLES) {
            Optional<CommittedStage> stage = CommittedStage.probe(storage, layout.stage(t.stage()), t.stage());
            if (stage.isEmpty()) {
                System.out.println(t.label() + " not committed");
                continue;
            }
            verifier.verify(spark, storage, stage.get(), List.of());
            found++;
            System.out.println(t.label() + " " + checksum(spark, stage.get(), t));
        }
        if (found == 0) {
            throw XmassException.badInput(layout.root() + " holds no committed table (events, selection, spectra, limits)");
        }
        return 0;
    }
}
