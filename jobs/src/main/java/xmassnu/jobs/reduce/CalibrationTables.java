package xmassnu.jobs.reduce;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import xmassnu.jobs.simulate.SimulateJob;
import xmassnu.reduction.detector.PmtArray;
import xmassnu.reduction.detector.RunCalibration;

/** The run catalog and per-run PMT calibration of a raw dataset, loaded on the driver (small) and shipped to tasks. */
public final class CalibrationTables implements Serializable {

    /** One run of the catalog. */
    public record CatalogRun(int runId, String runType, double livetimeS, double tdcNsPerCount, Double sourceZCm)
            implements Serializable {
        public boolean isCalibration() {
            return "co57-calibration".equals(runType);
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

    public static CalibrationTables load(SparkSession spark, Path rawDir) {
        Path catalog = rawDir.resolve(SimulateJob.RUNS);
        Path calib = rawDir.resolve(SimulateJob.CALIB);
        if (!Files.isDirectory(catalog) || !Files.isDirectory(calib)) {
            throw new IllegalArgumentException(rawDir + " has no " + SimulateJob.RUNS + "/ or " + SimulateJob.CALIB
                    + "/ directory: not a raw dataset");
        }
        Map<Integer, CatalogRun> runs = new HashMap<>();
        for (Row r : spark.read().parquet(catalog.toString()).collectAsList()) {
            int id = r.getAs("run_id");
            Object z = r.getAs("source_z_cm");
            if (runs.put(id, new CatalogRun(id, r.getAs("run_type"), r.getAs("livetime_s"), r.getAs("tdc_ns_per_count"),
                    z == null ? null : (Double) z)) != null) {
                throw new IllegalArgumentException(catalog + ": run " + id + " appears twice in the run catalog");
            }
        }
        Map<Integer, double[][]> constants = new HashMap<>();
        Map<Integer, byte[]> status = new HashMap<>();
        List<Row> rows = spark.read().option("recursiveFileLookup", "true").parquet(calib.toString()).collectAsList();
        Map<Integer, Integer> counts = new HashMap<>();
        for (Row r : rows) {
            int run = r.getAs("run_id");
            int pmt = ((Number) r.getAs("pmt_id")).intValue();
            if (pmt < 0 || pmt >= PmtArray.COUNT) {
                throw new IllegalArgumentException(calib + ": run " + run + ": calibration for PMT " + pmt + " out of range");
            }
            double[][] c = constants.computeIfAbsent(run, k -> new double[3][PmtArray.COUNT]);
            c[0][pmt] = r.getAs("gain_adc_per_pe");
            c[1][pmt] = r.getAs("pedestal_adc");
            c[2][pmt] = r.getAs("timing_offset_ns");
            status.computeIfAbsent(run, k -> new byte[PmtArray.COUNT])[pmt] = ((Number) r.getAs("status")).byteValue();
            counts.merge(run, 1, Integer::sum);
        }
        counts.forEach((run, n) -> {
            if (n != PmtArray.COUNT) {
                throw new IllegalArgumentException(calib + ": run " + run + " has calibration for " + n + " PMT rows, expected "
                        + PmtArray.COUNT);
            }
        });
        return new CalibrationTables(runs, constants, status);
    }

    public Map<Integer, CatalogRun> runs() {
        return runs;
    }

    public CatalogRun run(int runId) {
        CatalogRun r = runs.get(runId);
        if (r == null) {
            throw new IllegalArgumentException("run " + runId + " has raw data but is not in the run catalog");
        }
        return r;
    }

    /** The measured calibration of a run; a run without one is an error naming the run. */
    public RunCalibration calibration(int runId) {
        double[][] c = constants.get(runId);
        if (c == null) {
            throw new IllegalArgumentException("run " + runId + " has no PMT calibration (calib/run=" + runId
                    + "/pmt_calibration.parquet missing): cannot reduce it");
        }
        return new RunCalibration(runId, c[0], c[1], c[2], status.get(runId));
    }
}
