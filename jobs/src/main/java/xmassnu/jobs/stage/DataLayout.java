package xmassnu.jobs.stage;

import java.io.Serializable;

import xmassnu.jobs.storage.Location;

/**
 * Every directory and table of a data directory, named once. A stage output is a directory below the root (its
 * <em>key</em>, e.g. {@code selection}, which lineage records use to name inputs); tables are sub-directories of a
 * stage output, partitioned by {@code run_id=R/} where they are per run; files starting with '_' are a stage's
 * small records (hidden from Spark's, pyarrow's and DuckDB's dataset discovery).
 *
 * <pre>
 * raw/        hits/run_id=R/chunk-K.arrow  truth/run_id=R/chunk-K.parquet  calib/run_id=R/pmt_calibration.parquet
 *             runs/run_catalog.parquet
 * events/     run_id=R/part-cCCCCC-bBBBBB.zstd.parquet  _report.json  _calibration.json
 * selection/  masks/run_id=R/...  selected/run_id=R/...  cutflow/part-00000.zstd.parquet
 * spectra/    templates/  response/  workspaces/  _spectra.json
 * limits/     grid/  limits.csv  hepdata/  plots/        (projection-Dd/: the same for a projected exposure)
 * sweep/      VARIATION/ (grid/, limits.csv) per variation   shifts/ (shifts.csv)
 * report/     index.html and its figures
 * _lock       the lock of a running command
 * </pre>
 * Every stage output holds {@code _lineage.json} and, once committed, {@code _SUCCESS} (its {@link Manifest}).
 */
public record DataLayout(Location root) implements Serializable {
    public static final String RAW = "raw";
    public static final String EVENTS = "events";
    public static final String SELECTION = "selection";
    public static final String SPECTRA = "spectra";
    public static final String LIMITS = "limits";
    public static final String SWEEP = "sweep";
    public static final String REPORT = "report";

    /** Tables of raw/. */
    public static final String HITS = "hits";
    public static final String TRUTH = "truth";
    public static final String CALIB = "calib";
    public static final String RUNS = "runs";
    /** Tables and records of events/. */
    public static final String REDUCE_REPORT = "_report.json";
    public static final String CALIBRATION = "_calibration.json";
    /** Tables of selection/. */
    public static final String MASKS = "masks";
    public static final String SELECTED = "selected";
    public static final String CUT_FLOW = "cutflow";
    /** Tables and records of spectra/. */
    public static final String TEMPLATES = "templates";
    public static final String RESPONSE = "response";
    public static final String WORKSPACES = "workspaces";
    public static final String SPECTRA_SUMMARY = "_spectra.json";
    /** Tables and files of limits/ (and of every sweep variation). */
    public static final String GRID = "grid";
    public static final String LIMITS_CSV = "limits.csv";
    public static final String GOODNESS_OF_FIT = "goodness_of_fit.json";
    public static final String SIGNIFICANCE = "significance.json";
    public static final String HEPDATA = "hepdata";
    public static final String PLOTS = "plots";
    /** The shifts of the sweep. */
    public static final String SHIFTS = "shifts";
    public static final String SHIFTS_CSV = "shifts.csv";
    public static final String LOCK = "_lock";

    /** A stage output directory by its key. */
    public Location stage(String key) {
        return root.resolve(key);
    }

    public Location raw() {
        return stage(RAW);
    }

    public Location events() {
        return stage(EVENTS);
    }

    public Location selection() {
        return stage(SELECTION);
    }

    public Location spectra() {
        return stage(SPECTRA);
    }

    public Location limits() {
        return stage(LIMITS);
    }

    public Location report() {
        return stage(REPORT);
    }

    public Location lock() {
        return root.resolve(LOCK);
    }

    /** The key of a projection's limits: {@code projection-711d}. */
    public static String projectionKey(double liveDays) {
        String d = liveDays == Math.rint(liveDays) ? Long.toString((long) liveDays) : Double.toString(liveDays);
        return "projection-" + d + "d";
    }

    /** The key of one sweep variation's limits. */
    public static String sweepKey(String variationDirectory) {
        return SWEEP + "/" + variationDirectory;
    }

    public static String shiftsKey() {
        return SWEEP + "/" + SHIFTS;
    }

    /** The partition directory of a run, one spelling for every table: {@code run_id=R}. */
    public static String runDirectory(int runId) {
        return "run_id=" + runId;
    }
}
