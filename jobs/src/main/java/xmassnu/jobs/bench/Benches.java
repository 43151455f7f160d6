package xmassnu.jobs.bench;

import java.util.List;

import org.apache.spark.sql.SparkSession;

import xmassnu.jobs.config.RunSelection;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.reduction.sim.RunInfo;

/** What the benchmarks share: a stage runner on a scratch data directory (local, hdfs:// or s3a://). */
final class Benches {
    private Benches() {}

    static StageRunner runner(SparkSession spark, Location dir) {
        return StageRunner.open(spark, storage(spark), new DataLayout(dir), "xmass bench", true);
    }

    static Storage storage(SparkSession spark) {
        return Storage.of(spark.sparkContext().hadoopConfiguration());
    }

    static RunSelection runs(List<RunInfo> runs, String label) {
        return new RunSelection(runs, label);
    }
}
