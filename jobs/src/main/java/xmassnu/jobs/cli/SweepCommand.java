package xmassnu.jobs.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import xmassnu.fits.analysis.FitSettings;
import xmassnu.jobs.fit.SweepJob;
import xmassnu.jobs.spark.Sessions;

@Command(name = "sweep", header = "Recompute the limits for each systematic variation of the templates.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Limits recomputed for each systematic variation of the templates (energy scale, resolution,",
                "fiducial-radius bias, surface-background shape, solar fluxes), one Spark task per (grid point,",
                "variation): DIR/sweep/<variation>/ (each with its lineage; committed ones are reused) and",
                "DIR/sweep/shifts.csv (every limit over the nominal one)."})
final class SweepCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory holding spectra/.")
    Path data;

    @Option(names = "--variations", split = ",", paramLabel = "NAME",
            description = "Variations to run, e.g. energy-scale:up,solar-flux:down (default: every one in the spectra).")
    List<String> variations;

    @Option(names = "--mass-stride", defaultValue = "" + SweepJob.DEFAULT_MASS_STRIDE, paramLabel = "N",
            description = "Keep every N-th mediator mass (default ${DEFAULT-VALUE}: every decade of the default grid).")
    int massStride;

    @Mixin
    FitOptions fit;

    @Option(names = "--force", description = "Recompute variations even when committed with the same lineage.")
    boolean force;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        FitSettings settings = fit.settings();
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass sweep");
        SweepJob.Result r = SweepJob.run(spark, new SweepJob.Request(data, settings, fit.seed, variations, massStride, force,
                parent.global.quiet));
        System.out.printf(Locale.ROOT, "sweep: %s: %d variations (%d reused), %d points (%.1f s)%n", r.dir(),
                r.variations().size(), r.reused().size(), r.points().size(), r.wallSeconds());
        System.out.print(format(r.shifts()));
        return r.points().stream().allMatch(p -> !p.converged()) ? 1 : 0;
    }

    /** Median-expected limit over the nominal one, per variation, for the mass-less models and b-l at its extremes. */
    static String format(List<SweepJob.Shift> shifts) {
        Map<String, Map<String, Double>> table = new TreeMap<>();
        for (SweepJob.Shift s : shifts) {
            String point = s.key().model() + " " + s.key().flavour()
                    + (s.key().massMev() == null ? "" : String.format(Locale.ROOT, " %.3g MeV", s.key().massMev()));
            table.computeIfAbsent(s.variation(), k -> new TreeMap<>()).put(point, s.expectedMedianRatio());
        }
        StringBuilder b = new StringBuilder("expected median limit / nominal:\n");
        table.forEach((variation, points) -> {
            b.append(String.format(Locale.ROOT, "  %-24s", variation));
            points.forEach((point, ratio) -> {
                // the flavour-summed limits, and b-l at the published masses
                if (point.contains(" all") && (!point.startsWith("b-l") || point.endsWith(" 0.00100 MeV")
                        || point.endsWith(" 10.0 MeV"))) {
                    b.append(String.format(Locale.ROOT, "  %s %.3f", point.replace(" all", ""), ratio));
                }
            });
            b.append('\n');
        });
        return b.toString();
    }
}
