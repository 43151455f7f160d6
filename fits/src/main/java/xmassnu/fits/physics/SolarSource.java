package xmassnu.fits.physics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Solar-neutrino sources. Spectral shapes are the standard Bahcall spectra as tabulated in cajohare/NeutrinoFog
 * (MIT; resources xmassnu/solar-spectra). Each source also carries an approximate production-weighted mean
 * radius (fraction of R_sun, read off the production profiles of Bahcall, "Neutrino Astrophysics" (1989), fig. 6.2);
 * with the exponential electron-density fit n_e = 245 exp(-10.54 r/R_sun) N_A cm^-3 (same book, eq. 6.4) it gives
 * the density at production for the adiabatic MSW correction. This matters only above a few MeV (8B, hep): the
 * pp and 7Be signals of this analysis are in the vacuum-averaged regime. Documented as [U] in docs/physics.md.
 */
public enum SolarSource {
    PP("pp", "pp.csv", 0.12),
    PEP("pep", "pep.csv", 0.12),
    BE7_384("7Be-384", "7Be1.csv", 0.06),
    BE7_861("7Be-861", "7Be2.csv", 0.06),
    N13("13N", "13N.csv", 0.08),
    O15("15O", "15O.csv", 0.05),
    F17("17F", "17F.csv", 0.05),
    B8("8B", "8B.csv", 0.045),
    HEP("hep", "hep.csv", 0.15);

    private final String label;
    private final String resource;
    private final double meanProductionRadiusRsun;
    private volatile Spectrum spectrum;

    SolarSource(String label, String resource, double meanProductionRadiusRsun) {
        this.label = label;
        this.resource = resource;
        this.meanProductionRadiusRsun = meanProductionRadiusRsun;
    }

    public String label() {
        return label;
    }

    /** Electron density at production in units of Avogadro's number per cm^3. */
    public double productionElectronDensityNa() {
        return 245.0 * Math.exp(-10.54 * meanProductionRadiusRsun);
    }

    public boolean isLine() {
        return spectrum().isLine();
    }

    /** Highest neutrino energy (line energy for lines), MeV. */
    public double maxEnergyMev() {
        double[] e = spectrum().energiesMev();
        return e[e.length - 1];
    }

    public Spectrum spectrum() {
        Spectrum s = spectrum;
        if (s == null) {
            synchronized (this) {
                if (spectrum == null) {
                    spectrum = load();
                }
                s = spectrum;
            }
        }
        return s;
    }

    /**
     * A normalised spectral shape: for lines one energy with weight 1; otherwise dN/dE (per MeV) on a grid whose
     * trapezoid integral is exactly 1.
     */
    public record Spectrum(double[] energiesMev, double[] densityPerMev) {
        public boolean isLine() {
            return energiesMev.length == 1;
        }
    }

    private Spectrum load() {
        String path = "/xmassnu/solar-spectra/" + resource;
        List<double[]> rows = new ArrayList<>();
        try (InputStream in = SolarSource.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length != 2) {
                    throw new IllegalStateException(path + " line " + n + ": expected 'E_MeV,density', got '" + line + "'");
                }
                rows.add(new double[] {Double.parseDouble(f[0].trim()), Double.parseDouble(f[1].trim())});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
        double[] e = new double[rows.size()];
        double[] d = new double[rows.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = rows.get(i)[0];
            d[i] = rows.get(i)[1];
            if (i > 0 && !(e[i] > e[i - 1])) {
                throw new IllegalStateException(path + " row " + (i + 1) + ": energies not increasing");
            }
        }
        if (e.length == 1) {
            return new Spectrum(e, new double[] {1.0});
        }
        double norm = 0;
        for (int i = 1; i < e.length; i++) {
            norm += 0.5 * (d[i] + d[i - 1]) * (e[i] - e[i - 1]);
        }
        for (int i = 0; i < d.length; i++) {
            d[i] /= norm;
        }
        return new Spectrum(e, d);
    }
}
