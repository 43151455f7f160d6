package xmassnu.fits.stats.modifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The four interpolation codes against pyhf's interpolators, called directly (pyhf 0.7.x from source, numpy):
 * <pre>
 * alphas = [-2.3, -1.0, -0.6, -0.1, 0.0, 0.25, 0.8, 1.0, 1.7]
 * pyhf.interpolators.code1([[[[0.85], [1.0], [1.2]]]])(np.array([[a]]))          # and code4: a normsys lo 0.85, hi 1.2
 * pyhf.interpolators.code0([[[[9.0, 22.0], [10.0, 20.0], [12.0, 19.0]]]])(np.array([[a]]))  # and code4p: [lo, nom, hi]
 * </pre>
 * (the shift codes return the shift from the nominal), to 1e-14; and their derivatives against central differences.
 */
class InterpolationTest {
    static final double[] ALPHAS = {-2.3, -1.0, -0.6, -0.1, 0.0, 0.25, 0.8, 1.0, 1.7};
    static final double[] CODE1 = {0.6881189676889417, 0.85, 0.9070920390192547, 0.9838794565405263, 1.0,
            1.0466351393921056, 1.1570310048031527, 1.2, 1.3633523726386663};
    static final double[] CODE4 = {0.6881189676889417, 0.85, 0.9063759958043007, 0.9830260307179269, 1.0,
            1.045347210198988, 1.1569009209014076, 1.2, 1.3633523726386663};
    static final double[][] CODE0 = {{-2.3, 4.6}, {-1.0, 2.0}, {-0.6, 1.2}, {-0.1, 0.2}, {0.0, 0.0}, {0.5, -0.25},
            {1.6, -0.8}, {2.0, -1.0}, {3.4, -1.7}};
    static final double[][] CODE4P = {{-2.3, 4.6}, {-1.0, 2.0}, {-0.634752, 1.1652479999999998},
            {-0.14068731250000002, 0.15931268750000002}, {0.0, 0.0}, {0.4311981201171875, -0.3188018798828125},
            {1.5931520000000003, -0.8068480000000001}, {2.0, -1.0}, {3.4, -1.7}};
    static final double[] NOMINAL = {10, 20};
    static final double[] HI = {12, 19};
    static final double[] LO = {9, 22};

    @Test
    void normsysCodesAsPyhf() {
        Term.Factor code1 = ModifierSettings.Normsys.CODE1.factor(0, 1.2, 0.85);
        Term.Factor code4 = ModifierSettings.Normsys.CODE4.factor(0, 1.2, 0.85);
        for (int i = 0; i < ALPHAS.length; i++) {
            assertEquals(CODE1[i], code1.value(ALPHAS[i]), 1e-14, "code1 at " + ALPHAS[i]);
            assertEquals(CODE4[i], code4.value(ALPHAS[i]), 1e-14, "code4 at " + ALPHAS[i]);
        }
    }

    @Test
    void histosysCodesAsPyhf() {
        Term.Shift code0 = ModifierSettings.Histosys.CODE0.shift(0, NOMINAL, HI, LO);
        Term.Shift code4p = ModifierSettings.Histosys.CODE4P.shift(0, NOMINAL, HI, LO);
        for (int i = 0; i < ALPHAS.length; i++) {
            double[] v0 = new double[2];
            double[] v4 = new double[2];
            code0.add(ALPHAS[i], v0, 2);
            code4p.add(ALPHAS[i], v4, 2);
            for (int b = 0; b < 2; b++) {
                assertEquals(CODE0[i][b], v0[b], 1e-14, "code0 at " + ALPHAS[i]);
                assertEquals(CODE4P[i][b], v4[b], 1e-14, "code4p at " + ALPHAS[i]);
            }
        }
    }

    @Test
    void derivativesAgreeWithCentralDifferencesAwayFromTheKinks() {
        double h = 1e-5;
        for (ModifierSettings.Normsys code : ModifierSettings.Normsys.values()) {
            Term.Factor f = code.factor(0, 1.2, 0.85);
            for (double a : new double[] {-2.1, -0.7, -0.2, 0.3, 0.9, 1.4}) {
                double[] d = new double[3];
                f.derivatives(a, d);
                assertEquals(f.value(a), d[0], 0, code + " value");
                assertEquals((f.value(a + h) - f.value(a - h)) / (2 * h), d[1], 1e-8, code + " slope at " + a);
                assertEquals((f.value(a + h) - 2 * f.value(a) + f.value(a - h)) / (h * h), d[2], 1e-4, code + " curvature at "
                        + a);
            }
        }
        for (ModifierSettings.Histosys code : ModifierSettings.Histosys.values()) {
            Term.Shift s = code.shift(0, NOMINAL, HI, LO);
            for (double a : new double[] {-2.1, -0.7, -0.2, 0.3, 0.9, 1.4}) {
                double[] slope = new double[2];
                double[] curvature = new double[2];
                s.derivatives(a, slope, curvature, 2);
                double[] up = new double[2];
                double[] mid = new double[2];
                double[] down = new double[2];
                s.add(a + h, up, 2);
                s.add(a, mid, 2);
                s.add(a - h, down, 2);
                for (int b = 0; b < 2; b++) {
                    assertEquals((up[b] - down[b]) / (2 * h), slope[b], 1e-8, code + " slope at " + a);
                    assertEquals((up[b] - 2 * mid[b] + down[b]) / (h * h), curvature[b], 1e-4, code + " curvature at " + a);
                }
            }
        }
    }

    @Test
    void code4JoinsTheExponentialsWithValueSlopeAndCurvature() {
        // the six conditions that define its polynomial (pyhf code4.py): inside and outside agree at +-1
        Term.Factor f = ModifierSettings.Normsys.CODE4.factor(0, 1.2, 0.85);
        for (double edge : new double[] {1, -1}) {
            double[] in = new double[3];
            double[] out = new double[3];
            f.derivatives(edge * (1 - 1e-12), in);
            f.derivatives(edge * (1 + 1e-12), out);
            for (int k = 0; k < 3; k++) {
                assertEquals(out[k], in[k], 1e-9, "derivative " + k + " at " + edge);
            }
        }
        assertEquals(1.0, f.value(0), 1e-15);
    }

    @Test
    void onlyThePiecewiseCodesHaveKinksAndTheCodesParseAsPyhfSpellsThem() {
        assertEquals(0, ModifierSettings.Normsys.CODE1.factor(0, 1.2, 0.85).kink());
        assertEquals(0, ModifierSettings.Histosys.CODE0.shift(0, NOMINAL, HI, LO).kink());
        assertTrue(Double.isNaN(ModifierSettings.Normsys.CODE4.factor(0, 1.2, 0.85).kink()));
        assertTrue(Double.isNaN(ModifierSettings.Histosys.CODE4P.shift(0, NOMINAL, HI, LO).kink()));
        assertEquals(ModifierSettings.Normsys.CODE1, ModifierSettings.Normsys.parse("code1"));
        assertEquals(ModifierSettings.Histosys.CODE4P, ModifierSettings.Histosys.parse("code4p"));
        assertEquals("code4p", ModifierSettings.DEFAULT.histosys().label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModifierSettings.Normsys.parse("code2"));
        assertEquals("unknown normsys interpolation code 'code2'; expected one of [code1, code4]", e.getMessage());
    }
}
