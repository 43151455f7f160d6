package xmassnu.reduction.sim;

/**
 * Activities of the background sources (docs/detector.md gives each number's origin and tag). Surface and gap
 * 210Pb are the tuned parameters: they set the low-energy rate in the fiducial volume after cuts.
 *
 * @param pb214BqPerKg        222Rn daughters in the xenon (8 uBq/kg, [U]); only the 11 % ground-state
 *                            beta branch ("naked" beta) reaches low energy, the rest deposits the gamma too
 * @param kr85BqPerKg         85Kr for 2.7 ppt Kr with 85Kr/Kr = 2e-11: 5.1e-7 Bq/kg
 * @param ar39BqPerKg         39Ar (argon in xenon unknown, [U]: 1e-8 Bq/kg)
 * @param xe136BqPerKg        136Xe 2vbb: 8.857 % abundance, T1/2 = 2.165e21 y (EXO-200) -> 4.1e-6 Bq/kg
 * @param surfacePb210BqPerM2 210Pb/210Bi on the inner surface and PMT windows ([U], tuned)
 * @param gapPb210Bq          210Pb/210Bi in the holder gaps, partial light collection ([U], tuned)
 * @param pmtRa226Bq          per PMT (arXiv:1808.03617): 226Ra 1.2 mBq, 228Ra 0.78 mBq, 40K 9.1 mBq, 60Co 2.8 mBq
 * @param cherenkovVisibleFraction fraction of 40K betas in the PMT windows giving visible Cherenkov light ([U])
 * @param co57SourceBq        57Co source in calibration runs
 * @param muonFluxPerCm2PerS  cosmic muons at Kamioka, 2700 m.w.e. (~ 6e-8 cm^-2 s^-1, [M])
 * @param solarScale          scale of the Standard-Model solar-neutrino rate (1 = nominal)
 * @param signalScale         scale of the injected exotic signal (0 = none)
 * @param pmtGammaSourceDepthCm  where the PMT radioactivity sits behind the photocathode (glass envelope, stem and
 *                               base: [U], 3 cm); a gamma reaches the xenon only through the holder layer
 * @param holderDensityGPerCm3   xenon-equivalent density of that layer (copper holder, PMT bodies, xenon in the
 *                               gaps; Compton attenuation scales with electron density) ([U], 3 g/cm3)
 */
public record SourceActivities(double pb214BqPerKg, double kr85BqPerKg, double ar39BqPerKg, double xe136BqPerKg,
                               double surfacePb210BqPerM2, double gapPb210Bq, double pmtRa226Bq, double pmtRa228Bq,
                               double pmtK40Bq, double pmtCo60Bq, double cherenkovVisibleFraction,
                               double co57SourceBq, double muonFluxPerCm2PerS, double solarScale,
                               double signalScale, double pmtGammaSourceDepthCm, double holderDensityGPerCm3) {

    public static final SourceActivities XMASS_I = new SourceActivities(8e-6, 5.1e-7, 1e-8, 4.1e-6, 3.1e-4, 9.2e-5,
            1.2e-3, 0.78e-3, 9.1e-3, 2.8e-3, 0.5, 100.0, 6e-8, 1.0, 0.0, 3.0, 3.0);

    public SourceActivities {
        double[] all = {pb214BqPerKg, kr85BqPerKg, ar39BqPerKg, xe136BqPerKg, surfacePb210BqPerM2, gapPb210Bq,
                pmtRa226Bq, pmtRa228Bq, pmtK40Bq, pmtCo60Bq, cherenkovVisibleFraction, co57SourceBq,
                muonFluxPerCm2PerS, solarScale, signalScale, pmtGammaSourceDepthCm, holderDensityGPerCm3};
        String[] names = {"pb214BqPerKg", "kr85BqPerKg", "ar39BqPerKg", "xe136BqPerKg", "surfacePb210BqPerM2",
                "gapPb210Bq", "pmtRa226Bq", "pmtRa228Bq", "pmtK40Bq", "pmtCo60Bq", "cherenkovVisibleFraction",
                "co57SourceBq", "muonFluxPerCm2PerS", "solarScale", "signalScale", "pmtGammaSourceDepthCm",
                "holderDensityGPerCm3"};
        for (int i = 0; i < all.length; i++) {
            if (!(all[i] >= 0) || !Double.isFinite(all[i])) {
                throw new IllegalArgumentException("source parameter " + names[i] + " must be >= 0 and finite, got " + all[i]);
            }
        }
        if (cherenkovVisibleFraction > 1) {
            throw new IllegalArgumentException("cherenkovVisibleFraction must be <= 1, got " + cherenkovVisibleFraction);
        }
    }
}
