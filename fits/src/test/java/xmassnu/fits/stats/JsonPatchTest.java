package xmassnu.fits.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON Patch (RFC 6902) and pyhf patchsets against python: {@code xmassnu/stats/patches/golden.json} holds the results
 * of {@code jsonpatch.apply_patch(copy.deepcopy(document), patch)} (python jsonpatch 1.33) for every case, of
 * {@code pyhf.PatchSet(patchset).apply(pyhf.Workspace(bkgonly), name)} and of {@code pyhf.utils.digest}, written by
 * {@code PYTHONPATH=/work/tools/pyhf/src python3 fits/src/test/pyhf/patches_golden.py}. Results are compared as JSON
 * trees (numbers by value), digests and python's json.dumps text exactly.
 */
class JsonPatchTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode resource(String name) {
        try (InputStream in = JsonPatchTest.class.getResourceAsStream("/xmassnu/stats/" + name)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyCaseAsPythonsJsonpatch() {
        JsonNode document = resource("pyhf/normsys.json");
        JsonNode before = document.deepCopy();
        int failures = 0;
        for (JsonNode c : resource("patches/golden.json").get("cases")) {
            String name = c.get("name").asText();
            if (c.has("error")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> JsonPatch.apply(document, c.get("patch"), "patch '" + name + "'"), name);
                assertTrue(e.getMessage().startsWith("patch '" + name + "', operation "), e.getMessage());
                assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
                failures++;
            } else {
                JsonNode ours = JsonPatch.apply(document, c.get("patch"), name);
                assertTrue(JsonPatch.numericEquals(c.get("result"), ours), name + ": " + ours + " vs python " + c.get("result"));
            }
        }
        assertEquals(6, failures);
        assertEquals(before, document, "the input is not modified");
    }

    @Test
    void digestsAndDumpsAsPyhf() {
        JsonNode numbers = resource("patches/golden.json").get("numbers");
        assertEquals(numbers.get("dumps").asText(), PatchSet.pythonJson(numbers.get("value")));
        assertEquals(numbers.get("sha256").asText(), PatchSet.digest(numbers.get("value"), "sha256"));
        assertEquals(numbers.get("md5").asText(), PatchSet.digest(numbers.get("value"), "md5"));
    }

    @Test
    void patchsetAppliesAsPyhfAndChecksItsDigests() {
        JsonNode golden = resource("patches/golden.json").get("patched");
        JsonNode bkgonly = resource("patches/bkgonly.json");
        PatchSet ps = new PatchSet(resource("patches/patchset.json"), "patchset.json");
        assertEquals(java.util.List.of("sig_500", "sig_1000"), ps.names());
        for (String name : ps.names()) {
            JsonNode ours = ps.apply(bkgonly, name);
            assertTrue(JsonPatch.numericEquals(golden.get(name).get("workspace"), ours), name);
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> ps.apply(bkgonly, "sig_2"));
        assertTrue(missing.getMessage().contains("no patch named 'sig_2'; patches: [sig_500, sig_1000]"), missing.getMessage());
        // another background: the digests differ, as pyhf's PatchSetVerificationError
        JsonNode other = resource("pyhf/normsys.json");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> ps.apply(other, "sig_500"));
        assertTrue(wrong.getMessage().contains("not the patchset's background-only workspace"), wrong.getMessage());
        // not a patchset
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> new PatchSet(resource("pyhf/normsys.json"), "normsys.json"));
        assertTrue(invalid.getMessage().startsWith("normsys.json: not a valid pyhf patchset"), invalid.getMessage());
    }

    @Test
    void pythonReprOfFloats() {
        // python3 -c 'print([repr(x) for x in (0.1, 1e-05, 1e16, 1e15, -2.5e-300, 1/3)])'
        assertEquals("0.1", PatchSet.pythonRepr(0.1));
        assertEquals("1e-05", PatchSet.pythonRepr(1e-5));
        assertEquals("1e+16", PatchSet.pythonRepr(1e16));
        assertEquals("1000000000000000.0", PatchSet.pythonRepr(1e15));
        assertEquals("-2.5e-300", PatchSet.pythonRepr(-2.5e-300));
        assertEquals("0.3333333333333333", PatchSet.pythonRepr(1.0 / 3));
    }
}
