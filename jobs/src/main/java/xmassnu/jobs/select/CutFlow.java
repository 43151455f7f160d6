package xmassnu.jobs.select;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.io.ParquetTableReader;
import xmassnu.jobs.io.ParquetTableWriter;
import xmassnu.jobs.io.TableData;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageOutput;
import xmassnu.jobs.storage.Storage;
import xmassnu.schemas.MetadataKeys;
import xmassnu.schemas.Tables;

/**
 * The cut flow of a selection, selection/cutflow: events after each cut with live time and exposure, per run and in
 * total (run_id -1). Written by the select stage, read by whoever needs the exposure (spectra, report).
 */
public final class CutFlow {
    /** The run id of the total over runs. */
    public static final int TOTAL = -1;
    static final String FILE = DataLayout.CUT_FLOW + "/part-00000.zstd.parquet";

    private CutFlow() {}

    /** One line: cut index (0 = all triggers), name, version, events after it, live days, exposure in kg d. */
    public record Step(int runId, int index, String cut, int version, long events, double livetimeDays,
                       double exposureKgDay) {}

    static void write(StageOutput out, List<Step> steps, String lineageHash) {
        try (ParquetTableWriter w = new ParquetTableWriter(out.storage(), out.resolve(FILE), Tables.CUT_FLOW,
                Map.of(MetadataKeys.LINEAGE_HASH, lineageHash))) {
            int run = w.column("run_id");
            int index = w.column("cut_index");
            int name = w.column("cut_name");
            int version = w.column("cut_version");
            int events = w.column("events_after");
            int live = w.column("livetime_days");
            int exposure = w.column("exposure_kg_day");
            for (Step s : steps) {
                w.set(run, s.runId()).set(index, s.index()).set(name, s.cut()).set(version, s.version())
                        .set(events, s.events()).set(live, s.livetimeDays()).set(exposure, s.exposureKgDay()).endRow();
            }
            out.add(w.finish(out.dir()));
        }
    }

    /** The total over runs, in cut order. */
    public static List<Step> readTotal(Storage storage, CommittedStage selection) {
        List<Step> total = new ArrayList<>();
        for (Step s : read(storage, selection)) {
            if (s.runId() == TOTAL) {
                total.add(s);
            }
        }
        total.sort((a, b) -> Integer.compare(a.index(), b.index()));
        if (total.isEmpty()) {
            throw XmassException.badInput(selection.dir().resolve(FILE) + " has no total (run_id " + TOTAL + ") rows");
        }
        return total;
    }

    public static List<Step> read(Storage storage, CommittedStage selection) {
        TableData t = ParquetTableReader.readAll(storage, selection.tableFiles(DataLayout.CUT_FLOW, Tables.CUT_FLOW),
                Tables.CUT_FLOW, List.of());
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < t.rows(); i++) {
            steps.add(new Step((int) t.longs("run_id")[i], (int) t.longs("cut_index")[i], t.strings("cut_name")[i],
                    (int) t.longs("cut_version")[i], t.longs("events_after")[i], t.doubles("livetime_days")[i],
                    t.doubles("exposure_kg_day")[i]));
        }
        return steps;
    }
}
