package xmassnu.fits.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import xmassnu.fits.stats.Workspace;

/**
 * The HistFactory model of one limit, declared as a workspace: one channel (the fiducial-volume energy spectrum),
 * each background with a constrained normalisation (normsys) and the Monte Carlo statistical uncertainty
 * (staterror), the Standard-Model solar sample with a flux normsys, and the exotic pieces multiplied by powers of
 * the POI, which is the coupling in units of a reference coupling chosen so that limits are O(1). Each systematic
 * variation of the inputs becomes one histosys nuisance parameter {@code syst_<name>} acting on every sample at once
 * (its +-1 sigma templates are correlated across backgrounds, Standard Model and signal).
 */
public final class LimitWorkspace {
    public static final String CHANNEL = "fiducial_energy_kevee";
    public static final String POI = "coupling_over_reference";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LimitWorkspace() {}

    /** A workspace and the coupling its POI = 1 stands for. */
    public record Built(Workspace workspace, double referenceCoupling) {}

    /**
     * The reference coupling: where the pure new-physics piece alone gives 5 sqrt(B + 1) events, B being the
     * expected background plus Standard-Model counts. Limits in POI units are then of order one.
     */
    public static double referenceCoupling(AnalysisInputs in) {
        double b = in.standardModel().total();
        for (Histogram h : in.backgrounds().values()) {
            b += h.total();
        }
        double n = in.newPhysics().total();
        if (!(n > 0)) {
            throw new IllegalArgumentException(in.model().label() + " (" + in.flavour() + "): the new-physics template"
                    + " is empty in the analysis window; no limit can be set");
        }
        return Math.pow(5 * Math.sqrt(b + 1) / n, 1.0 / in.model().newPhysicsPower());
    }

    /**
     * The native model (polynomial in the coupling, {@link Workspace#COUPLING_POWER} modifiers); the POI is |c| / ref
     * on the inputs' branch of the coupling ({@link AnalysisInputs#couplingSign()}).
     */
    public static Built build(AnalysisInputs in, FitSettings s) {
        double ref = referenceCoupling(in);
        List<Workspace.Sample> samples = backgroundSamples(in, s);
        int p1 = in.model().interferencePower();
        int p2 = in.model().newPhysicsPower();
        if (p1 > 0 && hasContent(in.interference())) {
            // on the negative branch of a signed coupling an odd power of it flips the interference piece
            samples.add(signalSample("signal_interference", in, AnalysisInputs::interference,
                    in.interferenceSign() * Math.pow(ref, p1), couplingPower(p1)));
        }
        samples.add(signalSample("signal_new_physics", in, AnalysisInputs::newPhysics, Math.pow(ref, p2),
                couplingPower(p2)));
        return new Built(workspace(in, samples, new double[] {0, 1000}), ref);
    }

    /**
     * A pyhf-readable workspace when the model is linear in a power of the coupling (no interference: the magnetic
     * moment), with the POI normfactor = (coupling / reference)^power; empty otherwise.
     */
    public static Optional<Built> pyhfLinear(AnalysisInputs in, FitSettings s) {
        if (in.model().interferencePower() > 0 && hasContent(in.interference())) {
            return Optional.empty();
        }
        double ref = referenceCoupling(in);
        int p2 = in.model().newPhysicsPower();
        List<Workspace.Sample> samples = backgroundSamples(in, s);
        samples.add(signalSample("signal_new_physics", in, AnalysisInputs::newPhysics, Math.pow(ref, p2),
                new Workspace.Modifier(POI, "normfactor", null)));
        return Optional.of(new Built(workspace(in, samples, new double[] {0, 1000}), ref));
    }

    /** A signal piece at the reference coupling, with the POI modifier and the piece's systematic variations. */
    private static Workspace.Sample signalSample(String name, AnalysisInputs in,
                                                 Function<AnalysisInputs, Histogram> piece,
                                                 double scale, Workspace.Modifier poi) {
        List<Workspace.Modifier> mods = new ArrayList<>();
        mods.add(poi);
        mods.addAll(histosys(in, v -> piece.apply(v).scaled(scale)));
        return new Workspace.Sample(name, piece.apply(in).scaled(scale).counts(), mods);
    }

    /** The histosys modifiers of one sample, whose template in a set of inputs is {@code sample}. */
    private static List<Workspace.Modifier> histosys(AnalysisInputs in,
                                                     Function<AnalysisInputs, Histogram> sample) {
        List<Workspace.Modifier> mods = new ArrayList<>();
        for (AnalysisInputs.ShapeSystematic sys : in.systematics()) {
            var data = MAPPER.createObjectNode();
            data.set("hi_data", array(sample.apply(sys.up()).counts()));
            data.set("lo_data", array(sample.apply(sys.down()).counts()));
            mods.add(new Workspace.Modifier(systematicParameter(sys.name()), "histosys", data));
        }
        return mods;
    }

    /** The nuisance parameter of a systematic variation: {@code syst_} and the name with '-' as '_'. */
    public static String systematicParameter(String systematic) {
        return "syst_" + systematic.replace('-', '_');
    }

    private static boolean hasContent(Histogram h) {
        for (double c : h.counts()) {
            if (c != 0) {
                return true;
            }
        }
        return false;
    }

    private static Workspace.Modifier couplingPower(int power) {
        return new Workspace.Modifier(POI, Workspace.COUPLING_POWER, MAPPER.createObjectNode().put("power", power));
    }

    private static List<Workspace.Sample> backgroundSamples(AnalysisInputs in, FitSettings s) {
        List<Workspace.Sample> samples = new ArrayList<>();
        for (Map.Entry<String, Histogram> e : in.backgrounds().entrySet()) {
            String component = e.getKey();
            Function<AnalysisInputs, Histogram> template = v -> v.backgrounds().get(component);
            if (!inAnyVariation(in, template)) {
                continue; // a component with no event in the window (e.g. muons after the OD veto) adds nothing
            }
            Histogram h = e.getValue();
            String name = "background_" + component.replace('-', '_');
            List<Workspace.Modifier> mods = new ArrayList<>();
            mods.add(normsys("norm_" + component.replace('-', '_'), s.backgroundNormUncertainty()));
            if (s.mcStatUncertainty()) {
                mods.add(new Workspace.Modifier("mc_stat", "staterror", array(h.statError())));
            }
            mods.addAll(histosys(in, template));
            samples.add(new Workspace.Sample(name, h.counts(), mods));
        }
        List<Workspace.Modifier> sm = new ArrayList<>();
        sm.add(normsys("solar_flux", s.solarFluxUncertainty()));
        if (s.mcStatUncertainty()) {
            sm.add(new Workspace.Modifier("mc_stat", "staterror", array(in.standardModel().statError())));
        }
        sm.addAll(histosys(in, AnalysisInputs::standardModel));
        samples.add(new Workspace.Sample("solar_nu_sm", in.standardModel().counts(), sm));
        return samples;
    }

    /**
     * Whether a sample has events in the nominal templates or in any variation (a surface background absent from the
     * nominal window can leak into it at +1 sigma).
     */
    private static boolean inAnyVariation(AnalysisInputs in, Function<AnalysisInputs, Histogram> sample) {
        if (sample.apply(in).total() > 0) {
            return true;
        }
        for (AnalysisInputs.ShapeSystematic sys : in.systematics()) {
            if (sample.apply(sys.up()).total() > 0 || sample.apply(sys.down()).total() > 0) {
                return true;
            }
        }
        return false;
    }

    private static Workspace.Modifier normsys(String name, double u) {
        return new Workspace.Modifier(name, "normsys", MAPPER.createObjectNode().put("hi", 1 + u).put("lo", 1 - u));
    }

    private static JsonNode array(double[] v) {
        var a = MAPPER.createArrayNode();
        for (double x : v) {
            a.add(x);
        }
        return a;
    }

    private static Workspace workspace(AnalysisInputs in, List<Workspace.Sample> samples, double[] poiBounds) {
        Workspace.Channel ch = new Workspace.Channel(CHANNEL, samples);
        Workspace.Observation obs = new Workspace.Observation(CHANNEL, in.observed());
        Workspace.ParameterConfig poi = new Workspace.ParameterConfig(POI, new double[] {1}, new double[][] {poiBounds},
                null, null, null);
        String name = in.model().label() + "_" + in.flavour() + (in.massMev() == null ? "" : "_" + in.massMev() + "MeV")
                + (in.couplingSign() < 0 ? "_negative" : "");
        return new Workspace(List.of(ch), List.of(obs), List.of(new Workspace.Measurement(name, POI, List.of(poi))));
    }
}
