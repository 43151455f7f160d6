package xmassnu.jobs.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import xmassnu.fits.analysis.FitSettings;
import xmassnu.jobs.config.RunSelection;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.fit.FitStage;
import xmassnu.jobs.fit.SweepStage;
import xmassnu.jobs.reduce.ReduceStage;
import xmassnu.jobs.report.ReportStage;
import xmassnu.jobs.select.SelectStage;
import xmassnu.jobs.simulate.SimulateStage;
import xmassnu.jobs.spectra.SpectraSettings;
import xmassnu.jobs.spectra.SpectraStage;
import xmassnu.jobs.spectra.Variation;
import xmassnu.reduction.cuts.SelectionSettings;

/**
 * Each stage's lineage holds the code that can change its output and nothing else: an edit to the statistics leaves
 * raw data, events, selection and spectra reusable; an edit to the reduction kernel invalidates the events and
 * everything downstream of them, and leaves the raw data alone.
 */
class CodeFingerprintTest {
    static final CodeFingerprint.CodeIndex CODE = CodeFingerprint.index();

    /** The stages of a pipeline with a sweep of one variation, in data-flow order. */
    static List<Stage<?>> pipeline() {
        Variation v = Variation.up("energy-scale");
        return List.of(new SimulateStage(new RunSelection(List.of(), "none"), SimulationSettings.DEFAULT, 0),
                new ReduceStage(4, false), new SelectStage(SelectionSettings.XMASS_I),
                new SpectraStage(SpectraSettings.XMASS_I, null, 0), new FitStage(FitSettings.XMASS_I, 1, null),
                new SweepStage(Variation.NOMINAL, FitSettings.XMASS_I, 1, 5), new SweepStage(v, FitSettings.XMASS_I, 1, 5),
                new SweepStage.Shifts(List.of(Variation.NOMINAL, v)), new ReportStage(true));
    }

    /** The keys of the outputs an edit invalidates: those whose code changed, and everything that reads them. */
    static Set<String> invalidated(Map<String, byte[]> edit) {
        CodeFingerprint.CodeIndex edited = CODE.with(edit);
        Set<String> out = new TreeSet<>();
        for (Stage<?> s : pipeline()) {
            boolean code = !CodeFingerprint.of(s.getClass().getName(), CODE)
                    .equals(CodeFingerprint.of(s.getClass().getName(), edited));
            boolean input = s.inputs().stream().anyMatch(in -> out.contains(in.key()));
            if (code || input) {
                out.add(s.key());
            }
        }
        return out;
    }

    static Map<String, byte[]> edited(String entry) {
        byte[] b = CODE.bytes(entry).clone();
        byte[] changed = new byte[b.length + 1]; // an appended byte stands for any change of the class file
        System.arraycopy(b, 0, changed, 0, b.length);
        return Map.of(entry, changed);
    }

    @Test
    void anEditToTheStatisticsLeavesRawEventsSelectionAndSpectraReusable() {
        Set<String> hit = invalidated(edited("xmassnu/fits/stats/Minimiser.class"));
        assertEquals(Set.of("limits", "sweep/nominal", "sweep/energy-scale-up", "sweep/shifts", "report"), hit);
    }

    @Test
    void anEditToTheReductionKernelInvalidatesEventsAndEverythingAfter() {
        Set<String> hit = invalidated(edited("xmassnu/reduction/reco/ReductionKernel.class"));
        assertFalse(hit.contains("raw"), "the raw data do not depend on the reconstruction: " + hit);
        assertTrue(hit.containsAll(List.of("events", "selection", "spectra", "limits", "sweep/shifts", "report")),
                hit.toString());
    }

    @Test
    void anEditToACutInvalidatesTheSelectionNotTheEvents() {
        Set<String> hit = invalidated(edited("xmassnu/reduction/cuts/EventCuts.class"));
        assertFalse(hit.contains("raw") || hit.contains("events"), hit.toString());
        assertTrue(hit.contains("selection") && hit.contains("limits"), hit.toString());
    }

    @Test
    void theStageProtocolAndTheCommandLineAreNotPartOfAnyStagesCode() {
        for (String protocol : List.of("xmassnu/jobs/stage/StageRunner.class", "xmassnu/jobs/storage/Storage.class",
                "xmassnu/jobs/cli/Main.class")) {
            assertEquals(Set.of(), invalidated(edited(protocol)), protocol);
        }
    }

    @Test
    void closuresFollowBytecodeReferencesAndTheResourcesTheyName() {
        SortedSet<String> simulate = CodeFingerprint.closure(SimulateStage.class.getName(), CODE);
        // the simulation injects the Standard-Model solar spectrum: its physics and flux tables are part of raw's code
        assertTrue(simulate.contains("xmassnu/fits/physics/RecoilRates.class"), simulate.toString());
        assertTrue(simulate.contains("xmassnu/solar-spectra/pp.csv"), simulate.toString());
        assertFalse(simulate.stream().anyMatch(e -> e.startsWith("xmassnu/fits/stats/")), simulate.toString());
        SortedSet<String> reduce = CodeFingerprint.closure(ReduceStage.class.getName(), CODE);
        assertTrue(reduce.contains("xmassnu/reduction/reco/VertexFitter.class"));
        assertTrue(reduce.contains("xmassnu/jobs/io/ParquetTableWriter.class"), "the writer decides the bytes");
        assertFalse(reduce.stream().anyMatch(e -> e.startsWith("xmassnu/fits/")), "reduce calls no fits code");
        // lambdas and nested classes are reached (the task bodies of a stage live there)
        assertTrue(reduce.stream().anyMatch(e -> e.startsWith("xmassnu/jobs/reduce/ReduceStage$")), reduce.toString());
        List<String> notFollowed = new ArrayList<>();
        for (String e : reduce) {
            for (String p : CodeFingerprint.NOT_FOLLOWED) {
                if (e.startsWith(p)) {
                    notFollowed.add(e);
                }
            }
        }
        assertEquals(List.of(), notFollowed);
    }

    @Test
    void theFingerprintIsAFunctionOfTheCode() {
        Map<String, String> a = new LinkedHashMap<>();
        for (Stage<?> s : pipeline()) {
            a.put(s.key(), CodeFingerprint.of(s.getClass().getName(), CODE));
        }
        // the same bytes give the same fingerprint, the cache agrees with a fresh computation
        for (Stage<?> s : pipeline()) {
            assertEquals(a.get(s.key()), CodeFingerprint.of(s.getClass()));
        }
        assertNotEquals(a.get("raw"), a.get("events"));
    }
}
