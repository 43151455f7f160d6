package xmassnu.fits.physics;

import xmassnu.schemas.Labels;

/**
 * How the binding of xenon's electrons modifies free-electron scattering (docs/physics.md, "Atomic binding").
 *
 * <p>Every model here writes the atomic cross section as the free-electron one times an effective number of
 * electrons per atom that depends on the recoil energy T and on how the interaction depends on the momentum
 * transfer q: a contact interaction (the Standard Model), 1/q^2 (the magnetic moment, and the interference of a
 * massless vector), or a vector propagator [(q_f^2 + M^2)/(q^2 + M^2)]^power (the millicharge with M = 0, B-L),
 * normalised to 1 at the free-electron momentum transfer q_f^2 = T (2 m_e + T). The stepping approximation gives the
 * same count for all of them; the impulse approximation does not. The counts do not depend on the neutrino energy
 * (an approximation each model documents), so {@link RecoilRates} keeps its once-per-energy integrals.
 */
public interface AtomicModel {

    /** The label of the settings and of {@code bin/xmass spectrum --atomic-model}: "stepping" or "impulse". */
    String name();

    /** The effective electron counts on fixed recoil energies (keV), computed once per grid. */
    Response response(double[] recoilKev);

    /** Effective electrons per atom at each recoil energy of one grid, per q-dependence of the interaction. */
    interface Response {
        /** Contact interaction (the Standard-Model weak cross section). */
        double[] contact();

        /** dsigma/dT ~ 1/q^2 (the magnetic moment's helicity-flip term). */
        double[] magnetic();

        /**
         * A vector boson of mass M in the amplitude, the cross-section piece carrying {@code power} propagators:
         * 1 for the interference with the weak amplitude, 2 for the pure new-physics term. M = 0 is the millicharge.
         */
        double[] vectorExchange(double massMev, int power);
    }

    /** The models by label. */
    enum Choice {
        STEPPING("stepping"), IMPULSE("impulse");

        private final String label;

        Choice(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public AtomicModel model() {
            return this == STEPPING ? SteppingApproximation.XENON : ImpulseApproximation.XENON;
        }
    }

    /** The xenon model of a label ("stepping" | "impulse"); a clear error names the allowed values otherwise. */
    static AtomicModel parse(String label) {
        return Labels.parse(Choice.values(), Choice::label, label, "atomic model").model();
    }
}
