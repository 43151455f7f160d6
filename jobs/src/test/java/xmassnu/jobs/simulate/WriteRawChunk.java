package xmassnu.jobs.simulate;

import org.apache.arrow.memory.RootAllocator;

import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.io.RawHitsWriter;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.reduction.detector.RunCalibration;
import xmassnu.reduction.sim.ChunkSimulator;
import xmassnu.reduction.sim.RunInfo;
import xmassnu.reduction.sim.RunPlan;
import xmassnu.reduction.sim.SimulatedChunk;
import xmassnu.reduction.sim.SimulationConfig;
import xmassnu.reduction.sim.TabulatedSpectrum;

/**
 * Writes 20 s of a simulated physics run as a raw hits file and its truth table into the directory given: run in
 * separate JVMs by {@link RawBytesAcrossJvmsTest}, whose outputs must be equal byte for byte.
 */
public final class WriteRawChunk {
    private WriteRawChunk() {}

    public static void main(String[] args) throws Exception {
        Location dir = Location.local(args[0]);
        Storage storage = Storage.local();
        SimulationSettings s = SimulationSettings.DEFAULT;
        double[][] spectra = SolarSpectra.build(s);
        SimulationConfig config = new SimulationConfig(s.seed(), s.detector(), s.activities(),
                new TabulatedSpectrum(spectra[0], spectra[1]), null, s.componentSet(), s.chunkLivetimeS(), null);
        RunInfo run = RunPlan.firstLiveDays(s.seed(), 0.01).get(1);
        RunCalibration truth = RunCalibration.truth(s.detector(), s.seed(), run.runId(), run.yearsSinceStart(),
                run.periodFraction());
        SimulatedChunk chunk = new ChunkSimulator(config).simulate(run, truth, 0, 0, 20_000_000_000L);
        try (RootAllocator alloc = new RootAllocator()) {
            RawHitsWriter.write(chunk, storage, dir, dir.resolve("chunk-00000.arrow"), "lineage", alloc);
        }
        SimulateStage.writeTruth(chunk, storage, dir, dir.resolve("chunk-00000.parquet"), "lineage");
    }
}
