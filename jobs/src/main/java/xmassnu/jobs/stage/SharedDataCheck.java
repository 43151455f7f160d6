package xmassnu.jobs.stage;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.jobs.errors.ExitCode;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;

/**
 * A plain path (or {@code file://}) data directory on a cluster works only if every executor mounts it at the same
 * path. Otherwise each executor would write its task outputs to its own disk, and the driver would find nothing to
 * commit, or worse, a stale copy from an earlier run at the same path. So before the first stage, one small task
 * per core looks for the driver's freshly written {@code _lock} (its random owner token) on the executors' side, and
 * a missing or foreign lock stops the run with the hosts named.
 */
final class SharedDataCheck {
    private SharedDataCheck() {}

    /** What one task saw: where it ran and the lock owner it read there (null: no lock file). */
    record Sighting(String host, String executorId, String ownerSeen) implements Serializable {}

    /** The check is needed for a local data directory whose executors run in other JVMs (not local mode). */
    static boolean needed(Location root, boolean sparkIsLocal) {
        return root.isLocal() && !sparkIsLocal;
    }

    /** Runs the check; throws naming the data directory, the hosts that do not see it and what to do. */
    static void verify(SparkSession spark, Location root, Location lock, String owner) {
        String problem = problem(root, owner, sightings(spark, lock));
        if (problem != null) {
            throw new XmassException(ExitCode.ENVIRONMENT, problem);
        }
    }

    /**
     * The decision, pure: null if every task read this run's owner token, else one line naming the directory, the
     * hosts (and executors) that did not, and the remedy.
     */
    static String problem(Location root, String owner, List<Sighting> sightings) {
        if (sightings.isEmpty()) {
            throw new IllegalArgumentException("no task reported on " + root);
        }
        TreeSet<String> missing = new TreeSet<>();
        TreeSet<String> foreign = new TreeSet<>();
        for (Sighting s : sightings) {
            String where = s.host() + " (executor " + s.executorId() + ")";
            if (s.ownerSeen() == null) {
                missing.add(where);
            } else if (!s.ownerSeen().equals(owner)) {
                foreign.add(where);
            }
        }
        if (missing.isEmpty() && foreign.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder("--data ").append(root.path())
                .append(" is a directory on the driver's disk that the executors do not share: ");
        if (!missing.isEmpty()) {
            b.append("no ").append(DataLayout.LOCK).append(" there on ").append(String.join(", ", missing));
        }
        if (!foreign.isEmpty()) {
            b.append(missing.isEmpty() ? "" : "; ").append("another run's ").append(DataLayout.LOCK)
                    .append(" (a different disk at the same path) on ").append(String.join(", ", foreign));
        }
        return b.append(". Give a directory every executor mounts at the same path (NFS, a shared volume), or an ")
                .append("hdfs:// or s3a:// URI").toString();
    }

    /** One task per core of the cluster (at least two): what each saw at {@code lock} on its own disk. */
    static List<Sighting> sightings(SparkSession spark, Location lock) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int tasks = Math.max(2, jsc.defaultParallelism());
        List<Integer> slots = IntStream.range(0, tasks).boxed().toList();
        jsc.setJobDescription("xmass: do the executors see " + lock.parent() + "?");
        try {
            return new ArrayList<>(jsc.parallelize(slots, tasks).map(i -> look(lock)).collect());
        } finally {
            jsc.setJobDescription(null);
        }
    }

    private static Sighting look(Location lock) {
        JsonNode record = DataLock.read(Storage.local(), lock);
        SparkEnv env = SparkEnv.get();
        return new Sighting(DataLock.host(), env == null ? "?" : env.executorId(),
                record == null ? null : record.path("owner").asText(null));
    }
}
