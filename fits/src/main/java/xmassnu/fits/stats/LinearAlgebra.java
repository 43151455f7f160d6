package xmassnu.fits.stats;

/** Small dense linear algebra for the fits (n up to a few hundred). */
final class LinearAlgebra {
    private LinearAlgebra() {}

    /** Solves A x = b by Gaussian elimination with partial pivoting; A and b are not modified. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(m[pivot][col]) < 1e-300) {
                throw new ArithmeticException("singular matrix");
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int k = col; k <= n; k++) {
                    m[r][k] -= f * m[col][k];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = m[i][n];
            for (int k = i + 1; k < n; k++) {
                s -= m[i][k] * x[k];
            }
            x[i] = s / m[i][i];
        }
        return x;
    }
}
