package xmassnu.jobs.spectra;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.analysis.Histogram;
import xmassnu.fits.physics.RecoilRates;
import xmassnu.fits.response.ResponseMatrix;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.export.PyhfExport;
import xmassnu.jobs.io.ParquetTableWriter;
import xmassnu.jobs.io.Progress;
import xmassnu.jobs.io.StageDirectory;
import xmassnu.jobs.lineage.Lineage;
import xmassnu.jobs.reduce.CalibrationTables;
import xmassnu.jobs.reduce.ReduceJob;
import xmassnu.jobs.select.SelectJob;
import xmassnu.jobs.simulate.SimulateJob;
import xmassnu.jobs.simulate.SolarSpectra;
import xmassnu.jobs.spark.SparkSchemas;
import xmassnu.reduction.cuts.SelectionSettings;
import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.mc.RecoVariation;
import xmassnu.reduction.mc.TemplateMonteCarlo;
import xmassnu.reduction.sim.ChunkSimulator;
import xmassnu.reduction.sim.Component;
import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.SimulationConfig;
import xmassnu.reduction.sim.TabulatedSpectrum;
import xmassnu.schemas.Tables;

/**
 * The spectra stage: the observed histogram of the selected events; the electron-recoil response and background
 * templates from Monte Carlo samples run through the same simulation, reduction kernel (the data's calibration
 * tables and 57Co light yield) and cut definitions as the data, fanned out over Spark tasks; and the signal
 * templates of every model, flavour case and mediator mass as polynomial pieces folded through the response.
 * Writes DIR/spectra/{templates, response} (Parquet), _spectra.json and pyhf workspaces of the models that are
 * linear in a power of their coupling.
 */
public final class SpectraJob {
    public static final String SPECTRA = "spectra";
    public static final String SUMMARY = "_spectra.json";
    public static final String WORKSPACES = "workspaces";

    private SpectraJob() {}

    /** @param backgroundModel activities of the background Monte Carlo; null: those recorded with the raw data */
    /** @param partitions Spark partitions of the Monte Carlo tasks; 0: 4 per core (the result does not depend on it) */
    public record Request(Path dataDir, SpectraSettings settings, SimulationSettings backgroundModel, int partitions,
                          boolean force, boolean quiet) {}

    public record Result(boolean reused, Path dir, double exposureKgDay, double observed,
                         Map<String, Double> expectedBackground, double expectedSolarSm, double wallSeconds) {}

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

    public static Result run(SparkSession spark, Request req) {
        long t0 = System.nanoTime();
        Path data = req.dataDir();
        Path selectionDir = data.resolve(SelectJob.SELECTION);
        String selectionHash = StageDirectory.committedHash(selectionDir, "a committed selection",
                "bin/xmass select --data " + data);
        Path raw = data.resolve(SimulateJob.RAW);
        SelectionSettings selection = Json.MAPPER.convertValue(Lineage.recordedConfiguration(selectionDir),
                SelectionSettings.class);
        SimulationSettings background = req.backgroundModel() != null ? req.backgroundModel()
                : Json.MAPPER.convertValue(Lineage.recordedConfiguration(raw).get("settings"), SimulationSettings.class);
        double lightYield = readLightYield(data.resolve(ReduceJob.EVENTS));
        SpectraSettings s = req.settings();

        ObjectNode conf = Json.MAPPER.createObjectNode();
        conf.set("settings", Json.MAPPER.valueToTree(s));
        conf.set("background_model", background.toJson());
        conf.put("light_yield_pe_per_kev", lightYield);
        Lineage lineage = Lineage.of("spectra", conf, List.of(selectionHash, Lineage.recordedHash(raw).orElseThrow()));
        Path dir = data.resolve(SPECTRA);
        StageDirectory stage = new StageDirectory(dir, lineage);
        if (stage.isCommitted() && !req.force()) {
            JsonNode sum = readSummary(dir);
            Map<String, Double> bkg = new LinkedHashMap<>();
            sum.get("expected_background").fields().forEachRemaining(e -> bkg.put(e.getKey(), e.getValue().asDouble()));
            return new Result(true, dir, sum.get("exposure_kg_day").asDouble(), sum.get("observed").asDouble(), bkg,
                    sum.get("expected_solar_sm").asDouble(), 0);
        }
        DetectorModel det = background.detector();
        List<SelectJob.Step> flow = SelectJob.readTotal(spark, selectionDir);
        SelectJob.Step last = flow.get(flow.size() - 1);
        double liveDaysAfterVeto = last.livetimeDays();
        double fiducialMassKg = det.massKg(selection.fiducialRadiusCm());
        double[] edges = s.analysisEdges(selection.energyMinKevee(), selection.energyMaxKevee());
        int nr = edges.length - 1;

        CalibrationTables tables = CalibrationTables.load(spark, raw);
        List<Integer> physicsRuns = tables.runs().values().stream().filter(r -> !r.isCalibration())
                .map(CalibrationTables.CatalogRun::runId).sorted().toList();
        if (physicsRuns.isEmpty()) {
            throw new IllegalArgumentException(raw + ": no physics runs in the run catalog");
        }
        List<Integer> stateRuns = spread(physicsRuns, s.responseRuns());
        double generationRadius = s.generationRadiusCm() == 0 ? det.pmtRadiusCm() : s.generationRadiusCm();
        double[] trueEdges = ResponseMatrix.logEdges(s.trueEnergyMinKev(), s.trueEnergyMaxKev(), s.trueBins());
        Map<Component, Double> simulatedSeconds = new LinkedHashMap<>();
        List<Task> tasks = planTasks(s, background, tables, stateRuns, simulatedSeconds);

        Path staging = stage.begin(req.force());
        try {
            double[] observed = observed(spark, selectionDir, edges, selection.energyMinKevee(), s.binWidthKevee());
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            LongAccumulator done = spark.sparkContext().longAccumulator("monte-carlo events");
            long seed = s.seed();
            String backgroundJson = Json.canonical(background.toJson());
            int partitions = req.partitions() > 0 ? req.partitions()
                    : Math.max(1, Math.min(tasks.size(), jsc.defaultParallelism() * 4));
            List<RecoVariation> mcVariations = s.systematics().monteCarlo();
            List<TaskResult> results;
            try (Progress p = new Progress("spectra", "MC events", jsc.statusTracker(), done, req.quiet())) {
                var tablesBroadcast = jsc.broadcast(tables);
                results = new ArrayList<>(jsc.parallelize(tasks, partitions).mapPartitions(it -> runTasks(it, tablesBroadcast.value(),
                        backgroundJson, lightYield, selection, edges, trueEdges, generationRadius, seed, mcVariations,
                        done)).collect());
            }
            results.sort((x, y) -> Integer.compare(x.id(), y.id()));

            // per Monte Carlo variation: the response and the background templates
            int nv = mcVariations.size();
            ResponseMatrix[] responses = new ResponseMatrix[nv];
            List<Map<Component, long[]>> passed = new ArrayList<>();
            for (int v = 0; v < nv; v++) {
                passed.add(new LinkedHashMap<>());
            }
            for (TaskResult r : results) {
                for (int v = 0; v < nv; v++) {
                    if (r.component() == null) {
                        ResponseMatrix m = new ResponseMatrix(trueEdges, edges, r.generatedByTrueBin(),
                                r.generatedInFiducial(), r.passedInFiducial()[v], r.passed()[v], det.massKg(generationRadius));
                        responses[v] = responses[v] == null ? m : responses[v].plus(m);
                    } else {
                        long[] sum = passed.get(v).computeIfAbsent(Component.parse(r.component()), k -> new long[nr]);
                        for (int j = 0; j < nr; j++) {
                            sum[j] += r.passed()[v][j];
                        }
                    }
                }
            }
            ResponseMatrix response = responses[0];
            RecoilRates rates = new RecoilRates(SolarSpectra.physics(s.flux(), s.millichargeConvention()),
                    response.integrationNodesKev());
            List<Templates.SignalKey> grid = Templates.grid(s);
            Map<String, Templates> variations = new LinkedHashMap<>();
            for (int v = 0; v < nv; v++) {
                Map<String, Histogram> backgrounds = backgroundTemplates(passed.get(v), simulatedSeconds, liveDaysAfterVeto, nr);
                variations.put(mcVariations.get(v).name(), new Templates(edges, observed, backgrounds, responses[v], rates,
                        liveDaysAfterVeto));
            }
            Templates templates = variations.get(Systematics.NOMINAL);
            if (variations.containsKey("energy-resolution:up")) {
                variations.put(Systematics.ENERGY_RESOLUTION_DOWN,
                        variations.get("energy-resolution:up").mirroredAbout(templates, grid));
            }
            if (s.systematics().solarFlux()) {
                for (int sign : new int[] {1, -1}) {
                    RecoilRates shifted = new RecoilRates(rates.physics().withFluxShiftSigma(sign),
                            response.integrationNodesKev());
                    variations.put(sign > 0 ? Systematics.SOLAR_FLUX_UP : Systematics.SOLAR_FLUX_DOWN, new Templates(edges,
                            observed, templates.backgrounds(), response, shifted, liveDaysAfterVeto));
                }
            }
            // small tables, written on the driver as one file each (no rows shipped inside a Spark task)
            Map<String, String> meta = Map.of(xmassnu.schemas.MetadataKeys.LINEAGE_HASH, lineage.hash());
            try (ParquetTableWriter w = new ParquetTableWriter(Tables.TEMPLATES,
                    staging.resolve("templates").resolve("part-00000.zstd.parquet"), meta)) {
                for (String name : s.systematics().names()) {
                    variations.get(name).write(w, grid, name);
                }
            }
            try (ParquetTableWriter w = new ParquetTableWriter(Tables.RESPONSE,
                    staging.resolve("response").resolve("part-00000.zstd.parquet"), meta)) {
                writeResponse(w, response);
            }
            writeWorkspaces(VariedTemplates.of(variations), s, staging.resolve(WORKSPACES));
            Map<String, Double> expected = new LinkedHashMap<>();
            templates.backgrounds().forEach((k, v) -> expected.put(k, v.total()));
            double sm = templates.standardModel().total();
            double obsTotal = java.util.Arrays.stream(observed).sum();
            writeSummary(staging, flow.get(0).livetimeDays(), liveDaysAfterVeto, fiducialMassKg, edges, obsTotal, expected, sm, simulatedSeconds,
                    stateRuns, response, variations);
            stage.commit();
            return new Result(false, dir, liveDaysAfterVeto * fiducialMassKg, obsTotal, expected, sm,
                    (System.nanoTime() - t0) * 1e-9);
        } catch (RuntimeException e) {
            stage.abort();
            throw e;
        }
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

    static double[] observed(SparkSession spark, Path selectionDir, double[] edges, double lo, double width) {
        int nr = edges.length - 1;
        double[] h = new double[nr];
        List<Row> counts = SparkSchemas.read(spark, Tables.SELECTION, selectionDir.resolve(SelectJob.SELECTED))
                .select(least(floor(col("energy_kev").minus(lo).divide(width)), lit(nr - 1)).cast("int").alias("bin"))
                .groupBy("bin").count().collectAsList();
        for (Row r : counts) {
            int b = r.getInt(0);
            if (b < 0 || b >= nr) {
                throw new IllegalStateException("selected event with energy outside the analysis bins (bin " + b + ")");
            }
            h[b] = r.getLong(1);
        }
        return h;
    }

    static double readLightYield(Path eventsDir) {
        Path f = eventsDir.resolve(ReduceJob.CALIBRATION);
        try {
            JsonNode n = Json.MAPPER.readTree(f.toFile()).get("light_yield_pe_per_kev");
            if (n == null || !(n.asDouble() > 0)) {
                throw new IllegalArgumentException(f + " has no light_yield_pe_per_kev");
            }
            return n.asDouble();
        } catch (IOException e) {
            throw new IllegalArgumentException(f + " cannot be read (is " + eventsDir + " a committed event table?): "
                    + e.getMessage());
        }
    }

    static void writeResponse(ParquetTableWriter w, ResponseMatrix m) {
        double[] te = m.trueEdgesKev();
        double[] re = m.recoEdgesKevee();
        int nr = m.recoBins();
        for (int i = 0; i < m.trueBins(); i++) {
            for (int j = 0; j < nr; j++) {
                w.add(i).add(te[i]).add(te[i + 1]).add(j).add(re[j]).add(re[j + 1]).add(m.generated()[i])
                        .add(m.passed()[i * nr + j]).add(m.generatedInFiducial()[i]).add(m.passedInFiducial()[i])
                        .add(m.generationMassKg());
            }
        }
    }

    /**
     * Every model's likelihood as pyhf JSON (PyhfExport: a workspace for the magnetic moment, a background-only
     * workspace and a coupling scan for the polynomial models), with every systematic variation as a histosys
     * modifier: the likelihood the fit stage profiles by default (FitSettings.profileSystematics).
     */
    static void writeWorkspaces(VariedTemplates t, SpectraSettings s, Path dir) {
        try {
            PyhfExport.write(dir, PyhfExport.files(Templates.grid(s).stream().map(t::inputs).toList(),
                    FitSettings.XMASS_I, t.systematicNames()));
        } catch (IOException e) {
            throw new UncheckedIOException("writing workspaces into " + dir, e);
        }
    }

    static void writeSummary(Path staging, double liveDaysBeforeVeto, double liveDays, double massKg, double[] edges, double observed,
                             Map<String, Double> expected, double sm, Map<Component, Double> simulatedSeconds,
                             List<Integer> stateRuns, ResponseMatrix response, Map<String, Templates> variations) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("livetime_days", liveDaysBeforeVeto);
        n.put("livetime_days_after_veto", liveDays);
        n.put("fiducial_mass_kg", massKg);
        n.put("exposure_kg_day", liveDays * massKg);
        var e = n.putArray("analysis_edges_kevee");
        for (double x : edges) {
            e.add(x);
        }
        n.put("observed", observed);
        ObjectNode b = n.putObject("expected_background");
        expected.forEach(b::put);
        n.put("expected_solar_sm", sm);
        ObjectNode sim = n.putObject("template_simulated_livetime_s");
        simulatedSeconds.forEach((c, v) -> sim.put(c.label(), v));
        var runs = n.putArray("detector_state_runs");
        stateRuns.forEach(runs::add);
        long gen = java.util.Arrays.stream(response.generated()).sum();
        n.put("response_generated", gen);
        n.put("response_generation_mass_kg", response.generationMassKg());
        // each variation's expected totals in the analysis window, for a first look at its size
        ObjectNode byVariation = n.putObject("expected_by_variation");
        variations.forEach((name, t) -> {
            ObjectNode v = byVariation.putObject(name);
            double bkg = 0;
            for (Histogram h : t.backgrounds().values()) {
                bkg += h.total();
            }
            v.put("background", bkg);
            v.put("solar_sm", t.standardModel().total());
        });
        try {
            Files.writeString(staging.resolve(SUMMARY), Json.canonicalPretty(n));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static JsonNode readSummary(Path dir) {
        try {
            return Json.MAPPER.readTree(dir.resolve(SUMMARY).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + dir.resolve(SUMMARY), e);
        }
    }
}
