package xmassnu.reduction.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import xmassnu.reduction.detector.DetectorModel;
import xmassnu.reduction.detector.RunCalibration;
import xmassnu.reduction.reco.LightResponse;
import xmassnu.reduction.reco.ReducedEvents;
import xmassnu.reduction.reco.ReductionKernel;

class WindowRestrictionTest {
    static final DetectorModel DET = DetectorModel.XMASS_I;
    /** Hot surface, gap, bulk and PMT sources so that a 20-minute chunk holds thousands of events of each kind. */
    static final SourceActivities HOT = new SourceActivities(8e-4, 5.1e-5, 1e-6, 4.1e-4, 0.1, 0.03, 1.2e-3, 0.78e-3,
            9.1e-3, 2.8e-3, 0.5, 0, 6e-6, 100, 0, 3, 3);

    static SimulatedChunk chunk(WindowRestriction w) {
        SimulationConfig c = new SimulationConfig(21, DET, HOT, SimulationTest.FLAT_SOLAR, null,
                SimulationConfig.allComponents(), 1200, w);
        RunInfo run = new RunInfo(4, RunInfo.PHYSICS, 0, 1, 1200, 0, null, 0.2, 0.1);
        RunCalibration truth = RunCalibration.truth(DET, 21, 4, 0.2, 0.1);
        return new ChunkSimulator(c).simulate(run, truth, 0, 0, 1_200_000_000_000L);
    }

    @Test
    void everyTriggerIsKeptAndEveryEventThatCanReachTheWindowHasItsHits() {
        SimulatedChunk full = chunk(null);
        SimulatedChunk restricted = chunk(WindowRestriction.XMASS_I_WINDOW);
        // the trigger stream is the same: same triggers, same ids, times within the trigger offset (< 1 us)
        assertEquals(full.nEvents, restricted.nEvents);
        assertArrayEquals(full.generatedByComponent, restricted.generatedByComponent);
        assertArrayEquals(full.triggeredByComponent, restricted.triggeredByComponent);
        int notRecorded = 0;
        for (int i = 0; i < full.nEvents; i++) {
            assertEquals(full.eventId[i], restricted.eventId[i]);
            assertTrue(Math.abs(full.triggerTimeNs[i] - restricted.triggerTimeNs[i]) < 1000, "event " + i);
            notRecorded += (restricted.triggerBits[i] & ChunkSimulator.BIT_HITS_NOT_RECORDED) != 0 ? 1 : 0;
        }
        assertTrue(notRecorded > full.nEvents / 2, "most triggers need no hits: " + notRecorded + " of " + full.nEvents);

        // reconstruct the full simulation: every event near or in the analysis window has identical hits in the
        // restricted one (its detector response and randomness are the same)
        RunCalibration measured = RunCalibration.truth(DET, 21, 4, 0.2, 0.1).measured(DET, 21);
        ReductionKernel k = new ReductionKernel(DET, LightResponse.of(DET), DET.lightYieldPePerKev());
        k.setRun(measured, DET.tdcNsPerCount());
        ReducedEvents ev = new ReducedEvents();
        k.process("full", 4, full.nEvents, full.eventId, full.triggerTimeNs, full.odTriggered,
                Arrays.copyOf(full.hitOffset, full.nEvents + 1), full.hitPmt, full.hitAdc, full.hitTdc, ev);
        Map<Long, Integer> restrictedRow = new HashMap<>();
        for (int i = 0; i < restricted.nEvents; i++) {
            restrictedRow.put(restricted.eventId[i], i);
        }
        int nearWindow = 0;
        for (int i = 0; i < ev.size; i++) {
            if (ev.energyKevee[i] < 1.5 || ev.energyKevee[i] > 35) {
                continue;
            }
            nearWindow++;
            int j = restrictedRow.get(ev.eventId[i]);
            assertEquals(0, restricted.triggerBits[j] & ChunkSimulator.BIT_HITS_NOT_RECORDED,
                    "event " + ev.eventId[i] + " at " + ev.energyKevee[i] + " keVee lost its hits");
            int a = full.hitOffset[i];
            int b = restricted.hitOffset[j];
            int n = full.hitOffset[i + 1] - a;
            assertEquals(n, restricted.hitOffset[j + 1] - b);
            assertArrayEquals(Arrays.copyOfRange(full.hitAdc, a, a + n), Arrays.copyOfRange(restricted.hitAdc, b, b + n));
        }
        assertTrue(nearWindow > 100, "the test sample reaches the window: " + nearWindow);
    }
}
