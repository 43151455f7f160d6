package xmassnu.jobs.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;
import xmassnu.fits.analysis.FitSettings;
import xmassnu.jobs.config.Json;

/** The fit settings and seed shared by the commands that compute limits (fit, sweep). */
final class FitOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON overrides of the fit settings, e.g. {\"confidenceLevel\": 0.95}.")
    Path config;

    @Option(names = "--seed", defaultValue = "1", description = "Master seed of the per-point seeds (default ${DEFAULT-VALUE}).")
    long seed;

    FitSettings settings() {
        return Json.load(FitSettings.XMASS_I, config, FitSettings.class);
    }
}
