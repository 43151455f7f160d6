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
import xmassnu.fits.stats.UpperLimit;
import xmassnu.jobs.config.Json;

@Command(name = "upper-limit", header = "Compute the CLs upper limit on the POI of a pyhf workspace.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"CLs upper limit on the POI of a pyhf JSON workspace: observed and expected (-2 ... +2 sigma),",
                "by root finding or, with --scan, by linear interpolation on a fixed grid (like pyhf).",
                "Exit code 2 for bad input, 1 when no limit is found."})
final class UpperLimitCommand implements Callable<Integer> {
    @Mixin
    WorkspaceOptions input;

    @Option(names = "--cl", defaultValue = "0.95", paramLabel = "CL", description = "Confidence level (default "
            + "${DEFAULT-VALUE}).")
    String cl;

    @Option(names = "--scan", paramLabel = "LO,HI,N", description = "Fixed scan of N points on [LO, HI].")
    String scan;

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
        double level = WorkspaceOptions.number(cl, "--cl");
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("--cl must be in (0, 1), got " + cl);
        }
        double[] grid = scan == null ? null : scan(scan);
        if (input.statistic() == TestStatistic.Q0) {
            throw new IllegalArgumentException("--test-stat q0 is the discovery test, not a limit: use qtilde or q "
                    + "(bin/xmass cls --test-stat q0 gives the discovery p-value)");
        }
        HistFactoryModel m = input.model();
        if (grid != null) {
            WorkspaceOptions.warnOutsideBounds(m, grid[0], "--scan from", spec.commandLine().getErr(), "upper-limit");
            WorkspaceOptions.warnOutsideBounds(m, grid[1], "--scan to", spec.commandLine().getErr(), "upper-limit");
        }
        UpperLimit ul = new UpperLimit(new AsymptoticCalculator(m, m.observedData(), input.statistic(), Minimiser.DEFAULT));
        UpperLimit.Limits l;
        if (grid != null) {
            l = ul.scan(grid[0], grid[1], (int) grid[2], 1 - level);
        } else {
            double hi = m.upperBounds()[m.poiIndex()];
            l = ul.solve(Math.min(1e-3, hi / 1000), Math.min(1.0, hi), 1 - level, 1e-6);
        }
        if (!l.valid()) {
            return failure("upper limit of " + input.workspaceName() + " failed: " + l.reason());
        }
        if (grid == null) {
            WorkspaceOptions.warnOutsideBounds(m, Math.max(l.observed(), l.expected()[4]), "the largest limit",
                    spec.commandLine().getErr(), "upper-limit");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("confidence_level", level);
        out.put("observed", l.observed());
        ArrayNode exp = out.putArray("expected");
        for (double v : l.expected()) {
            exp.add(v);
        }
        out.put("hypothesis_tests", l.hypothesisTests());
        input.write(out);
        return 0;
    }

    private int failure(String message) {
        spec.commandLine().getErr().println("xmass upper-limit: error: " + message);
        return 1;
    }

    /** LO,HI,N with LO &lt; HI and N &gt;= 2. */
    static double[] scan(String s) {
        String[] f = s.split(",");
        if (f.length != 3) {
            throw new IllegalArgumentException("--scan expects LO,HI,N, got '" + s + "'");
        }
        double lo = WorkspaceOptions.number(f[0], "--scan LO");
        double hi = WorkspaceOptions.number(f[1], "--scan HI");
        int n = ClsCommand.integer(f[2], "--scan N");
        if (!(lo < hi) || n < 2) {
            throw new IllegalArgumentException("--scan needs LO < HI and N >= 2, got '" + s + "'");
        }
        return new double[] {lo, hi, n};
    }
}
