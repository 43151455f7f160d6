package xmassnu.jobs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.JsonPatch;
import xmassnu.fits.stats.PatchSet;
import xmassnu.fits.stats.TestStatistic;
import xmassnu.fits.stats.TestStatistics;
import xmassnu.fits.stats.Workspace;
import xmassnu.fits.stats.WorkspaceSchema;
import xmassnu.fits.stats.modifiers.ModifierSettings;
import xmassnu.jobs.config.Json;

/**
 * The workspace input of {@code cls} and {@code upper-limit}, as {@code pyhf cls}: a file or "-" for stdin, JSON
 * patches ({@code -p}, pyhf's), validation against pyhf's schema (with xmassnu's coupling-power modifier), the
 * measurement, the test statistic, the interpolation codes (pyhf's modifier_settings) and the output file. Every
 * problem is an IllegalArgumentException with one line naming the file and what is wrong (exit code 2).
 */
final class WorkspaceOptions {
    @Parameters(index = "0", paramLabel = "WORKSPACE.json", description = "pyhf JSON workspace; - reads stdin.")
    String workspace;

    @Option(names = {"-p", "--patch"}, paramLabel = "PATCH.json",
            description = {"JSON patch (RFC 6902) applied to the workspace before it is read, as pyhf's -p;",
                    "repeatable, applied in order. A patchset (HEPData's signal hypotheses) needs --patch-name."})
    List<String> patches = new ArrayList<>();

    @Option(names = "--patch-name", paramLabel = "NAME",
            description = "The patch of a patchset given with -p (its metadata name); its digests are checked.")
    String patchName;

    @Option(names = "--measurement", paramLabel = "NAME", description = "Measurement (default: the first).")
    String measurement;

    @Option(names = "--test-stat", defaultValue = "qtilde", paramLabel = "qtilde|q|q0",
            description = "Test statistic (default ${DEFAULT-VALUE}; q0: the discovery test, cls only).")
    String testStat;

    @Option(names = "--normsys-interpcode", defaultValue = "code4", paramLabel = "code1|code4",
            description = "normsys interpolation, pyhf's modifier_settings (default ${DEFAULT-VALUE}, pyhf's; code1 is ROOT's).")
    String normsysCode;

    @Option(names = "--histosys-interpcode", defaultValue = "code4p", paramLabel = "code0|code4p",
            description = "histosys interpolation (default ${DEFAULT-VALUE}, pyhf's; code0 is ROOT's).")
    String histosysCode;

    @Option(names = "--output-file", paramLabel = "FILE", description = "Write the JSON result there instead of stdout.")
    Path outputFile;

    String workspaceName() {
        return workspace.equals("-") ? "<stdin>" : workspace;
    }

    TestStatistic statistic() {
        return TestStatistics.parse(testStat, "--test-stat");
    }

    ModifierSettings settings() {
        return new ModifierSettings(ModifierSettings.Normsys.parse(normsysCode), ModifierSettings.Histosys.parse(histosysCode));
    }

    /** The workspace read, patched and validated, as the model of the chosen measurement. */
    HistFactoryModel model() {
        ModifierSettings settings = settings(); // bad option values fail before any file is read
        statistic();
        String name = workspaceName();
        JsonNode root = json(workspace.equals("-") ? readStdin() : read(workspace, "workspace"), name);
        if (patchName != null && patches.isEmpty()) {
            throw new IllegalArgumentException("--patch-name " + patchName + " needs a patchset given with -p");
        }
        boolean usedName = false;
        for (String p : patches) {
            JsonNode patch = json(read(p, "patch"), p);
            if (patch.isObject() && patch.has("patches")) {
                PatchSet set = new PatchSet(patch, p);
                if (patchName == null) {
                    throw new IllegalArgumentException(p + ": a patchset; choose a patch with --patch-name, one of "
                            + set.names());
                }
                root = set.apply(root, patchName);
                usedName = true;
            } else {
                WorkspaceSchema.PYHF.validatePatch(patch, p);
                root = JsonPatch.apply(root, patch, p);
            }
        }
        if (patchName != null && !usedName) {
            throw new IllegalArgumentException("--patch-name " + patchName + ": none of the -p files is a patchset");
        }
        WorkspaceSchema.XMASSNU.validateWorkspace(root, name);
        return new HistFactoryModel(Workspace.parse(root, name), measurement, settings);
    }

    /** The result as pyhf prints it (keys sorted, indented), to stdout or --output-file. */
    void write(JsonNode result) {
        String text = Json.canonicalPretty(result);
        if (outputFile == null) {
            System.out.print(text);
            return;
        }
        try {
            Files.writeString(outputFile, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--output-file " + outputFile + ": cannot write: " + e.getMessage());
        }
    }

    /** Warns on stderr when a POI value lies outside the POI's bounds (the fits widen them to reach it). */
    static void warnOutsideBounds(HistFactoryModel m, double poi, String what, PrintWriter err, String command) {
        double lo = m.lowerBounds()[m.poiIndex()];
        double hi = m.upperBounds()[m.poiIndex()];
        if (poi < lo || poi > hi) {
            err.println(String.format(Locale.ROOT, "xmass %s: warning: %s %s is outside the bounds [%s, %s] of the POI %s",
                    command, what, num(poi), num(lo), num(hi), m.parameterNames().get(m.poiIndex())));
        }
    }

    static String num(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
    }

    /** A finite number given on the command line, or a one-line error naming the option. */
    static double number(String value, String option) {
        try {
            double x = Double.parseDouble(value.trim());
            if (Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " must be a finite number, got '" + value + "'");
    }

    private static String read(String file, String what) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + file + ": no such file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(what + " " + file + ": cannot read: " + e.getMessage());
        }
    }

    private static String readStdin() {
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("workspace <stdin>: cannot read: " + e.getMessage());
        }
    }

    private static JsonNode json(String text, String name) {
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (n == null || n.isMissingNode()) {
                throw new IllegalArgumentException(name + ": empty, expected JSON");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(name + ": not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }
}
