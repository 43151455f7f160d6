package xmassnu.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import xmassnu.jobs.config.RunSelection;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.reduce.ReduceStage;
import xmassnu.jobs.select.SelectStage;
import xmassnu.jobs.simulate.SimulateStage;
import xmassnu.reduction.cuts.SelectionSettings;
import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.RunPlan;
import xmassnu.reduction.sim.SourceActivities;

/**
 * One small simulated and reduced dataset per test JVM (0.003 live days after a weak 57Co calibration run),
 * shared by the stage tests; tests that damage data work on copies.
 */
public final class SmallDataset {
    private static Path dir;
    private static List<RunInfo> runs;
    private static SimulateStage.Result simulated;
    private static ReduceStage.Result reduced;
    private static SelectStage.Result selected;

    private SmallDataset() {}

    public static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("xmass-small-dataset");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            runs = RunPlan.firstLiveDays(31, 0.003);
            simulated = Stages.run(dir, simulateStage(), false).result();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TestFiles.deleteQuietly(dir)));
        }
        return dir;
    }

    /**
     * The dataset's simulation as a stage, for running it on another data directory (an HDFS or S3 one): the same
     * settings give the same lineage and the same bytes.
     */
    public static SimulateStage simulateStage() {
        SimulationSettings d = SimulationSettings.DEFAULT;
        SourceActivities a = d.activities();
        // a weaker 57Co source keeps tests fast: 20 Bq x 300 s is plenty for the 122 keV peak fit
        SourceActivities weak = new SourceActivities(a.pb214BqPerKg(), a.kr85BqPerKg(), a.ar39BqPerKg(),
                a.xe136BqPerKg(), a.surfacePb210BqPerM2(), a.gapPb210Bq(), a.pmtRa226Bq(), a.pmtRa228Bq(),
                a.pmtK40Bq(), a.pmtCo60Bq(), a.cherenkovVisibleFraction(), 20, a.muonFluxPerCm2PerS(), 1, 0,
                a.pmtGammaSourceDepthCm(), a.holderDensityGPerCm3());
        SimulationSettings s = new SimulationSettings(31, 60, d.components(), d.flux(), d.millichargeConvention(),
                d.detector(), weak, null, null);
        return new SimulateStage(new RunSelection(RunPlan.firstLiveDays(31, 0.003), "days 0.003"), s, 0);
    }

    public static synchronized List<RunInfo> runs() {
        dir();
        return runs;
    }

    public static synchronized SimulateStage.Result simulated() {
        dir();
        return simulated;
    }

    /** The reduced event table of the dataset (reduced on first use). */
    public static synchronized ReduceStage.Result reduced() {
        if (reduced == null) {
            reduced = Stages.run(dir(), new ReduceStage(4, false), false).result();
        }
        return reduced;
    }

    /** The selection of the dataset with the default cuts (selected on first use). */
    public static synchronized SelectStage.Result selected() {
        if (selected == null) {
            reduced();
            selected = Stages.run(dir(), new SelectStage(SelectionSettings.XMASS_I), false).result();
        }
        return selected;
    }

    /** A copy of the listed stage directories of the dataset, for tests that write or damage. */
    public static Path copy(Path target, String... stages) throws IOException {
        for (String sub : stages) {
            Path from = dir().resolve(sub);
            try (var walk = Files.walk(from)) {
                for (Path p : walk.toList()) {
                    Path t = target.resolve(sub).resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                    }
                }
            }
        }
        return target;
    }

}
