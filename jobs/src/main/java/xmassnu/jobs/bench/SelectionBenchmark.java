package xmassnu.jobs.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.SparkSession;

import xmassnu.fits.physics.AtomicModel;
import xmassnu.fits.physics.RecoilRates;
import xmassnu.fits.response.ResponseMatrix;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.reduce.ReduceStage;
import xmassnu.jobs.select.SelectStage;
import xmassnu.jobs.simulate.SimulateStage;
import xmassnu.jobs.spectra.SpectraSettings;
import xmassnu.jobs.spectra.Templates;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.jobs.storage.Location;
import xmassnu.reduction.cuts.SelectionSettings;
import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.detector.RunCalibration;
import xmassnu.reduction.mc.TemplateMonteCarlo;
import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.RunPlan;

/**
 * Selection and spectra: the select stage's throughput on a reduced slice (Spark, events/s per core), the response
 * Monte Carlo's speed (recoils/s, one thread), and the time to fold the full signal-template grid (every model,
 * flavour case and mediator mass of the default settings, nominal and the two flux variations) through a response,
 * with the stepping (default) and the impulse-approximation atomic models.
 */
public final class SelectionBenchmark {
    private SelectionBenchmark() {}

    public static void run(SparkSession spark, Location work, double sliceDays) {
        DetectorModel det = DetectorModel.XMASS_I;
        SimulationSettings settings = SimulationSettings.DEFAULT;
        int cores = spark.sparkContext().defaultParallelism();
        List<RunInfo> slice = RunPlan.firstLiveDays(settings.seed(), sliceDays);
        SelectStage.Result r;
        double seconds;
        try (StageRunner runner = Benches.runner(spark, work.resolve("select-bench"))) {
            runner.run(new SimulateStage(Benches.runs(slice, "bench " + sliceDays), settings, 0), false);
            runner.run(new ReduceStage(4, false), false);
            runner.run(new SelectStage(SelectionSettings.XMASS_I), true); // warm-up
            StageRunner.Outcome<SelectStage.Result> o = runner.run(new SelectStage(SelectionSettings.XMASS_I), true);
            r = o.result();
            seconds = o.seconds();
        }
        long t0;
        long events = r.total().get(0).events();
        System.out.printf(Locale.ROOT,
                "select (%s, %d cores), %.3f live days: %,d physics events in %.2f s wall -> %,.0f events/s "
                + "per core; %,d selected%n", spark.sparkContext().master(), cores, sliceDays, events, seconds,
                events / seconds / cores, r.total().get(r.total().size() - 1).events());

        // the response Monte Carlo, one thread: simulation + reduction kernel + cuts per recoil
        SpectraSettings s = SpectraSettings.XMASS_I;
        SelectionSettings sel = SelectionSettings.XMASS_I;
        double[] edges = s.analysisEdges(sel.energyMinKevee(), sel.energyMaxKevee());
        double[] trueEdges = ResponseMatrix.logEdges(s.trueEnergyMinKev(), s.trueEnergyMaxKev(), s.trueBins());
        RunCalibration measured = RunCalibration.truth(det, 1, 1, 0, 0).measured(det, 1);
        TemplateMonteCarlo mc = new TemplateMonteCarlo(det, measured, det.tdcNsPerCount(), det.lightYieldPePerKev(), sel, edges);
        int recoils = 20_000;
        mc.electronRecoils(trueEdges, det.pmtRadiusCm(), 1, 0, 2_000); // warm-up
        t0 = System.nanoTime();
        TemplateMonteCarlo.ResponseCounts rc = mc.electronRecoils(trueEdges, det.pmtRadiusCm(), 1, 1, recoils,
                s.systematics().monteCarlo())[0];
        seconds = (System.nanoTime() - t0) * 1e-9;
        System.out.printf(Locale.ROOT, "response Monte Carlo, one thread, %d variations evaluated per event: %,.0f recoils/s%n",
                s.systematics().monteCarlo().size(), recoils / seconds);

        // the signal-template grid: every (model, flavour, mass) piece folded through the response
        ResponseMatrix response = new ResponseMatrix(trueEdges, edges, rc.generated(), rc.generatedInFiducial(),
                rc.passedInFiducial(), rc.passed(), det.massKg(det.pmtRadiusCm()));
        List<Templates.SignalKey> grid = Templates.grid(s);
        double[] observed = new double[edges.length - 1];
        for (String atomic : new String[] {"stepping", "impulse"}) {
            t0 = System.nanoTime();
            int folded = 0;
            for (double shift : new double[] {0, 1, -1}) {
                RecoilRates rates = new RecoilRates(s.physics().withAtomicModel(AtomicModel.parse(atomic))
                        .withFluxShiftSigma(shift), response.integrationNodesKev());
                Templates t = new Templates(edges, observed, Map.of(), response, rates, 711);
                for (Templates.SignalKey k : grid) {
                    t.inputs(k);
                    folded++;
                }
            }
            seconds = (System.nanoTime() - t0) * 1e-9;
            System.out.printf(Locale.ROOT,
                    "signal-template grid (%s atomic model): %d grid points x 3 flux variations (%d x 2 pieces)"
                    + " folded in %.2f s (one thread)%n", atomic, grid.size(), folded, seconds);
        }
    }
}
