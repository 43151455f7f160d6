package xmassnu.fits.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Golden numbers from pyhf's documentation (issue 7): the workspace of
 * pyhf.simplemodels.uncorrelated_background(signal=[12, 11], bkg=[50, 52], bkg_uncertainty=[3, 7]) with observed
 * [51, 48]; pyhf.infer.hypotest(1.0, data, model, test_stat="qtilde", return_expected=True) and
 * pyhf.infer.intervals.upper_limit(data, model, np.linspace(0, 5, 21), level=0.05).
 */
class PyhfGoldenTest {

    static HistFactoryModel model() throws URISyntaxException {
        Path ws = Path.of(PyhfGoldenTest.class.getResource("/xmassnu/examples/pyhf-uncorrelated-background.json").toURI());
        return new HistFactoryModel(Workspace.read(ws), null);
    }

    @Test
    void hypotestAtMuOneMatchesPyhf() throws Exception {
        HistFactoryModel m = model();
        AsymptoticCalculator calc = new AsymptoticCalculator(m, m.observedData(),
                TestStatistic.QTILDE, Minimiser.DEFAULT);
        AsymptoticCalculator.Result r = calc.hypotest(1.0);
        assertTrue(r.valid(), r.reason());
        assertEquals(0.052515541856109765, r.clsObserved(), 2e-6);
        assertEquals(0.06445521290832805, r.clsExpected()[2], 2e-6);
    }

    @Test
    void upperLimitScanMatchesPyhf() throws Exception {
        HistFactoryModel m = model();
        UpperLimit ul = new UpperLimit(new AsymptoticCalculator(m, m.observedData(),
                TestStatistic.QTILDE, Minimiser.DEFAULT));
        UpperLimit.Limits l = ul.scan(0, 5, 21, 0.05);
        assertTrue(l.valid(), l.reason());
        assertEquals(1.01764089, l.observed(), 1e-4);
        assertArrayEquals(new double[] {0.59576921, 0.76169166, 1.08504773, 1.50170482, 2.06654952}, l.expected(), 1e-4);
        // root finding agrees with the scan within the scan's interpolation error
        UpperLimit.Limits root = ul.solve(0.1, 5, 0.05, 1e-6);
        assertEquals(l.observed(), root.observed(), 0.02);
    }

    @Test
    void modelStructure() throws Exception {
        HistFactoryModel m = model();
        assertEquals(3, m.parameterCount());
        assertEquals("mu", m.parameterNames().get(m.poiIndex()));
        // tau = (b / sigma)^2: the auxiliary data of the shapesys constraints
        double[] d = m.observedData();
        assertArrayEquals(new double[] {51, 48, (50.0 / 3) * (50.0 / 3), (52.0 / 7) * (52.0 / 7)}, d, 1e-9);
    }
}
