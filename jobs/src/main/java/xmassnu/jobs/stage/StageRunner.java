package xmassnu.jobs.stage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.jobs.errors.ExitCode;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.storage.Storage;
import xmassnu.schemas.Table;

/**
 * Runs stages the one way: open and verify the inputs (commit record, recomputed lineage, the inputs' lineages chain,
 * every file to be read checked), compute the lineage, reuse a committed output with the same lineage, refuse one
 * with another unless forced, else begin, compute, commit, or abort on failure leaving nothing behind. Holds the
 * data directory's {@link DataLock} while open, so two commands never write one data directory at once.
 */
public final class StageRunner implements AutoCloseable {
    private final SparkSession spark;
    private final Storage storage;
    private final DataLayout layout;
    private final boolean quiet;
    private final DataLock lock;
    private final boolean createdRoot;
    private final InputVerifier verifier = new InputVerifier();

    /** What a run of a stage did. */
    public record Outcome<R>(R result, boolean reused, Lineage lineage, double seconds) {}

    private StageRunner(SparkSession spark, Storage storage, DataLayout layout, boolean quiet, DataLock lock,
                        boolean createdRoot) {
        this.createdRoot = createdRoot;
        this.spark = spark;
        this.storage = storage;
        this.layout = layout;
        this.quiet = quiet;
        this.lock = lock;
    }

    /** A runner on a data directory, holding its lock until closed. */
    public static StageRunner open(SparkSession spark, Storage storage, DataLayout layout, String command, boolean quiet) {
        boolean created = !storage.exists(layout.root());
        storage.mkdirs(layout.root());
        StageRunner runner = new StageRunner(spark, storage, layout, quiet,
                DataLock.acquire(storage, layout.lock(), command), created);
        if (spark != null && runner.lock.held() && SharedDataCheck.needed(layout.root(), spark.sparkContext().isLocal())) {
            try {
                SharedDataCheck.verify(spark, layout.root(), layout.lock(), runner.lock.owner());
            } catch (RuntimeException e) {
                runner.close(); // releases the lock, removes the directory if this run created it
                throw e;
            }
        }
        return runner;
    }

    public Storage storage() {
        return storage;
    }

    public DataLayout layout() {
        return layout;
    }

    public SparkSession spark() {
        return spark;
    }

    /** The lineage the stage would have now (its inputs must be committed). */
    public Lineage lineage(Stage<?> stage) {
        return lineage(stage, openInputs(stage));
    }

    public <R> Outcome<R> run(Stage<R> stage, boolean force) {
        long t0 = System.nanoTime();
        Map<String, CommittedStage> inputs = openInputs(stage);
        checkChain(inputs);
        Map<String, Map<xmassnu.jobs.storage.Location, String>> damaged = new LinkedHashMap<>();
        for (Stage.Input in : stage.inputs()) {
            if (in.tolerant()) {
                Map<xmassnu.jobs.storage.Location, String> bad = new java.util.TreeMap<>();
                verifier.check(spark, storage, inputs.get(in.key()), in.reads()).forEach(p -> bad.put(p.file(), p.message()));
                damaged.put(in.key(), bad);
            } else {
                verifier.verify(spark, storage, inputs.get(in.key()), in.reads());
            }
        }
        Lineage lineage = lineage(stage, inputs);
        var dir = layout.stage(stage.key());
        Optional<CommittedStage> existing;
        try {
            existing = CommittedStage.probe(storage, dir, stage.key());
        } catch (XmassException e) {
            if (!force) {
                throw new XmassException(e.exitCode(), e.getMessage() + " (or --force to replace " + dir + ")", e);
            }
            existing = Optional.empty();
        }
        if (existing.isPresent() && !force) {
            CommittedStage c = existing.get();
            if (c.hash().equals(lineage.hash())) {
                R r = stage.reuse(new StageContext(spark, storage, layout, inputs, damaged, null, lineage, quiet), c);
                return new Outcome<>(r, true, lineage, (System.nanoTime() - t0) * 1e-9);
            }
            throw new XmassException(ExitCode.USAGE, dir + " already holds a " + stage.name() + " output with another "
                    + "lineage (" + c.lineage().shortHash() + ", this run " + lineage.shortHash() + "; differs in "
                    + differences(c.lineage(), lineage) + "): use --force to replace it, or another --data directory");
        }
        StageOutput out = new StageOutput(storage, dir, stage.key());
        out.begin();
        try {
            R r = stage.compute(new StageContext(spark, storage, layout, inputs, damaged, out, lineage, quiet));
            out.commit(lineage);
            return new Outcome<>(r, false, lineage, (System.nanoTime() - t0) * 1e-9);
        } catch (Exception | Error e) {
            awaitCancelledTasks();
            try {
                out.abort();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            XmassException located = XmassException.located(e);
            if (located != null) {
                throw located; // the failure a task located (file, run, event), not Spark's wrapper of it
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            // Spark's Scala code throws SparkException undeclared: keep it as the cause, whose chain names the failure
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private Map<String, CommittedStage> openInputs(Stage<?> stage) {
        Map<String, CommittedStage> inputs = new LinkedHashMap<>();
        for (Stage.Input in : stage.inputs()) {
            inputs.put(in.key(), CommittedStage.open(storage, layout.stage(in.key()), in.key(),
                    "bin/xmass " + in.producer() + " --data " + layout.root()));
        }
        return inputs;
    }

    private static Lineage lineage(Stage<?> stage, Map<String, CommittedStage> inputs) {
        Map<String, String> hashes = new TreeMap<>();
        inputs.forEach((k, c) -> hashes.put(k, c.hash()));
        List<String> writes = stage.writes().stream().map(Table::qualifiedName).sorted().toList();
        return new Lineage(stage.name(), stage.settings(), hashes, CodeFingerprint.of(stage.getClass()), writes,
                Manifest.FORMAT);
    }

    /**
     * Inputs that are upstream of one another must be the very outputs the downstream one was made from: a report must
     * not show a new selection beside limits computed from the old one.
     */
    static void checkChain(Map<String, CommittedStage> inputs) {
        for (CommittedStage down : inputs.values()) {
            for (CommittedStage up : inputs.values()) {
                String recorded = down.lineage().inputs().get(up.key());
                if (up != down && recorded != null && !recorded.equals(up.hash())) {
                    throw XmassException.badInput("the inputs do not chain: " + down.dir() + " was made from "
                            + up.key() + " " + recorded.substring(0, 12) + ", but " + up.dir() + " is now "
                            + up.lineage().shortHash() + ": re-run the stages after " + up.key()
                            + " (bin/xmass pipeline does)");
                }
            }
        }
    }

    /** Which parts of two lineages differ, as dotted paths (settings fields, inputs, code). */
    static String differences(Lineage a, Lineage b) {
        List<String> d = new ArrayList<>();
        diff("settings", a.settings(), b.settings(), d);
        if (!a.inputs().equals(b.inputs())) {
            for (String k : new java.util.TreeSet<>(union(a.inputs().keySet(), b.inputs().keySet()))) {
                if (!java.util.Objects.equals(a.inputs().get(k), b.inputs().get(k))) {
                    d.add("input " + k);
                }
            }
        }
        if (!a.code().equals(b.code())) {
            d.add("code");
        }
        if (!a.writes().equals(b.writes())) {
            d.add("table contracts");
        }
        if (a.format() != b.format()) {
            d.add("commit format");
        }
        if (d.isEmpty()) {
            return "nothing visible";
        }
        return d.size() > 6 ? String.join(", ", d.subList(0, 6)) + ", ..." : String.join(", ", d);
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a == null || b == null || !a.isObject() || !b.isObject()) {
            if (!java.util.Objects.equals(a, b)) {
                out.add(path);
            }
            return;
        }
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        for (String n : names) {
            diff(path + "." + n, a.get(n), b.get(n), out);
        }
    }

    /** After a failed job, Spark's cancelled tasks may still be writing into the output: let them stop. */
    private void awaitCancelledTasks() {
        if (spark == null) {
            return;
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (tasksStillRunning(jsc) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A failed stage leaves the active list before its killed tasks have stopped (killing is asynchronous, and a
     * task thread busy writing a file sees the kill only at its next check): wait for the executors to report no
     * running task, too.
     */
    private static boolean tasksStillRunning(JavaSparkContext jsc) {
        if (jsc.statusTracker().getActiveStageIds().length > 0) {
            return true;
        }
        for (org.apache.spark.SparkExecutorInfo e : jsc.statusTracker().getExecutorInfos()) {
            if (e.numRunningTasks() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Releases the lock; a data directory this runner created and left empty (every stage failed) is removed. */
    @Override
    public void close() {
        lock.close();
        if (createdRoot && storage.listFiles(layout.root()).isEmpty()) {
            storage.delete(layout.root());
        }
    }
}
