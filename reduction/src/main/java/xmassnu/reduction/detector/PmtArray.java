package xmassnu.reduction.detector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The 642 inward-facing inner-detector PMTs.
 *
 * <p>XMASS-I mounts its PMTs on a pentakis-dodecahedral holder (60 isosceles triangles, icosahedral symmetry) with
 * the photocathodes at about 40 cm from the centre (Abe et al., NIM A 716 (2013) 78). We approximate the layout by
 * the class-I geodesic subdivision of an icosahedron with frequency 8, projected onto a sphere: it has the same
 * icosahedral symmetry and exactly 10 * 8^2 + 2 = 642 vertices, one PMT per vertex, with near-uniform spacing
 * after a short, deterministic electrostatic relaxation on the sphere that evens out the spacing the projection
 * compresses near the 12 five-fold vertices (nearest neighbours then 5.4-6.0 cm at R = 40 cm; the 2-inch
 * R10789 has a hexagonal window ~ 5.4 cm across). The 12 five-fold vertices play the role of XMASS's 12 round PMTs. PMT ids are
 * assigned in order of z,
 * then azimuth.
 */
public final class PmtArray {
    public static final int COUNT = 642;
    private static final int FREQUENCY = 8;

    private final double radiusCm;
    private final double[] x;
    private final double[] y;
    private final double[] z;

    public PmtArray(double radiusCm) {
        if (!(radiusCm > 0)) {
            throw new IllegalArgumentException("PMT radius must be > 0 cm, got " + radiusCm);
        }
        this.radiusCm = radiusCm;
        List<double[]> unit = geodesicVertices();
        if (unit.size() != COUNT) {
            throw new IllegalStateException("geodesic layout gave " + unit.size() + " vertices, expected " + COUNT);
        }
        x = new double[COUNT];
        y = new double[COUNT];
        z = new double[COUNT];
        for (int i = 0; i < COUNT; i++) {
            x[i] = unit.get(i)[0] * radiusCm;
            y[i] = unit.get(i)[1] * radiusCm;
            z[i] = unit.get(i)[2] * radiusCm;
        }
    }

    public double radiusCm() {
        return radiusCm;
    }

    public double xCm(int pmt) {
        return x[pmt];
    }

    public double yCm(int pmt) {
        return y[pmt];
    }

    public double zCm(int pmt) {
        return z[pmt];
    }

    /** Copies of the coordinate arrays (cm). */
    public double[] xs() {
        return x.clone();
    }

    public double[] ys() {
        return y.clone();
    }

    public double[] zs() {
        return z.clone();
    }

    /** Pairwise 1/d^2 repulsion on the unit sphere, a fixed number of small steps (deterministic). */
    private static void relax(List<double[]> pts) {
        int n = pts.size();
        double[][] p = pts.toArray(new double[0][]);
        double[][] f = new double[n][3];
        for (int iter = 0; iter < 100; iter++) {
            for (double[] row : f) {
                java.util.Arrays.fill(row, 0);
            }
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double dx = p[i][0] - p[j][0];
                    double dy = p[i][1] - p[j][1];
                    double dz = p[i][2] - p[j][2];
                    double d2 = dx * dx + dy * dy + dz * dz;
                    if (d2 > 0.16) {
                        continue; // only near neighbours matter
                    }
                    double w = 1 / (d2 * Math.sqrt(d2));
                    f[i][0] += dx * w;
                    f[i][1] += dy * w;
                    f[i][2] += dz * w;
                    f[j][0] -= dx * w;
                    f[j][1] -= dy * w;
                    f[j][2] -= dz * w;
                }
            }
            for (int i = 0; i < n; i++) {
                double step = 5e-5;
                for (int d = 0; d < 3; d++) {
                    p[i][d] += step * f[i][d];
                }
                double norm = Math.sqrt(p[i][0] * p[i][0] + p[i][1] * p[i][1] + p[i][2] * p[i][2]);
                for (int d = 0; d < 3; d++) {
                    p[i][d] /= norm;
                }
            }
        }
    }

    private static List<double[]> geodesicVertices() {
        double t = (1 + Math.sqrt(5)) / 2;
        double[][] v = {{-1, t, 0}, {1, t, 0}, {-1, -t, 0}, {1, -t, 0}, {0, -1, t}, {0, 1, t}, {0, -1, -t},
                {0, 1, -t}, {t, 0, -1}, {t, 0, 1}, {-t, 0, -1}, {-t, 0, 1}};
        int[][] faces = {{0, 11, 5}, {0, 5, 1}, {0, 1, 7}, {0, 7, 10}, {0, 10, 11}, {1, 5, 9}, {5, 11, 4},
                {11, 10, 2}, {10, 7, 6}, {7, 1, 8}, {3, 9, 4}, {3, 4, 2}, {3, 2, 6}, {3, 6, 8}, {3, 8, 9},
                {4, 9, 5}, {2, 4, 11}, {6, 2, 10}, {8, 6, 7}, {9, 8, 1}};
        Map<String, double[]> unique = new HashMap<>();
        for (int[] f : faces) {
            double[] a = v[f[0]];
            double[] b = v[f[1]];
            double[] c = v[f[2]];
            for (int i = 0; i <= FREQUENCY; i++) {
                for (int j = 0; j <= FREQUENCY - i; j++) {
                    int k = FREQUENCY - i - j;
                    double[] p = new double[3];
                    for (int d = 0; d < 3; d++) {
                        p[d] = (i * a[d] + j * b[d] + k * c[d]) / FREQUENCY;
                    }
                    double n = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
                    for (int d = 0; d < 3; d++) {
                        p[d] /= n;
                    }
                    String key = Math.round(p[0] * 1e6) + ":" + Math.round(p[1] * 1e6) + ":" + Math.round(p[2] * 1e6);
                    unique.putIfAbsent(key, p);
                }
            }
        }
        List<double[]> list = new ArrayList<>(unique.values());
        list.sort(Comparator.<double[]>comparingDouble(p -> Math.round(p[2] * 1e6))
                .thenComparingDouble(p -> Math.atan2(p[1], p[0])));
        relax(list);
        list.sort(Comparator.<double[]>comparingDouble(p -> Math.round(p[2] * 1e6))
                .thenComparingDouble(p -> Math.atan2(p[1], p[0])));
        return list;
    }
}
