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
import xmassnu.fits.stats.UpperLimit;
import xmassnu.fits.stats.Workspace;
import xmassnu.jobs.config.Json;

@Command(name = "upper-limit", header = "Compute the CLs upper limit on the POI of a pyhf workspace.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"CLs upper limit on the POI of a pyhf JSON workspace: observed and expected (-2 ... +2 sigma),",
                "by root finding or, with --scan, by linear interpolation on a fixed grid (like pyhf)."})
final class UpperLimitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WORKSPACE.json")
    Path workspace;

    @Option(names = "--cl", defaultValue = "0.95", paramLabel = "CL", description = "Confidence level (default ${DEFAULT-VALUE}).")
    double cl;

    @Option(names = "--scan", paramLabel = "LO,HI,N", description = "Fixed scan of N points on [LO, HI].")
    String scan;

    @Option(names = "--test-stat", defaultValue = "qtilde", paramLabel = "qtilde|q", description = "Default ${DEFAULT-VALUE}.")
    String testStat;

    @Override
    public Integer call() {
        if (!(cl > 0 && cl < 1)) {
            throw new IllegalArgumentException("--cl must be in (0, 1), got " + cl);
        }
        HistFactoryModel m = new HistFactoryModel(Workspace.read(workspace), null);
        UpperLimit ul = new UpperLimit(new AsymptoticCalculator(m, m.observedData(), ClsCommand.statistic(testStat),
                Minimiser.DEFAULT));
        UpperLimit.Limits l;
        if (scan != null) {
            String[] f = scan.split(",");
            if (f.length != 3) {
                throw new IllegalArgumentException("--scan expects LO,HI,N, got '" + scan + "'");
            }
            l = ul.scan(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Integer.parseInt(f[2].trim()), 1 - cl);
        } else {
            double hi = m.upperBounds()[m.poiIndex()];
            l = ul.solve(Math.min(1e-3, hi / 1000), Math.min(1.0, hi), 1 - cl, 1e-6);
        }
        if (!l.valid()) {
            throw new IllegalStateException("upper limit failed: " + l.reason());
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("confidence_level", cl);
        out.put("observed", l.observed());
        ArrayNode exp = out.putArray("expected");
        for (double v : l.expected()) {
            exp.add(v);
        }
        out.put("hypothesis_tests", l.hypothesisTests());
        System.out.print(Json.canonicalPretty(out));
        return 0;
    }
}
