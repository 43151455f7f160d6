package xmassnu.reduction.detector;

/**
 * Analytic light-collection model: the expected fraction of an event's light that each PMT detects, normalised
 * so that an event at the centre gives a total of 1 (multiply by light yield x energy for expected PE).
 *
 * <p>Direct light: a photocathode disk of radius a seen from distance d at incidence cos(theta) subtends the
 * fraction f = (1 - 1/sqrt(1 + a^2 cos(theta)/d^2))/2 of the sphere (the on-axis disk formula with the area
 * projected; -> a^2 cos(theta)/(4 d^2) far away, 1/2 on contact), attenuated by Rayleigh scattering
 * (length 52 cm, XMASS: Abe et al. NIM A 716 (2013) 78) and absorption. Scattered light and light that misses the
 * photocathodes (38 % of the solid angle) is reflected and scattered many times: a fraction
 * {@code diffuseCollection} of it is detected, shared equally by all PMTs. All numbers are configurable; the
 * defaults give 62 % photocathode coverage, 14.7 PE/keV and ~ 4 % resolution for 122 keV at the centre.
 *
 * <p>Surface "gap" sources (light leaking from between PMT holders) emit with a Lambertian (cosine) profile into
 * the inner hemisphere; on a sphere that illuminates the wall almost uniformly, which is why XMASS's surface
 * events are reconstructed deep inside the volume.
 */
public final class OpticalModel {
    private final PmtArray pmts;
    private final double photocathodeRadiusCm;
    private final double scatteringLengthCm;
    private final double absorptionLengthCm;
    private final double diffuseCollection;
    private final double centreNormalisation;
    /** exp(-d/absorption) and exp(-d/scattering) tabulated every 0.01 cm: these exps dominated the cost. */
    private static final double TABLE_STEP_CM = 0.01;
    private final double[] survivalTable;
    private final double[] unscatteredTable;

    public OpticalModel(PmtArray pmts, double photocathodeRadiusCm, double scatteringLengthCm, double absorptionLengthCm,
                        double diffuseCollection) {
        if (!(photocathodeRadiusCm > 0) || !(scatteringLengthCm > 0) || !(absorptionLengthCm > 0)) {
            throw new IllegalArgumentException("photocathode radius, scattering and absorption lengths must be > 0 cm");
        }
        if (!(diffuseCollection >= 0 && diffuseCollection <= 1)) {
            throw new IllegalArgumentException("diffuse collection must be in [0, 1], got " + diffuseCollection);
        }
        this.pmts = pmts;
        this.photocathodeRadiusCm = photocathodeRadiusCm;
        this.scatteringLengthCm = scatteringLengthCm;
        this.absorptionLengthCm = absorptionLengthCm;
        this.diffuseCollection = diffuseCollection;
        int n = (int) Math.ceil(2.5 * pmts.radiusCm() / TABLE_STEP_CM) + 2;
        survivalTable = new double[n];
        unscatteredTable = new double[n];
        for (int i = 0; i < n; i++) {
            survivalTable[i] = Math.exp(-i * TABLE_STEP_CM / absorptionLengthCm);
            unscatteredTable[i] = Math.exp(-i * TABLE_STEP_CM / scatteringLengthCm);
        }
        double[] tmp = new double[PmtArray.COUNT];
        centreNormalisation = rawFractions(0, 0, 0, tmp, null);
    }

    /** Linear interpolation in a table of exp(-d/L); relative error &lt; 1e-8 for L &gt;= 50 cm. */
    private static double lookup(double[] table, double dCm) {
        double x = dCm / TABLE_STEP_CM;
        int i = (int) x;
        if (i >= table.length - 1) {
            return table[table.length - 1];
        }
        double f = x - i;
        return table[i] + f * (table[i + 1] - table[i]);
    }

    public PmtArray pmts() {
        return pmts;
    }

    /** Photocathode coverage: fraction of the solid angle seen from the centre that lands on photocathodes. */
    public double coverage() {
        double r = pmts.radiusCm();
        double a2 = photocathodeRadiusCm * photocathodeRadiusCm;
        return PmtArray.COUNT * 0.5 * (1 - 1 / Math.sqrt(1 + a2 / (r * r)));
    }

    /**
     * Fills {@code fractions} with each PMT's expected share of the light of a point source at (x, y, z) and
     * {@code distancesCm} (may be null) with the source-PMT distances. Returns the sum of the fractions.
     */
    public double fill(double xCm, double yCm, double zCm, double[] fractions, double[] distancesCm) {
        double sum = rawFractions(xCm, yCm, zCm, fractions, distancesCm);
        double inv = 1 / centreNormalisation;
        for (int i = 0; i < PmtArray.COUNT; i++) {
            fractions[i] *= inv;
        }
        return sum * inv;
    }

    private double rawFractions(double xCm, double yCm, double zCm, double[] out, double[] distancesCm) {
        double r = pmts.radiusCm();
        double a2 = photocathodeRadiusCm * photocathodeRadiusCm;
        double[] dist = distancesCm != null ? distancesCm : new double[PmtArray.COUNT];
        for (int i = 0; i < PmtArray.COUNT; i++) {
            double px = pmts.xCm(i);
            double py = pmts.yCm(i);
            double pz = pmts.zCm(i);
            double vx = px - xCm;
            double vy = py - yCm;
            double vz = pz - zCm;
            double d2 = vx * vx + vy * vy + vz * vz;
            double d = Math.sqrt(d2);
            dist[i] = d;
            double cos = d > 0 ? (vx * px + vy * py + vz * pz) / (d * r) : 1;
            out[i] = cos > 0 ? 0.5 * (1 - 1 / Math.sqrt(1 + a2 * cos / Math.max(d2, 1e-12))) : 0;
        }
        return attenuateAndShareDiffuse(out, dist);
    }

    /**
     * Turns solid-angle fractions (in {@code fractions}) into detected fractions: direct light survives absorption
     * and scattering over the distance; scattered light and light that misses every photocathode joins a diffuse
     * pool of which {@code diffuseCollection} is detected, equally on all PMTs. Returns the total (unnormalised).
     */
    private double attenuateAndShareDiffuse(double[] fractions, double[] distancesCm) {
        double direct = 0;
        double lost = 0;
        double geomTotal = 0;
        for (int i = 0; i < PmtArray.COUNT; i++) {
            double geom = fractions[i];
            double survive = lookup(survivalTable, distancesCm[i]);
            double unscattered = lookup(unscatteredTable, distancesCm[i]);
            fractions[i] = geom * survive * unscattered;
            direct += fractions[i];
            lost += geom * survive * (1 - unscattered);
            geomTotal += geom;
        }
        double diffusePool = lost + Math.max(0, 1 - geomTotal);
        double perPmt = diffuseCollection * diffusePool / PmtArray.COUNT;
        for (int i = 0; i < PmtArray.COUNT; i++) {
            fractions[i] += perPmt;
        }
        return direct + diffuseCollection * diffusePool;
    }

    /**
     * Direct-light fraction (normalised like {@link #fill}) for a PMT at angle theta from a point source at radius
     * r: the same formula as {@link #fill} written in the source's frame, used by reconstruction's response tables.
     */
    public double directFraction(double rCm, double cosTheta) {
        double big = pmts.radiusCm();
        double d2 = rCm * rCm + big * big - 2 * rCm * big * cosTheta;
        double d = Math.sqrt(Math.max(d2, 0));
        double cosInc = d > 0 ? (big - rCm * cosTheta) / d : 1;
        double a2 = photocathodeRadiusCm * photocathodeRadiusCm;
        double geom = cosInc > 0 ? 0.5 * (1 - 1 / Math.sqrt(1 + a2 * cosInc / Math.max(d2, 1e-12))) : 0;
        return geom * lookup(survivalTable, d) * lookup(unscatteredTable, d) / centreNormalisation;
    }

    /** Fraction of the light of a point source at (x, y, z) that reaches each PMT indirectly (diffuse), per PMT. */
    public double diffusePerPmt(double xCm, double yCm, double zCm) {
        double[] f = new double[PmtArray.COUNT];
        double total = fill(xCm, yCm, zCm, f, null);
        double direct = 0;
        double big = pmts.radiusCm();
        double r = Math.sqrt(xCm * xCm + yCm * yCm + zCm * zCm);
        for (int i = 0; i < PmtArray.COUNT; i++) {
            double cos = r > 0 ? (xCm * pmts.xCm(i) + yCm * pmts.yCm(i) + zCm * pmts.zCm(i)) / (r * big) : 0;
            direct += directFraction(r, cos);
        }
        return (total - direct) / PmtArray.COUNT;
    }

    /**
     * Lambertian source on the wall at unit direction (ux, uy, uz) (radius of the PMT sphere), emitting into the
     * inner hemisphere; normalised like {@link #fill}. Direct fraction to PMT j is 4 f_j cos(theta_emit).
     */
    public double fillLambertian(double ux, double uy, double uz, double[] fractions, double[] distancesCm) {
        double r = pmts.radiusCm();
        double sx = ux * r;
        double sy = uy * r;
        double sz = uz * r;
        double a2 = photocathodeRadiusCm * photocathodeRadiusCm;
        double[] dist = distancesCm != null ? distancesCm : new double[PmtArray.COUNT];
        for (int i = 0; i < PmtArray.COUNT; i++) {
            double vx = pmts.xCm(i) - sx;
            double vy = pmts.yCm(i) - sy;
            double vz = pmts.zCm(i) - sz;
            double d2 = vx * vx + vy * vy + vz * vz;
            double d = Math.sqrt(d2);
            dist[i] = d;
            double cosEmit = d > 1e-9 ? -(vx * ux + vy * uy + vz * uz) / d : 0;
            double cosInc = d > 1e-9 ? (vx * pmts.xCm(i) + vy * pmts.yCm(i) + vz * pmts.zCm(i)) / (d * r) : 0;
            fractions[i] = cosEmit > 0 && cosInc > 0 ? 4 * cosEmit * 0.5 * (1 - 1 / Math.sqrt(1 + a2 * cosInc / d2)) : 0;
        }
        double total = attenuateAndShareDiffuse(fractions, dist);
        double inv = 1 / centreNormalisation;
        for (int i = 0; i < PmtArray.COUNT; i++) {
            fractions[i] *= inv;
        }
        return total * inv;
    }
}
