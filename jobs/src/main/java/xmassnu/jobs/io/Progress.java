package xmassnu.jobs.io;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.util.LongAccumulator;

/**
 * Console progress of a Spark stage: tasks done, items per second and time left, redrawn on one line of stderr.
 * Silent when stderr is not a terminal or when asked to be quiet. Counts come from an accumulator that tasks add
 * to when they finish.
 */
public final class Progress implements AutoCloseable {
    private final String label;
    private final String unit;
    private final JavaSparkStatusTracker tracker;
    private final LongAccumulator done;
    private final boolean enabled;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final long startNs = System.nanoTime();
    private final Thread thread;

    public Progress(String label, String unit, JavaSparkStatusTracker tracker, LongAccumulator done, boolean quiet) {
        this.label = label;
        this.unit = unit;
        this.tracker = tracker;
        this.done = done;
        this.enabled = !quiet && System.console() != null;
        this.thread = new Thread(this::loop, "xmass-progress");
        thread.setDaemon(true);
        if (enabled) {
            thread.start();
        }
    }

    private void loop() {
        while (running.get()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            int total = 0;
            int completed = 0;
            for (int id : tracker.getActiveStageIds()) {
                SparkStageInfo s = tracker.getStageInfo(id);
                if (s != null) {
                    total += s.numTasks();
                    completed += s.numCompletedTasks();
                }
            }
            double seconds = (System.nanoTime() - startNs) * 1e-9;
            long items = done.value();
            String eta = completed > 0 && total > completed
                    ? String.format(java.util.Locale.ROOT, "%.0f s left", seconds / completed * (total - completed)) : "";
            System.err.printf(java.util.Locale.ROOT, "\r%s: %d/%d tasks, %,d %s, %,.0f %s/s %s   ",
                    label, completed, total, items, unit,
                    items / Math.max(seconds, 1e-9), unit, eta);
        }
    }

    @Override
    public void close() {
        running.set(false);
        if (enabled) {
            thread.interrupt();
            System.err.print("\r" + " ".repeat(100) + "\r");
        }
    }
}
