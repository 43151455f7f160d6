package xmassnu.jobs.spectra;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.fits.analysis.FitSettings;
import xmassnu.fits.response.ResponseMatrix;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.fit.FitJob;
import xmassnu.jobs.testing.SmallDataset;
import xmassnu.jobs.testing.SparkTestSession;

class SpectraAndFitJobTest {
    static SparkSession spark;
    /** Small Monte Carlo samples and a 3-mass grid keep the test to seconds. */
    static final SpectraSettings SMALL = new SpectraSettings(7, 2.0, 0.3, 45, 24, 12_000, 0, 2, 1_500,
            Map.of("muon", 20, "pmt-gamma", 3_000), 2_000, List.of("millicharge", "magnetic-moment", "b-l"),
            List.of("all", "e"), 3, 1e-3, 10, "b16-gs98", "standard", Systematics.XMASS_I);

    @BeforeAll
    static void setUp() {
        spark = SparkTestSession.get();
        SmallDataset.selected();
    }

    static Path dataset(Path tmp) throws Exception {
        return SmallDataset.copy(tmp.resolve("d"), "raw", "events", "selection");
    }

    static List<Row> templateRows(Path dir) {
        return templateRows(dir, "nominal");
    }

    static List<Row> templateRows(Path dir, String variation) {
        return spark.read().parquet(dir.resolve("spectra/templates").toString()).filter(col("variation").equalTo(variation))
                .orderBy("sample", "component", "model", "flavour", "mass_mev", "bin_index").collectAsList();
    }

    @Test
    void spectraAreIndependentOfPartitioningAndConsistentWithTheSelection(@TempDir Path tmp) throws Exception {
        Path a = dataset(tmp.resolve("a"));
        Path b = dataset(tmp.resolve("b"));
        SpectraJob.Result ra = SpectraJob.run(spark, new SpectraJob.Request(a, SMALL, null, 1, false, true));
        SpectraJob.Result rb = SpectraJob.run(spark, new SpectraJob.Request(b, SMALL, null, 5, false, true));
        for (String v : SMALL.systematics().names()) {
            assertEquals(templateRows(a, v), templateRows(b, v), "1 vs 5 partitions, " + v);
        }
        assertEquals(ra.expectedBackground(), rb.expectedBackground());

        // the observed histogram holds exactly the selected events
        long selected = xmassnu.jobs.spark.SparkSchemas.read(spark, xmassnu.schemas.Tables.SELECTION, a.resolve("selection/selected")).count();
        assertEquals(selected, ra.observed(), 0);
        // templates integrate to what the summary reports, per component
        Templates t = Templates.fromRows(templateRows(a));
        ra.expectedBackground().forEach((c, n) -> assertEquals(n, t.backgrounds().get(c).total(), 1e-9 * (1 + n), c));
        // grid: 2 flavours x (millicharge + magnetic moment + 3 masses)
        assertEquals(2 * 5, t.signalKeys().size());
        // rerun with the same inputs: reused
        assertTrue(SpectraJob.run(spark, new SpectraJob.Request(a, SMALL, null, 0, false, true)).reused());

        // the Standard-Model template against an independent estimate: rate x fiducial mass x live time x efficiency
        JsonNode sum = SpectraJob.readSummary(a.resolve("spectra"));
        List<Row> resp = spark.read().parquet(a.resolve("spectra/response").toString()).orderBy("true_bin", "reco_bin")
                .collectAsList();
        int nt = SMALL.trueBins();
        int nr = resp.size() / nt;
        long[] gen = new long[nt];
        long[] genFid = new long[nt];
        long[] passFid = new long[nt];
        long[] passed = new long[nt * nr];
        for (Row r : resp) {
            int i = r.getAs("true_bin");
            gen[i] = r.getAs("generated");
            genFid[i] = r.getAs("generated_in_fiducial");
            passFid[i] = r.getAs("passed_in_fiducial");
            passed[i * nr + (int) r.getAs("reco_bin")] = r.getAs("passed");
        }
        double[] edges = t.edges();
        ResponseMatrix m = new ResponseMatrix(ResponseMatrix.logEdges(0.3, 45, nt), edges, gen, genFid, passFid, passed,
                sum.get("response_generation_mass_kg").asDouble());
        assertTrue(m.efficiency()[nt - 6] > 0.5, "efficiency at ~20 keV: " + m.efficiency()[nt - 6]);
        assertTrue(sum.get("exposure_kg_day").asDouble() > 0);
    }

    @Test
    void fitGivesAStatusAndAnOrderedBandForEveryGridPointAndWritesAllOutputs(@TempDir Path tmp) throws Exception {
        Path d = dataset(tmp);
        SpectraJob.run(spark, new SpectraJob.Request(d, SMALL, null, 0, false, true));
        FitJob.Result r = FitJob.run(spark, new FitJob.Request(d, FitSettings.XMASS_I, 1, false, true));
        assertEquals(10, r.points().size());
        for (FitJob.Point p : r.points()) {
            assertEquals("converged", p.status(), p.key() + ": " + p.reason());
            // by default every systematic of the spectra is profiled
            assertEquals("energy-resolution,energy-scale,fiducial-radius,solar-flux,surface-shape", p.profiledSystematics());
            double[] e = p.expected();
            for (int k = 1; k < 5; k++) {
                assertTrue(e[k] > e[k - 1], p.key() + " band " + java.util.Arrays.toString(e));
            }
            assertTrue(Double.isFinite(p.observed()) && p.observed() > 0);
        }
        Path limits = d.resolve(FitJob.LIMITS);
        assertEquals(10, spark.read().parquet(limits.resolve("grid").toString()).filter(col("status").equalTo("converged")).count());
        assertEquals(11, Files.readAllLines(limits.resolve("limits.csv")).size());
        // HEPData: one table per figure (HepDataTables), the B-L exclusion over the mass
        assertTrue(Files.readString(limits.resolve("hepdata/submission.yaml")).contains("data_file: B-L_exclusion.yaml"));
        assertTrue(Files.size(limits.resolve("plots/exclusion-b-l.png")) > 10_000);
        assertTrue(Files.size(limits.resolve("plots/exclusion-b-l.svg")) > 10_000);
        assertTrue(Files.exists(d.resolve("spectra/workspaces/magnetic-moment-all.json")));
        // the exported magnetic-moment workspace is plain pyhf JSON, with the systematics as histosys modifiers
        JsonNode ws = Json.MAPPER.readTree(d.resolve("spectra/workspaces/magnetic-moment-all.json").toFile());
        assertEquals("coupling_over_reference", ws.get("measurements").get(0).get("config").get("poi").asText());
        long histosys = 0;
        for (JsonNode sample : ws.get("channels").get(0).get("samples")) {
            for (JsonNode m : sample.get("modifiers")) {
                histosys += "histosys".equals(m.get("type").asText()) ? 1 : 0;
            }
        }
        assertTrue(histosys >= 5 * 2, "histosys modifiers: " + histosys);
        FitJob.Result again = FitJob.run(spark, new FitJob.Request(d, FitSettings.XMASS_I, 1, false, true));
        assertTrue(again.reused());
        assertEquals(r.points().size(), again.points().size());

        // projection to a longer exposure: the background-only Asimov observation gives observed = median expected,
        // and 100x the exposure tightens every limit
        FitJob.Result projected = FitJob.run(spark, new FitJob.Request(d, FitSettings.XMASS_I, 1, 0.3, false, true));
        assertTrue(Files.isRegularFile(d.resolve("projection-0.3d/limits.csv")));
        for (int i = 0; i < projected.points().size(); i++) {
            FitJob.Point p = projected.points().get(i);
            assertEquals("converged", p.status(), p.key() + ": " + p.reason());
            assertEquals(p.expected()[2], p.observed(), 2e-3 * p.expected()[2], p.key().toString());
            assertTrue(p.expected()[2] < r.points().get(i).expected()[2], p.key() + " tighter with more exposure");
        }
    }

    @Test
    void systematicVariationsMoveTheTemplatesTheWayTheyShouldAndTheSweepFansThemOut(@TempDir Path tmp) throws Exception {
        Path d = dataset(tmp);
        SpectraJob.run(spark, new SpectraJob.Request(d, SMALL, null, 0, false, true));
        List<String> names = spark.read().parquet(d.resolve("spectra/templates").toString()).select("variation").distinct()
                .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
        assertEquals(SMALL.systematics().names().stream().sorted().toList(), names);
        Templates nominal = Templates.fromRows(templateRows(d, "nominal"));
        java.util.function.Function<String, Templates> t = v -> Templates.fromRows(templateRows(d, v));
        double sm = nominal.standardModel().total();
        // fluxes +1 sigma (pp 0.6 %, 7Be 6 %): the Standard Model grows by between those, the backgrounds stay
        Templates fluxUp = t.apply("solar-flux:up");
        assertTrue(fluxUp.standardModel().total() / sm > 1.006 && fluxUp.standardModel().total() / sm < 1.06);
        assertEquals(nominal.backgrounds().get("pb214").total(), fluxUp.backgrounds().get("pb214").total());
        // reconstructed radii 0.3 cm larger: fewer solar recoils in the fiducial volume; smaller: more
        assertTrue(t.apply("fiducial-radius:up").standardModel().total() < sm);
        assertTrue(t.apply("fiducial-radius:down").standardModel().total() > sm);
        // surface-type backgrounds reconstructed 1 cm further in: more of them leak in; the bulk ones do not move
        Templates surfaceUp = t.apply("surface-shape:up");
        double surfaceNominal = 0;
        double surfaceVaried = 0;
        for (String c : List.of("surface-pb210", "gap-pb210", "pmt-gamma")) {
            surfaceNominal += nominal.backgrounds().get(c).total();
            surfaceVaried += surfaceUp.backgrounds().get(c).total();
        }
        assertTrue(surfaceVaried > surfaceNominal, surfaceVaried + " vs " + surfaceNominal);
        assertEquals(nominal.backgrounds().get("pb214").total(), surfaceUp.backgrounds().get("pb214").total());
        assertEquals(sm, surfaceUp.standardModel().total());
        // the resolution down variation is the up one mirrored about the nominal
        double[] up = t.apply("energy-resolution:up").standardModel().counts();
        double[] down = t.apply("energy-resolution:down").standardModel().counts();
        double[] nom = nominal.standardModel().counts();
        for (int j = 0; j < nom.length; j++) {
            assertEquals(Math.max(0, 2 * nom[j] - up[j]), down[j], 1e-12 * (1 + nom[j]));
        }

        // the sweep: one task per (point, variation); the nominal entry reproduces the fit stage's limits without
        // profiling (the sweep's limits never profile)
        FitJob.Result fit = FitJob.run(spark, new FitJob.Request(d, FitSettings.XMASS_I.withProfileSystematics(false), 1,
                false, true));
        assertTrue(fit.points().stream().allMatch(p -> p.profiledSystematics().isEmpty()));
        xmassnu.jobs.fit.SweepJob.Result sweep = xmassnu.jobs.fit.SweepJob.run(spark, new xmassnu.jobs.fit.SweepJob.Request(d,
                FitSettings.XMASS_I, 1, List.of("solar-flux:up", "fiducial-radius:up"), 1, false, true));
        assertEquals(List.of("nominal", "solar-flux:up", "fiducial-radius:up"), sweep.variations());
        assertEquals(3 * fit.points().size(), sweep.points().size());
        for (FitJob.Point p : fit.points()) {
            FitJob.Point s = sweep.points().stream().filter(x -> x.variation().equals("nominal") && x.key().equals(p.key()))
                    .findFirst().orElseThrow();
            assertEquals(p.observed(), s.observed(), 1e-9 * p.observed(), p.key().toString());
        }
        // more solar neutrinos per unit coupling: every limit tightens
        for (xmassnu.jobs.fit.SweepJob.Shift s : sweep.shifts()) {
            assertTrue(Double.isFinite(s.expectedMedianRatio()) && s.expectedMedianRatio() > 0, s.toString());
            if (s.variation().equals("solar-flux:up")) {
                assertTrue(s.expectedMedianRatio() < 1, s.toString());
            }
        }
        assertEquals(1 + 2 * fit.points().size(), Files.readAllLines(d.resolve("sweep/shifts.csv")).size());
        // profiling the systematics adds nuisance parameters: no expected limit gets tighter, some get weaker, and
        // none moves by more than the sweep's shifts could explain
        FitJob.Result profiled = FitJob.run(spark, new FitJob.Request(d, FitSettings.XMASS_I, 1, true, true));
        boolean someWeaker = false;
        for (int i = 0; i < fit.points().size(); i++) {
            FitJob.Point plain = fit.points().get(i);
            FitJob.Point prof = profiled.points().get(i);
            assertEquals(plain.key(), prof.key());
            assertEquals("converged", prof.status(), prof.key() + ": " + prof.reason());
            double ratio = prof.expected()[2] / plain.expected()[2];
            assertTrue(ratio > 0.999 && ratio < 1.5, prof.key() + ": profiled / plain expected median " + ratio);
            someWeaker |= ratio > 1.001;
        }
        assertTrue(someWeaker, "profiling changed no expected limit");
        assertTrue(Files.isRegularFile(d.resolve("sweep/solar-flux-up/_lineage.json")));
        // a second sweep reuses every committed variation
        xmassnu.jobs.fit.SweepJob.Result again = xmassnu.jobs.fit.SweepJob.run(spark, new xmassnu.jobs.fit.SweepJob.Request(d,
                FitSettings.XMASS_I, 1, List.of("solar-flux:up", "fiducial-radius:up"), 1, false, true));
        assertEquals(sweep.variations(), again.reused());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> xmassnu.jobs.fit.SweepJob.run(spark, new xmassnu.jobs.fit.SweepJob.Request(d, FitSettings.XMASS_I, 1,
                        List.of("energy-scale:sideways"), 1, false, true)));
        assertTrue(e.getMessage().contains("energy-scale:up"), e.getMessage());
    }
}
