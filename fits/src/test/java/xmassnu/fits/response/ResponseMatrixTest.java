package xmassnu.fits.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResponseMatrixTest {
    /** 3 true bins x 2 analysis bins, hand-filled counts. */
    static ResponseMatrix small() {
        double[] trueEdges = {1, 2, 4, 8};
        double[] reco = {2, 5, 8};
        long[] generated = {1000, 2000, 4000};
        long[] passed = {10, 0, 300, 100, 50, 2500};
        return new ResponseMatrix(trueEdges, reco, generated, new long[] {100, 200, 400}, new long[] {10, 80, 300},
                passed, 500.0);
    }

    @Test
    void binIntegralsOfInverseSquareMatchTheAnalyticIntegral() {
        // int_a^b T^-2 dT = 1/a - 1/b, exact; 4-point Gauss-Legendre in ln T on 20 log bins from 0.3 to 45 keV
        double[] edges = ResponseMatrix.logEdges(0.3, 45, 20);
        ResponseMatrix m = new ResponseMatrix(edges, new double[] {2, 3}, new long[20], new long[20], new long[20],
                new long[20], 1.0);
        double[] nodes = m.integrationNodesKev();
        double[] density = new double[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            density[i] = 1 / (nodes[i] * nodes[i]);
        }
        double[] integrals = m.binIntegrals(density);
        for (int i = 0; i < 20; i++) {
            double exact = 1 / edges[i] - 1 / edges[i + 1];
            assertEquals(exact, integrals[i], 1e-9 * exact, "bin " + i);
        }
    }

    @Test
    void foldingADeltaSpectrumReproducesTheResponseColumn() {
        ResponseMatrix m = small();
        double exposureDays = 2.5;
        for (int i = 0; i < 3; i++) {
            double[] rate = new double[3];
            rate[i] = 0.7; // events per kg and day, all in true bin i
            ResponseMatrix.Folded f = m.fold(rate, exposureDays);
            for (int j = 0; j < 2; j++) {
                double column = m.passed()[i * 2 + j] / (double) m.generated()[i];
                assertEquals(0.7 * exposureDays * 500.0 * column, f.counts()[j], 1e-12);
                // Monte Carlo error: the weight times sqrt(passed)
                assertEquals(0.7 * exposureDays * 500.0 / m.generated()[i] * Math.sqrt(m.passed()[i * 2 + j]),
                        f.statError()[j], 1e-12);
            }
        }
    }

    @Test
    void foldingIsLinearAndEfficiencyIsTheFiducialFraction() {
        ResponseMatrix m = small();
        double[] a = m.fold(new double[] {1, 0, 0}, 1).counts();
        double[] b = m.fold(new double[] {0, 2, 3}, 1).counts();
        double[] ab = m.fold(new double[] {1, 2, 3}, 1).counts();
        assertArrayEquals(new double[] {a[0] + b[0], a[1] + b[1]}, ab, 1e-12);
        assertArrayEquals(new double[] {0.1, 0.4, 0.75}, m.efficiency(), 1e-12);
    }

    @Test
    void samplesAddAndInconsistentOnesAreRejected() {
        ResponseMatrix m = small();
        ResponseMatrix twice = m.plus(m);
        assertArrayEquals(m.fold(new double[] {1, 1, 1}, 1).counts(), twice.fold(new double[] {1, 1, 1}, 1).counts(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new ResponseMatrix(new double[] {1, 2}, new double[] {2, 3},
                new long[] {5}, new long[] {5}, new long[] {5}, new long[] {6}, 1.0));
        assertThrows(IllegalStateException.class, () -> new ResponseMatrix(new double[] {1, 2}, new double[] {2, 3},
                new long[] {0}, new long[] {0}, new long[] {0}, new long[] {0}, 1.0).fold(new double[] {1}, 1));
    }
}
