package xmassnu.jobs.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.sim.Component;
import xmassnu.reduction.sim.SourceActivities;
import xmassnu.reduction.sim.WindowRestriction;

/**
 * The typed, validated configuration of the simulation stage. Defaults reproduce XMASS-I (docs/detector.md);
 * a JSON file overrides any subset, e.g. {"activities": {"gapPb210Bq": 0.004}, "seed": 7}. Unknown fields,
 * NaN, infinities and out-of-range values are errors that name the field.
 *
 * @param signal optional exotic signal injected as the solar-nu-signal component (closure tests)
 * @param windowRestriction optional: record hits only of events that can reach the analysis window (long datasets;
 *                          every trigger is still written, see {@link WindowRestriction})
 */
public record SimulationSettings(long seed, double chunkLivetimeS, List<String> components, String flux,
                                 String millichargeConvention, DetectorModel detector, SourceActivities activities,
                                 SignalInjection signal, WindowRestriction windowRestriction) {

    /** An exotic signal to inject: model, coupling, mediator mass (b-l), flavour case (docs/physics.md). */
    public record SignalInjection(String model, double coupling, double massMev, String flavour) {}

    public static final SimulationSettings DEFAULT = new SimulationSettings(20131120L, 3600.0, allComponentLabels(),
            "b16-gs98", "standard", DetectorModel.XMASS_I, SourceActivities.XMASS_I, null, null);

    public SimulationSettings {
        components = List.copyOf(components);
        for (String c : components) {
            Component.parse(c);
        }
        if (!(chunkLivetimeS >= 1 && chunkLivetimeS <= 86400)) {
            throw new IllegalArgumentException("chunkLivetimeS must be in [1, 86400] s, got " + chunkLivetimeS);
        }
        if (detector == null || activities == null) {
            throw new IllegalArgumentException("detector and activities must be present");
        }
    }

    private static List<String> allComponentLabels() {
        List<String> l = new ArrayList<>();
        for (Component c : Component.values()) {
            l.add(c.label());
        }
        return l;
    }

    public Set<Component> componentSet() {
        Set<Component> s = EnumSet.noneOf(Component.class);
        components.forEach(c -> s.add(Component.parse(c)));
        return s;
    }

    public SimulationSettings withSeed(long newSeed) {
        return new SimulationSettings(newSeed, chunkLivetimeS, components, flux, millichargeConvention, detector,
                activities, signal, windowRestriction);
    }

    public JsonNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    /** Defaults overridden by the JSON file (null: defaults). Errors name the file and the field. */
    public static SimulationSettings load(Path file) {
        return Json.load(DEFAULT, file, SimulationSettings.class);
    }
}
