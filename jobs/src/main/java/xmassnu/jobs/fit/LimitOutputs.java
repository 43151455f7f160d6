package xmassnu.jobs.fit;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.analysis.PublishedLimits;
import xmassnu.fits.physics.Model;
import xmassnu.fits.physics.MuonGMinus2;
import xmassnu.jobs.plots.BandPlot;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageOutput;

/** Everything the fit stage writes beside the Parquet grid: CSV, HEPData YAML, Brazil-band and exclusion plots. */
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
        StringBuilder b = new StringBuilder("model,flavour,mass_mev,variation,profiled_systematics,coupling_unit,confidence_level,"
                + "observed_limit,expected_minus2,expected_minus1,expected_median,expected_plus1,expected_plus2,"
                + "status,status_reason,seed,toy_cls_at_observed_limit,fit_time_ms\n");
        for (GridPoint p : points) {
            b.append(p.key().model().label()).append(',').append(p.key().flavour().label()).append(',')
                    .append(p.key().massMev() == null ? "" : num(p.key().massMev())).append(',')
                    .append(p.variation().label()).append(",\"").append(p.profiledSystematics()).append("\",")
                    .append(p.key().model().couplingUnit()).append(',').append(num(s.confidenceLevel())).append(',')
                    .append(num(p.observed()));
            for (double e : p.expected().toArray()) {
                b.append(',').append(num(e));
            }
            String reason = p.reason() == null ? "" : '"' + p.reason().replace("\"", "'") + '"';
            b.append(',').append(p.status().label()).append(',').append(reason).append(',').append(p.seed()).append(',')
                    .append(num(p.toyClsAtObserved())).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", p.fitTimeMs())).append('\n');
        }
        return b.toString();
    }

    /** Points grouped by (model, flavour) in grid order. */
    static Map<String, List<GridPoint>> curves(List<GridPoint> points) {
        Map<String, List<GridPoint>> m = new LinkedHashMap<>();
        for (GridPoint p : points) {
            m.computeIfAbsent(p.key().model().label() + "/" + p.key().flavour().label(), k -> new ArrayList<>()).add(p);
        }
        return m;
    }

    static void writeHepData(StageOutput out, List<GridPoint> points, FitSettings s) {
        StringBuilder sub = new StringBuilder();
        sub.append("---\ncomment: \"90 % CL upper limits on exotic neutrino-electron interactions from solar-neutrino "
                + "electron recoils, reproduced with xmassnu (cf. XMASS-I, PLB 809 (2020) 135741, arXiv:2005.11891)\"\n");
        String cl = String.format(Locale.ROOT, "%.0f%%", 100 * s.confidenceLevel());
        String[] names = {"expected -2 sigma", "expected -1 sigma", "expected median", "expected +1 sigma",
                "expected +2 sigma"};
        // one table per model: mass-dependent models get mass as the independent variable, others the flavour case
        Map<Model, List<GridPoint>> byModel = new LinkedHashMap<>();
        points.forEach(p -> byModel.computeIfAbsent(p.key().model(), k -> new ArrayList<>()).add(p));
        for (Map.Entry<Model, List<GridPoint>> e : byModel.entrySet()) {
            Model model = e.getKey();
            for (Map.Entry<String, List<GridPoint>> c : curves(e.getValue()).entrySet()) {
                List<GridPoint> ps = c.getValue();
                String flavour = ps.get(0).key().flavour().label();
                String table = model.label() + "-" + flavour;
                sub.append("---\nname: \"").append(table).append("\"\ndescription: \"").append(cl)
                        .append(" CL upper limit on the ").append(model.label()).append(" coupling (")
                        .append(model.couplingUnit()).append("), flavour case ").append(flavour).append("\"\n")
                        .append("keywords:\n- {name: cmenergies, values: [0]}\n- {name: observables, values: [CLs limit]}\n")
                        .append("data_file: ").append(table).append(".yaml\n");
                StringBuilder d = new StringBuilder("independent_variables:\n");
                if (model.hasMediatorMass()) {
                    d.append("- header: {name: 'M_A''', units: MeV}\n  values:\n");
                    ps.forEach(p -> d.append("  - {value: ").append(num(p.key().massMev())).append("}\n"));
                } else {
                    d.append("- header: {name: flavour case}\n  values:\n  - {value: ").append(flavour).append("}\n");
                }
                d.append("dependent_variables:\n");
                addDependent(d, "observed", cl, model, ps, p -> p.observed());
                for (int k = 0; k < 5; k++) {
                    final int sigma = k - 2;
                    addDependent(d, names[k], cl, model, ps, p -> p.expected().at(sigma));
                }
                out.writeString(DataLayout.HEPDATA + "/" + table + ".yaml", d.toString());
            }
        }
        out.writeString(DataLayout.HEPDATA + "/submission.yaml", sub.toString());
    }

    private static void addDependent(StringBuilder d, String name, String cl, Model model, List<GridPoint> ps,
                                     java.util.function.ToDoubleFunction<GridPoint> v) {
        d.append("- header: {name: '").append(name).append("', units: '").append(model.couplingUnit()).append("'}\n")
                .append("  qualifiers:\n  - {name: CL, value: '").append(cl).append("'}\n")
                .append("  - {name: profiled systematics, value: '").append(profiledSystematics(ps)).append("'}\n  values:\n");
        for (GridPoint p : ps) {
            double x = v.applyAsDouble(p);
            d.append("  - {value: ").append(Double.isFinite(x) ? num(x) : "'-'").append("}\n");
        }
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
        String cl = String.format(Locale.ROOT, "%.0f%% CL", 100 * s.confidenceLevel());
        Map<Model, List<GridPoint>> byModel = new LinkedHashMap<>();
        points.forEach(p -> byModel.computeIfAbsent(p.key().model(), k -> new ArrayList<>()).add(p));
        String dir = DataLayout.PLOTS + "/";
        for (Map.Entry<Model, List<GridPoint>> e : byModel.entrySet()) {
            Model model = e.getKey();
            if (model.hasMediatorMass()) {
                for (List<GridPoint> ps : curves(e.getValue()).values()) {
                    String f = ps.get(0).key().flavour().label();
                    BandPlot plot = brazil(model.label() + " (" + f + "), " + cl, "M_A' (MeV)",
                            "g_BL upper limit", true, ps, p -> p.key().massMev());
                    if ("all".equals(f)) {
                        exclusionExtras(plot, ps);
                        out.writeBytes(dir + "exclusion-b-l.png", plot.png(900, 650));
                    } else {
                        out.writeBytes(dir + "brazil-b-l-" + f + ".png", plot.png(900, 650));
                    }
                }
            } else {
                List<GridPoint> ps = e.getValue();
                BandPlot plot = brazil(model.label() + " by flavour case (0 all, 1 e, 2 mu, 3 tau), " + cl,
                        "flavour case", model.label() + " upper limit (" + model.couplingUnit() + ")", false, ps,
                        p -> flavourIndex(p.key().flavour().label()));
                double[] x = ps.stream().mapToDouble(p -> flavourIndex(p.key().flavour().label())).toArray();
                double[] y = ps.stream().mapToDouble(p -> PublishedLimits.xmass(p.key().model().label(),
                        p.key().flavour().label(), null)).toArray();
                plot.points("XMASS-I 2020", x, y, new Color(213, 94, 0));
                out.writeBytes(dir + "brazil-" + model.label() + ".png", plot.png(900, 650));
            }
        }
    }

    private static double flavourIndex(String f) {
        return switch (f) {
            case "all" -> 0;
            case "e" -> 1;
            case "mu" -> 2;
            default -> 3;
        };
    }

    private static BandPlot brazil(String title, String xLabel, String yLabel, boolean logX, List<GridPoint> ps,
                                   java.util.function.ToDoubleFunction<GridPoint> xOf) {
        int n = ps.size();
        double[] x = new double[n];
        double[][] e = new double[5][n];
        double[] obs = new double[n];
        for (int i = 0; i < n; i++) {
            GridPoint p = ps.get(i);
            x[i] = xOf.applyAsDouble(p);
            obs[i] = p.observed();
            for (int k = 0; k < 5; k++) {
                e[k][i] = p.expected().at(k - 2);
            }
        }
        return new BandPlot(title, xLabel, yLabel, logX).brazil(x, e[0], e[1], e[2], e[3], e[4], obs);
    }

    /** The g_BL exclusion plot's additions: published XMASS-I points, other experiments and the muon g-2 band. */
    private static void exclusionExtras(BandPlot plot, List<GridPoint> ps) {
        double[] m = ps.stream().mapToDouble(p -> p.key().massMev()).toArray();
        double[] lo = new double[m.length];
        double[] hi = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            lo[i] = MuonGMinus2.coupling(m[i], MuonGMinus2.DELTA_A_MU - 2 * MuonGMinus2.DELTA_A_MU_SIGMA);
            hi[i] = MuonGMinus2.coupling(m[i], MuonGMinus2.DELTA_A_MU + 2 * MuonGMinus2.DELTA_A_MU_SIGMA);
        }
        plot.band("muon g-2 favoured (2 sigma)", m, lo, hi, new Color(120, 170, 255));
        Color[] colors = {new Color(0, 114, 178), new Color(0, 158, 115), new Color(204, 121, 167)};
        int c = 0;
        for (PublishedLimits.Curve curve : PublishedLimits.OTHER_B_L) {
            double[] x = new double[curve.points().length];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = curve.points()[i][0];
                y[i] = curve.points()[i][1];
            }
            plot.line(curve.name(), x, y, colors[c++ % colors.length], true);
        }
        double[] px = new double[PublishedLimits.XMASS_B_L.length];
        double[] py = new double[px.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = PublishedLimits.XMASS_B_L[i][0];
            py[i] = PublishedLimits.XMASS_B_L[i][1];
        }
        plot.points("XMASS-I 2020", px, py, new Color(213, 94, 0));
    }
}
