package xmassnu.jobs.testing;

import java.nio.file.Path;

import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.Stage;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;

/** Running stages on a local test directory through the one StageRunner. */
public final class Stages {
    private Stages() {}

    public static Storage storage() {
        return Storage.of(SparkTestSession.get().sparkContext().hadoopConfiguration());
    }

    public static DataLayout layout(Path dir) {
        return new DataLayout(Location.local(dir));
    }

    public static StageRunner runner(Path dir) {
        return StageRunner.open(SparkTestSession.get(), storage(), layout(dir), "test", true);
    }

    /** Runs one stage on {@code dir} (its own runner and lock). */
    public static <R> StageRunner.Outcome<R> run(Path dir, Stage<R> stage, boolean force) {
        try (StageRunner r = runner(dir)) {
            return r.run(stage, force);
        }
    }

    /**
     * Copies every file below {@code from} to the same relative name below {@code to}, e.g. a committed local stage
     * onto HDFS or S3 (a commit record names no location, so the copy is committed there too).
     */
    public static void copy(Storage fromStorage, Location from, Storage toStorage, Location to) {
        for (Storage.Entry e : fromStorage.listFiles(from)) {
            toStorage.write(to.resolve(e.path()), fromStorage.readBytes(from.resolve(e.path())));
        }
    }

    /** The committed output of a stage key of {@code dir}. */
    public static CommittedStage committed(Path dir, String key) {
        return CommittedStage.open(storage(), layout(dir).stage(key), key, "the test's setup");
    }
}
