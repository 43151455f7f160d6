package xmassnu.jobs.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.analysis.ObservationPoint;
import xmassnu.jobs.export.HepData;
import xmassnu.jobs.export.HepDataTables;
import xmassnu.jobs.plots.Figure;
import xmassnu.jobs.plots.LimitFigures;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageOutput;

/**
 * Everything the fit stage writes beside the Parquet grid: CSV, the limit tables as HEPData (one table per figure),
 * the Brazil-band, exclusion and comparison figures (PNG and SVG).
 */
public final class LimitOutputs {
    private LimitOutputs() {}

    static void write(StageOutput out, List<GridPoint> points, FitSettings s, String lineageHash) {
        LimitGrid.write(out, points, s, lineageHash);
        out.writeString(DataLayout.LIMITS_CSV, csv(points, s));
        writeHepData(out, points, s);
        writePlots(out, points, s);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    static String csv(List<GridPoint> points, FitSettings s) {
        StringBuilder b = new StringBuilder("model,flavour,mass_mev,coupling_sign,variation,profiled_systematics,"
                + "coupling_unit,confidence_level,observed_limit,expected_minus2,expected_minus1,expected_median,"
                + "expected_plus1,expected_plus2,status,status_reason,seed,toy_cls_at_observed_limit,fit_time_ms,"
                + "best_fit,best_fit_minus1,best_fit_plus1,discovery_q0,local_p_value,local_significance,"
                + "observation_reason\n");
        for (GridPoint p : points) {
            b.append(p.key().model().label()).append(',').append(p.key().flavour().label()).append(',')
                    .append(p.key().massMev() == null ? "" : num(p.key().massMev())).append(',')
                    .append(p.couplingSign() == null ? "" : p.couplingSign().toString()).append(',')
                    .append(p.variation().label()).append(",\"").append(p.profiledSystematics()).append("\",")
                    .append(p.key().model().couplingUnit()).append(',').append(num(s.confidenceLevel())).append(',')
                    .append(num(p.observed()));
            for (double e : p.expected().toArray()) {
                b.append(',').append(num(e));
            }
            b.append(',').append(p.status().label()).append(',').append(quoted(p.reason())).append(',')
                    .append(p.seed()).append(',').append(num(p.toyClsAtObserved())).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", p.fitTimeMs()));
            ObservationPoint.Result o = p.observation();
            for (double v : new double[] {o.bestFit(), o.bestFitMinus1(), o.bestFitPlus1(), o.q0(), o.localPValue(),
                    o.localSignificance()}) {
                b.append(',').append(num(v));
            }
            b.append(',').append(quoted(o.reason())).append('\n');
        }
        return b.toString();
    }

    private static String quoted(String text) {
        return text == null ? "" : '"' + text.replace("\"", "'") + '"';
    }

    /** Points grouped by (model, flavour) in grid order. */
    static Map<String, List<GridPoint>> curves(List<GridPoint> points) {
        Map<String, List<GridPoint>> m = new LinkedHashMap<>();
        for (GridPoint p : points) {
            m.computeIfAbsent(p.key().model().label() + "/" + p.key().flavour().label(), k -> new ArrayList<>()).add(p);
        }
        return m;
    }

    /**
     * The limit tables as a HEPData submission (HepDataTables.limits: one table per figure), each with its figure. The
     * report writes the complete submission (spectrum, efficiency, cut flow, pyhf workspaces) beside itself.
     */
    static void writeHepData(StageOutput out, List<GridPoint> points, FitSettings s) {
        List<LimitFigures.Point> ps = figurePoints(points);
        HepData.write(new HepData.Submission(HepDataTables.comment(s.confidenceLevel()), List.of(),
                HepDataTables.limits(ps, s.confidenceLevel(), profiledSystematics(points), null)), out, DataLayout.HEPDATA);
        Figure.writeAll(out, DataLayout.HEPDATA, LimitFigures.of(ps, s.confidenceLevel()).stream()
                .filter(f -> !f.name().startsWith("comparison-")).toList());
    }

    /**
     * The systematics the points' likelihoods profiled, for a reader: every name any point profiled (a point leaves
     * out those that do not move its templates, e.g. the mixing angles for nu_e), or "none".
     */
    public static String profiledSystematics(List<GridPoint> ps) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (GridPoint p : ps) {
            if (!p.profiledSystematics().isEmpty()) {
                names.addAll(List.of(p.profiledSystematics().split(",")));
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    static void writePlots(StageOutput out, List<GridPoint> points, FitSettings s) {
        Figure.writeAll(out, DataLayout.PLOTS, LimitFigures.of(figurePoints(points), s.confidenceLevel()));
    }

    /**
     * The headline rows (the limit on |c|: {@link GridPoint#headline}) as the figures and tables take them, with the
     * observation and, for a signed coupling, the limits of either sign.
     */
    public static List<LimitFigures.Point> figurePoints(List<GridPoint> points) {
        List<LimitFigures.Point> out = new ArrayList<>();
        for (GridPoint p : points) {
            if (!p.headline()) {
                continue;
            }
            ObservationPoint.Result o = p.observation();
            LimitFigures.Observation obs = new LimitFigures.Observation(o.bestFit(), o.bestFitMinus1(),
                    o.bestFitPlus1(), o.localSignificance(), signed(points, p, 1), signed(points, p, -1));
            out.add(new LimitFigures.Point(p.key().model().label(), p.key().flavour().label(), p.key().massMev(),
                    p.observed(), p.expected().toArray(), obs));
        }
        return out;
    }

    /** The observed limit of one sign at the headline point's key and variation; NaN when there is none. */
    private static double signed(List<GridPoint> points, GridPoint headline, int sign) {
        if (headline.couplingSign() == null) {
            return Double.NaN;
        }
        for (GridPoint q : points) {
            if (q.key().equals(headline.key()) && q.variation().equals(headline.variation())
                    && q.couplingSign() != null && q.couplingSign() == sign) {
                return q.observed();
            }
        }
        return Double.NaN;
    }
}
