package xmassnu.schemas;

import static xmassnu.schemas.Column.listOfStruct;
import static xmassnu.schemas.Column.optional;
import static xmassnu.schemas.Column.required;
import static xmassnu.schemas.ColumnType.BOOLEAN;
import static xmassnu.schemas.ColumnType.FLOAT64;
import static xmassnu.schemas.ColumnType.INT16;
import static xmassnu.schemas.ColumnType.INT32;
import static xmassnu.schemas.ColumnType.INT64;
import static xmassnu.schemas.ColumnType.INT8;
import static xmassnu.schemas.ColumnType.STRING;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every data contract of the project, in data-flow order. This class is the single source of truth:
 * {@code schemas/README.md} is generated from it ({@link SchemaDocument}) and a test fails when they drift.
 */
public final class Tables {
    private Tables() {}

    /** Raw trigger stream, one Arrow IPC file per (run, chunk): what a DAQ converter would write. */
    public static final Table RAW_HITS = new Table("raw_hits", 1, Table.Storage.ARROW_IPC,
            "One row per inner-detector trigger: trigger time and bits and the list of PMT hits with raw "
                    + "ADC and TDC counts. Files: raw/hits/run_id=<run>/chunk-<k>.arrow, ZSTD-compressed record batches "
                    + "of at most 4096 triggers; file metadata carries the schema name and version, run id, chunk "
                    + "index and lineage hash. Times are on the run's live-time clock.",
            List.of(
                    required("run_id", INT32, "", "Run number (see run_catalog)."),
                    required("event_id", INT64, "", "Trigger id within the run, strictly increasing in time: (chunk index << 32) "
                            + "| trigger number within the chunk, so chunks can be written independently."),
                    required("trigger_time_ns", INT64, "ns", "Trigger time since the start of the run (live time)."),
                    required("trigger_bits", INT32, "", TriggerBit.describe()),
                    required("od_triggered", BOOLEAN, "", "Outer-detector (muon veto) fired within the coincidence window."),
                    listOfStruct("hits", "PMT hits of the trigger, one element per hit channel above threshold.",
                            required("pmt_id", INT16, "", "Inner-detector PMT index, 0..641."),
                            required("adc_counts", INT32, "adc", "Integrated charge in ADC counts, pedestal not subtracted "
                                    + "(0..4095)."),
                            required("tdc_counts", INT32, "tdc", "Hit time in TDC counts relative to the trigger window start "
                                    + "(0..65535)."))));

    /** Per-run, per-PMT calibration constants; the raw counts are consistent with these. */
    public static final Table PMT_CALIBRATION = new Table("pmt_calibration", 1, Table.Storage.PARQUET,
            "Calibration constants per run and PMT, from LED and source calibration: gain, pedestal, timing offset "
                    + "and channel status. Reduction uses these, never the simulation truth.",
            List.of(
                    required("run_id", INT32, "", "Run number."),
                    required("pmt_id", INT16, "", "Inner-detector PMT index, 0..641."),
                    required("gain_adc_per_pe", FLOAT64, "adc/pe", "Mean ADC counts per photoelectron."),
                    required("pedestal_adc", FLOAT64, "adc", "Pedestal in ADC counts, subtracted before the gain."),
                    required("timing_offset_ns", FLOAT64, "ns", "Cable and transit-time offset, subtracted from the hit time."),
                    required("status", INT8, "", PmtStatus.describe())));

    /** One row per run: timing, livetime and trigger settings. */
    public static final Table RUN_CATALOG = new Table("run_catalog", 1, Table.Storage.PARQUET,
            "The run list: start and end, livetime and deadtime, run type and trigger settings.",
            List.of(
                    required("run_id", INT32, "", "Run number, unique."),
                    required("run_type", STRING, "", RunType.describe() + "."),
                    required("start_unix_ns", INT64, "ns", "Run start, ns since 1970-01-01 UTC."),
                    required("end_unix_ns", INT64, "ns", "Run end, ns since 1970-01-01 UTC."),
                    required("livetime_s", FLOAT64, "s", "Live time of the run."),
                    required("deadtime_s", FLOAT64, "s", "Dead time of the run (end - start - livetime)."),
                    required("trigger_hits", INT32, "", "Hit multiplicity required for an inner-detector trigger."),
                    required("trigger_window_ns", INT32, "ns", "Coincidence window of the hit-multiplicity trigger."),
                    required("hit_threshold_pe", FLOAT64, "pe", "Discriminator threshold per PMT."),
                    required("tdc_ns_per_count", FLOAT64, "ns/tdc", "TDC least count."),
                    optional("source_z_cm", FLOAT64, "cm", "z position of the calibration source; null for physics runs.")));

    /** Monte-Carlo truth for every generated event, triggered or not. */
    public static final Table MC_TRUTH = new Table("mc_truth", 1, Table.Storage.PARQUET,
            "Simulation truth of every generated event; event_id joins to raw_hits for triggered events.",
            List.of(
                    required("run_id", INT32, "", "Run number."),
                    required("event_id", INT64, "", "Trigger sequence number if triggered, else -1."),
                    required("truth_id", INT64, "", "Generated-event id within the run, unique: (chunk index << 32) | index."),
                    required("component", STRING, "", "Source component (e.g. solar-nu-sm, pb214, kr85, surface-pb210)."),
                    required("true_energy_kev", FLOAT64, "kev", "Deposited energy."),
                    required("true_x_cm", FLOAT64, "cm", "True vertex x; NaN when the event has no vertex (dark noise, "
                            + "gammas crossing without interaction)."),
                    required("true_y_cm", FLOAT64, "cm", "True vertex y."),
                    required("true_z_cm", FLOAT64, "cm", "True vertex z."),
                    required("time_ns", INT64, "ns", "Time since the start of the run."),
                    required("triggered", BOOLEAN, "", "Whether the event produced an inner-detector trigger.")));

    /** Reduced event table, one row per trigger. */
    public static final Table EVENTS = new Table("events", 2, Table.Storage.PARQUET,
            "One row per trigger after calibration and reconstruction. Directory events/run_id=<run>/ (the "
                    + "partition column comes back on read), sorted by event_id; _report.json, _calibration.json and "
                    + "_lineage.json beside.",
            List.of(
                    required("run_id", INT32, "", "Run number."),
                    required("event_id", INT64, "", "Trigger sequence number within the run."),
                    required("trigger_time_ns", INT64, "ns", "Trigger time since run start."),
                    optional("time_since_previous_ns", INT64, "ns", "Time since the previous trigger in the run; null for the "
                            + "first."),
                    required("od_triggered", BOOLEAN, "", "Outer-detector flag."),
                    required("hit_count", INT32, "", "Number of good (unmasked) PMT hits."),
                    required("total_pe", FLOAT64, "pe", "Sum of calibrated photoelectrons over good hits."),
                    required("max_pmt_pe_fraction", FLOAT64, "", "Fraction of total_pe in the brightest PMT."),
                    required("early_pe_fraction", FLOAT64, "", "Fraction of total_pe within 20 ns of the first hit "
                            + "(Cherenkov-like)."),
                    required("hit_time_rms_ns", FLOAT64, "ns", "RMS of calibrated hit times."),
                    required("energy_kevee", FLOAT64, "kevee", "Reconstructed electron-equivalent energy (keVee)."),
                    required("x_cm", FLOAT64, "cm", "PE-pattern maximum-likelihood vertex x."),
                    required("y_cm", FLOAT64, "cm", "PE-pattern maximum-likelihood vertex y."),
                    required("z_cm", FLOAT64, "cm", "PE-pattern maximum-likelihood vertex z."),
                    required("r_cm", FLOAT64, "cm", "Radius of the PE-pattern vertex."),
                    required("vertex_nll", FLOAT64, "", "Negative log-likelihood per hit at the vertex fit minimum."),
                    required("vertex_status", INT32, "", VertexStatus.describe()),
                    required("timing_r_cm", FLOAT64, "cm", "Radius of the hit-timing vertex (surface-event discrimination).")));

    /** The bitmask of the cuts each physics-run event fails, keyed like the event table. */
    public static final Table CUT_MASKS = new Table("cut_masks", 1, Table.Storage.PARQUET,
            "One row per event of the physics runs: selection/masks/run_id=<run>/, one file per event file (same name), "
                    + "sorted by event_id. Joined to the "
                    + "event table on (run_id, event_id) it recomputes any cut flow; kept narrow so that selecting "
                    + "does not rewrite the event table.",
            List.of(
                    required("run_id", INT32, "", "Run number."),
                    required("event_id", INT64, "", "Trigger sequence number within the run."),
                    required("failed_cuts_mask", INT64, "", "Bit i set when the event fails cut i of the cut definition list.")));

    /** Selected events: the event table rows that pass every cut. */
    public static final Table SELECTION = new Table("selection", 2, Table.Storage.PARQUET,
            "selection/selected/part-00000.zstd.parquet: the event-table rows with failed_cuts_mask = 0, every column of "
                    + "the event table (run_id included) and the mask, sorted by (run_id, event_id); one file, present "
                    + "even when no event passed.",
            concat(EVENTS.columns(), List.of(
                    required("failed_cuts_mask", INT64, "",
                            "Bit i set when the event fails cut i of the cut definition list."))));

    /** Cut flow per run and in total. */
    public static final Table CUT_FLOW = new Table("cut_flow", 1, Table.Storage.PARQUET,
            "Events remaining after each cut, per run (run_id) and in total (run_id = -1).",
            List.of(
                    required("run_id", INT32, "", "Run number, or -1 for the total over runs."),
                    required("cut_index", INT32, "", "Position in the cut sequence; 0 is 'all triggers'."),
                    required("cut_name", STRING, "", "Cut name."),
                    required("cut_version", INT32, "", "Version of the cut definition."),
                    required("events_after", INT64, "", "Events passing this cut and all before it."),
                    required("livetime_days", FLOAT64, "d", "Live time of the run(s)."),
                    required("exposure_kg_day", FLOAT64, "kg*d", "Fiducial mass times live time.")));

    /** Observed histogram, background and signal templates, and their systematic variations. */
    public static final Table TEMPLATES = new Table("templates", 2, Table.Storage.PARQUET,
            "Expected and observed counts per analysis bin. Signal templates are split into polynomial pieces in "
                    + "the coupling: counts = sm + c^p1 * interference + c^p2 * new_physics, with the power in coupling_power.",
            List.of(
                    required("sample", STRING, "", "observed | background | signal."),
                    required("component", STRING, "", "Background component, signal piece (sm, interference, new_physics) or "
                            + "'data'."),
                    optional("model", STRING, "", "Signal model (millicharge, magnetic-moment, b-l); null otherwise."),
                    optional("flavour", STRING, "", "Flavour case (all, e, mu, tau); null otherwise."),
                    optional("mass_mev", FLOAT64, "mev", "Mediator mass for b-l; null otherwise."),
                    required("variation", STRING, "", "nominal, or <systematic>:up / <systematic>:down."),
                    required("coupling_power", INT32, "", "Power of the coupling multiplying counts (0 for backgrounds and "
                            + "data)."),
                    required("bin_index", INT32, "", "Analysis bin, from 0."),
                    required("energy_low_kevee", FLOAT64, "kevee", "Lower bin edge (keVee)."),
                    required("energy_high_kevee", FLOAT64, "kevee", "Upper bin edge (keVee)."),
                    required("counts", FLOAT64, "", "Observed or expected counts at unit coupling."),
                    required("counts_stat_error", FLOAT64, "", "Statistical (MC) uncertainty of counts.")));

    /** Electron-recoil detector response from the response Monte Carlo. */
    public static final Table RESPONSE = new Table("response", 2, Table.Storage.PARQUET,
            "Response Monte Carlo: recoils generated log-uniformly in true energy and uniformly in a sphere of "
                    + "generation_mass_kg, through simulation, reduction and the cuts. One row per (true bin, analysis "
                    + "bin); P(analysis bin | true bin) = passed / generated.",
            List.of(
                    required("true_bin", INT32, "", "True-energy bin, from 0."),
                    required("true_low_kev", FLOAT64, "kev", "Lower edge of the true deposited energy."),
                    required("true_high_kev", FLOAT64, "kev", "Upper edge of the true deposited energy."),
                    required("reco_bin", INT32, "", "Analysis bin, from 0."),
                    required("reco_low_kevee", FLOAT64, "kevee", "Lower edge of the reconstructed energy (keVee)."),
                    required("reco_high_kevee", FLOAT64, "kevee", "Upper edge of the reconstructed energy (keVee)."),
                    required("generated", INT64, "", "Recoils generated in the true bin (whole generation volume)."),
                    required("passed", INT64, "",
                            "Of those, selected by all cuts with reconstructed energy in the analysis bin."),
                    required("generated_in_fiducial", INT64, "", "Recoils of the true bin with a true vertex inside the fiducial "
                            + "radius."),
                    required("passed_in_fiducial", INT64, "", "Of those, passing all cuts but the energy window (efficiency "
                            + "numerator)."),
                    required("generation_mass_kg", FLOAT64, "kg", "Xenon mass of the generation volume.")));

    /** One row per grid point of the limit scan. */
    public static final Table LIMIT_GRID = new Table("limit_grid", 3, Table.Storage.PARQUET,
            "Per (model, flavour, mass, coupling sign, variation): the upper limits (observed, expected band) and the "
                    + "observation (best fit with its 68 % interval, local significance); every point has a status.",
            List.of(
                    required("model", STRING, "", "millicharge | magnetic-moment | b-l."),
                    required("flavour", STRING, "", "all | e | mu | tau."),
                    optional("mass_mev", FLOAT64, "mev", "Mediator mass for b-l; null otherwise."),
                    optional("coupling_sign", INT8, "", "For a coupling whose sign changes the spectrum (the "
                            + "millicharge, through its interference): +1 or -1, the limit and observation for that "
                            + "sign (couplings on the row are magnitudes); 0, both signs together: the limit on |c| "
                            + "(the weaker of the two) and the signed best fit. Null for the other models."),
                    required("variation", STRING, "", "nominal or the systematic variation."),
                    required("profiled_systematics", STRING, "", "Systematics profiled in the likelihood, one histosys "
                            + "nuisance parameter each, comma-separated (e.g. energy-scale,solar-flux); empty when none."),
                    required("coupling_unit", STRING, "", "e (millicharge), mu_B (magnetic moment), dimensionless (b-l)."),
                    required("confidence_level", FLOAT64, "", "e.g. 0.90."),
                    optional("observed_limit", FLOAT64, "", "Observed upper limit on the coupling; null if the fit failed."),
                    optional("expected_minus2", FLOAT64, "", "Expected limit, -2 sigma."),
                    optional("expected_minus1", FLOAT64, "", "Expected limit, -1 sigma."),
                    optional("expected_median", FLOAT64, "", "Expected limit, median."),
                    optional("expected_plus1", FLOAT64, "", "Expected limit, +1 sigma."),
                    optional("expected_plus2", FLOAT64, "", "Expected limit, +2 sigma."),
                    required("status", STRING, "", "converged | failed."),
                    optional("status_reason", STRING, "", "Why a point failed; null when converged."),
                    required("seed", INT64, "", "Random seed of the point (toys)."),
                    optional("toy_cls_at_observed_limit", FLOAT64, "", "CLs from pseudo-experiments at the asymptotic observed "
                            + "limit "
                            + "(close to 1 - confidence_level when the asymptotic formulae hold); null without toys."),
                    required("fit_time_ms", FLOAT64, "ms", "Wall time spent on the point (all rows of one "
                            + "model, flavour and mass are fitted together: each carries the whole time)."),
                    optional("best_fit", FLOAT64, "", "Best-fit coupling (a magnitude for coupling_sign +-1, signed "
                            + "for 0); null if the observation failed."),
                    optional("best_fit_minus1", FLOAT64, "", "Lower end of the best fit's 68 % profile-likelihood "
                            + "interval (2 delta(-ln L) = 1), cut at 0 for a magnitude."),
                    optional("best_fit_plus1", FLOAT64, "", "Upper end of the 68 % interval."),
                    optional("discovery_q0", FLOAT64, "", "Discovery test statistic q0 (arXiv:1007.1727 eq. 12, "
                            + "one-sided)."),
                    optional("local_p_value", FLOAT64, "", "Local p-value of the background-only hypothesis: "
                            + "1 - Phi(sqrt q0); for coupling_sign 0 twice the smaller of the two signs' (capped at 1)."),
                    optional("local_significance", FLOAT64, "", "Local significance Z = Phi^-1(1 - local_p_value), 0 "
                            + "when local_p_value >= 0.5 (no excess)."),
                    optional("observation_reason", STRING, "", "Why the observation failed; null when it converged.")));

    public static final List<Table> ALL = List.of(RAW_HITS, PMT_CALIBRATION, RUN_CATALOG, MC_TRUTH, EVENTS,
            CUT_MASKS, SELECTION, CUT_FLOW, RESPONSE, TEMPLATES, LIMIT_GRID);

    public static Table byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("unknown table '" + name + "'; known: "
                        + ALL.stream().map(Table::name).toList()));
    }

    private static List<Column> concat(List<Column> a, List<Column> b) {
        List<Column> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
