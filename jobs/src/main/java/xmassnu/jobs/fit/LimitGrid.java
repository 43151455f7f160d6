package xmassnu.jobs.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import xmassnu.fits.analysis.ExpectedBand;
import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.analysis.ObservationPoint;
import xmassnu.jobs.io.ParquetTableReader;
import xmassnu.jobs.io.ParquetTableWriter;
import xmassnu.jobs.io.TableData;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.spectra.Variation;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageOutput;
import xmassnu.jobs.storage.Storage;
import xmassnu.schemas.MetadataKeys;
import xmassnu.schemas.Tables;

/** The limit grid table (limits/grid, and each sweep variation's grid): one row per grid point. */
public final class LimitGrid {
    static final String FILE = DataLayout.GRID + "/part-00000.zstd.parquet";

    private LimitGrid() {}

    static void write(StageOutput out, List<GridPoint> points, FitSettings s, String lineageHash) {
        try (ParquetTableWriter w = new ParquetTableWriter(out.storage(), out.resolve(FILE), Tables.LIMIT_GRID,
                Map.of(MetadataKeys.LINEAGE_HASH, lineageHash))) {
            int model = w.column("model");
            int flavour = w.column("flavour");
            int mass = w.column("mass_mev");
            int sign = w.column("coupling_sign");
            int variation = w.column("variation");
            int profiled = w.column("profiled_systematics");
            int unit = w.column("coupling_unit");
            int cl = w.column("confidence_level");
            int observed = w.column("observed_limit");
            int[] band = {w.column("expected_minus2"), w.column("expected_minus1"), w.column("expected_median"),
                    w.column("expected_plus1"), w.column("expected_plus2")};
            int status = w.column("status");
            int reason = w.column("status_reason");
            int seed = w.column("seed");
            int toyCls = w.column("toy_cls_at_observed_limit");
            int time = w.column("fit_time_ms");
            int[] observation = {w.column("best_fit"), w.column("best_fit_minus1"), w.column("best_fit_plus1"),
                    w.column("discovery_q0"), w.column("local_p_value"), w.column("local_significance")};
            int observationReason = w.column("observation_reason");
            for (GridPoint p : points) {
                w.set(model, p.key().model().label()).set(flavour, p.key().flavour().label());
                setNullable(w, mass, p.key().massMev() == null ? Double.NaN : p.key().massMev());
                if (p.couplingSign() == null) {
                    w.setNull(sign);
                } else {
                    w.set(sign, (long) p.couplingSign());
                }
                w.set(variation, p.variation().label()).set(profiled, p.profiledSystematics())
                        .set(unit, p.key().model().couplingUnit()).set(cl, s.confidenceLevel());
                setNullable(w, observed, p.observed());
                double[] e = p.expected().toArray();
                for (int k = 0; k < 5; k++) {
                    setNullable(w, band[k], e[k]);
                }
                w.set(status, p.status().label()).set(reason, p.reason()).set(seed, p.seed());
                setNullable(w, toyCls, p.toyClsAtObserved());
                w.set(time, p.fitTimeMs());
                ObservationPoint.Result o = p.observation();
                double[] values = {o.bestFit(), o.bestFitMinus1(), o.bestFitPlus1(), o.q0(), o.localPValue(),
                        o.localSignificance()};
                for (int k = 0; k < values.length; k++) {
                    setNullable(w, observation[k], values[k]);
                }
                w.set(observationReason, o.converged() ? null : o.reason()).endRow();
            }
            out.add(w.finish(out.dir()));
        }
    }

    /** A number, or null where it is not one (a failed fit's limits). */
    private static void setNullable(ParquetTableWriter w, int column, double v) {
        if (Double.isFinite(v)) {
            w.set(column, v);
        } else {
            w.setNull(column);
        }
    }

    public static List<GridPoint> read(Storage storage, CommittedStage limits) {
        TableData t = ParquetTableReader.readAll(storage, limits.tableFiles(DataLayout.GRID, Tables.LIMIT_GRID),
                Tables.LIMIT_GRID, List.of());
        List<GridPoint> out = new ArrayList<>();
        String[] names = {"expected_minus2", "expected_minus1", "expected_median", "expected_plus1", "expected_plus2"};
        for (int i = 0; i < t.rows(); i++) {
            double[] e = new double[5];
            for (int k = 0; k < 5; k++) {
                e[k] = t.doubles(names[k])[i];
            }
            Long sign = t.longOrNull("coupling_sign", i);
            String observationReason = t.strings("observation_reason")[i];
            ObservationPoint.Result observation = new ObservationPoint.Result(sign == null ? 1 : sign.intValue(),
                    t.doubles("best_fit")[i], t.doubles("best_fit_minus1")[i], t.doubles("best_fit_plus1")[i],
                    t.doubles("discovery_q0")[i], t.doubles("local_p_value")[i], t.doubles("local_significance")[i],
                    observationReason == null, observationReason);
            out.add(new GridPoint(Templates.SignalKey.parse(t.strings("model")[i], t.strings("flavour")[i],
                    t.doubleOrNull("mass_mev", i)), sign == null ? null : sign.intValue(),
                    Variation.parse(t.strings("variation")[i]), t.strings("profiled_systematics")[i],
                    t.doubles("observed_limit")[i], ExpectedBand.of(e), FitStatus.parse(t.strings("status")[i]),
                    t.strings("status_reason")[i], t.longs("seed")[i], t.doubles("toy_cls_at_observed_limit")[i],
                    t.doubles("fit_time_ms")[i], observation));
        }
        out.sort(GridPoint.GRID_ORDER);
        return out;
    }
}
