package xmassnu.jobs.cli;

import picocli.CommandLine.Option;

import xmassnu.jobs.pipeline.PipelineConfig;

/**
 * {@code --config}, one meaning in every command: a pipeline configuration (a built-in name, or a JSON file naming its
 * base), of which each stage command takes its own section.
 */
final class ConfigOption {
    @Option(names = "--config", defaultValue = "defaults", paramLabel = "NAME|FILE",
            description = "Pipeline configuration whose section this command uses: defaults, demo, xmass-i-711d, or a JSON"
                    + " file {\"base\": NAME, ...overrides} (default ${DEFAULT-VALUE}).")
    String config;

    PipelineConfig load() {
        return PipelineConfig.load(config);
    }
}
