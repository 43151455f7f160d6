package xmassnu.jobs.cli;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Option;

import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;

/** The data directory and {@code --force}, shared by every command that runs stages. */
final class DataOptions {
    @Option(names = "--data", required = true, paramLabel = "DIR|URI",
            description = "Data directory: a local path or a Hadoop URI (file:///..., hdfs://host:port/..., s3a://bucket/...).")
    String data;

    @Option(names = "--force", description = "Replace outputs whose lineage differs (a setting, an input or the code changed).")
    boolean force;

    Location location() {
        return Location.of(data);
    }

    /** A runner on the data directory, holding its lock. */
    StageRunner runner(SparkSession spark, String command, boolean quiet) {
        return StageRunner.open(spark, Storage.of(spark.sparkContext().hadoopConfiguration()), new DataLayout(location()),
                command, quiet);
    }
}
