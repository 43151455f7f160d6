package xmassnu.jobs.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import xmassnu.fits.analysis.FitSettings;
import xmassnu.jobs.pipeline.PipelineConfig;

/** The fit settings and seed shared by the commands that compute limits (fit, sweep). */
final class FitOptions {
    @Mixin
    ConfigOption config;

    @Option(names = "--seed", paramLabel = "S", description = "Master seed of the per-point seeds (default: the configuration's "
            + "fitSeed).")
    Long seed;

    private PipelineConfig loaded;

    private PipelineConfig configuration() {
        if (loaded == null) {
            loaded = config.load();
        }
        return loaded;
    }

    FitSettings settings() {
        return configuration().fitSettings();
    }

    long seed() {
        return seed != null ? seed : configuration().fitSeed();
    }
}
