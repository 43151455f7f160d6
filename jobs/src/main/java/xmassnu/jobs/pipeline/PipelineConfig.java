package xmassnu.jobs.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.analysis.FitSettings;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.spectra.SpectraSettings;
import xmassnu.reduction.cuts.SelectionSettings;

/**
 * One analysis: which data to take (live days or a run range) and the overrides of every stage's settings. Built-in
 * configurations live in resources (xmassnu/configs/NAME.json); a file may name a built-in one as {@code "base"} and
 * override any part of it. Every stage's section is validated by that stage's typed settings.
 */
public record PipelineConfig(String name, String description, Double days, String runs, JsonNode simulation,
                             JsonNode selection, JsonNode spectra, JsonNode fit, long fitSeed) {

    public static final List<String> BUILT_IN = List.of("defaults", "demo", "xmass-i-711d");
    private static final List<String> SECTIONS = List.of("simulation", "selection", "spectra", "fit");

    public PipelineConfig {
        if ((days == null) == (runs == null)) {
            throw new IllegalArgumentException("pipeline config " + name + ": give exactly one of days and runs");
        }
        if (days != null && !(days > 0 && days <= 711.0)) {
            throw new IllegalArgumentException("pipeline config " + name + ": days must be in (0, 711], got " + days);
        }
        // validate every section now, before anything runs (fields are not assigned yet: use the parameters)
        SimulationSettings sim = Json.overlay(SimulationSettings.DEFAULT, simulation, SimulationSettings.class,
                "config " + name + ": simulation");
        SelectionSettings sel = Json.overlay(SelectionSettings.XMASS_I, selection, SelectionSettings.class,
                "config " + name + ": selection");
        if (sel.fiducialRadiusCm() > sim.detector().lxeRadiusCm()) {
            throw new IllegalArgumentException("config " + name + ": selection.fiducialRadiusCm = " + sel.fiducialRadiusCm()
                    + " cm is outside the xenon (simulation.detector.lxeRadiusCm = " + sim.detector().lxeRadiusCm()
                    + " cm): allowed (0, " + sim.detector().lxeRadiusCm() + "]");
        }
        Json.overlay(SpectraSettings.XMASS_I, spectra, SpectraSettings.class, "config " + name + ": spectra");
        Json.overlay(FitSettings.XMASS_I, fit, FitSettings.class, "config " + name + ": fit");
    }

    public SimulationSettings simulationSettings() {
        return Json.overlay(SimulationSettings.DEFAULT, simulation, SimulationSettings.class, "config " + name + ": simulation");
    }

    public SelectionSettings selectionSettings() {
        return Json.overlay(SelectionSettings.XMASS_I, selection, SelectionSettings.class, "config " + name + ": selection");
    }

    public SpectraSettings spectraSettings() {
        return Json.overlay(SpectraSettings.XMASS_I, spectra, SpectraSettings.class, "config " + name + ": spectra");
    }

    public FitSettings fitSettings() {
        return Json.overlay(FitSettings.XMASS_I, fit, FitSettings.class, "config " + name + ": fit");
    }

    /**
     * A built-in name, or a JSON file {"base": NAME, ...overrides} (the base is required: a file that silently
     * started from one setup or another would be a trap). Strict JSON: unknown or duplicate keys, trailing text,
     * floats for integers and strings for numbers are errors naming the field.
     */
    public static PipelineConfig load(String nameOrFile) {
        if (BUILT_IN.contains(nameOrFile)) {
            return parse(builtIn(nameOrFile), nameOrFile);
        }
        Path f = Path.of(nameOrFile);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("--config " + nameOrFile + ": neither a built-in configuration "
                    + BUILT_IN + " nor a readable file");
        }
        try {
            JsonNode user = Json.MAPPER.readTree(Files.readString(f));
            if (user == null || !user.isObject()) {
                throw new IllegalArgumentException("config " + f + ": expected a JSON object");
            }
            ObjectNode u = ((ObjectNode) user).deepCopy();
            JsonNode base = u.remove("base");
            if (base == null || !base.isTextual()) {
                throw new IllegalArgumentException("config " + f + ": name the built-in configuration it starts from, "
                        + "e.g. \"base\": \"demo\" (one of " + BUILT_IN + ")");
            }
            ObjectNode merged = (ObjectNode) builtIn(base.asText());
            for (String section : SECTIONS) {
                // stage sections are partial overrides validated by the stage's own settings: merge them openly
                JsonNode override = u.remove(section);
                if (override != null) {
                    merged.set(section, Json.merge(merged.get(section), override, section, false));
                }
            }
            return parse(Json.merge(merged, u, ""), f.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("config " + f + ": not valid JSON (duplicate keys, trailing text, NaN and "
                    + "Infinity are not allowed): " + e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw new IllegalArgumentException("config " + f + ": cannot read: " + e.getMessage());
        }
    }

    private static String location(com.fasterxml.jackson.core.JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
    }

    private static JsonNode builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("unknown built-in configuration '" + name + "'; known: " + BUILT_IN);
        }
        try (InputStream in = PipelineConfig.class.getResourceAsStream("/xmassnu/configs/" + name + ".json")) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("built-in configuration " + name + " unreadable", e);
        }
    }

    private static PipelineConfig parse(JsonNode n, String where) {
        try {
            return Json.MAPPER.treeToValue(n, PipelineConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("config " + where + ": " + e.getOriginalMessage());
        }
    }
}
