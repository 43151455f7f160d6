package xmassnu.jobs.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xmassnu.jobs.config.RunSelection;
import xmassnu.jobs.config.SimulationSettings;
import xmassnu.jobs.errors.ExitCode;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.simulate.SimulateStage;
import xmassnu.jobs.testing.Stages;
import xmassnu.reduction.sim.RunPlan;

/**
 * A disk that fills up during a stage: the error names the file and says the disk is full, its status is the
 * environment's (4), and the disk is left as it was before the stage (nothing half-written stays to keep it full).
 * The disk is a 256 kB tmpfs the test mounts (it needs root, as CI has; elsewhere it is skipped, saying so).
 */
class DiskFullTest {

    static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void aFullDiskIsAnEnvironmentErrorAndLeavesTheDiskAsItWas(@TempDir Path tmp) throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("small-disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString()),
                "cannot mount a tmpfs here (needs root): the disk-full test is skipped");
        try {
            SimulationSettings d = SimulationSettings.DEFAULT;
            SimulationSettings small = new SimulationSettings(31, 60, d.components(), d.flux(), d.millichargeConvention(),
                    d.detector(), d.activities(), null, null);
            RunSelection runs = new RunSelection(RunPlan.firstLiveDays(31, 0.02).subList(1, 2), "one physics run");
            XmassException e = assertThrows(XmassException.class,
                    () -> Stages.run(mount, new SimulateStage(runs, small, 2), false));
            assertEquals(ExitCode.ENVIRONMENT, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("no space left") && e.getMessage().contains(mount.toString()),
                    e.getMessage());
            try (var files = Files.walk(mount)) {
                assertEquals(List.of(mount), files.toList(), "nothing left on the full disk");
            }
        } finally {
            if (!run("umount", mount.toString())) {
                run("umount", "-l", mount.toString()); // detached once the last open file closes
            }
        }
    }
}
