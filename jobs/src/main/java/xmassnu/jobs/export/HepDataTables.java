package xmassnu.jobs.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import xmassnu.fits.physics.Model;
import xmassnu.jobs.export.HepData.Error;
import xmassnu.jobs.export.HepData.Qualifier;
import xmassnu.jobs.export.HepData.Resource;
import xmassnu.jobs.export.HepData.Table;
import xmassnu.jobs.export.HepData.Value;
import xmassnu.jobs.export.HepData.Variable;
import xmassnu.jobs.plots.LimitFigures;

/**
 * This analysis's HEPData tables, one per figure, as the field writes them: LaTeX names and units, the configured
 * confidence level in every description and qualifier, the expected limit with its +-1 and +-2 sigma band as
 * asymmetric errors, the flavour case as an independent variable; and the observed spectrum with the expectation,
 * the selection efficiency and the cut flow.
 */
public final class HepDataTables {
    private HepDataTables() {}

    public static final String[] FLAVOURS = {"all", "e", "mu", "tau"};
    static final String[] FLAVOUR_LATEX = {"all flavours", "$\\nu_e$ only", "$\\nu_\\mu$ only", "$\\nu_\\tau$ only"};
    static final String REACTION = "NU E --> NU E";

    /** The submission's comment, with the configured confidence level. */
    public static String comment(double cl) {
        return clText(cl) + " upper limits on exotic neutrino-electron interactions (neutrino millicharge, magnetic "
                + "moment, U(1)B-L gauge boson) from solar-neutrino electron recoils in liquid xenon, computed with "
                + "xmassnu (a reproduction of XMASS-I, K. Abe et al., PLB 809 (2020) 135741, arXiv:2005.11891). Limits "
                + "are CLs with the asymptotic profile-likelihood formulae; the expected limits carry the +-1 and +-2 "
                + "sigma band of the background-only hypothesis as asymmetric errors.";
    }

    static String latex(Model m) {
        return switch (m) {
            case MILLICHARGE -> "$\\epsilon = |q_\\nu| / e$";
            case MAGNETIC_MOMENT -> "$\\mu_\\nu$";
            case B_L -> "$g_{B-L}$";
            default -> m.label();
        };
    }

    static String units(Model m) {
        return switch (m) {
            case MAGNETIC_MOMENT -> "$\\mu_B$";
            default -> "";
        };
    }

    static String clText(double cl) {
        return String.format(Locale.ROOT, "%.0f%% CL", 100 * cl);
    }

    private static Map<String, List<String>> keywords(String observable, String... phrases) {
        Map<String, List<String>> k = new LinkedHashMap<>();
        k.put("observables", List.of(observable));
        k.put("reactions", List.of(REACTION));
        k.put("phrases", List.of(phrases));
        return k;
    }

    private static List<Qualifier> qualifiers(double cl, String profiled, String exposure) {
        List<Qualifier> q = new ArrayList<>();
        q.add(new Qualifier("CL", clText(cl), null));
        q.add(new Qualifier("Method", "CLs, asymptotic profile likelihood ($\\tilde q_\\mu$)", null));
        q.add(new Qualifier("Profiled systematics", profiled, null));
        if (exposure != null) {
            q.add(new Qualifier("Exposure", exposure, "kg day"));
        }
        return q;
    }

    /** Observed and expected limits; the expected with its +-1 and +-2 sigma band as labelled asymmetric errors. */
    private static List<Variable> limitColumns(Model m, List<LimitFigures.Point> ps, double cl, String profiled,
                                               String exposure) {
        List<Value> obs = new ArrayList<>();
        List<Value> exp = new ArrayList<>();
        for (LimitFigures.Point p : ps) {
            obs.add(Value.of(p.observed()));
            double[] e = p.expected();
            Value v = Value.of(e[2]);
            if (Double.isFinite(e[2])) {
                List<Error> errs = new ArrayList<>();
                if (Double.isFinite(e[1]) && Double.isFinite(e[3])) {
                    errs.add(Error.asym(e[1] - e[2], e[3] - e[2], "1 sigma"));
                }
                if (Double.isFinite(e[0]) && Double.isFinite(e[4])) {
                    errs.add(Error.asym(e[0] - e[2], e[4] - e[2], "2 sigma"));
                }
                v = v.withErrors(errs);
            }
            exp.add(v);
        }
        List<Qualifier> q = qualifiers(cl, profiled, exposure);
        List<Variable> out = new ArrayList<>(List.of(new Variable("Observed upper limit on " + latex(m), units(m), q, obs),
                new Variable("Expected upper limit on " + latex(m), units(m), q, exp)));
        if (ps.stream().allMatch(p -> p.observation() != null)) {
            out.addAll(observationColumns(m, ps, q));
        }
        return out;
    }

    /**
     * The observation beside the limits (issue: extra dependent variables): the best fit with its 68 % interval as
     * an asymmetric error, the local significance, and for a signed coupling the limits of either sign (the limit
     * columns above are on its magnitude: the weaker of the two).
     */
    private static List<Variable> observationColumns(Model m, List<LimitFigures.Point> ps, List<Qualifier> limitQualifiers) {
        List<Value> best = new ArrayList<>();
        List<Value> z = new ArrayList<>();
        List<Value> positive = new ArrayList<>();
        List<Value> negative = new ArrayList<>();
        for (LimitFigures.Point p : ps) {
            LimitFigures.Observation o = p.observation();
            Value v = Value.of(o.bestFit());
            if (Double.isFinite(o.bestFit()) && Double.isFinite(o.bestFitMinus1()) && Double.isFinite(o.bestFitPlus1())) {
                v = v.withErrors(List.of(Error.asym(o.bestFitMinus1() - o.bestFit(), o.bestFitPlus1() - o.bestFit(),
                        "68 % CL profile likelihood")));
            }
            best.add(v);
            z.add(Value.of(o.localSignificance()));
            positive.add(Value.of(o.observedPositive()));
            negative.add(Value.of(o.observedNegative()));
        }
        List<Qualifier> fit = List.of(new Qualifier("Method", "profile likelihood, all systematics profiled", null));
        List<Variable> out = new ArrayList<>();
        out.add(new Variable(m.signedCoupling() ? "Best-fit $\\epsilon = q_\\nu / e$ (signed)" : "Best-fit " + latex(m),
                units(m), fit, best));
        out.add(new Variable("Local significance $Z$", "", List.of(new Qualifier("Method",
                "discovery test statistic $q_0$, asymptotic (arXiv:1007.1727)", null)), z));
        if (m.signedCoupling()) {
            out.add(new Variable("Observed upper limit on $\\epsilon$ for $\\epsilon > 0$", units(m), limitQualifiers,
                    positive));
            out.add(new Variable("Observed upper limit on $|\\epsilon|$ for $\\epsilon < 0$", units(m), limitQualifiers,
                    negative));
        }
        return out;
    }

    /**
     * The limit tables, one per limit figure (LimitFigures): per model without a mass one table over the flavour
     * cases; B-L one table per flavour case over the mediator mass (the exclusion plot for all flavours).
     */
    public static List<Table> limits(List<LimitFigures.Point> points, double cl, String profiled, String exposure) {
        Map<String, List<LimitFigures.Point>> byModel = new LinkedHashMap<>();
        points.forEach(p -> byModel.computeIfAbsent(p.model(), k -> new ArrayList<>()).add(p));
        List<Table> out = new ArrayList<>();
        String c = clText(cl);
        for (Map.Entry<String, List<LimitFigures.Point>> e : byModel.entrySet()) {
            Model m = Model.parse(e.getKey());
            if (!m.hasMediatorMass()) {
                List<LimitFigures.Point> ps = new ArrayList<>(e.getValue());
                ps.sort(Comparator.comparingInt(p -> index(p.flavour())));
                List<Value> flavours = ps.stream().map(p -> Value.of(FLAVOUR_LATEX[index(p.flavour())])).toList();
                String name = (m == Model.MILLICHARGE ? "Neutrino millicharge" : "Neutrino magnetic moment")
                        + " limits";
                out.add(new Table(name, c + " upper limits on " + latex(m) + " per flavour case: all flavours "
                        + "with a common value, or one flavour alone.", "Figure brazil-" + m.label(),
                        keywords("LIMIT", "Neutrino", m == Model.MILLICHARGE ? "Millicharge" : "Magnetic moment",
                                "Solar neutrinos", "Liquid xenon"),
                        List.of(new Variable("Flavour case", "", null, flavours)),
                        limitColumns(m, ps, cl, profiled, exposure),
                        List.of(new Resource("brazil-" + m.label() + ".png", "Figure: the limits by flavour case",
                                null))));
            } else {
                Map<String, List<LimitFigures.Point>> byFlavour = new LinkedHashMap<>();
                e.getValue().forEach(p -> byFlavour.computeIfAbsent(p.flavour(), k -> new ArrayList<>()).add(p));
                for (String f : FLAVOURS) {
                    List<LimitFigures.Point> ps = byFlavour.get(f);
                    if (ps == null) {
                        continue;
                    }
                    ps = new ArrayList<>(ps);
                    ps.sort(Comparator.comparingDouble(LimitFigures.Point::massMev));
                    boolean all = "all".equals(f);
                    String figure = all ? "exclusion-b-l" : "brazil-b-l-" + f;
                    out.add(new Table(all ? "B-L exclusion" : "B-L limits, " + f + " only",
                            c + " upper limits on " + latex(m) + " against the mediator mass $M_{A'}$, "
                                    + FLAVOUR_LATEX[index(f)] + ".", "Figure " + figure,
                            keywords("LIMIT", "Dark photon", "U(1)B-L", "Solar neutrinos", "Liquid xenon"),
                            List.of(new Variable("$M_{A'}$", "MeV", null,
                                    ps.stream().map(p -> Value.of(p.massMev())).toList())),
                            limitColumns(m, ps, cl, profiled, exposure),
                            List.of(new Resource(figure + ".png", "Figure", null))));
                }
            }
        }
        return out;
    }

    /**
     * The observed spectrum and the expectation per component (e.g. pre-fit nominal templates), bins [low, high]
     * in keVee; {@code statErrors} the expectation's Monte Carlo statistical uncertainty, or null.
     */
    public static Table spectrum(double[] edges, double[] observed, Map<String, double[]> expected,
                                 double[] statErrors, String expectationLabel) {
        int n = edges.length - 1;
        List<Value> bins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bins.add(Value.bin(edges[i], edges[i + 1]));
        }
        List<Variable> dep = new ArrayList<>();
        dep.add(new Variable("Observed events", "", null, values(observed)));
        double[] total = new double[n];
        for (double[] c : expected.values()) {
            for (int i = 0; i < n; i++) {
                total[i] += c[i];
            }
        }
        List<Value> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Value v = Value.of(total[i]);
            t.add(statErrors == null ? v : v.withErrors(List.of(Error.sym(statErrors[i], "MC stat"))));
        }
        List<Qualifier> q = List.of(new Qualifier("Expectation", expectationLabel, null));
        dep.add(new Variable("Expected events, total", "", q, t));
        expected.forEach((name, c) -> dep.add(new Variable("Expected events, " + name, "", q, values(c))));
        return new Table("Energy spectrum", "Observed events per energy bin in the fiducial volume after all cuts, "
                + "with the expected events (" + expectationLabel + ").", "Figure spectrum",
                keywords("N", "Energy spectrum", "Solar neutrinos", "Liquid xenon"),
                List.of(new Variable("$E$", "keVee", null, bins)), dep,
                List.of(new Resource("spectrum.png", "Figure", null)));
    }

    /** The selection efficiency for electron recoils in the fiducial volume against the true energy. */
    public static Table efficiency(double[] trueLowKev, double[] trueHighKev, double[] efficiency) {
        List<Value> bins = new ArrayList<>();
        for (int i = 0; i < trueLowKev.length; i++) {
            bins.add(Value.bin(trueLowKev[i], trueHighKev[i]));
        }
        return new Table("Selection efficiency", "Fraction of electron recoils generated in the fiducial volume that "
                + "pass every cut but the energy window, against the true recoil energy.", "Figure efficiency",
                keywords("EFF", "Efficiency", "Liquid xenon"),
                List.of(new Variable("$T$", "keV", null, bins)),
                List.of(new Variable("Efficiency", "", null, values(efficiency))),
                List.of(new Resource("efficiency.png", "Figure", null)));
    }

    /** The cut flow: events after each cut with the live time and exposure. */
    public static Table cutFlow(List<String> cuts, long[] events, double[] liveDays, double[] exposureKgDay) {
        return new Table("Cut flow", "Events remaining after each cut, with the live time and exposure after it.",
                "Table cut flow", keywords("N", "Cut flow", "Liquid xenon"),
                List.of(new Variable("Cut", "", null, cuts.stream().map(Value::of).toList())),
                List.of(new Variable("Events", "", null,
                                java.util.Arrays.stream(events).mapToObj(e -> Value.of((double) e)).toList()),
                        new Variable("Live time", "days", null, values(liveDays)),
                        new Variable("Exposure", "kg day", null, values(exposureKgDay))),
                null);
    }

    /**
     * The background-only fit of the observed spectrum (the goodness-of-fit figure): observed events, the post-fit
     * expectation with its 1 sigma band (the fit's covariance), data - fit and the deviance residual per bin; the
     * Baker-Cousins chi-square, its degrees of freedom and p-values as qualifiers.
     */
    public static Table postFitSpectrum(double[] edges, double[] observed, double[] postFit, double[] postFitError,
                                        double[] residual, double[] devianceResidual, double chi2, int ndof,
                                        double pValueChi2, double pValueToys, int toys) {
        int n = edges.length - 1;
        List<Value> bins = new ArrayList<>();
        List<Value> fit = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bins.add(Value.bin(edges[i], edges[i + 1]));
            Value v = Value.of(postFit[i]);
            fit.add(Double.isFinite(postFitError[i]) ? v.withErrors(List.of(Error.sym(postFitError[i], "post-fit")))
                    : v);
        }
        List<Qualifier> q = List.of(new Qualifier("Fit", "background only, every nuisance parameter profiled", null),
                new Qualifier("Baker-Cousins $\\chi^2$", Double.isFinite(chi2) ? (Object) chi2 : "-", null),
                new Qualifier("Degrees of freedom", ndof, null),
                new Qualifier("$p$-value ($\\chi^2$ distribution)", Double.isFinite(pValueChi2) ? (Object) pValueChi2
                        : "-", null),
                new Qualifier("$p$-value (" + toys + " pseudo-experiments)", Double.isFinite(pValueToys)
                        ? (Object) pValueToys : "-", null));
        return new Table("Post-fit spectrum", "Observed events per energy bin with the background-only fit "
                + "(backgrounds and Standard-Model solar neutrinos, systematics profiled) and its residuals; the "
                + "goodness of fit is the saturated-model likelihood ratio (Baker-Cousins chi-square, NIM 221 (1984) "
                + "437).", "Figure spectrum-post-fit", keywords("N", "Energy spectrum", "Goodness of fit",
                        "Solar neutrinos", "Liquid xenon"),
                List.of(new Variable("$E$", "keVee", null, bins)),
                List.of(new Variable("Observed events", "", null, values(observed)),
                        new Variable("Expected events, background-only fit", "", q, fit),
                        new Variable("Observed $-$ fitted events", "", q, values(residual)),
                        new Variable("Deviance residual", "", q, values(devianceResidual))),
                List.of(new Resource("spectrum-post-fit.png", "Figure", null)));
    }

    /**
     * Every nuisance parameter after the background-only fit: prior (auxiliary measurement) centre and width, the
     * post-fit value and error, the pull (theta-hat - theta_0) / Delta-theta with the constraint as its error, and
     * the constraint sigma-hat / Delta-theta.
     */
    public static Table pulls(List<String> parameters, double[] priorCentre, double[] priorWidth, double[] postFit,
                              double[] postFitError, double[] pull, double[] constraint) {
        List<Value> pullValues = new ArrayList<>();
        for (int i = 0; i < pull.length; i++) {
            Value v = Value.of(pull[i]);
            pullValues.add(Double.isFinite(pull[i]) && Double.isFinite(constraint[i])
                    ? v.withErrors(List.of(Error.sym(constraint[i], "post-fit"))) : v);
        }
        List<Value> fit = new ArrayList<>();
        for (int i = 0; i < postFit.length; i++) {
            Value v = Value.of(postFit[i]);
            fit.add(Double.isFinite(postFitError[i]) ? v.withErrors(List.of(Error.sym(postFitError[i], "post-fit")))
                    : v);
        }
        List<Qualifier> q = List.of(new Qualifier("Fit", "background only, observed spectrum", null));
        return new Table("Nuisance-parameter pulls", "Nuisance parameters after the background-only fit of the "
                + "observed spectrum: pull $(\\hat\\theta - \\theta_0)/\\Delta\\theta$ and constraint "
                + "$\\hat\\sigma/\\Delta\\theta$ against the auxiliary measurement "
                + "$\\theta_0 \\pm \\Delta\\theta$ ('-' for a parameter without one).", "Figure pulls",
                keywords("PULL", "Nuisance parameters", "Goodness of fit", "Liquid xenon"),
                List.of(new Variable("Nuisance parameter", "", null, parameters.stream().map(Value::of).toList())),
                List.of(new Variable("Prior $\\theta_0$", "", q, values(priorCentre)),
                        new Variable("Prior $\\Delta\\theta$", "", q, values(priorWidth)),
                        new Variable("Post-fit $\\hat\\theta$", "", q, fit),
                        new Variable("Pull $(\\hat\\theta - \\theta_0)/\\Delta\\theta$", "", q, pullValues),
                        new Variable("Constraint $\\hat\\sigma/\\Delta\\theta$", "", q, values(constraint))),
                List.of(new Resource("pulls.png", "Figure", null)));
    }

    /**
     * The local significance of a mass scan (a figure of local Z against the mediator mass): the local p-value and
     * Z of the one-sided discovery test at every mass, with the largest local Z and the global p-value and Z (look-
     * elsewhere effect: Gross-Vitells upcrossings and pseudo-experiments) as qualifiers.
     */
    public static Table localSignificance(Model m, String flavour, double[] massesMev, double[] localPValue,
                                          double[] localZ, double maxLocalZ, double massAtMaxMev, double globalPGv,
                                          double globalZGv, double globalPToys, double globalZToys, int toys) {
        List<Qualifier> q = new ArrayList<>();
        q.add(new Qualifier("Method", "discovery test statistic $q_0$, asymptotic (arXiv:1007.1727)", null));
        q.add(new Qualifier("Largest local $Z$", orDash(maxLocalZ), null));
        q.add(new Qualifier("$M_{A'}$ at the largest local $Z$", orDash(massAtMaxMev), "MeV"));
        q.add(new Qualifier("Global $p$-value (Gross-Vitells, arXiv:1005.1891)", orDash(globalPGv), null));
        q.add(new Qualifier("Global $Z$ (Gross-Vitells)", orDash(globalZGv), null));
        q.add(new Qualifier("Global $p$-value (" + toys + " pseudo-experiments)", orDash(globalPToys), null));
        q.add(new Qualifier("Global $Z$ (pseudo-experiments)", orDash(globalZToys), null));
        String f = FLAVOUR_LATEX[index(flavour)];
        String figure = "significance-" + m.label() + "-" + flavour;
        return new Table(("B-L local significance" + ("all".equals(flavour) ? "" : ", " + flavour + " only")),
                "Local $p$-value and significance $Z$ of an excess over the background-only expectation against the "
                        + "mediator mass $M_{A'}$ for " + latex(m) + ", " + f + "; the global significance of the "
                        + "largest excess, after the look-elsewhere effect over the scan, in the qualifiers.",
                "Figure " + figure, keywords("P-VALUE", "Dark photon", "U(1)B-L", "Significance", "Solar neutrinos",
                        "Liquid xenon"),
                List.of(new Variable("$M_{A'}$", "MeV", null, values(massesMev))),
                List.of(new Variable("Local $p$-value", "", q, values(localPValue)),
                        new Variable("Local significance $Z$", "", q, values(localZ))),
                List.of(new Resource(figure + ".png", "Figure", null)));
    }

    private static Object orDash(double v) {
        return Double.isFinite(v) ? (Object) v : "-";
    }

    private static List<Value> values(double[] v) {
        List<Value> out = new ArrayList<>();
        for (double x : v) {
            out.add(Value.of(x));
        }
        return out;
    }

    static int index(String flavour) {
        for (int i = 0; i < FLAVOURS.length; i++) {
            if (FLAVOURS[i].equals(flavour)) {
                return i;
            }
        }
        throw new IllegalArgumentException("flavour case " + flavour + " is not one of all, e, mu, tau");
    }

    /** The pyhf files of the spectra stage as additional resources of the submission. */
    public static List<Resource> pyhfResources(List<String> fileNames, String prefix) {
        List<Resource> out = new ArrayList<>();
        for (String f : fileNames) {
            String what = f.endsWith(".bkgonly.json") ? "background-only pyhf workspace"
                    : f.endsWith(".scan.json.gz") ? "signal patches (JSON Patch) over a coupling scan, for the "
                    + "background-only workspace" : f.endsWith(".meta.json") ? "metadata of the pyhf files"
                    : "pyhf workspace";
            out.add(new Resource(prefix + f, what + " (" + f.replaceAll("\\..*", "") + ")",
                    f.endsWith(".meta.json") ? null : "HistFactory"));
        }
        return out;
    }
}
