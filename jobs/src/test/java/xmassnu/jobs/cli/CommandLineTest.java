package xmassnu.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static xmassnu.jobs.testing.CommandLines.run;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import xmassnu.fits.physics.FlavourCase;
import xmassnu.fits.physics.Model;
import xmassnu.fits.physics.RatePieces;
import xmassnu.fits.physics.RecoilRates;
import xmassnu.fits.physics.SignalPhysics;
import xmassnu.jobs.testing.CommandLines.Run;

class CommandLineTest {

    @Test
    void helpListsEverySubcommand() {
        CommandLine cl = Main.commandLine();
        String usage = cl.getUsageMessage();
        for (String sub : cl.getSubcommands().keySet()) {
            assertTrue(usage.contains(sub), sub);
            assertTrue(cl.getSubcommands().get(sub).getCommandSpec().mixinStandardHelpOptions(), sub + " has --help");
        }
    }

    @Test
    void everyCommandSummaryIsOneWholeSentence() {
        CommandLine cl = Main.commandLine();
        for (var e : cl.getSubcommands().entrySet()) {
            String[] header = e.getValue().getCommandSpec().usageMessage().header();
            assertEquals(1, header.length, e.getKey() + ": one summary line");
            assertTrue(header[0].endsWith(".") && Character.isUpperCase(header[0].charAt(0))
                    && header[0].indexOf(". ") < 0, e.getKey() + ": '" + header[0] + "' is not one sentence");
        }
        // the command list shows exactly these summaries, so none stops mid-sentence
        String usage = cl.getUsageMessage().replaceAll("\\s+", " ");
        assertTrue(usage.contains("fit Compute the limits and the observation at every grid point from DIR/spectra."), usage);
    }

    @Test
    void optionsACommandIgnoresAreNotListedOnIt() {
        CommandLine cl = Main.commandLine();
        String cls = cl.getSubcommands().get("cls").getUsageMessage();
        assertTrue(!cls.contains("--master") && !cls.contains("--quiet"), cls);
        assertTrue(cl.getSubcommands().get("fit").getUsageMessage().contains("--master"));
        assertTrue(!cl.getSubcommands().get("checksum").getUsageMessage().contains("--quiet"));
        assertTrue(cl.getSubcommands().get("select").getUsageMessage().contains("--quiet"), "select reports progress");
        assertEquals(2, run("version", "--master", "local[1]").code(), "refused after a command that ignores it");
        assertEquals(0, run("--quiet", "version").code(), "still accepted before the command");
    }

    @Test
    void unknownOptionIsAnErrorWithNonZeroExit() {
        Run r = run("--no-such-option");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--no-such-option'"), r.err());
        assertEquals(2, run("spectrum", "--model", "sm").code()); // missing --energies
    }

    @Test
    void versionPrintsAllVersions() {
        Run r = run("version");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("spark   4.2.0"), r.out());
        assertTrue(r.out().contains("arrow   19.0.0"), r.out());
        assertTrue(r.out().contains("java    " + Runtime.version().feature()), r.out());
    }

    @Test
    void spectrumPrintsTheDocumentedCsvFromThePhysicsKernel(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("bl.png");
        Run r = run("spectrum", "--model", "b-l", "--coupling", "1e-6", "--mass-mev", "0.5", "--flavour", "e",
                "--energies", "2,5,20", "--plot", png.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals("energy_kev,sm,interference,new_physics,total", lines[0]);
        assertEquals(4, lines.length);
        RatePieces expected = new RecoilRates(SignalPhysics.DEFAULT, new double[] {2, 5, 20})
                .rates(Model.B_L, FlavourCase.E, 1e-6, 0.5);
        for (int i = 0; i < 3; i++) {
            String[] f = lines[i + 1].split(",");
            assertEquals(expected.sm()[i], Double.parseDouble(f[1]), 1e-6 * expected.sm()[i]);
            assertEquals(expected.newPhysics()[i], Double.parseDouble(f[3]), 1e-6 * expected.newPhysics()[i]);
            double total = Double.parseDouble(f[1]) + Double.parseDouble(f[2]) + Double.parseDouble(f[3]);
            assertEquals(total, Double.parseDouble(f[4]), 1e-5 * total);
        }
        byte[] head = Files.readAllBytes(png);
        assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G');
    }

    @Test
    void spectrumTakesTheAtomicModel() {
        // the impulse approximation raises the millicharge's pure term (1.83x at 2 keV, docs/physics.md) and leaves
        // the Standard Model alone; stepping stays the default
        Run imp = run("spectrum", "--model", "millicharge", "--coupling", "1e-11", "--energies", "2,10",
                "--atomic-model", "impulse");
        Run step = run("spectrum", "--model", "millicharge", "--coupling", "1e-11", "--energies", "2,10");
        assertEquals(0, imp.code(), imp.err());
        assertEquals(0, step.code(), step.err());
        String[] i = imp.out().strip().split("\n")[1].split(",");
        String[] s = step.out().strip().split("\n")[1].split(",");
        assertEquals(Double.parseDouble(s[1]), Double.parseDouble(i[1]), 1e-6 * Double.parseDouble(s[1]));
        assertEquals(1.83, Double.parseDouble(i[3]) / Double.parseDouble(s[3]), 0.01);
        RatePieces expected = new RecoilRates(SignalPhysics.DEFAULT.withAtomicModel(
                xmassnu.fits.physics.AtomicModel.parse("impulse")), new double[] {2}).rates(Model.MILLICHARGE,
                FlavourCase.ALL, 1e-11, 0);
        assertEquals(expected.newPhysics()[0], Double.parseDouble(i[3]), 1e-6 * expected.newPhysics()[0]);
        Run bad = run("spectrum", "--model", "sm", "--energies", "2", "--atomic-model", "rrpa");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown atomic model 'rrpa'; expected one of stepping, impulse"), bad.err());
    }

    @Test
    void clsAndUpperLimitPrintPyhfCompatibleJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ws.json");
        try (var in = CommandLineTest.class.getResourceAsStream("/xmassnu/examples/pyhf-uncorrelated-background.json")) {
            Files.copy(in, file);
        }
        String ws = file.toString();
        Run r = run("cls", ws, "--poi-value", "1.0", "--test-stat", "qtilde");
        assertEquals(0, r.code(), r.err());
        com.fasterxml.jackson.databind.JsonNode n = xmassnu.jobs.config.Json.MAPPER.readTree(r.out());
        // pyhf documentation golden numbers (see PyhfGoldenTest in fits)
        assertEquals(0.052515541856109765, n.get("CLs_obs").asDouble(), 2e-6);
        assertEquals(0.06445521290832805, n.get("CLs_exp").get(2).asDouble(), 2e-6);
        r = run("upper-limit", ws, "--scan", "0,5,21", "--cl", "0.95");
        assertEquals(0, r.code(), r.err());
        n = xmassnu.jobs.config.Json.MAPPER.readTree(r.out());
        assertEquals(1.01764089, n.get("observed").asDouble(), 1e-4);
        assertEquals(1.08504773, n.get("expected").get(2).asDouble(), 1e-4);
        assertEquals(2, run("cls", ws, "--test-stat", "likelihood").code());
        assertEquals(2, run("upper-limit", ws, "--cl", "1.5").code());
    }

    @Test
    void badValuesGiveOneClearLine() {
        Run r = run("spectrum", "--model", "axion", "--energies", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown model 'axion'"), r.err());
        r = run("spectrum", "--model", "sm", "--energies", "-3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("-3.0 keV outside the physical range"), r.err());
        r = run("spectrum", "--model", "magnetic-moment", "--coupling", "-1e-11", "--energies", "1");
        assertEquals(2, r.code());
        r = run("spectrum", "--model", "sm", "--flavour", "sterile", "--energies", "1");
        assertTrue(r.err().contains("unknown flavour 'sterile'"), r.err());
    }
}
