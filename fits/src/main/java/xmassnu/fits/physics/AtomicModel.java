package xmassnu.fits.physics;

/**
 * How atomic binding modifies free-electron scattering: the number of electrons per atom that can take a recoil
 * energy T. Pluggable so that a better treatment (e.g. RRPA, Hsieh et al., arXiv:1903.06085) can replace
 * the stepping approximation.
 */
public interface AtomicModel {
    /** Effective number of scatterable electrons per atom for a recoil energy in keV. */
    double effectiveElectrons(double recoilKev);

    String name();
}
