package xmassnu.jobs.reduce;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.io.ParquetTableReader;
import xmassnu.jobs.io.TableData;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.reduction.detector.PmtArray;
import xmassnu.reduction.detector.RunCalibration;
import xmassnu.schemas.Tables;

/** The run catalog and per-run PMT calibration of a raw dataset, loaded on the driver (small) and shipped to tasks. */
public final class CalibrationTables implements Serializable {

    /** One run of the catalog. */
    public record CatalogRun(int runId, String runType, double livetimeS, double tdcNsPerCount, Double sourceZCm)
            implements Serializable {
        public boolean isCalibration() {
            return xmassnu.schemas.RunType.CO57_CALIBRATION.label().equals(runType);
        }
    }

    private final Map<Integer, CatalogRun> runs;
    private final Map<Integer, double[][]> constants; // gain, pedestal, offset
    private final Map<Integer, byte[]> status;

    private CalibrationTables(Map<Integer, CatalogRun> runs, Map<Integer, double[][]> constants,
                              Map<Integer, byte[]> status) {
        this.runs = runs;
        this.constants = constants;
        this.status = status;
    }

    /** The run catalog and calibration tables of a committed raw output (read on the driver: small). */
    public static CalibrationTables load(Storage storage, CommittedStage raw) {
        List<Location> catalogFiles = raw.tableFiles(DataLayout.RUNS, Tables.RUN_CATALOG);
        List<Location> calibFiles = raw.tableFiles(DataLayout.CALIB, Tables.PMT_CALIBRATION);
        if (catalogFiles.isEmpty() || calibFiles.isEmpty()) {
            throw XmassException.badInput(raw.dir() + " has no " + DataLayout.RUNS + "/ or " + DataLayout.CALIB
                    + "/ table: not a raw dataset");
        }
        Map<Integer, CatalogRun> runs = new HashMap<>();
        TableData catalog = ParquetTableReader.readAll(storage, catalogFiles, Tables.RUN_CATALOG, List.of());
        for (int i = 0; i < catalog.rows(); i++) {
            int id = (int) catalog.longs("run_id")[i];
            if (runs.put(id, new CatalogRun(id, catalog.strings("run_type")[i], catalog.doubles("livetime_s")[i],
                    catalog.doubles("tdc_ns_per_count")[i], catalog.doubleOrNull("source_z_cm", i))) != null) {
                throw XmassException.badInput(raw.dir().resolve(DataLayout.RUNS) + ": run " + id
                        + " appears twice in the run catalog");
            }
        }
        Map<Integer, double[][]> constants = new HashMap<>();
        Map<Integer, byte[]> status = new HashMap<>();
        Map<Integer, Integer> counts = new HashMap<>();
        for (Location f : calibFiles) {
            TableData t = ParquetTableReader.read(storage, f, Tables.PMT_CALIBRATION, List.of());
            for (int i = 0; i < t.rows(); i++) {
                int run = (int) t.longs("run_id")[i];
                int pmt = (int) t.longs("pmt_id")[i];
                if (pmt < 0 || pmt >= PmtArray.COUNT) {
                    throw XmassException.badInput(f + ": run " + run + ": calibration for PMT " + pmt + " out of range");
                }
                double[][] c = constants.computeIfAbsent(run, k -> new double[3][PmtArray.COUNT]);
                c[0][pmt] = t.doubles("gain_adc_per_pe")[i];
                c[1][pmt] = t.doubles("pedestal_adc")[i];
                c[2][pmt] = t.doubles("timing_offset_ns")[i];
                status.computeIfAbsent(run, k -> new byte[PmtArray.COUNT])[pmt] = (byte) t.longs("status")[i];
                counts.merge(run, 1, Integer::sum);
            }
        }
        counts.forEach((run, n) -> {
            if (n != PmtArray.COUNT) {
                throw XmassException.badInput(raw.dir().resolve(DataLayout.CALIB) + ": run " + run + " has calibration for "
                        + n + " PMT rows, expected " + PmtArray.COUNT);
            }
        });
        return new CalibrationTables(runs, constants, status);
    }

    /** The physics runs of the catalog, sorted. */
    public List<Integer> physicsRuns() {
        return runs.values().stream().filter(r -> !r.isCalibration()).map(CatalogRun::runId).sorted().toList();
    }

    public Map<Integer, CatalogRun> runs() {
        return runs;
    }

    public CatalogRun run(int runId) {
        CatalogRun r = runs.get(runId);
        if (r == null) {
            throw XmassException.badInput("run " + runId + " has raw data but is not in the run catalog");
        }
        return r;
    }

    /** The measured calibration of a run; a run without one is an error naming the run. */
    public RunCalibration calibration(int runId) {
        double[][] c = constants.get(runId);
        if (c == null) {
            throw XmassException.badInput("run " + runId + " has no PMT calibration (calib/run_id=" + runId
                    + "/pmt_calibration.parquet missing): cannot reduce it");
        }
        return new RunCalibration(runId, c[0], c[1], c[2], status.get(runId));
    }
}
