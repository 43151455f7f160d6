package xmassnu.jobs.spectra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.analysis.Histogram;
import xmassnu.fits.response.ResponseMatrix;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageOutput;
import xmassnu.jobs.storage.Storage;
import xmassnu.reduction.sim.Component;

/**
 * The spectra stage's summary, spectra/_spectra.json: live time, exposure, observed and expected totals in the
 * analysis window, and the Monte Carlo's bookkeeping. Written with the templates, read by the fit (projections) and
 * the report.
 *
 * @param json the whole record, for fields readers other than this class want (e.g. the report)
 */
public record SpectraSummary(double liveDays, double liveDaysAfterVeto, double fiducialMassKg, double observed,
                             Map<String, Double> expectedBackground, double expectedSolarSm, JsonNode json) {

    public double exposureKgDay() {
        return liveDaysAfterVeto * fiducialMassKg;
    }

    static SpectraSummary of(double liveDaysBeforeVeto, double liveDays, double massKg, double[] edges, double[] observed,
                             Templates nominal, Map<Component, Double> simulatedSeconds, List<Integer> stateRuns,
                             ResponseMatrix response, Map<Variation, Templates> variations) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("livetime_days", liveDaysBeforeVeto);
        n.put("livetime_days_after_veto", liveDays);
        n.put("fiducial_mass_kg", massKg);
        n.put("exposure_kg_day", liveDays * massKg);
        var e = n.putArray("analysis_edges_kevee");
        for (double x : edges) {
            e.add(x);
        }
        double obsTotal = java.util.Arrays.stream(observed).sum();
        n.put("observed", obsTotal);
        ObjectNode b = n.putObject("expected_background");
        Map<String, Double> expected = new LinkedHashMap<>();
        nominal.backgrounds().forEach((k, v) -> expected.put(k, v.total()));
        expected.forEach(b::put);
        n.put("expected_solar_sm", nominal.standardModel().total());
        ObjectNode sim = n.putObject("template_simulated_livetime_s");
        simulatedSeconds.forEach((c, v) -> sim.put(c.label(), v));
        var runs = n.putArray("detector_state_runs");
        stateRuns.forEach(runs::add);
        n.put("response_generated", java.util.Arrays.stream(response.generated()).sum());
        n.put("response_generation_mass_kg", response.generationMassKg());
        // each variation's expected totals in the analysis window, for a first look at its size
        ObjectNode byVariation = n.putObject("expected_by_variation");
        variations.forEach((name, t) -> {
            ObjectNode v = byVariation.putObject(name.label());
            double bkg = 0;
            for (Histogram h : t.backgrounds().values()) {
                bkg += h.total();
            }
            v.put("background", bkg);
            v.put("solar_sm", t.standardModel().total());
        });
        return new SpectraSummary(liveDaysBeforeVeto, liveDays, massKg, obsTotal, expected,
                nominal.standardModel().total(), n);
    }

    void write(StageOutput out) {
        out.writeJson(DataLayout.SPECTRA_SUMMARY, json);
    }

    public static SpectraSummary read(Storage storage, CommittedStage spectra) {
        JsonNode n = spectra.readJson(storage, DataLayout.SPECTRA_SUMMARY);
        Map<String, Double> bkg = new LinkedHashMap<>();
        n.path("expected_background").fields().forEachRemaining(e -> bkg.put(e.getKey(), e.getValue().asDouble()));
        return new SpectraSummary(n.path("livetime_days").asDouble(Double.NaN),
                n.path("livetime_days_after_veto").asDouble(Double.NaN), n.path("fiducial_mass_kg").asDouble(Double.NaN),
                n.path("observed").asDouble(Double.NaN), bkg, n.path("expected_solar_sm").asDouble(Double.NaN), n);
    }
}
