package xmassnu.jobs.spectra;

import java.util.List;
import java.util.Map;

import xmassnu.fits.physics.AtomicModel;
import xmassnu.fits.physics.FlavourCase;
import xmassnu.fits.physics.FluxModel;
import xmassnu.fits.physics.MillichargeConvention;
import xmassnu.fits.physics.Model;
import xmassnu.fits.physics.SignalPhysics;
import xmassnu.jobs.simulate.SolarSpectra;
import xmassnu.reduction.sim.Component;

/**
 * Configuration of the spectra stage (docs/selection.md, "Spectra and templates"). Defaults: 1 keVee analysis
 * bins over the selection's energy window; response Monte Carlo of 2e5 recoils, log-uniform in 0.3-45 keV over the
 * whole xenon volume (mis-reconstruction from the wall into the fiducial volume is included); 5e4 events per
 * background component (at most 500 for the expensive muons, which the outer-detector veto removes entirely); signal grid of
 * every model x flavour case,
 * and 51 log-spaced B-L masses from 1e-3 to 1e2 MeV (ten per decade: every decade, including the published 1e-3
 * and 10 MeV, is a grid point).
 *
 * @param generationRadiusCm          radius of the response generation sphere; 0 means the whole volume
 * @param templateEventsByComponent   per-component override of {@code templateEvents} (component label -> events)
 * @param responseRuns                how many physics runs (spread over the period) lend their detector state
 *                                    (gains, dead channels) to the Monte Carlo; events are shared by live time
 * @param systematics                 the +-1 sigma variations written beside the nominal templates
 * @param atomicModel                 xenon's atomic response for the signal: "stepping" (default) or "impulse"
 *                                    (docs/physics.md, "Atomic binding")
 */
public record SpectraSettings(long seed, double binWidthKevee, double trueEnergyMinKev, double trueEnergyMaxKev,
                              int trueBins, int responseEvents, double generationRadiusCm, int responseRuns,
                              int templateEvents, Map<String, Integer> templateEventsByComponent, int eventsPerTask,
                              List<String> models, List<String> flavours, int massPoints, double massMinMev,
                              double massMaxMev, String flux, String millichargeConvention,
                              Systematics systematics, String atomicModel) {

    public static final SpectraSettings XMASS_I = new SpectraSettings(2020L, 1.0, 0.3, 45.0, 120, 200_000, 0, 4,
            50_000, Map.of(), 5_000, List.of("millicharge", "magnetic-moment", "b-l"),
            List.of("all", "e", "mu", "tau"), 51, 1e-3, 1e2, "b16-gs98", "standard", Systematics.XMASS_I,
            "stepping");

    /** Components that are not background templates: the signal (from the response) and calibration-only sources. */
    public static final List<Component> NOT_BACKGROUND = List.of(Component.SOLAR_NU_SM, Component.SOLAR_NU_SIGNAL,
            Component.CO57);

    public SpectraSettings {
        templateEventsByComponent = Map.copyOf(templateEventsByComponent);
        models = List.copyOf(models);
        flavours = List.copyOf(flavours);
        positive("binWidthKevee", binWidthKevee);
        positive("trueEnergyMinKev", trueEnergyMinKev);
        if (!(trueEnergyMaxKev > trueEnergyMinKev) || !Double.isFinite(trueEnergyMaxKev)) {
            throw new IllegalArgumentException("trueEnergyMaxKev must be finite and > trueEnergyMinKev");
        }
        if (trueBins < 1 || trueBins > 2000 || responseEvents < 1000 || responseRuns < 1 || templateEvents < 0
                || eventsPerTask < 100) {
            throw new IllegalArgumentException("need 1 <= trueBins <= 2000, responseEvents >= 1000, responseRuns >= 1, "
                    + "templateEvents >= 0, eventsPerTask >= 100");
        }
        if (!(generationRadiusCm >= 0) || !Double.isFinite(generationRadiusCm)) {
            throw new IllegalArgumentException("generationRadiusCm must be >= 0 (0: whole volume), got " + generationRadiusCm);
        }
        templateEventsByComponent.forEach((c, n) -> {
            Component.parse(c);
            if (n == null || n < 0) {
                throw new IllegalArgumentException("templateEventsByComponent." + c + " must be >= 0");
            }
        });
        if (models.isEmpty() || flavours.isEmpty()) {
            throw new IllegalArgumentException("models and flavours must not be empty");
        }
        for (String m : models) {
            if (Model.parse(m) == Model.SM) {
                throw new IllegalArgumentException("models: 'sm' has no coupling; it is always included as a template");
            }
        }
        flavours.forEach(FlavourCase::parse);
        if (massPoints < 1 || massPoints > 10_000 || !(massMinMev > 0) || !(massMaxMev >= massMinMev)
                || !Double.isFinite(massMaxMev) || massPoints > 1 && !(massMaxMev > massMinMev)) {
            throw new IllegalArgumentException("mass grid needs 1 <= massPoints <= 10000 and 0 < massMinMev <= massMaxMev, "
                    + "with massMinMev < massMaxMev when massPoints > 1 (the masses must be distinct), got massPoints "
                    + massPoints + ", massMinMev " + massMinMev + ", massMaxMev " + massMaxMev);
        }
        FluxModel.parse(flux);
        MillichargeConvention.parse(millichargeConvention);
        java.util.Objects.requireNonNull(systematics, "systematics");
        AtomicModel.parse(atomicModel);
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be > 0 and finite, got " + v);
        }
    }

    /** The signal physics of these settings (flux model, millicharge convention, atomic model). */
    public SignalPhysics physics() {
        return SolarSpectra.physics(flux, millichargeConvention).withAtomicModel(AtomicModel.parse(atomicModel));
    }

    public int templateEvents(Component c) {
        int fallback = c == Component.MUON ? Math.min(templateEvents, MUON_TEMPLATE_EVENTS) : templateEvents;
        return templateEventsByComponent.getOrDefault(c.label(), fallback);
    }

    /** Muons deposit MeV (slow to simulate) and all carry the outer-detector flag: a few hundred show that. */
    public static final int MUON_TEMPLATE_EVENTS = 500;

    /** Log-spaced mediator masses, MeV. */
    public double[] massesMev() {
        double[] m = new double[massPoints];
        for (int i = 0; i < massPoints; i++) {
            m[i] = massPoints == 1 ? massMinMev : massMinMev * Math.pow(massMaxMev / massMinMev, i / (double) (massPoints - 1));
        }
        return m;
    }

    /** Analysis bin edges over [lo, hi) keVee; the last bin is narrower if the width does not divide the window. */
    public double[] analysisEdges(double lo, double hi) {
        int n = (int) Math.ceil((hi - lo) / binWidthKevee - 1e-9);
        double[] e = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            e[i] = Math.min(hi, lo + i * binWidthKevee);
        }
        return e;
    }
}
