package xmassnu.reduction.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.detector.RunCalibration;

class SimulationTest {
    static final TabulatedSpectrum FLAT_SOLAR = new TabulatedSpectrum(new double[] {0.5, 1000}, new double[] {8e-6, 8e-6});

    static SimulationConfig config(long seed, SourceActivities a) {
        return new SimulationConfig(seed, DetectorModel.XMASS_I, a, FLAT_SOLAR, null, SimulationConfig.allComponents(), 3600);
    }

    @Test
    void sameSeedAndChunkGiveIdenticalOutputWhateverElseRan() {
        RunInfo run = RunPlan.fullPeriod(5).get(1);
        RunCalibration cal = RunCalibration.truth(DetectorModel.XMASS_I, 5, run.runId(), run.yearsSinceStart(),
                run.periodFraction());
        ChunkSimulator a = new ChunkSimulator(config(5, SourceActivities.XMASS_I));
        SimulatedChunk other = a.simulate(run, cal, 3, 0, 60_000_000_000L); // something else first
        SimulatedChunk first = a.simulate(run, cal, 1, 60_000_000_000L, 120_000_000_000L);
        SimulatedChunk second = new ChunkSimulator(config(5, SourceActivities.XMASS_I))
                .simulate(run, cal, 1, 60_000_000_000L, 120_000_000_000L);
        assertTrue(other.nEvents > 0 && first.nEvents > 100);
        assertEquals(first.nEvents, second.nEvents);
        assertArrayEquals(first.hitAdc, second.hitAdc);
        assertArrayEquals(first.hitTdc, second.hitTdc);
        assertArrayEquals(first.triggerTimeNs, second.triggerTimeNs);
        assertArrayEquals(first.truthEnergyKev, second.truthEnergyKev);
        SimulatedChunk otherSeed = new ChunkSimulator(config(6, SourceActivities.XMASS_I))
                .simulate(run, cal, 1, 60_000_000_000L, 120_000_000_000L);
        assertTrue(otherSeed.nTruth != first.nTruth || otherSeed.truthEnergyKev[0] != first.truthEnergyKev[0]);
    }

    @Test
    void componentCountsMatchTheirConfiguredRates() {
        // 10x the nominal 210Pb and 100x Kr so that rare components have enough events; count over 2 h
        SourceActivities hot = new SourceActivities(8e-6, 5.1e-5, 1e-8, 4.1e-6, 0.1, 0.03, 1.2e-3, 0.78e-3, 9.1e-3,
                2.8e-3, 0.5, 200, 6e-8, 1, 0, 3, 3);
        ChunkSimulator sim = new ChunkSimulator(config(9, hot));
        RunInfo run = RunPlan.fullPeriod(9).get(1);
        RunCalibration cal = RunCalibration.truth(DetectorModel.XMASS_I, 9, run.runId(), 0, 0);
        Map<Component, Double> rates = sim.ratesHz(run, cal);
        int[] counts = new int[Component.values().length];
        double seconds = 0;
        for (int chunk = 0; chunk < 2; chunk++) {
            SimulatedChunk c = sim.simulate(run, cal, chunk, chunk * 3_600_000_000_000L, (chunk + 1) * 3_600_000_000_000L);
            for (int i = 0; i < c.nTruth; i++) {
                counts[c.component(i).ordinal()]++;
            }
            seconds += 3600;
        }
        for (Map.Entry<Component, Double> e : rates.entrySet()) {
            double expected = e.getValue() * seconds;
            double observed = counts[e.getKey().ordinal()];
            // Poisson: within 4 sigma (plus 1 for tiny expectations)
            assertTrue(Math.abs(observed - expected) <= 4 * Math.sqrt(expected) + 1,
                    e.getKey().label() + ": observed " + observed + ", expected " + expected);
        }
        // independent numbers: 40K Cherenkov = 642 PMTs x 9.1 mBq x 89.3 % beta x 50 % visible = 2.61 Hz;
        // 222Rn-daughter 214Pb naked betas = 8 uBq/kg x 775 kg (R < 40 cm) x 11 %
        assertEquals(2.608, rates.get(Component.CHERENKOV_K40), 0.005);
        assertEquals(8e-6 * 4 / 3 * Math.PI * 64000 * 2.89e-3 * 0.11, rates.get(Component.PB214), 1e-9);
        assertEquals(0.0, rates.get(Component.CO57));
    }

    @Test
    void triggerRateIsAFewHertzAsInXmass() {
        ChunkSimulator sim = new ChunkSimulator(config(3, SourceActivities.XMASS_I));
        RunInfo run = RunPlan.fullPeriod(3).get(1);
        RunCalibration cal = RunCalibration.truth(DetectorModel.XMASS_I, 3, run.runId(), 0, 0);
        SimulatedChunk c = sim.simulate(run, cal, 0, 0, 600_000_000_000L);
        double hz = c.nEvents / 600.0;
        // physics.md: "a few Hz" (default 4 Hz -> 2.5e8 triggers in 711 days)
        assertTrue(hz > 2 && hz < 8, "trigger rate " + hz + " Hz");
        for (int i = 1; i < c.nEvents; i++) {
            assertTrue(c.eventId[i] > c.eventId[i - 1]);
        }
    }

    @Test
    void runPlanCoversThePublishedLivetime() {
        List<RunInfo> runs = RunPlan.fullPeriod(1);
        double live = runs.stream().filter(r -> !r.isCalibration()).mapToDouble(RunInfo::livetimeS).sum() / 86400;
        assertEquals(711.0, live, 1e-6);
        assertTrue(runs.get(runs.size() - 1).endUnixNs() <= RunPlan.PERIOD_END.getEpochSecond() * 1_000_000_000L);
        assertTrue(runs.get(0).isCalibration() && runs.get(0).sourceZCm() == 0.0);
        for (double days : new double[] {0.01, 1.0, 3.5}) {
            List<RunInfo> slice = RunPlan.firstLiveDays(1, days);
            double sliceLive = slice.stream().filter(r -> !r.isCalibration()).mapToDouble(RunInfo::livetimeS).sum();
            assertTrue(slice.get(0).isCalibration() && !slice.get(slice.size() - 1).isCalibration());
            assertEquals(days * 86400, sliceLive, 1e-6);
        }
        assertThrows(IllegalArgumentException.class, () -> RunPlan.firstLiveDays(1, 800));
        assertThrows(IllegalArgumentException.class, () -> RunPlan.firstLiveDays(1, -1));
        assertThrows(IllegalArgumentException.class, () -> RunPlan.runRange(1, 5, 9));
    }

    @Test
    void invalidConfigurationGivesClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SourceActivities(
                -1, 5.1e-7, 1e-8, 4.1e-6, 0.01, 0.003, 1.2e-3, 0.78e-3, 9.1e-3, 2.8e-3, 0.5, 200, 6e-8, 1, 0, 3, 3));
        assertTrue(e.getMessage().contains("pb214BqPerKg"));
        e = assertThrows(IllegalArgumentException.class, () -> Component.parse("radon"));
        assertTrue(e.getMessage().contains("unknown component 'radon'"));
        assertThrows(IllegalArgumentException.class, () -> new SimulationConfig(1, DetectorModel.XMASS_I,
                SourceActivities.XMASS_I, FLAT_SOLAR, null, EnumSet.allOf(Component.class), 0));
    }

    @Test
    void samplersReproduceTheirDistributions() {
        // TabulatedSpectrum: mean of a triangular density 2x on [0,1] is 2/3
        TabulatedSpectrum tri = new TabulatedSpectrum(new double[] {0, 1}, new double[] {0, 2});
        StreamRng rng = StreamRng.of(1);
        double s = 0;
        int n = 200000;
        for (int i = 0; i < n; i++) {
            s += tri.sample(rng);
        }
        assertEquals(2.0 / 3.0, s / n, 0.003);
        // normal deviates: mean 0, variance 1, tail fraction P(|x| > 3) = 0.0026998 (ziggurat tail path exercised)
        double g1 = 0;
        double g2 = 0;
        int tail = 0;
        int ng = 2_000_000;
        for (int i = 0; i < ng; i++) {
            double g = rng.nextGaussian();
            g1 += g;
            g2 += g * g;
            tail += Math.abs(g) > 3 ? 1 : 0;
        }
        assertEquals(0, g1 / ng, 0.003);
        assertEquals(1, g2 / ng, 0.004);
        assertEquals(0.0026998, tail / (double) ng, 0.00025);
        // Poisson mean and variance, small and large means
        for (double mu : new double[] {0.3, 7, 45, 500}) {
            double m = 0;
            double m2 = 0;
            for (int i = 0; i < n; i++) {
                double k = rng.nextPoisson(mu);
                m += k;
                m2 += k * k;
            }
            m /= n;
            assertEquals(mu, m, 5 * Math.sqrt(mu / n), "mean " + mu);
            assertEquals(mu, m2 / n - m * m, 0.02 * mu + 0.01, "variance " + mu);
        }
        // mean beta energies from NNDC ENSDF: 85Kr 251.4 keV, 39Ar 218.8 keV (unique first-forbidden shapes). The
        // non-relativistic Fermi function makes the means ~ 4 % high; the analysis only uses the shape below 30 keV.
        assertEquals(251.4, mean(BetaSpectra.uniqueFirstForbiddenBeta(687, 37, 600), rng, n), 0.05 * 251.4);
        assertEquals(218.8, mean(BetaSpectra.uniqueFirstForbiddenBeta(565, 19, 600), rng, n), 0.05 * 218.8);
    }

    private static double mean(TabulatedSpectrum s, StreamRng rng, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m += s.sample(rng);
        }
        return m / n;
    }
}
