package xmassnu.jobs.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.errors.ExitCode;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.schemas.Table;

/**
 * The stage protocol on stages small enough to see everything: lineage and reuse, refusal and --force, the manifest
 * as the commit point (nothing unlisted survives, damaged or edited records are refused), abort leaving nothing, the
 * inputs' chain, and the data directory's lock. No Spark: the runner needs none for stages that do not use it.
 */
class StageRunnerTest {

    /** Writes {@code text} (its setting) into data.txt, plus {@code extra} junk files a failed attempt would leave. */
    static final class Upstream implements Stage<String> {
        final String text;
        final boolean fail;

        Upstream(String text, boolean fail) {
            this.text = text;
            this.fail = fail;
        }

        @Override
        public String name() {
            return "upstream";
        }

        @Override
        public String key() {
            return "up";
        }

        @Override
        public List<Input> inputs() {
            return List.of();
        }

        @Override
        public JsonNode settings() {
            return Json.MAPPER.createObjectNode().put("text", text);
        }

        @Override
        public List<Table> writes() {
            return List.of();
        }

        @Override
        public String compute(StageContext ctx) {
            ctx.output().writeString("data.txt", text);
            // a file nobody records, as a failed task attempt leaves one
            ctx.storage().writeString(ctx.output().resolve("part-attempt-0.tmp"), "junk");
            if (fail) {
                throw new IllegalStateException("boom");
            }
            return text;
        }

        @Override
        public String reuse(StageContext ctx, CommittedStage committed) {
            return committed.readText(ctx.storage(), "data.txt");
        }
    }

    /** Reads up/data.txt and writes it uppercased. */
    static final class Downstream implements Stage<String> {
        @Override
        public String name() {
            return "downstream";
        }

        @Override
        public String key() {
            return "down";
        }

        @Override
        public List<Input> inputs() {
            return List.of(Input.all("up", "upstream"));
        }

        @Override
        public JsonNode settings() {
            return Json.MAPPER.createObjectNode();
        }

        @Override
        public List<Table> writes() {
            return List.of();
        }

        @Override
        public String compute(StageContext ctx) {
            String s = ctx.input("up").readText(ctx.storage(), "data.txt").toUpperCase(java.util.Locale.ROOT);
            ctx.output().writeString("upper.txt", s);
            return s;
        }

        @Override
        public String reuse(StageContext ctx, CommittedStage committed) {
            return committed.readText(ctx.storage(), "upper.txt");
        }
    }

    /** Reads both: a report of the two. */
    static final class Both implements Stage<String> {
        @Override
        public String name() {
            return "both";
        }

        @Override
        public String key() {
            return "both";
        }

        @Override
        public List<Input> inputs() {
            return List.of(Input.all("up", "upstream"), Input.all("down", "downstream"));
        }

        @Override
        public JsonNode settings() {
            return Json.MAPPER.createObjectNode();
        }

        @Override
        public List<Table> writes() {
            return List.of();
        }

        @Override
        public String compute(StageContext ctx) {
            return "ok";
        }

        @Override
        public String reuse(StageContext ctx, CommittedStage committed) {
            return "ok";
        }
    }

    static StageRunner runner(Path dir) {
        return StageRunner.open(null, Storage.local(), new DataLayout(Location.local(dir)), "test", true);
    }

    static <R> StageRunner.Outcome<R> run(Path dir, Stage<R> s, boolean force) {
        try (StageRunner r = runner(dir)) {
            return r.run(s, force);
        }
    }

    static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void theManifestListsEveryFileAndIsTheOnlyWayIn(@TempDir Path tmp) throws Exception {
        StageRunner.Outcome<String> a = run(tmp, new Upstream("hello", false), false);
        assertFalse(a.reused());
        // the junk a failed attempt left is gone: only recorded files, the lineage and the commit record remain
        assertEquals(List.of("_SUCCESS", "_lineage.json", "data.txt"), files(tmp.resolve("up")));
        Manifest m = Manifest.parse(Files.readString(tmp.resolve("up/_SUCCESS")), "test");
        assertEquals(List.of("_lineage.json", "data.txt"), m.files().stream().map(Manifest.Entry::path).toList());
        assertEquals(5, m.entry("data.txt").orElseThrow().bytes());
        assertEquals(a.lineage().hash(), m.lineageHash());
        // the same lineage: reused, read back through the manifest
        StageRunner.Outcome<String> again = run(tmp, new Upstream("hello", false), false);
        assertTrue(again.reused());
        assertEquals("hello", again.result());
    }

    @Test
    void anotherLineageIsRefusedUnlessForcedAndDownstreamFollows(@TempDir Path tmp) {
        run(tmp, new Upstream("hello", false), false);
        String down1 = run(tmp, new Downstream(), false).lineage().hash();
        XmassException e = assertThrows(XmassException.class, () -> run(tmp, new Upstream("other", false), false));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("settings.text") && e.getMessage().contains("--force"), e.getMessage());
        run(tmp, new Upstream("other", false), true);
        // the downstream output was made from the old upstream: its lineage differs now
        XmassException d = assertThrows(XmassException.class, () -> run(tmp, new Downstream(), false));
        assertTrue(d.getMessage().contains("input up"), d.getMessage());
        StageRunner.Outcome<String> down2 = run(tmp, new Downstream(), true);
        assertEquals("OTHER", down2.result());
        assertNotEquals(down1, down2.lineage().hash());
    }

    @Test
    void aFailedStageLeavesNothingAndTheLockIsReleased(@TempDir Path tmp) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(tmp, new Upstream("x", true), false));
        assertEquals("boom", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("up")), "no uncommitted output left behind");
        assertFalse(Files.exists(tmp.resolve(DataLayout.LOCK)));
        // and the next run starts clean
        assertEquals("x", run(tmp, new Upstream("x", false), false).result());
    }

    @Test
    void anUncommittedDirectoryFromAKilledRunIsReplaced(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("up"));
        Files.writeString(tmp.resolve("up/data.txt"), "half a file from a killed run");
        Files.writeString(tmp.resolve("up/stale.parquet"), "x");
        assertEquals("fresh", run(tmp, new Upstream("fresh", false), false).result());
        assertEquals(List.of("_SUCCESS", "_lineage.json", "data.txt"), files(tmp.resolve("up")));
    }

    @Test
    void editedDeletedOrTruncatedFilesOfAnInputAreNamed(@TempDir Path tmp) throws Exception {
        run(tmp, new Upstream("hello", false), false);
        Path data = tmp.resolve("up/data.txt");
        Files.writeString(data, "HELLO");
        XmassException e = assertThrows(XmassException.class, () -> run(tmp, new Downstream(), false));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains(data.toString()) && e.getMessage().contains("altered"), e.getMessage());
        Files.writeString(data, "hell");
        e = assertThrows(XmassException.class, () -> run(tmp, new Downstream(), false));
        assertTrue(e.getMessage().contains("4 bytes") && e.getMessage().contains("truncated"), e.getMessage());
        Files.delete(data);
        e = assertThrows(XmassException.class, () -> run(tmp, new Downstream(), false));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("down")));
    }

    @Test
    void anEditedLineageIsRecomputedAndRefused(@TempDir Path tmp) throws Exception {
        run(tmp, new Upstream("hello", false), false);
        Path lineage = tmp.resolve("up/_lineage.json");
        // an edited setting under the original hash, with the commit record brought in line
        String edited = Files.readString(lineage).replace("\"hello\"", "\"howdy\"");
        Files.writeString(lineage, edited);
        xmassnu.jobs.testing.Manifests.recommit(tmp.resolve("up"), lineage);
        XmassException e = assertThrows(XmassException.class, () -> run(tmp, new Downstream(), false));
        assertTrue(e.getMessage().contains("does not hash to its recorded hash"), e.getMessage());
        // the stage itself: refused, and --force rebuilds it
        e = assertThrows(XmassException.class, () -> run(tmp, new Upstream("hello", false), false));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertEquals("hello", run(tmp, new Upstream("hello", false), true).result());
    }

    @Test
    void inputsThatDoNotChainAreRefused(@TempDir Path tmp) {
        run(tmp, new Upstream("hello", false), false);
        run(tmp, new Downstream(), false);
        assertEquals("ok", run(tmp, new Both(), false).result());
        // the upstream re-run alone: down was made from the old one, a reader of both must not mix them
        run(tmp, new Upstream("other", false), true);
        XmassException e = assertThrows(XmassException.class, () -> run(tmp, new Both(), true));
        assertTrue(e.getMessage().contains("do not chain") && e.getMessage().contains("was made from up"), e.getMessage());
    }

    @Test
    void aSecondCommandOnTheSameDataDirectoryFailsAtOnceNamingTheHolder(@TempDir Path tmp) throws Exception {
        try (StageRunner first = runner(tmp)) {
            XmassException e = assertThrows(XmassException.class, () -> runner(tmp));
            assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
            assertTrue(e.getMessage().contains("is in use by 'test'") && e.getMessage().contains("pid "
                    + ProcessHandle.current().pid()), e.getMessage());
        }
        // a lock left by a process that is gone is taken over
        Files.writeString(tmp.resolve(DataLayout.LOCK), "{\"owner\": \"x\", \"command\": \"killed\", \"host\": \""
                + java.net.InetAddress.getLocalHost().getHostName() + "\", \"pid\": 999999999, \"heartbeat_epoch_ms\": "
                + System.currentTimeMillis() + "}");
        try (StageRunner taken = runner(tmp)) {
            assertTrue(Files.readString(tmp.resolve(DataLayout.LOCK)).contains("\"command\" : \"test\""));
        }
        assertFalse(Files.exists(tmp.resolve(DataLayout.LOCK)));
    }
}
