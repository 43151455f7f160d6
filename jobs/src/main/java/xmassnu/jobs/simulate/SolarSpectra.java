package xmassnu.jobs.simulate;

import xmassnu.fits.physics.FlavourCase;
import xmassnu.fits.physics.FluxModel;
import xmassnu.fits.physics.MillichargeConvention;
import xmassnu.fits.physics.Model;
import xmassnu.fits.physics.RatePieces;
import xmassnu.fits.physics.RecoilRates;
import xmassnu.fits.physics.SignalPhysics;
import xmassnu.jobs.config.SimulationSettings;

/**
 * Energy-deposit spectra of the solar-neutrino components, from the physics module: dR/dT in events/(kg day keV) on
 * a log grid from 0.1 keV (where the trigger efficiency is ~ 3 %) to 3 MeV (above that the 8B and hep tail adds
 * &lt; 1e-4 of the rate).
 */
public final class SolarSpectra {
    public static final double MIN_KEV = 0.1;
    public static final double MAX_KEV = 3000;
    public static final int POINTS = 400;

    private SolarSpectra() {}

    public static double[] grid() {
        double[] t = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            t[i] = MIN_KEV * Math.pow(MAX_KEV / MIN_KEV, i / (double) (POINTS - 1));
        }
        return t;
    }

    static SignalPhysics physics(SimulationSettings s) {
        return physics(s.flux(), s.millichargeConvention());
    }

    /** The signal physics of a flux-model label and a millicharge-convention label (docs/physics.md). */
    public static SignalPhysics physics(String flux, String millichargeConvention) {
        return SignalPhysics.DEFAULT.withFluxModel(FluxModel.parse(flux))
                .withMillichargeConvention(MillichargeConvention.parse(millichargeConvention));
    }

    /** {grid, Standard-Model density, signal density or null}. */
    public static double[][] build(SimulationSettings s) {
        double[] t = grid();
        RecoilRates rates = new RecoilRates(physics(s), t);
        double[] sm = rates.standardModel();
        double[] signal = null;
        if (s.signal() != null) {
            SimulationSettings.SignalInjection inj = s.signal();
            Model m = Model.parse(inj.model());
            if (m == Model.SM) {
                throw new IllegalArgumentException("signal.model must be an exotic model, not sm");
            }
            RatePieces p = rates.rates(m, FlavourCase.parse(inj.flavour()), inj.coupling(), inj.massMev());
            signal = new double[t.length];
            int clamped = 0;
            for (int i = 0; i < t.length; i++) {
                // the injected component is the change of the rate; destructive interference can make it negative,
                // which an additive event source cannot represent: those grid points inject nothing (reported)
                double net = p.interference()[i] + p.newPhysics()[i];
                signal[i] = Math.max(0, net);
                clamped += net < 0 ? 1 : 0;
            }
            if (clamped > 0) {
                System.err.printf(java.util.Locale.ROOT,
                        "xmass simulate: warning: injected %s signal is net negative (destructive"
                        + " interference) at %d of %d energies between %.3g and %.3g keV; nothing is injected there%n",
                        inj.model(), clamped, t.length, MIN_KEV, MAX_KEV);
            }
        }
        return new double[][] {t, sm, signal};
    }
}
