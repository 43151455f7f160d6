package xmassnu.jobs.cli;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import xmassnu.fits.stats.AsymptoticCalculator;
import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.Minimiser;
import xmassnu.fits.stats.TestStatistic;
import xmassnu.fits.stats.ToyCalculator;
import xmassnu.jobs.config.Json;

@Command(name = "cls", header = "Compute CLs of a pyhf workspace at one POI value, like pyhf cls.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"CLs of a pyhf JSON workspace at one POI value (like `pyhf cls`): prints a JSON object with",
                "CLs_obs and CLs_exp (n = 2, 1, 0, -1, -2); asymptotic formulae or pseudo-experiments.",
                "With --test-stat q0 the discovery test of POI = 0 instead (pyhf's test_stat=\"q0\"): p0_obs, its",
                "significance Z_obs and p0_exp, the p0 expected under POI = 1 (n = 2, 1, 0, -1, -2).",
                "Exit code 2 for bad input, 1 when the hypothesis test fails."})
final class ClsCommand implements Callable<Integer> {
    @Mixin
    WorkspaceOptions input;

    @Option(names = {"--test-poi", "--poi-value"}, defaultValue = "1.0", paramLabel = "X",
            description = "POI value to test (default ${DEFAULT-VALUE}; --poi-value is the old name).")
    String testPoi;

    @Option(names = "--calctype", defaultValue = "asymptotics", paramLabel = "asymptotics|toybased",
            description = "Default ${DEFAULT-VALUE}.")
    String calctype;

    @Option(names = "--ntoys", defaultValue = "2000", paramLabel = "N",
            description = "Pseudo-experiments per hypothesis with --calctype toybased (default ${DEFAULT-VALUE}).")
    String ntoys;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Toy seed (default ${DEFAULT-VALUE}).")
    String seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try {
            return compute();
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            throw e; // bad input: Main prints the one line, exit code 2
        } catch (RuntimeException e) {
            return failure(e.toString()); // anything else still ends in one line, exit code 1
        }
    }

    private int compute() {
        double poi = WorkspaceOptions.number(testPoi, "--test-poi");
        if (!calctype.equals("asymptotics") && !calctype.equals("toybased")) {
            throw new IllegalArgumentException("--calctype must be asymptotics or toybased, got '" + calctype + "'");
        }
        int toys = integer(ntoys, "--ntoys");
        long toySeed = (long) integer(seed, "--seed");
        HistFactoryModel m = input.model();
        if (input.statistic() == TestStatistic.Q0) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--test-poi") && poi != 0) {
                throw new IllegalArgumentException("--test-stat q0 tests POI = 0 (the background alone), got "
                        + "--test-poi " + testPoi);
            }
            return discovery(m, toys, toySeed);
        }
        WorkspaceOptions.warnOutsideBounds(m, poi, "--test-poi", spec.commandLine().getErr(), "cls");
        AsymptoticCalculator.Result r = calctype.equals("asymptotics")
                ? new AsymptoticCalculator(m, m.observedData(), input.statistic(), Minimiser.DEFAULT).hypotest(poi)
                : new ToyCalculator(m, m.observedData(), input.statistic(), Minimiser.DEFAULT, toys, toySeed).hypotest(poi);
        if (!r.valid()) {
            return failure("hypothesis test at " + input.workspaceName() + " POI " + poi + " failed: " + r.reason());
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode exp = out.putArray("CLs_exp");
        for (double v : r.clsExpected()) {
            exp.add(v);
        }
        out.put("CLs_obs", r.clsObserved());
        input.write(out);
        return 0;
    }

    /** The discovery test (pyhf: hypotest(0, ..., test_stat="q0", return_expected_set=True)). */
    private int discovery(HistFactoryModel m, int toys, long toySeed) {
        AsymptoticCalculator.Discovery d = calctype.equals("asymptotics")
                ? new AsymptoticCalculator(m, m.observedData(), TestStatistic.Q0,
                        Minimiser.DEFAULT).discovery()
                : new ToyCalculator(m, m.observedData(), TestStatistic.Q0, Minimiser.DEFAULT,
                        toys, toySeed).discovery();
        if (!d.valid()) {
            return failure("discovery test of " + input.workspaceName() + " failed: " + d.reason());
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode exp = out.putArray("p0_exp");
        for (double v : d.pValueExpected()) {
            exp.add(v);
        }
        out.put("p0_obs", d.pValue());
        double z = AsymptoticCalculator.excessSignificance(d.pValue());
        if (Double.isFinite(z)) {
            out.put("Z_obs", z);
        } else {
            out.putNull("Z_obs"); // p0 = 0: no toy reached the data (JSON has no infinity)
        }
        input.write(out);
        return 0;
    }

    private int failure(String message) {
        spec.commandLine().getErr().println("xmass cls: error: " + message);
        return 1;
    }

    static int integer(String value, String option) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be an integer, got '" + value + "'");
        }
    }
}
