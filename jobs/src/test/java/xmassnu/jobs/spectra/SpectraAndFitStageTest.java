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
import xmassnu.fits.physics.Model;
import xmassnu.fits.response.ResponseMatrix;
import xmassnu.jobs.config.Json;
import xmassnu.jobs.fit.FitStage;
import xmassnu.jobs.fit.FitStatus;
import xmassnu.jobs.fit.GridPoint;
import xmassnu.jobs.fit.SweepStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.StageRunner;
import xmassnu.jobs.testing.SmallDataset;
import xmassnu.jobs.testing.SparkTestSession;
import xmassnu.jobs.testing.Stages;

class SpectraAndFitStageTest {
    static SparkSession spark;
    /** Small Monte Carlo samples and a 3-mass grid keep the test to seconds. */
    static final SpectraSettings SMALL = new SpectraSettings(7, 2.0, 0.3, 45, 24, 12_000, 0, 2, 1_500,
            Map.of("muon", 20, "pmt-gamma", 3_000), 2_000, List.of("millicharge", "magnetic-moment", "b-l"),
            List.of("all", "e"), 3, 1e-3, 10, "b16-gs98", "standard", Systematics.XMASS_I, "stepping");

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

    static Templates templates(Path dir, String variation) {
        Variation v = Variation.parse(variation);
        return VariedTemplates.read(Stages.storage(), Stages.committed(dir, DataLayout.SPECTRA), List.of(v)).get(v);
    }

    static StageRunner.Outcome<SpectraSummary> spectra(Path dir, int partitions) {
        return Stages.run(dir, new SpectraStage(SMALL, null, partitions), false);
    }

    static StageRunner.Outcome<List<GridPoint>> fit(Path dir, FitSettings s, Double projectLiveDays) {
        return Stages.run(dir, new FitStage(s, 1, projectLiveDays), false);
    }

    static SweepStage.Result sweep(Path dir, List<String> variations) {
        try (StageRunner r = Stages.runner(dir)) {
            return SweepStage.run(r, FitSettings.XMASS_I, 1, variations.stream().map(Variation::parse).toList(),
                    VariedTemplates.available(Stages.storage(), Stages.committed(dir, DataLayout.SPECTRA)), 1, false);
        }
    }

    static List<Row> templateRows(Path dir, String variation) {
        return spark.read().parquet(dir.resolve("spectra/templates").toString()).filter(col("variation").equalTo(variation))
                .orderBy("sample", "component", "model", "flavour", "mass_mev", "bin_index").collectAsList();
    }

    @Test
    void spectraAreIndependentOfPartitioningAndConsistentWithTheSelection(@TempDir Path tmp) throws Exception {
        Path a = dataset(tmp.resolve("a"));
        Path b = dataset(tmp.resolve("b"));
        SpectraSummary ra = spectra(a, 1).result();
        SpectraSummary rb = spectra(b, 5).result();
        for (Variation v : SMALL.systematics().variations()) {
            assertEquals(templateRows(a, v.label()), templateRows(b, v.label()), "1 vs 5 partitions, " + v);
        }
        assertEquals(ra.expectedBackground(), rb.expectedBackground());

        // the observed histogram holds exactly the selected events
        long selected = spark.read().parquet(a.resolve("selection/selected").toString()).count();
        assertEquals(selected, ra.observed(), 0);
        // templates integrate to what the summary reports, per component
        Templates t = templates(a, "nominal");
        ra.expectedBackground().forEach((c, n) -> assertEquals(n, t.backgrounds().get(c).total(), 1e-9 * (1 + n), c));
        // grid: 2 flavours x (millicharge + magnetic moment + 3 masses)
        assertEquals(2 * 5, t.signalKeys().size());
        // rerun with the same inputs: reused
        assertTrue(spectra(a, 0).reused());

        // the Standard-Model template against an independent estimate: rate x fiducial mass x live time x efficiency
        JsonNode sum = ra.json();
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
        spectra(d, 0);
        List<GridPoint> r = fit(d, FitSettings.XMASS_I, null).result();
        // 2 flavours x (millicharge x 3 rows: both signs, eps > 0, eps < 0; magnetic moment; 3 B-L masses)
        assertEquals(2 * (3 + 1 + 3), r.size());
        for (GridPoint p : r) {
            assertEquals(FitStatus.CONVERGED, p.status(), p.key() + ": " + p.reason());
            assertTrue(p.observation().converged(), p.key() + " " + p.couplingSign() + ": " + p.observation().reason());
            assertEquals(p.key().model().signedCoupling(), p.couplingSign() != null, p.key().toString());
            // by default every systematic of the spectra is profiled that moves the point's templates: the mixing
            // angles move only the single-flavour nu_mu and nu_tau signals (the test's grid has all and e), the
            // atomic model the millicharge and the light B-L mediator, not the magnetic moment (docs/physics.md)
            String detector = "energy-resolution,energy-scale,fiducial-radius,solar-flux,surface-shape";
            if (p.key().model() == Model.MAGNETIC_MOMENT) {
                assertEquals(detector, p.profiledSystematics(), p.key().describe());
            } else if (p.key().model() == Model.MILLICHARGE || p.key().massMev() < 0.01) {
                assertEquals("atomic-model," + detector, p.profiledSystematics(), p.key().describe());
            } else {
                assertTrue(p.profiledSystematics().endsWith(detector), p.key().describe());
            }
            double[] e = p.expected().toArray();
            for (int k = 1; k < 5; k++) {
                assertTrue(e[k] > e[k - 1], p.key() + " band " + java.util.Arrays.toString(e));
            }
            assertTrue(Double.isFinite(p.observed()) && p.observed() > 0);
        }
        Path limits = d.resolve(DataLayout.LIMITS);
        assertEquals(14, spark.read().parquet(limits.resolve("grid").toString())
                .filter(col("status").equalTo("converged")).count());
        assertEquals(15, Files.readAllLines(limits.resolve("limits.csv")).size());
        // the limit on |eps| is the weaker of the two signs'
        for (GridPoint p : r) {
            if (p.couplingSign() != null && p.couplingSign() == 0) {
                double weaker = r.stream().filter(q -> q.key().equals(p.key()) && q.couplingSign() != 0)
                        .mapToDouble(GridPoint::observed).max().orElseThrow();
                assertEquals(weaker, p.observed(), 0, p.key().toString());
            }
        }
        assertTrue(Files.isRegularFile(limits.resolve(DataLayout.GOODNESS_OF_FIT)));
        assertTrue(Files.isRegularFile(limits.resolve(DataLayout.SIGNIFICANCE)));
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
        StageRunner.Outcome<List<GridPoint>> again = fit(d, FitSettings.XMASS_I, null);
        assertTrue(again.reused());
        assertEquals(r, again.result(), "the reused grid reads back as written");

        // projection to a longer exposure: the background-only Asimov observation gives observed = median expected,
        // and 100x the exposure tightens every limit
        List<GridPoint> projected = fit(d, FitSettings.XMASS_I, 0.3).result();
        assertTrue(Files.isRegularFile(d.resolve("projection-0.3d/limits.csv")));
        for (int i = 0; i < projected.size(); i++) {
            GridPoint p = projected.get(i);
            assertEquals(FitStatus.CONVERGED, p.status(), p.key() + ": " + p.reason());
            assertEquals(p.expected().median(), p.observed(), 2e-3 * p.expected().median(), p.key().toString());
            assertTrue(p.expected().median() < r.get(i).expected().median(), p.key() + " tighter with more exposure");
        }
    }

    @Test
    void systematicVariationsMoveTheTemplatesTheWayTheyShouldAndTheSweepFansThemOut(@TempDir Path tmp) throws Exception {
        Path d = dataset(tmp);
        spectra(d, 0);
        List<String> names = spark.read().parquet(d.resolve("spectra/templates").toString()).select("variation").distinct()
                .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
        assertEquals(SMALL.systematics().variations().stream().map(Variation::label).sorted().toList(), names);
        Templates nominal = templates(d, "nominal");
        java.util.function.Function<String, Templates> t = v -> templates(d, v);
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
        List<GridPoint> fit = fit(d, FitSettings.XMASS_I.withProfileSystematics(false), null).result();
        assertTrue(fit.stream().allMatch(p -> p.profiledSystematics().isEmpty()));
        SweepStage.Result sweep = sweep(d, List.of("solar-flux:up", "fiducial-radius:up"));
        assertEquals(List.of("nominal", "solar-flux:up", "fiducial-radius:up"),
                sweep.variations().stream().map(Variation::label).toList());
        assertEquals(3 * fit.size(), sweep.points().size());
        for (GridPoint p : fit) {
            GridPoint s = sweep.points().stream().filter(x -> x.variation().isNominal() && x.key().equals(p.key())
                    && java.util.Objects.equals(x.couplingSign(), p.couplingSign())).findFirst().orElseThrow();
            assertEquals(p.observed(), s.observed(), 1e-9 * p.observed(), p.key().toString());
        }
        // more solar neutrinos per unit coupling: every limit tightens
        for (SweepStage.Shift s : sweep.shifts()) {
            assertTrue(Double.isFinite(s.expectedMedianRatio()) && s.expectedMedianRatio() > 0, s.toString());
            if (s.variation().equals(Variation.up("solar-flux"))) {
                assertTrue(s.expectedMedianRatio() < 1, s.toString());
            }
        }
        // the shifts are of the limits on |c|, one row per point
        assertEquals(1 + 2 * fit.stream().filter(GridPoint::headline).count(),
                Files.readAllLines(d.resolve("sweep/shifts/shifts.csv")).size());
        // profiling the systematics adds nuisance parameters: no expected limit gets tighter, some get weaker, and
        // none moves by more than the sweep's shifts could explain
        List<GridPoint> profiled = Stages.run(d, new FitStage(FitSettings.XMASS_I, 1, null), true).result();
        boolean someWeaker = false;
        for (int i = 0; i < fit.size(); i++) {
            GridPoint plain = fit.get(i);
            GridPoint prof = profiled.get(i);
            assertEquals(plain.key(), prof.key());
            assertEquals(plain.couplingSign(), prof.couplingSign());
            assertEquals(FitStatus.CONVERGED, prof.status(), prof.key() + ": " + prof.reason());
            double ratio = prof.expected().median() / plain.expected().median();
            assertTrue(ratio > 0.999 && ratio < 1.5, prof.key() + ": profiled / plain expected median " + ratio);
            someWeaker |= ratio > 1.001;
        }
        assertTrue(someWeaker, "profiling changed no expected limit");
        assertTrue(Files.isRegularFile(d.resolve("sweep/solar-flux-up/_lineage.json")));
        // a second sweep reuses every committed variation
        SweepStage.Result again = sweep(d, List.of("solar-flux:up", "fiducial-radius:up"));
        assertEquals(sweep.variations(), again.reused());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> sweep(d, List.of("energy-scale:sideways")));
        assertTrue(e.getMessage().contains("<systematic>:up"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> sweep(d, List.of("no-such-systematic:up")));
        assertTrue(e.getMessage().contains("energy-scale:up"), "lists the available ones: " + e.getMessage());
    }
}
