package xmassnu.jobs.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import xmassnu.jobs.spark.SparkSchemas;
import xmassnu.schemas.SchemaDocument;
import xmassnu.schemas.Tables;

@Command(name = "schemas", header = "Print the data contracts, or one table's Spark schema.",
        mixinStandardHelpOptions = true,
        description = "Print the data contracts (Markdown), or one table's Spark schema.")
final class SchemasCommand implements Callable<Integer> {
    @Option(names = "--table", paramLabel = "NAME", description = "Print this table's Spark StructType as a DDL string.")
    String table;

    @Override
    public Integer call() {
        if (table != null) {
            System.out.println(SparkSchemas.structType(Tables.byName(table)).toDDL());
        } else {
            System.out.print(SchemaDocument.markdown());
        }
        return 0;
    }
}
