package xmassnu.reduction.reco;

import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.detector.OpticalModel;

/**
 * The detector model's light response tabulated for reconstruction: ln f(r, theta), the expected fraction of an
 * event's light on one PMT at angle theta from the vertex direction (direct plus its share of the diffuse light),
 * and S(r), the total expected over all PMTs. Tables use coordinates that are dense where f changes fast: radius
 * r = R sin(pi/2 k/K) (dense near the wall) and u = sqrt(1 - cos theta) (dense around the PMT nearest the vertex).
 * Bilinear interpolation; built once per task from the same {@link OpticalModel} the simulation uses.
 */
public final class LightResponse {
    static final int RADII = 160;
    static final int ANGLES = 400;
    private static final double U_MAX = Math.sqrt(2);

    private final double rMaxCm;
    private final double pmtRadiusCm;
    private final double[] logF; // [k * ANGLES + m]
    private final double[] totalS;
    /** |charge centroid| expected for a point source at each table radius (monotonic), for fast vertices. */
    private final double[] centroidRadius;

    private static final java.util.concurrent.ConcurrentHashMap<DetectorModel.OpticsKey, LightResponse> CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The (immutable) tables for a detector's optics, built once per JVM and optics. */
    public static LightResponse of(DetectorModel det) {
        return CACHE.computeIfAbsent(det.opticsKey(), k -> new LightResponse(det));
    }

    LightResponse(DetectorModel det) {
        OpticalModel optics = det.opticalModel();
        pmtRadiusCm = det.pmtRadiusCm();
        rMaxCm = det.pmtRadiusCm() - 0.2;
        logF = new double[RADII * ANGLES];
        totalS = new double[RADII];
        centroidRadius = new double[RADII];
        double[] scratch = new double[xmassnu.reduction.detector.PmtArray.COUNT];
        xmassnu.reduction.detector.PmtArray pmts = optics.pmts();
        for (int k = 0; k < RADII; k++) {
            double r = radius(k);
            double diffuse = optics.diffusePerPmt(0, 0, r);
            totalS[k] = optics.fill(0, 0, r, scratch, null);
            double cz = 0;
            for (int i = 0; i < scratch.length; i++) {
                cz += scratch[i] * pmts.zCm(i);
            }
            centroidRadius[k] = cz / totalS[k];
            for (int m = 0; m < ANGLES; m++) {
                double u = U_MAX * m / (ANGLES - 1);
                double cos = 1 - u * u;
                logF[k * ANGLES + m] = Math.log(optics.directFraction(r, cos) + diffuse);
            }
        }
    }

    double radius(int k) {
        return rMaxCm * Math.sin(0.5 * Math.PI * k / (RADII - 1));
    }

    public double maxRadiusCm() {
        return rMaxCm;
    }

    public double pmtRadiusCm() {
        return pmtRadiusCm;
    }

    /** Fractional table index of radius r (clamped to the table). */
    double radiusIndex(double rCm) {
        double x = Math.min(1.0, rCm / rMaxCm);
        return UnitArcsine.of(x) * 2 / Math.PI * (RADII - 1);
    }

    /**
     * Radius whose expected charge centroid has magnitude {@code c} (inverse of the tabulated centroid curve,
     * clamped to the table): the fast vertex of bright events and the start of the likelihood fit.
     */
    public double radiusFromCentroid(double c) {
        if (c <= centroidRadius[0]) {
            return 0;
        }
        int lo = 0;
        int hi = RADII - 1;
        if (c >= centroidRadius[hi]) {
            return radius(hi);
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (centroidRadius[mid] <= c) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double t = (c - centroidRadius[lo]) / (centroidRadius[hi] - centroidRadius[lo]);
        return radius(lo) + t * (radius(hi) - radius(lo));
    }

    /** Total expected light S(r) relative to the centre (S(0) = 1). */
    public double total(double rCm) {
        return totalAtIndex(radiusIndex(rCm));
    }

    /** S at a fractional table index from {@link #radiusIndex}. */
    double totalAtIndex(double kf) {
        int k = Math.min((int) kf, RADII - 2);
        double t = kf - k;
        return totalS[k] + t * (totalS[k + 1] - totalS[k]);
    }

    /** ln f for radius index kf (from {@link #radiusIndex}) and cos theta. */
    double logFraction(double kf, double cos) {
        int k = Math.min((int) kf, RADII - 2);
        double tk = kf - k;
        double u = Math.sqrt(Math.max(0, 1 - cos));
        double mf = u / U_MAX * (ANGLES - 1);
        int m = Math.min((int) mf, ANGLES - 2);
        double tm = mf - m;
        int base = k * ANGLES + m;
        double a = logF[base] + tm * (logF[base + 1] - logF[base]);
        double b = logF[base + ANGLES] + tm * (logF[base + ANGLES + 1] - logF[base + ANGLES]);
        return a + tk * (b - a);
    }
}
