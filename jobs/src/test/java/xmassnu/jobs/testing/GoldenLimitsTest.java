package xmassnu.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed golden of the demo's limits is complete and sane, its comparison finds what it must, and its
 * magnetic-moment row agrees with pyhf on the exported workspace of the same run: fits'
 * {@code xmassnu/stats/pyhf/golden.json}, case magnetic-moment-all.json [default], {@code
 * pyhf.infer.intervals.upper_limits.upper_limit(data, model, scan=None, level=0.1)} on the POI (mu / mu_ref)^2 with
 * mu_ref = 1.4160629036987334e-09 mu_B (the workspace's "xmassnu" provenance block, reference_coupling).
 */
class GoldenLimitsTest {
    /** pyhf's limits on (mu/mu_ref)^2 at 90 % CL (golden.json; observed, then expected -2 ... +2 sigma). */
    static final double PYHF_OBSERVED = 0.2730809398314348;
    static final double[] PYHF_EXPECTED = {0.12687373638301955, 0.19916083895666192, 0.34551976528799083,
            0.6333691804030978, 1.1200261403447467};
    static final double REFERENCE_MU_B = 1.4160629036987334e-09;

    static Map<String, GoldenLimits.Row> golden() {
        return GoldenLimits.read(GoldenLimits.goldenFile());
    }

    @Test
    void theGoldenHoldsEveryGridPointOfTheDemo() {
        Map<String, GoldenLimits.Row> g = golden();
        // as PipelineTest: magnetic moment, millicharge x 3 (both signs, each sign), B-L x 51 masses
        assertEquals(4 + 3 * 4 + 4 * 51, g.size());
        for (GoldenLimits.Row r : g.values()) {
            double[] e = r.expected();
            assertTrue(r.observed() > 0 && Double.isFinite(r.observed()), r.key());
            assertTrue(e[0] < e[1] && e[1] < e[2] && e[2] < e[3] && e[3] < e[4], r.key());
        }
        assertTrue(g.containsKey("magnetic-moment/all/-") && g.containsKey("b-l/e/0.00100000"), g.keySet().toString());
    }

    @Test
    void theMagneticMomentRowAgreesWithPyhfOnTheExportedWorkspace() {
        GoldenLimits.Row mm = golden().get("magnetic-moment/all/-");
        // the fit stage's native coupling-power model and the exported normfactor model on the squared coupling give
        // the same profile likelihood ratio (CouplingLimitTest: 0.3 %); the Brent roots carry 1e-3
        double tolerance = 5e-3;
        assertEquals(REFERENCE_MU_B * Math.sqrt(PYHF_OBSERVED), mm.observed(), tolerance * mm.observed());
        for (int k = 0; k < 5; k++) {
            assertEquals(REFERENCE_MU_B * Math.sqrt(PYHF_EXPECTED[k]), mm.expected()[k], tolerance * mm.expected()[k]);
        }
    }

    @Test
    void differencesNameEveryMissingExtraAndMovedPoint(@TempDir Path dir) throws Exception {
        Map<String, GoldenLimits.Row> g = golden();
        assertEquals(List.of(), GoldenLimits.differences(g, g, GoldenLimits.RELATIVE_TOLERANCE));
        Map<String, GoldenLimits.Row> moved = new LinkedHashMap<>(g);
        GoldenLimits.Row mm = g.get("magnetic-moment/all/-");
        double[] e = mm.expected().clone();
        e[2] *= 1 + 3e-3;
        moved.put(mm.key(), new GoldenLimits.Row(mm.key(), mm.observed() * (1 + 1e-3), e));
        moved.remove("b-l/e/0.00100000");
        moved.put("b-l/e/123.000", mm);
        List<String> d = GoldenLimits.differences(g, moved, GoldenLimits.RELATIVE_TOLERANCE);
        assertEquals(3, d.size(), d.toString());
        assertTrue(d.get(0).startsWith("b-l/e/0.00100000: missing"), d.toString());
        assertTrue(d.stream().anyMatch(x -> x.startsWith("magnetic-moment/all/-: expected_median")), d.toString());
        assertTrue(d.get(2).startsWith("b-l/e/123.000: not in the golden"), d.toString());
        // a golden written from a limits.csv reads back the same (the format of both)
        Path copy = dir.resolve("golden.csv");
        GoldenLimits.write(GoldenLimits.goldenFile(), copy);
        assertEquals(List.of(), GoldenLimits.differences(g, GoldenLimits.read(copy), 1e-12));
        // check() fails with every difference listed
        Path csv = dir.resolve("limits.csv");
        List<String> lines = Files.readAllLines(GoldenLimits.goldenFile());
        Files.write(csv, lines.stream().map(l -> {
            if (!l.startsWith("magnetic-moment,all,")) {
                return l;
            }
            String[] f = l.split(",", -1);
            f[4] = String.valueOf(Double.parseDouble(f[4]) * 1.01); // observed_limit 1 % up
            return String.join(",", f);
        }).toList());
        AssertionError a = assertThrows(AssertionError.class, () -> GoldenLimits.check(csv));
        assertTrue(a.getMessage().contains("magnetic-moment/all/-: observed_limit"), a.getMessage());
    }
}
