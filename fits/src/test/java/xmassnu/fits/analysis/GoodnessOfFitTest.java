package xmassnu.fits.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import xmassnu.fits.stats.HistFactoryModel;
import xmassnu.fits.stats.ToyCalculator;
import xmassnu.fits.stats.Workspace;

class GoodnessOfFitTest {

    @Test
    void oneBinWithAGaussianBackgroundScaleMatchesTheClosedForm() throws Exception {
        // one bin, b = 100 with a staterror of 10 (gamma ~ N(1, 0.1)), n = 130. Minimising
        // gamma b - n ln(gamma b) + (gamma - 1)^2 / (2 s^2): gamma^2 - gamma (1 - b s^2) - n s^2 = 0, so
        // gamma = sqrt(5.2) / 2 = 1.140175425099138; Hessian n / gamma^2 + 1 / s^2 gives sigma_post = 0.0707106781;
        // chi2 = 2 (nu - n + n ln(n / nu)) + ((gamma - 1) / s)^2 = 4.107354380773824 with ndof = 1 bin + 1 aux - 1;
        // scipy chi2.sf(4.107354380773824, 1) = 0.04269710434111246
        String json = """
                {"channels": [{"name": "c", "samples": [
                  {"name": "signal", "data": [5.0], "modifiers": [{"name": "mu", "type": "normfactor", "data": null}]},
                  {"name": "background", "data": [100.0], "modifiers": [{"name": "mc", "type": "staterror", "data": [10.0]}]}]}],
                 "observations": [{"name": "c", "data": [130.0]}],
                 "measurements": [{"name": "m", "config": {"poi": "mu", "parameters": []}}], "version": "1.0.0"}
                """;
        HistFactoryModel m = new HistFactoryModel(Workspace.parse(new ObjectMapper().readTree(json), "one-bin"), null);
        GoodnessOfFit.Result r = GoodnessOfFit.of(m, m.observedData(), 0, 1);
        assertTrue(r.converged(), r.reason());
        assertEquals(4.107354380773824, r.chi2(), 1e-6);
        assertEquals(1, r.ndof());
        assertEquals(0.04269710434111246, r.pValueAsymptotic(), 1e-8);
        assertTrue(Double.isNaN(r.pValueToys()));
        assertEquals(1, r.pulls().size());
        GoodnessOfFit.Pull p = r.pulls().get(0);
        assertEquals("mc[0]", p.parameter());
        assertEquals(1.140175425099138, p.postFit(), 1e-7);
        assertEquals(0.07071067811865477, p.postFitError(), 1e-6);
        assertEquals(1.4017542509913805, p.pull(), 1e-6);
        assertEquals(0.7071067811865476, p.constraint(), 1e-5);
        assertEquals(114.0175425099138, r.postFitBackground()[0], 1e-5);
        assertEquals(7.071067811865476, r.postFitBackgroundError()[0], 1e-4);
        assertEquals(15.98245749008619, r.residual()[0], 1e-5);
        double poissonPart = 4.107354380773824 - 1.4017542509913805 * 1.4017542509913805;
        assertEquals(Math.sqrt(poissonPart), r.devianceResidual()[0], 1e-6);
    }

    @Test
    void pValuesAreUniformOnBackgroundOnlyPseudoData() {
        // 200 background-only pseudo-datasets (main bins Poisson, the aux datum of the 30 % prior Gaussian) of the
        // ten-bin model, each with its goodness of fit from 100 toys: the toy p-values must be uniform (KS test,
        // commons-math, at the 1 % level); with ~100 counts per bin the chi-square(ndof) p-values too
        AnalysisInputs in = StatisticalChecksTest.model();
        HistFactoryModel m = new HistFactoryModel(LimitWorkspace.build(in, StatisticalChecksTest.NO_MC_STAT)
                .workspace(), null);
        double[] truth = m.initialValues();
        truth[m.poiIndex()] = 0;
        int sets = 200;
        double[] toyP = new double[sets];
        double[] asymptoticP = new double[sets];
        for (int k = 0; k < sets; k++) {
            double[] data = ToyCalculator.sample(m, truth, new Well19937c(new int[] {k, 0x90f}));
            GoodnessOfFit.Result r = GoodnessOfFit.of(m, data, 100, 1000 + k);
            assertTrue(r.converged() && r.failedToys() == 0, r.reason());
            assertEquals(10, r.ndof()); // 10 bins + 2 aux (background and solar-flux normsys) - 2 nuisances
            toyP[k] = r.pValueToys();
            asymptoticP[k] = r.pValueAsymptotic();
        }
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double pToys = ks.kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), toyP);
        double pAsymptotic = ks.kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), asymptoticP);
        assertTrue(pToys > 0.01, "KS p-value of the toy p-values " + pToys);
        assertTrue(pAsymptotic > 0.01, "KS p-value of the chi-square p-values " + pAsymptotic);
    }

    @Test
    void theAnalysisModelHasAPullForEveryNuisance() {
        AnalysisInputs in = CouplingLimitTest.inputs(xmassnu.fits.physics.Model.MAGNETIC_MOMENT, 0);
        GoodnessOfFit.Result r = GoodnessOfFit.compute(in, FitSettings.XMASS_I, 50, 3);
        assertTrue(r.converged(), r.reason());
        // two backgrounds and the solar flux (normsys), one MC-statistics gamma per bin; the POI is fixed at 0
        assertEquals(3 + CouplingLimitTest.BINS, r.pulls().size());
        assertEquals(CouplingLimitTest.BINS, r.ndof());
        for (GoodnessOfFit.Pull p : r.pulls()) {
            assertTrue(Double.isFinite(p.pull()) && p.constraint() > 0 && p.constraint() <= 1 + 1e-6, p.toString());
        }
        double sum = 0;
        for (int i = 0; i < r.devianceResidual().length; i++) {
            sum += r.devianceResidual()[i] * r.devianceResidual()[i];
            assertTrue(r.postFitBackgroundError()[i] > 0, "band in bin " + i);
        }
        double constraints = 0;
        for (GoodnessOfFit.Pull p : r.pulls()) {
            constraints += p.pull() * p.pull();
        }
        // chi2 = the bins' deviance plus the constraint terms (all Gaussian here)
        assertEquals(r.chi2(), sum + constraints, 1e-6 * r.chi2());
        assertTrue(r.pValueToys() >= 0 && r.pValueToys() <= 1);
    }
}
