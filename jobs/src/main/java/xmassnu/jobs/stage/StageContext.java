package xmassnu.jobs.stage;

import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import xmassnu.jobs.storage.Storage;

/** What a stage gets to work with: Spark, the storage, the layout, its verified inputs and, when computing, its output. */
public final class StageContext {
    private final SparkSession spark;
    private final Storage storage;
    private final DataLayout layout;
    private final Map<String, CommittedStage> inputs;
    private final StageOutput output;
    private final boolean quiet;
    private final Lineage lineage;
    private final Map<String, Map<xmassnu.jobs.storage.Location, String>> damaged;
    private Broadcast<Storage> shared;

    StageContext(SparkSession spark, Storage storage, DataLayout layout, Map<String, CommittedStage> inputs,
                 Map<String, Map<xmassnu.jobs.storage.Location, String>> damaged, StageOutput output, Lineage lineage,
                 boolean quiet) {
        this.lineage = lineage;
        this.damaged = damaged;
        this.spark = spark;
        this.storage = storage;
        this.layout = layout;
        this.inputs = inputs;
        this.output = output;
        this.quiet = quiet;
    }

    public SparkSession spark() {
        return spark;
    }

    public JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    public Storage storage() {
        return storage;
    }

    /** The storage for tasks: one broadcast copy of the Hadoop configuration per executor, as Spark's file sources do. */
    public synchronized Broadcast<Storage> storageOnExecutors() {
        if (shared == null) {
            shared = jsc().broadcast(storage);
        }
        return shared;
    }

    public DataLayout layout() {
        return layout;
    }

    public boolean quiet() {
        return quiet;
    }

    /** A verified input, by its key (one of the stage's declared inputs). */
    public CommittedStage input(String key) {
        CommittedStage c = inputs.get(key);
        if (c == null) {
            throw new IllegalStateException("stage reads " + key + " without declaring it as an input");
        }
        return c;
    }

    /** The damaged files of a tolerant input (file -> what is wrong); empty for the others. */
    public Map<xmassnu.jobs.storage.Location, String> damaged(String key) {
        return damaged.getOrDefault(key, Map.of());
    }

    /** The lineage of the output being computed or reused (its hash goes into every file's metadata). */
    public Lineage lineage() {
        return lineage;
    }

    public StageOutput output() {
        if (output == null) {
            throw new IllegalStateException("the output is written only while computing");
        }
        return output;
    }
}
