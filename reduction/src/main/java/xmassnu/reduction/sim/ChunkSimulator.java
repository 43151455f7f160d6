package xmassnu.reduction.sim;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.detector.OpticalModel;
import xmassnu.reduction.detector.PmtArray;
import xmassnu.reduction.detector.RunCalibration;
import xmassnu.schemas.TriggerBit;

/**
 * Simulates one chunk of a run: every component as a Poisson process in live time, each event's energy deposit
 * and position from its physics, then the detector response ({@link EventSimulator}). The result depends only on
 * (seed, run, chunk): any partitioning of chunks over tasks gives the same bytes.
 *
 * <p>Events are treated independently (no pile-up: at a few Hz and a 1 us window the overlap probability is
 * ~ 1e-5). Times are on the live-time clock of the run.
 */
public final class ChunkSimulator {
    /** trigger_bits of raw_hits (the contract's {@link TriggerBit}). */
    public static final int BIT_ID = TriggerBit.INNER_DETECTOR.mask();
    public static final int BIT_OD = TriggerBit.OUTER_DETECTOR.mask();
    public static final int BIT_CALIBRATION = TriggerBit.CALIBRATION.mask();
    /** Hits not recorded: the event cannot reach the analysis window ({@link WindowRestriction}). */
    public static final int BIT_HITS_NOT_RECORDED = TriggerBit.HITS_NOT_RECORDED.mask();

    private static final double DAY_S = 86400.0;
    private static final double PB214_NAKED_BETA = 0.11;
    private static final double KR85_GROUND_STATE = 0.9956;
    private static final double K40_BETA_BRANCH = 0.893;
    private static final double MIP_DEDX_MEV_PER_CM = 1.255 * 2.89;

    /** PMT gamma lines: energy keV, chain (0 = 226Ra, 1 = 228Ra/232Th, 2 = 40K, 3 = 60Co), intensity per decay. */
    private static final double[][] PMT_LINES = {
            {295.2, 0, 0.184}, {351.9, 0, 0.356}, {609.3, 0, 0.455}, {1120.3, 0, 0.149}, {1764.5, 0, 0.153},
            {583.2, 1, 0.304}, {911.2, 1, 0.258}, {969.0, 1, 0.158}, {2614.5, 1, 0.359},
            {1460.8, 2, 0.1066},
            {1173.2, 3, 0.9985}, {1332.5, 3, 0.9998}};

    private final SimulationConfig config;
    private final DetectorModel det;
    private final OpticalModel optics;
    private final PmtArray pmts;
    private final double bulkMassKg;
    private final TabulatedSpectrum pb214;
    private final TabulatedSpectrum kr85;
    private final TabulatedSpectrum ar39;
    private final TabulatedSpectrum xe136;
    private final TabulatedSpectrum bi210;
    private final TabulatedSpectrum pb210;
    private final double[] pmtLineCumulative;
    private final double pmtGammaRateHz;

    public ChunkSimulator(SimulationConfig config) {
        this.config = config;
        this.det = config.detector();
        this.optics = det.opticalModel();
        this.pmts = optics.pmts();
        this.bulkMassKg = det.massKg(det.pmtRadiusCm());
        pb214 = BetaSpectra.allowedBeta(1019, 83, 600);
        kr85 = BetaSpectra.uniqueFirstForbiddenBeta(687, 37, 600);
        ar39 = BetaSpectra.uniqueFirstForbiddenBeta(565, 19, 600);
        xe136 = BetaSpectra.twoNeutrinoDoubleBeta(2457.8, 600);
        bi210 = BetaSpectra.allowedBeta(1162, 84, 600);
        pb210 = BetaSpectra.allowedBeta(17.0, 83, 200);
        SourceActivities a = config.activities();
        double[] chainBq = {a.pmtRa226Bq(), a.pmtRa228Bq(), a.pmtK40Bq(), a.pmtCo60Bq()};
        pmtLineCumulative = new double[PMT_LINES.length];
        double sum = 0;
        for (int i = 0; i < PMT_LINES.length; i++) {
            // half of the gammas head into the xenon
            sum += PmtArray.COUNT * chainBq[(int) PMT_LINES[i][1]] * PMT_LINES[i][2] * 0.5;
            pmtLineCumulative[i] = sum;
        }
        pmtGammaRateHz = sum;
    }

    /** Mean rate in Hz of each enabled component in a run of this type (dark coincidences depend on the run). */
    public Map<Component, Double> ratesHz(RunInfo run, RunCalibration truth) {
        SourceActivities a = config.activities();
        Map<Component, Double> r = new EnumMap<>(Component.class);
        double wallAreaM2 = 4 * Math.PI * det.pmtRadiusCm() * det.pmtRadiusCm() * 1e-4;
        r.put(Component.SOLAR_NU_SM, config.solarSmSpectrum().integral() * bulkMassKg * a.solarScale() / DAY_S);
        r.put(Component.SOLAR_NU_SIGNAL, config.signalSpectrum() == null ? 0.0
                : config.signalSpectrum().integral() * bulkMassKg * a.signalScale() / DAY_S);
        r.put(Component.PB214, a.pb214BqPerKg() * bulkMassKg * PB214_NAKED_BETA);
        r.put(Component.KR85, a.kr85BqPerKg() * bulkMassKg * KR85_GROUND_STATE);
        r.put(Component.AR39, a.ar39BqPerKg() * bulkMassKg);
        r.put(Component.XE136_2NBB, a.xe136BqPerKg() * bulkMassKg);
        r.put(Component.SURFACE_PB210, a.surfacePb210BqPerM2() * wallAreaM2);
        r.put(Component.GAP_PB210, a.gapPb210Bq());
        r.put(Component.PMT_GAMMA, pmtGammaRateHz);
        r.put(Component.CHERENKOV_K40, PmtArray.COUNT * a.pmtK40Bq() * K40_BETA_BRANCH * a.cherenkovVisibleFraction());
        r.put(Component.DARK_NOISE, accidentalRateHz(new EventSimulator(det, optics, truth).totalDarkRateHz()));
        r.put(Component.CO57, run.isCalibration() ? a.co57SourceBq() * (0.856 + 0.107) : 0.0);
        double rLxe = det.lxeRadiusCm();
        r.put(Component.MUON, a.muonFluxPerCm2PerS() * Math.PI * rLxe * rLxe);
        r.keySet().retainAll(config.components());
        return r;
    }

    /** Accidental m-fold coincidences of dark hits in the trigger window: R = n (n tau)^(m-1) / (m-1)!. */
    private double accidentalRateHz(double totalDarkHz) {
        int m = det.triggerHits();
        double tau = det.triggerWindowNs() * 1e-9;
        double x = totalDarkHz * tau;
        double fact = 1;
        for (int k = 2; k < m; k++) {
            fact *= k;
        }
        return totalDarkHz * Math.pow(x, m - 1) / fact;
    }

    /** Simulates live time [startNs, endNs) of the run as chunk {@code chunkIndex}. */
    public SimulatedChunk simulate(RunInfo run, RunCalibration truth, int chunkIndex, long startNs, long endNs) {
        long seed = config.seed();
        double durationS = (endNs - startNs) * 1e-9;
        Map<Component, Double> rates = ratesHz(run, truth);
        // draw counts and times per component, then merge in time order
        int total = 0;
        long[][] times = new long[Component.values().length][];
        for (Map.Entry<Component, Double> e : rates.entrySet()) {
            Component c = e.getKey();
            StreamRng rng = StreamRng.of(seed, run.runId(), chunkIndex, StreamRng.purpose("times"), c.ordinal());
            long n = rng.nextPoisson(e.getValue() * durationS);
            if (n > 50_000_000L) {
                throw new IllegalArgumentException("run " + run.runId() + " chunk " + chunkIndex + ": " + n + " "
                        + c.label() + " events in one chunk; lower chunkLivetimeS or the activity");
            }
            long[] t = new long[(int) n];
            for (int i = 0; i < n; i++) {
                t[i] = startNs + (long) (rng.nextDouble() * (endNs - startNs));
            }
            Arrays.sort(t);
            times[c.ordinal()] = t;
            total += (int) n;
        }
        long[] order = new long[total]; // (time, component, index) packed via parallel arrays below
        long[] orderTime = new long[total];
        int k = 0;
        for (Component c : Component.values()) {
            long[] t = times[c.ordinal()];
            if (t == null) {
                continue;
            }
            for (int i = 0; i < t.length; i++) {
                orderTime[k] = t[i];
                order[k] = ((long) c.ordinal() << 40) | i;
                k++;
            }
        }
        Integer[] idx = new Integer[total];
        for (int i = 0; i < total; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> {
            int byTime = Long.compare(orderTime[p], orderTime[q]);
            return byTime != 0 ? byTime : Long.compare(order[p], order[q]);
        });

        SimulatedChunk out = new SimulatedChunk(run.runId(), chunkIndex);
        EventSimulator sim = new EventSimulator(det, optics, truth);
        EventSimulator.Outcome outcome = new EventSimulator.Outcome();
        HitBuffer hits = new HitBuffer();
        double[] pos = new double[3];
        long seq = 0;
        for (int j = 0; j < total; j++) {
            int p = idx[j];
            Component c = Component.values()[(int) (order[p] >>> 40)];
            long i = order[p] & 0xFFFFFFFFFFL;
            StreamRng rng = StreamRng.of(seed, run.runId(), chunkIndex, c.ordinal(), i);
            double energy = generate(c, run, rng, sim, hits, outcome, pos);
            long truthId = ((long) chunkIndex << 32) | j;
            long eventId = -1;
            boolean recorded = true;
            out.generatedByComponent[c.ordinal()]++;
            if (outcome.triggered) {
                eventId = ((long) chunkIndex << 32) | seq++;
                boolean od = c == Component.MUON;
                int bits = BIT_ID | (od ? BIT_OD : 0) | (run.isCalibration() ? BIT_CALIBRATION : 0);
                if (restricted(run) && (outcome.recordedPe < 0
                        || outcome.recordedPe < config.windowRestriction().minRecordedPe())) {
                    hits.clear();
                    bits |= BIT_HITS_NOT_RECORDED;
                    recorded = false;
                }
                out.triggeredByComponent[c.ordinal()]++;
                out.addEvent(eventId, orderTime[p] + Math.round(outcome.triggerOffsetNs), bits, od, hits);
            }
            // a restricted simulation keeps truth only for events whose hits were recorded (the counts per
            // component keep every event); the full simulation keeps every generated event
            if (!restricted(run) || (outcome.triggered && recorded)) {
                out.addTruth(truthId, eventId, c, energy, pos[0], pos[1], pos[2], orderTime[p], outcome.triggered);
            }
        }
        return out;
    }

    private boolean restricted(RunInfo run) {
        return config.windowRestriction() != null && !run.isCalibration();
    }

    /**
     * In a restricted simulation of a physics run, an event whose visible deposit is beyond the analysis window's
     * reach is not passed through the detector response: it triggers for certain (tens of keV light up hundreds of
     * PMTs) and is written without hits. Returns true when that is the case (outcome set accordingly).
     */
    private boolean skipResponse(RunInfo run, double visibleKev, HitBuffer hits, EventSimulator.Outcome outcome) {
        if (!restricted(run) || !config.windowRestriction().beyondReach(visibleKev)) {
            return false;
        }
        hits.clear();
        outcome.triggered = true;
        outcome.triggerOffsetNs = 0;
        outcome.recordedPe = -1; // marks "response not simulated"
        return true;
    }

    /** Generates one event of component c; fills pos with the true vertex and returns the deposited energy. */
    private double generate(Component c, RunInfo run, StreamRng rng, EventSimulator sim, HitBuffer hits,
                            EventSimulator.Outcome outcome, double[] pos) {
        switch (c) {
            case SOLAR_NU_SM, SOLAR_NU_SIGNAL, PB214, KR85, AR39, XE136_2NBB -> {
                double e = switch (c) {
                    case SOLAR_NU_SM -> config.solarSmSpectrum().sample(rng);
                    case SOLAR_NU_SIGNAL -> config.signalSpectrum().sample(rng);
                    case PB214 -> pb214.sample(rng);
                    case KR85 -> kr85.sample(rng);
                    case AR39 -> ar39.sample(rng);
                    default -> xe136.sample(rng);
                };
                uniformInSphere(det.pmtRadiusCm(), rng, pos);
                if (!skipResponse(run, e, hits, outcome)) {
                    sim.scintillationPoint(pos[0], pos[1], pos[2], e, rng, hits, outcome);
                }
                return e;
            }
            case SURFACE_PB210 -> {
                double e = surfaceDeposit(rng);
                isotropic(rng, pos);
                double r = det.pmtRadiusCm() - 0.05;
                scale(pos, r);
                if (!skipResponse(run, e, hits, outcome)) {
                    sim.scintillationPoint(pos[0], pos[1], pos[2], e, rng, hits, outcome);
                }
                return e;
            }
            case GAP_PB210 -> {
                double e = surfaceDeposit(rng);
                isotropic(rng, pos);
                double visible = 0.02 + 0.38 * rng.nextDouble();
                if (!skipResponse(run, e * visible, hits, outcome)) {
                    sim.scintillationGap(pos[0], pos[1], pos[2], e, visible, rng, hits, outcome);
                }
                scale(pos, det.pmtRadiusCm() + 0.5 * (det.lxeRadiusCm() - det.pmtRadiusCm()));
                return e;
            }
            case PMT_GAMMA -> {
                return pmtGamma(run, rng, sim, hits, outcome, pos);
            }
            case CHERENKOV_K40 -> {
                int pmt = rng.nextInt(PmtArray.COUNT);
                int npe = 1 + (int) rng.nextPoisson(rng.nextExponential(8.0));
                pos[0] = pmts.xCm(pmt);
                pos[1] = pmts.yCm(pmt);
                pos[2] = pmts.zCm(pmt);
                sim.cherenkov(pmt, npe, 0.7, rng, hits, outcome);
                return 0;
            }
            case DARK_NOISE -> {
                pos[0] = Double.NaN;
                pos[1] = Double.NaN;
                pos[2] = Double.NaN;
                sim.darkCoincidence(det.triggerHits(), rng, hits, outcome);
                return 0;
            }
            case CO57 -> {
                double e = rng.nextDouble() < 0.856 / (0.856 + 0.107) ? 122.06 : 136.47;
                double lambda = GammaInteractions.attenuationLengthCm(e, det.lxeDensityGPerCm3());
                double z0 = run.sourceZCm();
                do {
                    isotropic(rng, pos);
                    double s = rng.nextExponential(lambda);
                    pos[0] *= s;
                    pos[1] *= s;
                    pos[2] = z0 + pos[2] * s;
                } while (norm(pos) >= det.pmtRadiusCm());
                sim.scintillationPoint(pos[0], pos[1], pos[2], e, rng, hits, outcome);
                return e;
            }
            case MUON -> {
                double rLxe = det.lxeRadiusCm();
                double b = rLxe * Math.sqrt(rng.nextDouble());
                double chord = 2 * Math.sqrt(rLxe * rLxe - b * b);
                double e = MIP_DEDX_MEV_PER_CM * chord * 1000;
                isotropic(rng, pos);
                scale(pos, Math.min(b, det.pmtRadiusCm() - 1));
                if (!skipResponse(run, e, hits, outcome)) {
                    sim.scintillationPoint(pos[0], pos[1], pos[2], e, rng, hits, outcome);
                }
                return e;
            }
            default -> throw new IllegalStateException("unhandled component " + c);
        }
    }

    /**
     * 210Pb/210Bi deposit from a surface: half 210Bi beta (Q 1162 keV), half 210Pb (beta, Q 17 keV, plus the
     * 46.5 keV transition in 84 % of decays), degraded by the energy lost in the surface layer (deposit = E sqrt(u)).
     * A phenomenological [U] shape; the rate is the tuned parameter.
     */
    private double surfaceDeposit(StreamRng rng) {
        double e = rng.nextDouble() < 0.5 ? bi210.sample(rng)
                : pb210.sample(rng) + (rng.nextDouble() < 0.84 ? 46.5 : 0);
        return e * Math.sqrt(rng.nextDouble());
    }

    private double pmtGamma(RunInfo run, StreamRng rng, EventSimulator sim, HitBuffer hits,
                            EventSimulator.Outcome outcome, double[] pos) {
        double u = rng.nextDouble() * pmtGammaRateHz;
        int line = 0;
        while (pmtLineCumulative[line] < u) {
            line++;
        }
        double e = PMT_LINES[line][0];
        int pmt = rng.nextInt(PmtArray.COUNT);
        double r = det.pmtRadiusCm();
        double px = pmts.xCm(pmt) / r;
        double py = pmts.yCm(pmt) / r;
        double pz = pmts.zCm(pmt) / r;
        // emitted isotropically into the inner hemisphere from behind the photocathode; the ray crosses the holder
        // layer (copper, PMT bodies) before it reaches the xenon sphere, which shields grazing directions
        SourceActivities a = config.activities();
        double rs = r + a.pmtGammaSourceDepthCm();
        double[] dir = new double[3];
        do {
            isotropic(rng, dir);
        } while (dir[0] * px + dir[1] * py + dir[2] * pz >= 0);
        double b = rs * (dir[0] * px + dir[1] * py + dir[2] * pz);
        double disc = b * b - (rs * rs - r * r);
        boolean enters = disc > 0;
        double outside = enters ? -b - Math.sqrt(disc) : 0;
        if (enters && outside > 0 && a.holderDensityGPerCm3() > 0) {
            double lambdaHolder = GammaInteractions.attenuationLengthCm(e, a.holderDensityGPerCm3());
            enters = rng.nextDouble() < Math.exp(-outside / lambdaHolder);
        }
        if (!enters) {
            return noLight(pos, hits, outcome); // misses the sphere or is absorbed in the holder layer
        }
        double ex = px * rs + dir[0] * outside;
        double ey = py * rs + dir[1] * outside;
        double ez = pz * rs + dir[2] * outside;
        double lambda = GammaInteractions.attenuationLengthCm(e, det.lxeDensityGPerCm3());
        double path = 2 * Math.sqrt(disc);
        double s = rng.nextExponential(lambda);
        if (s >= path) {
            return noLight(pos, hits, outcome); // crosses the xenon without interacting
        }
        pos[0] = ex + dir[0] * s;
        pos[1] = ey + dir[1] * s;
        pos[2] = ez + dir[2] * s;
        double deposit = e;
        if (rng.nextDouble() >= GammaInteractions.photoFraction(e)) {
            double cos = GammaInteractions.sampleComptonCos(e, rng);
            double scattered = GammaInteractions.scatteredEnergyKev(e, cos);
            double[] d2 = rotate(dir, cos, rng);
            double exit = chordFromPoint(pos, d2, r);
            double lambda2 = GammaInteractions.attenuationLengthCm(scattered, det.lxeDensityGPerCm3());
            if (rng.nextDouble() < Math.exp(-exit / lambda2)) {
                deposit = e - scattered; // single Compton scatter, photon escapes
            }
        }
        if (!skipResponse(run, deposit, hits, outcome)) {
            sim.scintillationPoint(pos[0], pos[1], pos[2], deposit, rng, hits, outcome);
        }
        return deposit;
    }

    /** A gamma that deposits nothing in the xenon: no vertex, no trigger, zero energy. */
    private static double noLight(double[] pos, HitBuffer hits, EventSimulator.Outcome outcome) {
        pos[0] = Double.NaN;
        pos[1] = Double.NaN;
        pos[2] = Double.NaN;
        outcome.triggered = false;
        hits.clear();
        return 0;
    }

    public static void uniformInSphere(double radiusCm, StreamRng rng, double[] out) {
        isotropic(rng, out);
        scale(out, radiusCm * Math.cbrt(rng.nextDouble()));
    }

    static void isotropic(StreamRng rng, double[] out) {
        double z = 2 * rng.nextDouble() - 1;
        double phi = 2 * Math.PI * rng.nextDouble();
        double s = Math.sqrt(1 - z * z);
        out[0] = s * Math.cos(phi);
        out[1] = s * Math.sin(phi);
        out[2] = z;
    }

    private static void scale(double[] v, double f) {
        v[0] *= f;
        v[1] *= f;
        v[2] *= f;
    }

    private static double norm(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }

    /** Distance from an interior point to the sphere along direction d. */
    private static double chordFromPoint(double[] p, double[] d, double r) {
        double b = p[0] * d[0] + p[1] * d[1] + p[2] * d[2];
        double c = p[0] * p[0] + p[1] * p[1] + p[2] * p[2] - r * r;
        return -b + Math.sqrt(Math.max(0, b * b - c));
    }

    /** A unit vector at angle acos(cos) from d, uniform in azimuth. */
    private static double[] rotate(double[] d, double cos, StreamRng rng) {
        double sin = Math.sqrt(Math.max(0, 1 - cos * cos));
        double phi = 2 * Math.PI * rng.nextDouble();
        // orthonormal basis around d
        double[] a = Math.abs(d[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
        double[] u = {d[1] * a[2] - d[2] * a[1], d[2] * a[0] - d[0] * a[2], d[0] * a[1] - d[1] * a[0]};
        double nu = norm(u);
        scale(u, 1 / nu);
        double[] v = {d[1] * u[2] - d[2] * u[1], d[2] * u[0] - d[0] * u[2], d[0] * u[1] - d[1] * u[0]};
        double cp = Math.cos(phi);
        double sp = Math.sin(phi);
        return new double[] {cos * d[0] + sin * (cp * u[0] + sp * v[0]), cos * d[1] + sin * (cp * u[1] + sp * v[1]),
                cos * d[2] + sin * (cp * u[2] + sp * v[2])};
    }
}
