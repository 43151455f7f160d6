package xmassnu.jobs.stage;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.schemas.Table;

/**
 * One step of the analysis, declared: where its output goes (its key in the {@link DataLayout}), which committed
 * outputs it reads and which of their files, every setting it reads, the tables it writes, and how to compute the
 * output. {@link StageRunner} does the rest the same way for every stage: lineage, reuse, {@code --force}, input
 * verification, begin, commit and abort. {@link #compute} should read like a table of contents of named steps.
 *
 * @param <R> what the stage tells its caller (counts, limits, ...), from a fresh or a reused output alike
 */
public interface Stage<R> {

    /**
     * An upstream output read by a stage: its key, the sub-directories read (none: all) and the command making it.
     * Damaged files of a {@code tolerant} input do not stop the stage: it gets them from
     * {@link StageContext#damaged} and leaves them out ({@link #tolerating()}), listing them (reduce --quarantine).
     */
    record Input(String key, List<String> reads, String producer, boolean tolerant) {
        public Input {
            reads = List.copyOf(reads);
        }

        public static Input all(String key, String producer) {
            return new Input(key, List.of(), producer, false);
        }

        public static Input of(String key, String producer, String... reads) {
            return new Input(key, List.of(reads), producer, false);
        }

        /** The same input, its damaged files handed to the stage instead of stopping it. */
        public Input tolerating() {
            return new Input(key, reads, producer, true);
        }
    }

    /** The stage's name in lineage records (simulate, reduce, select, spectra, fit, sweep, shifts, report). */
    String name();

    /** Its output's key in the data layout, e.g. {@code selection} or {@code sweep/energy-scale-up}. */
    String key();

    List<Input> inputs();

    /** Every setting the stage reads, as JSON: part of its lineage. */
    JsonNode settings();

    /** The tables it writes: their contracts are part of its lineage. */
    List<Table> writes();

    /** Computes the output into {@code ctx.output()}. */
    R compute(StageContext ctx) throws Exception;

    /** The result of an already committed output with the same lineage. */
    R reuse(StageContext ctx, CommittedStage committed);
}
