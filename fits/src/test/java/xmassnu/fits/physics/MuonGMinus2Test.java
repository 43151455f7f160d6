package xmassnu.fits.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MuonGMinus2Test {
    @Test
    void lightAndHeavyMediatorLimitsMatchTheClosedForms() {
        // M << m_mu: Delta a = g^2 / (8 pi^2) (Pospelov, PRD 80 (2009) 095002, eq. 4 with alpha' = g^2 / 4 pi)
        assertEquals(1 / (8 * Math.PI * Math.PI), MuonGMinus2.deltaAPerCoupling2(1e-6), 1e-6 / (8 * Math.PI * Math.PI));
        // M >> m_mu: Delta a = g^2 m^2 / (12 pi^2 M^2) (Jegerlehner and Nyffeler, arXiv:0902.3360, heavy vector limit)
        double m = MuonGMinus2.MUON_MASS_MEV;
        double heavy = 1e6;
        double expected = m * m / (12 * Math.PI * Math.PI * heavy * heavy);
        assertEquals(expected, MuonGMinus2.deltaAPerCoupling2(heavy), 1e-3 * expected);
    }

    @Test
    void favouredCouplingsAgreeWithAnIndependentIntegration() {
        // the one-loop integral by scipy for Delta a_mu = 251e-11, m_mu = 105.6583755 MeV:
        // sqrt(251e-11 * 4 pi^2 / quad(lambda z: z*(1-z)**2*m*m/((1-z)**2*m*m + z*M*M), 0, 1)[0])
        // = 4.51577e-4 (M = 1 MeV), 5.03210e-4 (10 MeV), 9.46198e-4 (100 MeV); quad's error is ~1e-14
        assertEquals(4.51577e-4, MuonGMinus2.coupling(1, MuonGMinus2.DELTA_A_MU_2021), 1e-9);
        assertEquals(5.03210e-4, MuonGMinus2.coupling(10, MuonGMinus2.DELTA_A_MU_2021), 1e-9);
        assertEquals(9.46198e-4, MuonGMinus2.coupling(100, MuonGMinus2.DELTA_A_MU_2021), 1e-9);
    }

    @Test
    void the2025ComparisonLeavesNoAnomaly() {
        // arXiv:2506.03069: world average 116 592 071.5(14.5) x 10^-11; arXiv:2505.21476 abstract: SM 116 592 033(62)
        // x 10^-11. Difference 38.5, uncertainty sqrt(14.5^2 + 62^2) = 63.67 (x 10^-11): 0.6 sigma, no anomaly.
        assertEquals(38.5e-11, MuonGMinus2.DELTA_A_MU_2025, 1e-14);
        assertEquals(63.67e-11, MuonGMinus2.DELTA_A_MU_2025_SIGMA, 0.01e-11);
        // the 2 sigma bound: Delta a < 165.8e-11; at M << m_mu, g = sqrt(8 pi^2 Delta a) (Pospelov's light limit)
        double light = Math.sqrt(8 * Math.PI * Math.PI * (38.5e-11 + 2 * 63.67e-11));
        assertEquals(light, MuonGMinus2.upperBound2Sigma2025(1e-6), 1e-3 * light);
    }
}
