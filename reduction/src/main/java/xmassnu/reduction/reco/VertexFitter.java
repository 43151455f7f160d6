package xmassnu.reduction.reco;

import xmassnu.reduction.detector.PmtArray;
import xmassnu.schemas.VertexStatus;

/**
 * Maximum-likelihood vertex from the PE pattern: Poisson likelihood of the observed PE per PMT given the detector
 * model's expected pattern, with the event's light intensity profiled out analytically, so
 * -ln L(x) = -sum_hit n_i ln f_i(x) + N ln S_eff(x) + const, S_eff = expected total over unmasked PMTs.
 * Minimised with a bounded Nelder-Mead from the best of three scaled charge centroids.
 */
public final class VertexFitter {
    /** The vertex_status codes of the event table (the contract's {@link VertexStatus}). */
    public static final int CONVERGED = VertexStatus.CONVERGED.code();
    public static final int AT_BOUNDARY = VertexStatus.AT_BOUNDARY.code();
    public static final int ITERATION_LIMIT = VertexStatus.ITERATION_LIMIT.code();
    public static final int TOO_FEW_HITS = VertexStatus.TOO_FEW_HITS.code();
    /** Bright event: corrected charge centroid instead of the likelihood fit (see {@link #fit}). */
    public static final int CENTROID = VertexStatus.CENTROID.code();

    private final LightResponse response;
    private final double[] px;
    private final double[] py;
    private final double[] pz;
    private final double pmtRadius;
    private final NelderMead minimiser = new NelderMead(3);
    private final double[] point = new double[3];
    private final double[] step = {2, 2, 2};
    // the event being fitted
    private int nHits;
    private int[] hitPmt = new int[PmtArray.COUNT];
    private double[] hitPe = new double[PmtArray.COUNT];
    private double totalPe;
    private int[] masked = new int[0];
    /** S_eff at the centre with the current masked channels: the denominator of every event's relative collection. */
    private double centreEffectiveTotal;
    private final NelderMead.Objective objective = this::penalisedNegativeLogLikelihood;
    private final double[] projected = new double[3];
    /** Slope of the objective outside the volume (any positive value keeps the constrained minimum). */
    static final double WALL_PENALTY_PER_CM = 1.0;

    /** Result of the last fit. */
    public double x;
    public double y;
    public double z;
    public double nll;
    public int status;
    /** S_eff at the fitted vertex relative to the centre with the same masked channels. */
    public double relativeCollection;

    private final double brightEventPe;

    /**
     * @param brightEventPe events with more PE than this get the corrected charge centroid: at that brightness
     *                      (~ 70 keVee for 1000 PE) the vertex is far from the analysis window's needs and the
     *                      likelihood fit over ~ 600 hit PMTs would cost ten times the rest of the reduction
     */
    public VertexFitter(LightResponse response, PmtArray pmts, double brightEventPe) {
        this.brightEventPe = brightEventPe;
        this.response = response;
        px = pmts.xs();
        py = pmts.ys();
        pz = pmts.zs();
        pmtRadius = pmts.radiusCm();
        centreEffectiveTotal = effectiveTotal(0, 0, 0, 0);
    }

    /** Channels excluded from the fit (dead or noisy) in the current run. */
    public void setMasked(int[] maskedPmts) {
        masked = maskedPmts.clone();
        centreEffectiveTotal = effectiveTotal(0, 0, 0, 0);
    }

    /** Fits the hits (PMT ids and PE, good channels only). */
    public void fit(int n, int[] pmt, double[] pe) {
        nHits = 0;
        totalPe = 0;
        double cx = 0;
        double cy = 0;
        double cz = 0;
        for (int i = 0; i < n; i++) {
            if (pe[i] <= 0) {
                continue;
            }
            hitPmt[nHits] = pmt[i];
            hitPe[nHits] = pe[i];
            nHits++;
            totalPe += pe[i];
            cx += pe[i] * px[pmt[i]];
            cy += pe[i] * py[pmt[i]];
            cz += pe[i] * pz[pmt[i]];
        }
        if (nHits < 3 || totalPe <= 0) {
            x = y = z = Double.NaN;
            nll = Double.NaN;
            status = TOO_FEW_HITS;
            relativeCollection = 1;
            return;
        }
        cx /= totalPe;
        cy /= totalPe;
        cz /= totalPe;
        double c = Math.sqrt(cx * cx + cy * cy + cz * cz);
        double scale = c > 0 ? response.radiusFromCentroid(c) / c : 0;
        point[0] = cx * scale;
        point[1] = cy * scale;
        point[2] = cz * scale;
        clampInside(point);
        boolean bright = totalPe > brightEventPe;
        nll = bright ? negativeLogLikelihood(point) : minimiser.minimise(objective, point, step, 5e-3, 0.3, 400);
        clampToWall(point);
        x = point[0];
        y = point[1];
        z = point[2];
        double r = Math.sqrt(x * x + y * y + z * z);
        if (bright) {
            status = CENTROID;
        } else if (!minimiser.converged()) {
            status = ITERATION_LIMIT;
        } else {
            status = r > response.maxRadiusCm() - 0.5 ? AT_BOUNDARY : CONVERGED;
        }
        relativeCollection = effectiveTotal(x, y, z, r) / centreEffectiveTotal;
        nll /= nHits;
    }

    /** The best simplex point can lie outside by less than the tolerance: the vertex is its projection. */
    private void clampToWall(double[] p) {
        double r = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        double max = response.maxRadiusCm();
        if (r > max) {
            for (int d = 0; d < 3; d++) {
                p[d] *= max / r;
            }
            nll = negativeLogLikelihood(p);
        }
    }

    private void clampInside(double[] p) {
        double r = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        double max = response.maxRadiusCm() - 1;
        if (r > max) {
            for (int d = 0; d < 3; d++) {
                p[d] *= max / r;
            }
        }
    }

    private double effectiveTotal(double vx, double vy, double vz, double r) {
        return effectiveTotal(vx, vy, vz, r, response.radiusIndex(r));
    }

    /** With the radius's table index already known (the likelihood needs it too: one arcsine per evaluation). */
    private double effectiveTotal(double vx, double vy, double vz, double r, double kf) {
        double s = response.totalAtIndex(kf);
        if (masked.length > 0) {
            for (int j : masked) {
                s -= Math.exp(response.logFraction(kf, cosine(vx, vy, vz, r, j)));
            }
        }
        return s;
    }

    private double cosine(double vx, double vy, double vz, double r, int pmt) {
        return r > 1e-9 ? (vx * px[pmt] + vy * py[pmt] + vz * pz[pmt]) / (r * pmtRadius) : 0;
    }

    /**
     * The objective of the fit. Outside the volume it is the likelihood at the radial projection onto the wall plus
     * a penalty growing with the distance, so its minimum is the constrained one; unlike +infinity outside, the
     * simplex can slide along the wall, which halves the evaluations for the many events that fit there.
     */
    double penalisedNegativeLogLikelihood(double[] v) {
        double r = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        double rMax = response.maxRadiusCm();
        if (!(r > rMax)) {
            return negativeLogLikelihood(v);
        }
        double f = rMax / r;
        projected[0] = v[0] * f;
        projected[1] = v[1] * f;
        projected[2] = v[2] * f;
        return negativeLogLikelihood(projected) + WALL_PENALTY_PER_CM * (r - rMax);
    }

    double negativeLogLikelihood(double[] v) {
        double r = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (r > response.maxRadiusCm()) {
            return Double.POSITIVE_INFINITY;
        }
        double kf = response.radiusIndex(r);
        double sum = 0;
        if (r > 1e-9) {
            double scale = 1 / (r * pmtRadius);
            double ax = v[0] * scale;
            double ay = v[1] * scale;
            double az = v[2] * scale;
            for (int i = 0; i < nHits; i++) {
                int j = hitPmt[i];
                sum += hitPe[i] * response.logFraction(kf, ax * px[j] + ay * py[j] + az * pz[j]);
            }
        } else {
            for (int i = 0; i < nHits; i++) {
                sum += hitPe[i] * response.logFraction(kf, 0);
            }
        }
        return -sum + totalPe * Math.log(effectiveTotal(v[0], v[1], v[2], r, kf));
    }
}
