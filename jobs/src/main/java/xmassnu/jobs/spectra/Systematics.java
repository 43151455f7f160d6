package xmassnu.jobs.spectra;

import java.util.ArrayList;
import java.util.List;

import xmassnu.fits.physics.SignalVariation;
import xmassnu.reduction.mc.RecoVariation;

/**
 * The systematic variations of the templates, each a +-1 sigma shift (docs/statistics.md, "Systematic variations").
 * Magnitudes are analysis choices [U] (no XMASS-I number is public for them); 0 (or false) switches one off.
 *
 * @param energyScaleFraction      reconstructed energy x (1 +- f): light-yield calibration and its extrapolation from
 *                                 122 keV to a few keV
 * @param energyResolutionFraction resolution sigma x (1 + f) by extra smearing; the down variation is the up
 *                                 one mirrored about the nominal (a narrower resolution cannot be simulated)
 * @param fiducialRadiusBiasCm     reconstructed radius +- d for every event (vertex bias against the fiducial cut:
 *                                 signal efficiency and exposure)
 * @param surfaceRadiusShiftCm     reconstructed radius of surface-type backgrounds (210Pb on the surfaces and in the
 *                                 gaps, PMT gammas) -+ d: their leakage into the fiducial volume, which sets the
 *                                 surface background's size and energy shape; up = more leakage
 * @param solarFlux                every solar-neutrino source's flux +- its own 1 sigma (flux model's table), for the
 *                                 Standard-Model template and the signal pieces alike
 * @param atomicModel              the other atomic model (stepping or impulse approximation, docs/physics.md) as the
 *                                 +1 sigma of the signal's atomic response, mirrored for -1 sigma
 * @param mixing                   sin^2 theta23 and delta_CP +-1 sigma (PDG, NuFIT): the nu_mu : nu_tau split of the
 *                                 single-flavour signals (nu_e and the sum over flavours do not move)
 */
public record Systematics(double energyScaleFraction, double energyResolutionFraction, double fiducialRadiusBiasCm,
                          double surfaceRadiusShiftCm, boolean solarFlux, boolean atomicModel, boolean mixing) {

    public static final Systematics XMASS_I = new Systematics(0.03, 0.10, 0.3, 1.0, true, true, true);
    public static final Systematics NONE = new Systematics(0, 0, 0, 0, false, false, false);

    public static final Variation NOMINAL = Variation.NOMINAL;
    public static final String ENERGY_SCALE = "energy-scale";
    public static final String ENERGY_RESOLUTION = "energy-resolution";
    public static final String FIDUCIAL_RADIUS = "fiducial-radius";
    public static final String SURFACE_SHAPE = "surface-shape";
    public static final String SOLAR_FLUX = SignalVariation.SOLAR_FLUX.label();

    public Systematics {
        if (!(energyScaleFraction >= 0 && energyScaleFraction < 0.5) || !(energyResolutionFraction >= 0
                && energyResolutionFraction <= 2) || !(fiducialRadiusBiasCm >= 0 && fiducialRadiusBiasCm <= 5)
                || !(surfaceRadiusShiftCm >= 0 && surfaceRadiusShiftCm <= 10)) {
            throw new IllegalArgumentException("systematics out of range (need 0 <= energyScaleFraction < 0.5, "
                    + "0 <= energyResolutionFraction <= 2, 0 <= fiducialRadiusBiasCm <= 5, 0 <= surfaceRadiusShiftCm <= 10): "
                    + this);
        }
    }

    /** The variations simulated by re-evaluating the Monte Carlo events: nominal first. */
    public List<RecoVariation> monteCarlo() {
        List<RecoVariation> v = new ArrayList<>();
        v.add(RecoVariation.NOMINAL);
        if (energyScaleFraction > 0) {
            v.add(new RecoVariation(Variation.up(ENERGY_SCALE).label(), 1 + energyScaleFraction, 0, 0, false));
            v.add(new RecoVariation(Variation.down(ENERGY_SCALE).label(), 1 - energyScaleFraction, 0, 0, false));
        }
        if (energyResolutionFraction > 0) {
            v.add(new RecoVariation(Variation.up(ENERGY_RESOLUTION).label(), 1, energyResolutionFraction, 0, false));
        }
        if (fiducialRadiusBiasCm > 0) {
            v.add(new RecoVariation(Variation.up(FIDUCIAL_RADIUS).label(), 1, 0, fiducialRadiusBiasCm, false));
            v.add(new RecoVariation(Variation.down(FIDUCIAL_RADIUS).label(), 1, 0, -fiducialRadiusBiasCm, false));
        }
        if (surfaceRadiusShiftCm > 0) {
            v.add(new RecoVariation(Variation.up(SURFACE_SHAPE).label(), 1, 0, -surfaceRadiusShiftCm, true));
            v.add(new RecoVariation(Variation.down(SURFACE_SHAPE).label(), 1, 0, surfaceRadiusShiftCm, true));
        }
        return v;
    }

    /** Every variation, nominal first, in a fixed order. */
    public List<Variation> variations() {
        List<Variation> n = new ArrayList<>();
        for (RecoVariation v : monteCarlo()) {
            Variation variation = Variation.parse(v.name());
            n.add(variation);
            if (variation.equals(Variation.up(ENERGY_RESOLUTION))) {
                n.add(Variation.down(ENERGY_RESOLUTION));
            }
        }
        for (SignalVariation v : signalPhysics()) {
            n.add(Variation.up(v.label()));
            n.add(Variation.down(v.label()));
        }
        return n;
    }

    /** The variations of the signal physics: folded from shifted recoil rates, on the nominal backgrounds. */
    public List<SignalVariation> signalPhysics() {
        List<SignalVariation> v = new ArrayList<>();
        if (solarFlux) {
            v.add(SignalVariation.SOLAR_FLUX);
        }
        if (atomicModel) {
            v.add(SignalVariation.ATOMIC_MODEL);
        }
        if (mixing) {
            v.add(SignalVariation.THETA23);
            v.add(SignalVariation.DELTA_CP);
        }
        return v;
    }
}
