package xmassnu.jobs.select;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.io.ParquetTableReader;
import xmassnu.jobs.io.ParquetTableWriter;
import xmassnu.jobs.io.Progress;
import xmassnu.jobs.io.TableData;
import xmassnu.jobs.raw.DetectorRecord;
import xmassnu.jobs.reduce.CalibrationTables;
import xmassnu.jobs.reduce.ReduceStage;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.Manifest;
import xmassnu.jobs.stage.Stage;
import xmassnu.jobs.stage.StageContext;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.reduction.cuts.Cut;
import xmassnu.reduction.cuts.EventCuts;
import xmassnu.reduction.cuts.SelectionSettings;
import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.reco.ReducedEvents;
import xmassnu.schemas.Column;
import xmassnu.schemas.MetadataKeys;
import xmassnu.schemas.Table;
import xmassnu.schemas.Tables;

/**
 * The select stage, one pass over the event table: one Spark task per group of event files reads each file, evaluates
 * the cuts with the same {@link EventCuts} the template Monte Carlo uses, writes the file's failed-cut bitmasks
 * (selection/masks/run_id=R/, same file name), counts the events after each cut and the after-trigger veto's dead
 * time, and returns the events that pass every cut; the driver writes those (selection/selected) and the cut flow per
 * run and in total with live time and exposure (selection/cutflow). Events read per file and per run are checked
 * against the event table's commit record and its reduce report. The detector (fiducial mass) is the one the raw
 * data describe.
 */
public final class SelectStage implements Stage<SelectStage.Result> {
    private static final Pattern EVENT_FILE = Pattern.compile("run_id=(\\d+)/[^/]+\\.parquet");
    /** The after-trigger veto's index in the cut flow (1-based: index 0 is all triggers). */
    private static final String VETO_CUT = "after-trigger-veto";

    private final SelectionSettings settings;

    public SelectStage(SelectionSettings settings) {
        this.settings = settings;
    }

    public record Result(List<CutFlow.Step> total, double fiducialMassKg) {}

    @Override
    public String name() {
        return "select";
    }

    @Override
    public String key() {
        return DataLayout.SELECTION;
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.all(DataLayout.EVENTS, "reduce"),
                Input.of(DataLayout.RAW, "simulate", DataLayout.RUNS, DetectorRecord.FILE));
    }

    @Override
    public JsonNode settings() {
        return Json.MAPPER.valueToTree(settings);
    }

    @Override
    public List<Table> writes() {
        return List.of(Tables.CUT_MASKS, Tables.SELECTION, Tables.CUT_FLOW);
    }

    @Override
    public Result reuse(StageContext ctx, CommittedStage committed) {
        DetectorModel det = DetectorRecord.read(ctx.storage(), ctx.input(DataLayout.RAW));
        return new Result(CutFlow.readTotal(ctx.storage(), committed), det.massKg(settings.fiducialRadiusCm()));
    }

    @Override
    public Result compute(StageContext ctx) {
        CommittedStage raw = ctx.input(DataLayout.RAW);
        CommittedStage events = ctx.input(DataLayout.EVENTS);
        DetectorModel det = DetectorRecord.read(ctx.storage(), raw);
        double fiducialMassKg = fiducialMass(settings, det);
        CalibrationTables tables = CalibrationTables.load(ctx.storage(), raw);
        List<EventFile> files = physicsEventFiles(events, tables.physicsRuns());
        List<FileResult> results = selectFiles(ctx, files);
        checkEventCounts(ctx.storage(), events, tables.physicsRuns(), results);
        results.forEach(r -> ctx.output().add(r.masks()));
        writeSelected(ctx, results);
        List<CutFlow.Step> flow = cutFlow(results, tables, fiducialMassKg, det);
        CutFlow.write(ctx.output(), flow, ctx.lineage().hash());
        return new Result(flow.stream().filter(s -> s.runId() == CutFlow.TOTAL).toList(), fiducialMassKg);
    }

    /** The fiducial mass; a fiducial radius outside the xenon is an error naming the field and its range. */
    static double fiducialMass(SelectionSettings s, DetectorModel det) {
        if (s.fiducialRadiusCm() > det.lxeRadiusCm()) {
            throw new IllegalArgumentException("selection.fiducialRadiusCm = " + s.fiducialRadiusCm() + " cm is outside the "
                    + "xenon of the detector the data come from: allowed (0, " + det.lxeRadiusCm() + "] cm");
        }
        return det.massKg(s.fiducialRadiusCm());
    }

    /** An event file of a physics run, with the rows its commit record lists. */
    record EventFile(Location file, int runId, long rows) implements Serializable {}

    static List<EventFile> physicsEventFiles(CommittedStage events, List<Integer> physicsRuns) {
        List<EventFile> files = new ArrayList<>();
        for (Manifest.Entry e : events.manifest().files()) {
            Matcher m = EVENT_FILE.matcher(e.path());
            if (m.matches() && e.isTable() && physicsRuns.contains(Integer.parseInt(m.group(1)))) {
                files.add(new EventFile(events.dir().resolve(e.path()), Integer.parseInt(m.group(1)), e.rows()));
            }
        }
        files.sort(Comparator.comparingInt(EventFile::runId).thenComparing(f -> f.file().name()));
        return files;
    }

    /**
     * What one event file gave: its mask file, events read, events after each cut of the flow (index 0: all),
     * the veto's dead time (each trigger vetoes the shorter of the veto and the time since the previous trigger;
     * the first of a run, whose predecessor is unknown, the whole veto) and the events passing every cut.
     */
    record FileResult(int runId, long eventsRead, long expectedRows, long[] afterCut, long vetoDeadNs,
                      Manifest.Entry masks, TableData selected, String file) implements Serializable {}

    private List<FileResult> selectFiles(StageContext ctx, List<EventFile> files) {
        JavaSparkContext jsc = ctx.jsc();
        Broadcast<Storage> storage = ctx.storageOnExecutors();
        LongAccumulator done = jsc.sc().longAccumulator("selected events");
        Location out = ctx.output().dir();
        Location eventsDir = ctx.input(DataLayout.EVENTS).dir();
        SelectionSettings s = settings;
        String hash = ctx.lineage().hash();
        int slices = Math.max(1, Math.min(files.size(), jsc.defaultParallelism() * 4));
        List<FileResult> results;
        try (Progress p = new Progress("select", "events", jsc.statusTracker(), done, ctx.quiet())) {
            results = new ArrayList<>(jsc.parallelize(files, slices).mapPartitions(it -> selectPartition(it,
                    storage.value(), s, eventsDir, out, hash, done)).collect());
        }
        results.sort(Comparator.comparingInt(FileResult::runId).thenComparing(FileResult::file));
        return results;
    }

    /** The columns of a mask file: the cut_masks table without run_id, which is the directory. */
    static final Table MASK_FILE = new Table(Tables.CUT_MASKS.name(), Tables.CUT_MASKS.version(),
            Tables.CUT_MASKS.storage(), Tables.CUT_MASKS.description(),
            Tables.CUT_MASKS.columns().stream().filter(c -> !c.name().equals("run_id")).toList());

    static Iterator<FileResult> selectPartition(Iterator<EventFile> files, Storage storage, SelectionSettings settings,
                                                Location eventsDir, Location out, String lineageHash,
                                                LongAccumulator done) {
        EventCuts cuts = new EventCuts(settings);
        int veto = cuts.bit(VETO_CUT);
        long vetoNs = Math.round(settings.minTimeSincePreviousMs() * 1e6);
        ReducedEvents ev = new ReducedEvents();
        List<FileResult> results = new ArrayList<>();
        while (files.hasNext()) {
            EventFile f = files.next();
            TableData t = ParquetTableReader.read(storage, f.file(), Tables.EVENTS, List.of());
            int n = t.rows();
            fill(ev, t);
            double[] sincePrevious = new double[n];
            long vetoDead = 0;
            long[] sinceRaw = t.longs("time_since_previous_ns");
            for (int i = 0; i < n; i++) {
                boolean unknown = t.isNull("time_since_previous_ns", i);
                sincePrevious[i] = unknown ? Double.NaN : sinceRaw[i];
                vetoDead += unknown ? vetoNs : Math.min(sinceRaw[i], vetoNs);
            }
            long[] afterCut = new long[cuts.cuts().size() + 1];
            List<Integer> passing = new ArrayList<>();
            Location maskFile = out.resolve(DataLayout.MASKS + "/" + eventsDir.relativize(f.file()));
            Manifest.Entry masks;
            try (ParquetTableWriter w = new ParquetTableWriter(storage, maskFile, MASK_FILE,
                    Map.of(MetadataKeys.LINEAGE_HASH, lineageHash))) {
                int eventId = w.column("event_id");
                int mask = w.column("failed_cuts_mask");
                for (int i = 0; i < n; i++) {
                    long failed = cuts.failedMask(ev, i, sincePrevious[i]);
                    w.set(eventId, ev.eventId[i]).set(mask, failed).endRow();
                    afterCut[0]++;
                    for (int k = 0; k < cuts.cuts().size(); k++) {
                        if ((failed & ((1L << (k + 1)) - 1)) == 0) {
                            afterCut[k + 1]++;
                        }
                    }
                    if (failed == 0) {
                        passing.add(i);
                    }
                }
                masks = w.finish(out);
            }
            if (veto < 0) {
                throw new IllegalStateException("no " + VETO_CUT + " cut");
            }
            done.add(n);
            results.add(new FileResult(f.runId(), n, f.rows(), afterCut, vetoDead, masks,
                    t.rows(passing.stream().mapToInt(Integer::intValue).toArray()), f.file().toString()));
        }
        return results.iterator();
    }

    /** The event-table columns the cuts read, into the kernel's columnar form. */
    static void fill(ReducedEvents ev, TableData t) {
        int n = t.rows();
        ev.reset(n);
        ev.size = n;
        long[] runId = t.longs("run_id");
        long[] eventId = t.longs("event_id");
        long[] time = t.longs("trigger_time_ns");
        boolean[] od = t.booleans("od_triggered");
        long[] hits = t.longs("hit_count");
        long[] status = t.longs("vertex_status");
        for (int i = 0; i < n; i++) {
            ev.runId[i] = (int) runId[i];
            ev.eventId[i] = eventId[i];
            ev.triggerTimeNs[i] = time[i];
            ev.odTriggered[i] = od[i];
            ev.hitCount[i] = (int) hits[i];
            ev.vertexStatus[i] = (int) status[i];
        }
        System.arraycopy(t.doubles("total_pe"), 0, ev.totalPe, 0, n);
        System.arraycopy(t.doubles("max_pmt_pe_fraction"), 0, ev.maxPmtPeFraction, 0, n);
        System.arraycopy(t.doubles("early_pe_fraction"), 0, ev.earlyPeFraction, 0, n);
        System.arraycopy(t.doubles("hit_time_rms_ns"), 0, ev.hitTimeRmsNs, 0, n);
        System.arraycopy(t.doubles("energy_kevee"), 0, ev.energyKevee, 0, n);
        System.arraycopy(t.doubles("x_cm"), 0, ev.xCm, 0, n);
        System.arraycopy(t.doubles("y_cm"), 0, ev.yCm, 0, n);
        System.arraycopy(t.doubles("z_cm"), 0, ev.zCm, 0, n);
        System.arraycopy(t.doubles("r_cm"), 0, ev.rCm, 0, n);
        System.arraycopy(t.doubles("vertex_nll"), 0, ev.vertexNll, 0, n);
        System.arraycopy(t.doubles("timing_r_cm"), 0, ev.timingRCm, 0, n);
    }

    /** Nothing lost: every file read whole (its commit record's rows), every run as the reduce report says. */
    static void checkEventCounts(Storage storage, CommittedStage events, List<Integer> physicsRuns,
                                 List<FileResult> results) {
        Map<Integer, Long> read = new TreeMap<>();
        for (FileResult r : results) {
            if (r.eventsRead() != r.expectedRows()) {
                throw XmassException.badInput(r.file() + ": read " + r.eventsRead() + " events, its commit record lists "
                        + r.expectedRows());
            }
            read.merge(r.runId(), r.eventsRead(), Long::sum);
        }
        for (ReduceStage.RunCounts c : ReduceStage.ReduceReport.read(storage, events).runs()) {
            if (!physicsRuns.contains(c.runId())) {
                continue;
            }
            long got = read.getOrDefault(c.runId(), 0L);
            if (got != c.eventsOut()) {
                throw XmassException.badInput(events.dir() + ": run " + c.runId() + " has " + got + " events in its "
                        + "files, the reduce report says " + c.eventsOut() + " were written");
            }
        }
    }

    /** The events that pass every cut, one file sorted by (run_id, event_id), written even when empty. */
    private void writeSelected(StageContext ctx, List<FileResult> results) {
        List<TableData> parts = results.stream().map(FileResult::selected).toList();
        List<Column> columns = Tables.EVENTS.columns();
        TableData all = TableData.concat(columns, parts);
        Location f = ctx.output().resolve(DataLayout.SELECTED + "/part-00000.zstd.parquet");
        try (ParquetTableWriter w = new ParquetTableWriter(ctx.storage(), f, Tables.SELECTION,
                Map.of(MetadataKeys.LINEAGE_HASH, ctx.lineage().hash()))) {
            int[] target = columns.stream().mapToInt(c -> w.column(c.name())).toArray();
            int mask = w.column("failed_cuts_mask");
            for (int i = 0; i < all.rows(); i++) {
                all.copyRow(i, w, target);
                w.set(mask, 0L).endRow();
            }
            ctx.output().add(w.finish(ctx.output().dir()));
        }
    }

    /** Events after each cut with live time (corrected for the veto's dead time from the veto on) and exposure. */
    private List<CutFlow.Step> cutFlow(List<FileResult> results, CalibrationTables tables, double fiducialMassKg,
                                       DetectorModel det) {
        List<Cut> cuts = settings.cuts();
        int vetoIndex = 1 + cuts.stream().map(Cut::name).toList().indexOf(VETO_CUT);
        long vetoNs = Math.round(settings.minTimeSincePreviousMs() * 1e6);
        Map<Integer, long[]> after = new TreeMap<>();
        Map<Integer, Long> deadNs = new TreeMap<>();
        for (FileResult r : results) {
            long[] a = after.computeIfAbsent(r.runId(), k -> new long[cuts.size() + 1]);
            for (int k = 0; k < a.length; k++) {
                a[k] += r.afterCut()[k];
            }
            deadNs.merge(r.runId(), r.vetoDeadNs(), Long::sum);
        }
        List<CutFlow.Step> steps = new ArrayList<>();
        long[] totals = new long[cuts.size() + 1];
        double liveTotal = 0;
        double liveVetoedTotal = 0;
        for (int run : tables.physicsRuns()) {
            long[] a = after.getOrDefault(run, new long[cuts.size() + 1]);
            double live = tables.run(run).livetimeS();
            // each trigger vetoes the shorter of the veto and the time since its predecessor, the first of a run (no
            // known predecessor) the whole veto; the last one vetoes the veto after it
            long vetoed = deadNs.containsKey(run) ? deadNs.get(run) + vetoNs : 0;
            double liveAfterVeto = Math.max(0, live - vetoed * 1e-9);
            liveTotal += live;
            liveVetoedTotal += liveAfterVeto;
            for (int k = 0; k <= cuts.size(); k++) {
                totals[k] += a[k];
                double days = (k >= vetoIndex ? liveAfterVeto : live) / 86400.0;
                steps.add(step(run, k, cuts, a[k], days, fiducialMassKg));
            }
        }
        for (int k = 0; k <= cuts.size(); k++) {
            double days = (k >= vetoIndex ? liveVetoedTotal : liveTotal) / 86400.0;
            steps.add(step(CutFlow.TOTAL, k, cuts, totals[k], days, fiducialMassKg));
        }
        double maxExposure = det.massKg(det.lxeRadiusCm()) * liveTotal / 86400.0;
        for (CutFlow.Step s : steps) {
            if (s.runId() == CutFlow.TOTAL && s.exposureKgDay() > maxExposure * (1 + 1e-12)) {
                throw new IllegalStateException("exposure " + s.exposureKgDay() + " kg d exceeds the detector's xenon mass "
                        + "times the live time (" + maxExposure + " kg d)");
            }
        }
        return steps;
    }

    private static CutFlow.Step step(int run, int k, List<Cut> cuts, long events, double days, double massKg) {
        String name = k == 0 ? "all-triggers" : cuts.get(k - 1).name();
        int version = k == 0 ? 1 : cuts.get(k - 1).version();
        return new CutFlow.Step(run, k, name, version, events, days, days * massKg);
    }
}
