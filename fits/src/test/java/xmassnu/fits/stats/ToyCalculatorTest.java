package xmassnu.fits.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ToyCalculatorTest {
    /** pyhf's uncorrelated-background example with every count (and uncertainty) scaled up: the asymptotic regime. */
    static Workspace scaled(double f) {
        Workspace ws = Workspace.read(Path.of("src/main/resources/xmassnu/examples/pyhf-uncorrelated-background.json"));
        List<Workspace.Sample> samples = new ArrayList<>();
        for (Workspace.Sample s : ws.channels().get(0).samples()) {
            double[] d = s.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] *= f;
            }
            List<Workspace.Modifier> mods = new ArrayList<>();
            for (Workspace.Modifier m : s.modifiers()) {
                if (m.type().equals("shapesys")) {
                    var a = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
                    m.data().forEach(x -> a.add(x.asDouble() * f));
                    mods.add(new Workspace.Modifier(m.name(), m.type(), a));
                } else {
                    mods.add(m);
                }
            }
            samples.add(new Workspace.Sample(s.name(), d, mods));
        }
        double[] obs = ws.observations().get(0).data().clone();
        for (int i = 0; i < obs.length; i++) {
            obs[i] = Math.round(obs[i] * f);
        }
        return new Workspace(List.of(new Workspace.Channel(ws.channels().get(0).name(), samples)),
                List.of(new Workspace.Observation(ws.observations().get(0).name(), obs)), ws.measurements());
    }

    @Test
    void toysAgreeWithTheAsymptoticFormulaeWhereTheseHold() {
        // Cowan et al. (arXiv:1007.1727) asymptotics are exact for large counts: with 25x the counts of pyhf's
        // example, toy-based and asymptotic CLs must agree within the toys' statistical precision
        HistFactoryModel m = new HistFactoryModel(scaled(25), null);
        double[] data = m.observedData();
        double mu = 0.25;
        AsymptoticCalculator.Result asym = new AsymptoticCalculator(m, data, TestStatistic.QTILDE,
                Minimiser.DEFAULT).hypotest(mu);
        AsymptoticCalculator.Result toys = new ToyCalculator(m, data, TestStatistic.QTILDE,
                Minimiser.DEFAULT, 1500, 42).hypotest(mu);
        assertTrue(toys.valid(), toys.reason());
        assertTrue(asym.clsObserved() > 0.02 && asym.clsObserved() < 0.5, "a CLs worth comparing: " + asym.clsObserved());
        assertEquals(asym.clsObserved(), toys.clsObserved(), 0.25 * asym.clsObserved(), "observed CLs");
        assertEquals(asym.clsExpected()[2], toys.clsExpected()[2], 0.25 * asym.clsExpected()[2], "median expected CLs");
        // same seed, same answer
        AsymptoticCalculator.Result again = new ToyCalculator(m, data, TestStatistic.QTILDE,
                Minimiser.DEFAULT, 1500, 42).hypotest(mu);
        assertEquals(toys.clsObserved(), again.clsObserved());
    }
}
