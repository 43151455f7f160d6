package xmassnu.jobs.spectra;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.analysis.Histogram;
import xmassnu.fits.physics.RecoilRates;
import xmassnu.fits.physics.SignalVariation;
import xmassnu.fits.response.ResponseMatrix;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.export.PyhfExport;
import xmassnu.jobs.io.ParquetTableReader;
import xmassnu.jobs.io.ParquetTableWriter;
import xmassnu.jobs.io.Progress;
import xmassnu.jobs.io.TableData;
import xmassnu.jobs.raw.DetectorRecord;
import xmassnu.jobs.reduce.CalibrationTables;
import xmassnu.jobs.reduce.ReduceStage;
import xmassnu.jobs.select.CutFlow;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.Stage;
import xmassnu.jobs.stage.StageContext;
import xmassnu.jobs.stage.StageOutput;
import xmassnu.reduction.cuts.SelectionSettings;
import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.mc.RecoVariation;
import xmassnu.reduction.mc.TemplateMonteCarlo;
import xmassnu.reduction.sim.ChunkSimulator;
import xmassnu.reduction.sim.Component;
import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.SimulationConfig;
import xmassnu.reduction.sim.TabulatedSpectrum;
import xmassnu.schemas.MetadataKeys;
import xmassnu.schemas.Table;
import xmassnu.schemas.Tables;

/**
 * The spectra stage: the observed histogram of the selected events; the electron-recoil response and background
 * templates from Monte Carlo samples run through the same simulation, reduction kernel (the data's calibration
 * tables and 57Co light yield) and cut definitions as the data, fanned out over Spark tasks; and the signal
 * templates of every model, flavour case and mediator mass as polynomial pieces folded through the response, for
 * the nominal detector and every systematic variation. Writes spectra/{templates, response} (Parquet),
 * _spectra.json and pyhf workspaces of the models that are linear in a power of their coupling.
 */
public final class SpectraStage implements Stage<SpectraSummary> {
    private final SpectraSettings settings;
    private final SimulationSettings backgroundModel;
    private final int partitions;

    /**
     * @param backgroundModel activities of the background Monte Carlo; null: those recorded with the raw data
     * @param partitions      Spark partitions of the Monte Carlo tasks; 0: 4 per core (the result does not depend on it)
     */
    public SpectraStage(SpectraSettings settings, SimulationSettings backgroundModel, int partitions) {
        if (partitions < 0 || partitions > 100_000) {
            throw new IllegalArgumentException("partitions must be in [0, 100000] (0: 4 per core), got " + partitions);
        }
        this.settings = settings;
        this.backgroundModel = backgroundModel;
        this.partitions = partitions;
    }

    @Override
    public String name() {
        return "spectra";
    }

    @Override
    public String key() {
        return DataLayout.SPECTRA;
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.all(DataLayout.SELECTION, "select"),
                Input.of(DataLayout.EVENTS, "reduce", DataLayout.CALIBRATION),
                Input.of(DataLayout.RAW, "simulate", DataLayout.CALIB, DataLayout.RUNS, DetectorRecord.FILE));
    }

    @Override
    public JsonNode settings() {
        ObjectNode conf = Json.MAPPER.createObjectNode();
        conf.set("settings", Json.MAPPER.valueToTree(settings));
        // null: the background model recorded with the raw data (part of the raw input's lineage)
        conf.set("background_model", backgroundModel == null ? null : backgroundModel.toJson());
        return conf;
    }

    @Override
    public List<Table> writes() {
        return List.of(Tables.TEMPLATES, Tables.RESPONSE);
    }

    @Override
    public SpectraSummary reuse(StageContext ctx, CommittedStage committed) {
        return SpectraSummary.read(ctx.storage(), committed);
    }

    @Override
    public SpectraSummary compute(StageContext ctx) {
        CommittedStage selection = ctx.input(DataLayout.SELECTION);
        CommittedStage raw = ctx.input(DataLayout.RAW);
        SelectionSettings cuts = Json.MAPPER.convertValue(selection.settings(), SelectionSettings.class);
        SimulationSettings background = backgroundModel != null ? backgroundModel : recordedBackgroundModel(raw);
        DetectorModel det = DetectorRecord.read(ctx.storage(), raw);
        if (!Json.MAPPER.valueToTree(det).equals(Json.MAPPER.valueToTree(background.detector()))) {
            throw new IllegalArgumentException("the background model's detector differs from the one the raw data describe ("
                    + raw.dir().resolve(DetectorRecord.FILE) + "): give a background model with that detector");
        }
        double lightYield = ReduceStage.ReduceReport.lightYield(ctx.storage(), ctx.input(DataLayout.EVENTS));
        List<CutFlow.Step> flow = CutFlow.readTotal(ctx.storage(), selection);
        double liveDaysAfterVeto = flow.get(flow.size() - 1).livetimeDays();
        double fiducialMassKg = det.massKg(cuts.fiducialRadiusCm());
        double[] edges = settings.analysisEdges(cuts.energyMinKevee(), cuts.energyMaxKevee());
        CalibrationTables tables = CalibrationTables.load(ctx.storage(), raw);
        List<Integer> physicsRuns = tables.physicsRuns();
        if (physicsRuns.isEmpty()) {
            throw XmassException.badInput(raw.dir() + ": no physics runs in the run catalog");
        }
        List<Integer> stateRuns = spread(physicsRuns, settings.responseRuns());
        double generationRadiusCm = settings.generationRadiusCm() == 0 ? det.pmtRadiusCm() : settings.generationRadiusCm();
        double[] trueEdges = ResponseMatrix.logEdges(settings.trueEnergyMinKev(), settings.trueEnergyMaxKev(),
                settings.trueBins());
        Map<Component, Double> simulatedSeconds = new LinkedHashMap<>();
        List<Task> tasks = planTasks(settings, background, tables, stateRuns, simulatedSeconds);

        double[] observed = observed(ctx, selection, edges, cuts.energyMinKevee(), settings.binWidthKevee());
        List<RecoVariation> mcVariations = settings.systematics().monteCarlo();
        List<TaskResult> results = runMonteCarlo(ctx, tasks, tables, background, lightYield, cuts, edges, trueEdges,
                generationRadiusCm, mcVariations);
        MonteCarloTemplates mc = combine(results, mcVariations, edges, trueEdges, det.massKg(generationRadiusCm));
        RecoilRates rates = new RecoilRates(settings.physics(), mc.responses()[0].integrationNodesKev());
        List<Templates.SignalKey> grid = Templates.grid(settings);
        Map<Variation, Templates> variations = variedTemplates(mc, mcVariations, rates, simulatedSeconds, observed, edges,
                liveDaysAfterVeto, grid);
        String hash = ctx.lineage().hash();
        writeTemplates(ctx.output(), variations, grid, hash);
        writeResponse(ctx.output(), mc.responses()[0], hash);
        writeWorkspaces(ctx.output(), VariedTemplates.of(variations), settings);
        Templates nominal = variations.get(Systematics.NOMINAL);
        SpectraSummary summary = SpectraSummary.of(flow.get(0).livetimeDays(), liveDaysAfterVeto, fiducialMassKg, edges,
                observed, nominal, simulatedSeconds, stateRuns, mc.responses()[0], variations);
        summary.write(ctx.output());
        return summary;
    }

    private static SimulationSettings recordedBackgroundModel(CommittedStage raw) {
        JsonNode s = raw.settings().get("settings");
        if (s == null) {
            throw new IllegalArgumentException(raw.dir() + " records no simulation settings (raw data from a DAQ "
                    + "converter?): give the background model with --background-model");
        }
        return Json.MAPPER.convertValue(s, SimulationSettings.class);
    }

    /** One Monte Carlo task: a chunk of the response sample or of one background component. */
    record Task(int id, String component, int runId, int chunk, int events, long startNs, long endNs)
            implements Serializable {
        boolean isResponse() {
            return component == null;
        }
    }

    /**
     * One task's counts, per Monte Carlo variation v (index into {@link Systematics#monteCarlo()}): for the response
     * generated and generatedInFiducial per true bin (the same for every variation), passedInFiducial[v] and
     * passed[v] (true bin x analysis bin); for a background component passed[v] per analysis bin.
     */
    record TaskResult(int id, String component, long generated, long[] generatedByTrueBin, long[] generatedInFiducial,
                      long[][] passedInFiducial, long[][] passed) implements Serializable {}

    private List<TaskResult> runMonteCarlo(StageContext ctx, List<Task> tasks, CalibrationTables tables,
                                           SimulationSettings background, double lightYield, SelectionSettings cuts,
                                           double[] edges, double[] trueEdges, double generationRadiusCm,
                                           List<RecoVariation> mcVariations) {
        JavaSparkContext jsc = ctx.jsc();
        LongAccumulator done = jsc.sc().longAccumulator("monte-carlo events");
        long seed = settings.seed();
        String backgroundJson = Json.canonical(background.toJson());
        int slices = partitions > 0 ? partitions : Math.max(1, Math.min(tasks.size(), jsc.defaultParallelism() * 4));
        List<TaskResult> results;
        try (Progress p = new Progress("spectra", "MC events", jsc.statusTracker(), done, ctx.quiet())) {
            var tablesBroadcast = jsc.broadcast(tables);
            results = new ArrayList<>(jsc.parallelize(tasks, slices).mapPartitions(it -> runTasks(it,
                    tablesBroadcast.value(), backgroundJson, lightYield, cuts, edges, trueEdges, generationRadiusCm,
                    seed, mcVariations, done)).collect());
        }
        results.sort((x, y) -> Integer.compare(x.id(), y.id()));
        return results;
    }

    /** Per Monte Carlo variation: the response and the passing counts of every background component. */
    record MonteCarloTemplates(ResponseMatrix[] responses, List<Map<Component, long[]>> passed) {}

    static MonteCarloTemplates combine(List<TaskResult> results, List<RecoVariation> mcVariations, double[] edges,
                                       double[] trueEdges, double generationMassKg) {
        int nv = mcVariations.size();
        int nr = edges.length - 1;
        ResponseMatrix[] responses = new ResponseMatrix[nv];
        List<Map<Component, long[]>> passed = new ArrayList<>();
        for (int v = 0; v < nv; v++) {
            passed.add(new LinkedHashMap<>());
        }
        for (TaskResult r : results) {
            for (int v = 0; v < nv; v++) {
                if (r.component() == null) {
                    ResponseMatrix m = new ResponseMatrix(trueEdges, edges, r.generatedByTrueBin(),
                            r.generatedInFiducial(), r.passedInFiducial()[v], r.passed()[v], generationMassKg);
                    responses[v] = responses[v] == null ? m : responses[v].plus(m);
                } else {
                    long[] sum = passed.get(v).computeIfAbsent(Component.parse(r.component()), k -> new long[nr]);
                    for (int j = 0; j < nr; j++) {
                        sum[j] += r.passed()[v][j];
                    }
                }
            }
        }
        return new MonteCarloTemplates(responses, passed);
    }

    /** The nominal templates and every systematic variation's, by variation name. */
    private Map<Variation, Templates> variedTemplates(MonteCarloTemplates mc, List<RecoVariation> mcVariations,
                                                   RecoilRates rates, Map<Component, Double> simulatedSeconds,
                                                   double[] observed, double[] edges, double liveDaysAfterVeto,
                                                   List<Templates.SignalKey> grid) {
        int nr = edges.length - 1;
        Map<Variation, Templates> variations = new LinkedHashMap<>();
        for (int v = 0; v < mcVariations.size(); v++) {
            Map<String, Histogram> backgrounds = backgroundTemplates(mc.passed().get(v), simulatedSeconds,
                    liveDaysAfterVeto, nr);
            variations.put(Variation.parse(mcVariations.get(v).name()), new Templates(edges, observed, backgrounds,
                    mc.responses()[v],
                    rates, liveDaysAfterVeto));
        }
        Templates nominal = variations.get(Systematics.NOMINAL);
        Variation resolutionUp = Variation.up(Systematics.ENERGY_RESOLUTION);
        if (variations.containsKey(resolutionUp)) {
            variations.put(resolutionUp.partner(), variations.get(resolutionUp).mirroredAbout(nominal, grid));
        }
        // A one-sided variation (the other atomic model) has the nominal as its "down": no atomic model predicts a
        // rate beyond the nominal on the far side (docs/physics.md, "The atomic model as a systematic"), and a
        // mirror of a 2.5-fold change extrapolates the signal below zero, where fits to sparse data cannot converge.
        for (SignalVariation sv : settings.systematics().signalPhysics()) {
            Variation up = Variation.up(sv.label());
            variations.put(up, new Templates(edges, observed, nominal.backgrounds(), mc.responses()[0],
                    new RecoilRates(sv.apply(rates.physics(), 1), mc.responses()[0].integrationNodesKev()),
                    liveDaysAfterVeto));
            variations.put(up.partner(), sv.twoSided() ? new Templates(edges, observed, nominal.backgrounds(),
                    mc.responses()[0], new RecoilRates(sv.apply(rates.physics(), -1),
                    mc.responses()[0].integrationNodesKev()), liveDaysAfterVeto)
                    : nominal);
        }
        return variations;
    }

    /** Counts that passed per component, scaled from the simulated live time to the data's. */
    static Map<String, Histogram> backgroundTemplates(Map<Component, long[]> passed, Map<Component, Double> simulatedSeconds,
                                                      double liveDays, int nr) {
        Map<String, Histogram> backgrounds = new LinkedHashMap<>();
        for (Map.Entry<Component, Double> e : simulatedSeconds.entrySet()) {
            long[] n = passed.getOrDefault(e.getKey(), new long[nr]);
            double scale = liveDays * 86400.0 / e.getValue();
            double[] counts = new double[nr];
            double[] err = new double[nr];
            for (int j = 0; j < nr; j++) {
                counts[j] = n[j] * scale;
                err[j] = Math.sqrt(n[j]) * scale;
            }
            backgrounds.put(e.getKey().label(), new Histogram(counts, err));
        }
        return backgrounds;
    }

    /** k runs spread evenly over the sorted list (first and last included). */
    static List<Integer> spread(List<Integer> runs, int k) {
        if (k >= runs.size()) {
            return runs;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int idx = k == 1 ? runs.size() / 2 : (int) Math.round(i * (runs.size() - 1) / (double) (k - 1));
            out.add(runs.get(idx));
        }
        return out;
    }

    static List<Task> planTasks(SpectraSettings s, SimulationSettings background, CalibrationTables tables,
                                List<Integer> stateRuns, Map<Component, Double> simulatedSeconds) {
        List<Task> tasks = new ArrayList<>();
        int id = 0;
        int per = s.responseEvents() / stateRuns.size();
        for (int r = 0; r < stateRuns.size(); r++) {
            int n = per + (r == 0 ? s.responseEvents() % stateRuns.size() : 0);
            for (int chunk = 0, done = 0; done < n; chunk++) {
                int m = Math.min(s.eventsPerTask(), n - done);
                tasks.add(new Task(id++, null, stateRuns.get(r), chunk, m, 0, 0));
                done += m;
            }
        }
        EnumSet<Component> comps = EnumSet.copyOf(background.componentSet());
        SpectraSettings.NOT_BACKGROUND.forEach(comps::remove);
        ChunkSimulator rateModel = new ChunkSimulator(config(background, comps, s.seed()));
        for (Component c : comps) {
            int total = s.templateEvents(c);
            double seconds = 0;
            for (int r = 0; r < stateRuns.size() && total > 0; r++) {
                int run = stateRuns.get(r);
                double rate = rateModel.ratesHz(runInfo(tables, run), tables.calibration(run)).getOrDefault(c, 0.0);
                if (!(rate > 0)) {
                    continue;
                }
                int n = total / stateRuns.size() + (r == 0 ? total % stateRuns.size() : 0);
                long chunkNs = Math.max(1, Math.round(s.eventsPerTask() / rate * 1e9));
                long endNs = Math.max(1, Math.round(n / rate * 1e9));
                for (int chunk = 0; (long) chunk * chunkNs < endNs; chunk++) {
                    long a = chunk * chunkNs;
                    tasks.add(new Task(id++, c.label(), run, chunk, 0, a, Math.min(endNs, a + chunkNs)));
                }
                seconds += endNs * 1e-9;
            }
            if (seconds > 0) {
                simulatedSeconds.put(c, seconds);
            }
        }
        return tasks;
    }

    static RunInfo runInfo(CalibrationTables tables, int runId) {
        CalibrationTables.CatalogRun r = tables.run(runId);
        return new RunInfo(runId, RunInfo.PHYSICS, 0, 1, r.livetimeS(), 0, null, 0, 0);
    }

    /** The Standard-Model solar spectrum is not simulated here (it comes from the response): a placeholder. */
    private static final TabulatedSpectrum NO_SOLAR = new TabulatedSpectrum(new double[] {1, 2}, new double[] {1e-30, 1e-30});

    static SimulationConfig config(SimulationSettings b, java.util.Set<Component> comps, long seed) {
        return new SimulationConfig(seed, b.detector(), b.activities(), NO_SOLAR, null, comps, b.chunkLivetimeS());
    }

    static Iterator<TaskResult> runTasks(Iterator<Task> it, CalibrationTables tables, String backgroundJson,
                                         double lightYield, SelectionSettings selection, double[] edges,
                                         double[] trueEdges, double generationRadius, long seed,
                                         List<RecoVariation> variations, LongAccumulator done) throws IOException {
        SimulationSettings background = Json.MAPPER.readValue(backgroundJson, SimulationSettings.class);
        DetectorModel det = background.detector();
        Map<Integer, TemplateMonteCarlo> mc = new HashMap<>();
        List<TaskResult> out = new ArrayList<>();
        while (it.hasNext()) {
            Task t = it.next();
            TemplateMonteCarlo m = mc.computeIfAbsent(t.runId(), run -> new TemplateMonteCarlo(det,
                    tables.calibration(run), tables.run(run).tdcNsPerCount(), lightYield, selection, edges));
            int nv = variations.size();
            if (t.isResponse()) {
                TemplateMonteCarlo.ResponseCounts[] r = m.electronRecoils(trueEdges, generationRadius, seed, t.chunk(),
                        t.events(), variations);
                long[][] fid = new long[nv][];
                long[][] pass = new long[nv][];
                for (int v = 0; v < nv; v++) {
                    fid[v] = r[v].passedInFiducial();
                    pass[v] = r[v].passed();
                }
                out.add(new TaskResult(t.id(), null, t.events(), r[0].generated(), r[0].generatedInFiducial(), fid, pass));
                done.add(t.events());
            } else {
                Component c = Component.parse(t.component());
                TemplateMonteCarlo.ComponentCounts[] r = m.component(config(background, EnumSet.of(c), seed),
                        runInfo(tables, t.runId()), t.chunk(), t.startNs(), t.endNs(), variations, seed);
                long[][] pass = new long[nv][];
                for (int v = 0; v < nv; v++) {
                    pass[v] = r[v].passed();
                }
                out.add(new TaskResult(t.id(), t.component(), r[0].generated(), null, null, null, pass));
                done.add(r[0].generated());
            }
        }
        return out.iterator();
    }

    /** The observed histogram: selected events per analysis bin. */
    static double[] observed(StageContext ctx, CommittedStage selection, double[] edges, double lo, double width) {
        int nr = edges.length - 1;
        double[] h = new double[nr];
        TableData t = ParquetTableReader.readAll(ctx.storage(), selection.tableFiles(DataLayout.SELECTED, Tables.SELECTION),
                Tables.SELECTION,
                List.of("energy_kevee"));
        for (double e : t.doubles("energy_kevee")) {
            int b = Math.min((int) Math.floor((e - lo) / width), nr - 1);
            if (b < 0 || b >= nr) {
                throw XmassException.badInput("selected event with energy " + e + " keVee outside the analysis bins "
                        + "(selection " + selection.dir() + ")");
            }
            h[b]++;
        }
        return h;
    }

    /** Every variation's templates in one table file, in the settings' fixed order. */
    private void writeTemplates(StageOutput out, Map<Variation, Templates> variations, List<Templates.SignalKey> grid,
                                String lineageHash) {
        try (ParquetTableWriter w = new ParquetTableWriter(out.storage(), out.resolve(DataLayout.TEMPLATES
                + "/part-00000.zstd.parquet"), Tables.TEMPLATES, Map.of(MetadataKeys.LINEAGE_HASH, lineageHash))) {
            for (Variation v : settings.systematics().variations()) {
                variations.get(v).write(w, grid, v.label());
            }
            out.add(w.finish(out.dir()));
        }
    }

    static void writeResponse(StageOutput out, ResponseMatrix m, String lineageHash) {
        try (ParquetTableWriter w = new ParquetTableWriter(out.storage(), out.resolve(DataLayout.RESPONSE
                + "/part-00000.zstd.parquet"), Tables.RESPONSE, Map.of(MetadataKeys.LINEAGE_HASH, lineageHash))) {
            int trueBin = w.column("true_bin");
            int trueLow = w.column("true_low_kev");
            int trueHigh = w.column("true_high_kev");
            int recoBin = w.column("reco_bin");
            int recoLow = w.column("reco_low_kevee");
            int recoHigh = w.column("reco_high_kevee");
            int generated = w.column("generated");
            int passed = w.column("passed");
            int generatedInFiducial = w.column("generated_in_fiducial");
            int passedInFiducial = w.column("passed_in_fiducial");
            int mass = w.column("generation_mass_kg");
            double[] te = m.trueEdgesKev();
            double[] re = m.recoEdgesKevee();
            int nr = m.recoBins();
            for (int i = 0; i < m.trueBins(); i++) {
                for (int j = 0; j < nr; j++) {
                    w.set(trueBin, i).set(trueLow, te[i]).set(trueHigh, te[i + 1]).set(recoBin, j).set(recoLow, re[j])
                            .set(recoHigh, re[j + 1]).set(generated, m.generated()[i]).set(passed, m.passed()[i * nr + j])
                            .set(generatedInFiducial, m.generatedInFiducial()[i])
                            .set(passedInFiducial, m.passedInFiducial()[i]).set(mass, m.generationMassKg()).endRow();
                }
            }
            out.add(w.finish(out.dir()));
        }
    }

    /**
     * Every model's pyhf workspaces (PyhfExport: plain workspaces for the models linear in a power of their coupling,
     * a background-only workspace and a scan of signal patches for the others), with every systematic variation as a
     * histosys modifier: the likelihood the fit stage profiles by default.
     */
    static void writeWorkspaces(StageOutput out, VariedTemplates t, SpectraSettings s) {
        PyhfExport.write(out, DataLayout.WORKSPACES, PyhfExport.files(Templates.grid(s).stream().map(t::inputs).toList(),
                FitSettings.XMASS_I, t.systematicNames()));
    }
}
