package xmassnu.jobs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import xmassnu.fits.stats.AsymptoticCalculator;
import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.Minimiser;
import xmassnu.fits.stats.TestStatistics;
import xmassnu.fits.stats.ToyCalculator;
import xmassnu.fits.stats.Workspace;
import xmassnu.jobs.config.Json;

@Command(name = "cls", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"CLs of a pyhf JSON workspace at one POI value (like `pyhf cls`): prints a JSON object with",
                "CLs_obs and CLs_exp (n = 2, 1, 0, -1, -2); asymptotic formulae or pseudo-experiments."})
final class ClsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WORKSPACE.json")
    Path workspace;

    @Option(names = "--poi-value", defaultValue = "1.0", paramLabel = "X", description = "Default ${DEFAULT-VALUE}.")
    double poiValue;

    @Option(names = "--test-stat", defaultValue = "qtilde", paramLabel = "qtilde|q", description = "Default ${DEFAULT-VALUE}.")
    String testStat;

    @Option(names = "--measurement", paramLabel = "NAME", description = "Measurement (default: the first).")
    String measurement;

    @Option(names = "--calctype", defaultValue = "asymptotics", paramLabel = "asymptotics|toybased",
            description = "Default ${DEFAULT-VALUE}.")
    String calctype;

    @Option(names = "--ntoys", defaultValue = "2000", paramLabel = "N",
            description = "Pseudo-experiments per hypothesis with --calctype toybased (default ${DEFAULT-VALUE}).")
    int ntoys;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Toy seed (default ${DEFAULT-VALUE}).")
    long seed;

    static AsymptoticCalculator.TestStatistic statistic(String s) {
        return TestStatistics.parse(s, "--test-stat");
    }

    @Override
    public Integer call() {
        HistFactoryModel m = new HistFactoryModel(Workspace.read(workspace), measurement);
        AsymptoticCalculator.Result r = switch (calctype) {
            case "asymptotics" -> new AsymptoticCalculator(m, m.observedData(), statistic(testStat), Minimiser.DEFAULT)
                    .hypotest(poiValue);
            case "toybased" -> new ToyCalculator(m, m.observedData(), statistic(testStat), Minimiser.DEFAULT, ntoys, seed)
                    .hypotest(poiValue);
            default -> throw new IllegalArgumentException("unknown --calctype '" + calctype
                    + "'; expected asymptotics or toybased");
        };
        if (!r.valid()) {
            throw new IllegalStateException("hypothesis test failed: " + r.reason());
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode exp = out.putArray("CLs_exp");
        for (double v : r.clsExpected()) {
            exp.add(v);
        }
        out.put("CLs_obs", r.clsObserved());
        System.out.print(Json.canonicalPretty(out));
        return 0;
    }
}
