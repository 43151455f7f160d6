package xmassnu.jobs.cli;

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

import xmassnu.jobs.fit.SweepStage;
import xmassnu.jobs.spark.Sessions;
import xmassnu.jobs.spectra.Variation;
import xmassnu.jobs.spectra.VariedTemplates;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageRunner;

@Command(name = "sweep", header = "Recompute the limits for each systematic variation of the templates.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = "The limits recomputed for each systematic variation of the templates, one Spark task per (grid "
                + "point, variation), into DIR/sweep/<variation>/ and their ratios to the nominal ones.")
final class SweepCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--variations", split = ",", paramLabel = "NAME",
            description = "Variations to run, e.g. energy-scale:up,solar-flux:down (default: every one in the spectra).")
    List<String> variations;

    @Option(names = "--mass-stride", defaultValue = "" + SweepStage.DEFAULT_MASS_STRIDE, paramLabel = "N",
            description = "Keep every N-th mediator mass (default ${DEFAULT-VALUE}: every decade of the default grid).")
    int massStride;

    @Mixin
    FitOptions fit;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        List<Variation> requested = variations == null ? null : variations.stream().map(Variation::parse).toList();
        new SweepStage(Variation.NOMINAL, fit.settings(), fit.seed(), massStride); // the options, checked before Spark starts
        SparkSession spark = Sessions.getOrCreate(parent.global.master, "xmass sweep");
        try (StageRunner runner = data.runner(spark, "xmass sweep", parent.global.quiet)) {
            long t0 = System.nanoTime();
            CommittedStage spectra = CommittedStage.open(runner.storage(), runner.layout().spectra(), DataLayout.SPECTRA,
                    "bin/xmass spectra --data " + runner.layout().root());
            SweepStage.Result r = SweepStage.run(runner, fit.settings(), fit.seed(), requested,
                    VariedTemplates.available(runner.storage(), spectra), massStride, data.force);
            System.out.printf(Locale.ROOT, "sweep: %s: %d variations (%d reused), %d points (%.1f s)%n",
                    runner.layout().root().resolve(DataLayout.SWEEP), r.variations().size(), r.reused().size(),
                    r.points().size(), (System.nanoTime() - t0) * 1e-9);
            System.out.print(format(r.shifts()));
            return r.points().stream().allMatch(p -> !p.converged()) ? 1 : 0;
        }
    }

    /** Median-expected limit over the nominal one, per variation, for the mass-less models and b-l at its extremes. */
    static String format(List<SweepStage.Shift> shifts) {
        Map<String, Map<String, Double>> table = new TreeMap<>();
        for (SweepStage.Shift s : shifts) {
            String point = s.key().model().label() + " " + s.key().flavour().label()
                    + (s.key().massMev() == null ? "" : String.format(Locale.ROOT, " %.3g MeV", s.key().massMev()));
            table.computeIfAbsent(s.variation().label(), k -> new TreeMap<>()).put(point, s.expectedMedianRatio());
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
