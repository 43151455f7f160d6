package xmassnu.jobs.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import xmassnu.fits.physics.AtomicModel;
import xmassnu.fits.physics.FlavourCase;
import xmassnu.fits.physics.FluxModel;
import xmassnu.fits.physics.MillichargeConvention;
import xmassnu.fits.physics.Model;
import xmassnu.fits.physics.RatePieces;
import xmassnu.fits.physics.RecoilRates;
import xmassnu.fits.physics.SignalPhysics;
import xmassnu.jobs.plots.CurveFigure;

@Command(name = "spectrum", header = "Print the solar-neutrino electron-recoil spectrum of a model.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Solar-neutrino electron-recoil spectrum dR/dT in xenon (CSV; optional PNG plot).",
                "dR/dT in events/(kg day keV), before detector response: Standard Model (all flavours) plus the",
                "interference and pure new-physics pieces of a model from the flavours --flavour names.",
                " Prints CSV: energy_kev,sm,interference,new_physics,total."})
final class SpectrumCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "sm | millicharge | magnetic-moment | b-l")
    String model;

    @Option(names = "--coupling", defaultValue = "0", paramLabel = "X",
            description = "Coupling: millicharge in units of e (signed), magnetic moment in mu_B, g_BL. Default "
                    + "${DEFAULT-VALUE}.")
    double coupling;

    @Option(names = "--mass-mev", defaultValue = "1e-3", paramLabel = "M",
            description = "B-L mediator mass in MeV (b-l only). Default ${DEFAULT-VALUE}.")
    double massMev;

    @Option(names = "--flavour", defaultValue = "all", paramLabel = "F",
            description = "Flavours that carry the new interaction: all | e | mu | tau. Default ${DEFAULT-VALUE}.")
    String flavour;

    @Option(names = "--flux", defaultValue = "b16-gs98", paramLabel = "MODEL",
            description = "Solar flux normalisation: b16-gs98 | shp11-gs98. Default ${DEFAULT-VALUE}.")
    String flux;

    @Option(names = "--millicharge-convention", defaultValue = "standard", paramLabel = "C",
            description = "standard (q = eps e) | 4pi-alpha (q^2 = 4 pi alpha eps^2: 4 pi larger rate). Default "
                    + "${DEFAULT-VALUE}.")
    String convention;

    @Option(names = "--atomic-model", defaultValue = "stepping", paramLabel = "A",
            description = "Xenon's atomic response: stepping (electrons bound by less than T scatter as free) | impulse"
                    + " (subshell Compton profiles; docs/physics.md). Default ${DEFAULT-VALUE}.")
    String atomicModel;

    @Option(names = "--energies", required = true, split = ",", paramLabel = "T1,T2,...",
            description = "Recoil energies in keV, comma-separated.")
    double[] energiesKev;

    @Option(names = "--plot", paramLabel = "FILE.png|FILE.svg",
            description = "Also draw the spectra on log axes (a fine grid between the smallest and largest energy).")
    Path plot;

    @Override
    public Integer call() throws Exception {
        Model m = Model.parse(model);
        FlavourCase f = FlavourCase.parse(flavour);
        if (m == Model.SM && coupling != 0) {
            throw new IllegalArgumentException("--coupling has no meaning for --model sm");
        }
        if (!m.hasMediatorMass() && spec.commandLine().getParseResult().hasMatchedOption("--mass-mev")) {
            throw new IllegalArgumentException("--mass-mev applies to --model b-l only");
        }
        SignalPhysics physics = SignalPhysics.DEFAULT.withFluxModel(FluxModel.parse(flux))
                .withMillichargeConvention(MillichargeConvention.parse(convention))
                .withAtomicModel(AtomicModel.parse(atomicModel));
        RatePieces r = new RecoilRates(physics, energiesKev).rates(m, f, coupling, massMev);
        double[] total = r.total();
        StringBuilder out = new StringBuilder("energy_kev,sm,interference,new_physics,total\n");
        for (int i = 0; i < energiesKev.length; i++) {
            out.append(String.format(Locale.ROOT, "%s,%.6e,%.6e,%.6e,%.6e%n", format(energiesKev[i]), r.sm()[i],
                    r.interference()[i], r.newPhysics()[i], total[i]));
        }
        System.out.print(out);
        if (plot != null) {
            writePlot(physics, m, f);
        }
        return 0;
    }

    private void writePlot(SignalPhysics physics, Model m, FlavourCase f) throws Exception {
        double lo = Arrays.stream(energiesKev).min().orElseThrow();
        double hi = Arrays.stream(energiesKev).max().orElseThrow();
        if (hi <= lo) {
            hi = lo * 10;
        }
        int n = 200;
        double[] grid = new double[n];
        for (int i = 0; i < n; i++) {
            grid[i] = lo * Math.pow(hi / lo, i / (double) (n - 1));
        }
        grid[n - 1] = Math.min(grid[n - 1], RecoilRates.maxRecoilKev());
        RatePieces r = new RecoilRates(physics, grid).rates(m, f, coupling, massMev);
        double[] absInterference = Arrays.stream(r.interference()).map(Math::abs).toArray();
        String title = m.label() + (m == Model.SM ? "" : " = " + coupling + " " + m.couplingUnit())
                + (m.hasMediatorMass() ? ", M = " + massMev + " MeV" : "") + ", flavour " + f.label();
        java.util.List<CurveFigure.Curve> curves = new java.util.ArrayList<>();
        curves.add(new CurveFigure.Curve("Standard Model", grid, r.sm()));
        if (m != Model.SM) {
            curves.add(new CurveFigure.Curve("|interference|", grid, absInterference));
            curves.add(new CurveFigure.Curve("new physics", grid, r.newPhysics()));
            curves.add(new CurveFigure.Curve("total", grid, r.total()));
        }
        CurveFigure.figure("spectrum", title, "T (keV)", "dR/dT (events / (kg·day·keV))", true, true, Double.NaN,
                Double.NaN, curves, 900, 600).writeFile(plot);
        System.err.println("wrote " + plot);
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
