package xmassnu.fits.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Validation against pyhf's schemas (shipped unchanged) and against pyhf's schema plus exactly the coupling-power
 * modifier. The workspaces pyhf accepted when the golden numbers were made (PyhfWorkspaceGoldenTest: {@code
 * pyhf.Workspace(spec)} validates) must pass both.
 */
class WorkspaceSchemaTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode resource(String name) throws Exception {
        try (InputStream in = WorkspaceSchemaTest.class.getResourceAsStream(name)) {
            return MAPPER.readTree(in);
        }
    }

    @Test
    void everyWorkspacePyhfReadsIsValid() throws Exception {
        for (String f : List.of("normsys", "histosys", "staterror", "shapesys", "lumi", "magnetic-moment-all")) {
            JsonNode ws = resource("/xmassnu/stats/pyhf/" + f + ".json");
            assertEquals(List.of(), WorkspaceSchema.PYHF.workspaceErrors(ws), f);
            assertEquals(List.of(), WorkspaceSchema.XMASSNU.workspaceErrors(ws), f);
        }
        assertEquals(List.of(),
                WorkspaceSchema.PYHF.workspaceErrors(resource("/xmassnu/examples/pyhf-uncorrelated-background.json")));
    }

    @Test
    void theExtensionIsExactlyOneModifierDefinition() throws Exception {
        JsonNode pyhf = resource("/xmassnu/schemas/pyhf/1.0.0/defs.json");
        ObjectNode extended = (ObjectNode) MAPPER.readTree(WorkspaceSchema.extendedDefinitions());
        ObjectNode modifiers = (ObjectNode) extended.get("definitions").get("modifier");
        assertEquals(resource("/xmassnu/schemas/xmassnu-coupling-power.json"), modifiers.remove(WorkspaceSchema.EXTENSION_KEY));
        ArrayNode anyOf = (ArrayNode) extended.get("definitions").get("sample").get("properties").get("modifiers")
                .get("items").get("anyOf");
        assertEquals("#/definitions/modifier/" + WorkspaceSchema.EXTENSION_KEY,
                anyOf.remove(anyOf.size() - 1).get("$ref").asText());
        assertEquals(pyhf, extended);
        assertEquals(List.of("histosys", "lumi", "normfactor", "normsys", "shapefactor", "shapesys", "staterror",
                "xmassnu:coupling-power"), WorkspaceSchema.XMASSNU.modifierTypes());
    }

    @Test
    void couplingPowerWorkspacesAreXmassnusNotPyhfs() throws Exception {
        // the model of ModelDerivativesTest, written back by Workspace.toJson: every modifier type and the extension
        Workspace ws = Workspace.parse(MAPPER.readTree(ModelDerivativesTest.WS), "all-modifiers");
        JsonNode json = ws.toJson();
        assertEquals(List.of(), WorkspaceSchema.XMASSNU.workspaceErrors(json));
        List<String> pyhf = WorkspaceSchema.PYHF.workspaceErrors(json);
        assertEquals(2, pyhf.size(), pyhf.toString());
        assertTrue(pyhf.get(0).startsWith("channel a, sample signal, modifier mu: unknown modifier type "
                + "'xmassnu:coupling-power'"), pyhf.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkspaceSchema.PYHF.validateWorkspace(json, "ws.json"));
        assertTrue(e.getMessage().startsWith("ws.json: not a valid pyhf workspace (schema 1.0.0): channel a, sample signal"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(and 1 more)"), e.getMessage());
    }

    @Test
    void errorsNameTheChannelSampleAndModifier() throws Exception {
        ObjectNode ws = (ObjectNode) resource("/xmassnu/stats/pyhf/histosys.json");
        ObjectNode jes = (ObjectNode) ws.get("channels").get(0).get("samples").get(1).get("modifiers").get(2);
        ((ObjectNode) jes.get("data")).remove("lo_data");
        ws.remove("version");
        ((ObjectNode) ws.get("observations").get(0)).putArray("data");
        assertEquals(java.util.Set.of("channel sr, sample bkg, modifier jes/data: required property 'lo_data' not found",
                "top level: required property 'version' not found",
                "observation sr/data: must have at least 1 items but found 0"),
                java.util.Set.copyOf(WorkspaceSchema.XMASSNU.workspaceErrors(ws)));
        JsonNode patch = MAPPER.readTree("[{\"op\": \"add\", \"path\": \"/x\"}]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkspaceSchema.PYHF.validatePatch(patch, "p.json"));
        assertTrue(e.getMessage().startsWith("p.json: not a valid pyhf jsonpatch (schema 1.0.0): "), e.getMessage());
    }
}
