package xmassnu.jobs.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The published JSON schemas, shipped as test resources with their source and licence (src/test/resources/schemas/
 * SOURCES.md): pyhf 1.0.0 (workspace, JSON Patch) and the HEPData submission format 1.1.1 (hepdata-validator).
 * Their ids resolve to the class path, so validation never touches the network.
 */
final class PublishedSchemas {
    private PublishedSchemas() {}

    static final String PYHF = "https://scikit-hep.org/pyhf/schemas/1.0.0/";
    static final String HEPDATA = "https://hepdata.net/submission/schemas/1.1.1/";

    private static final SchemaRegistry PYHF_REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_6,
            b -> b.schemaIdResolvers(r -> r.mapPrefix(PYHF, "classpath:schemas/pyhf/1.0.0/")));
    private static final SchemaRegistry HEPDATA_REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7, b -> b.schemaIdResolvers(r -> r.mapPrefix(HEPDATA,
                    "classpath:schemas/hepdata/1.1.1/")));

    static Schema pyhf(String file) {
        return PYHF_REGISTRY.getSchema(SchemaLocation.of(PYHF + file));
    }

    static Schema hepdata(String file) {
        return HEPDATA_REGISTRY.getSchema(SchemaLocation.of(HEPDATA + file));
    }

    /** The schema's errors for a JSON text (empty: valid). */
    static List<String> errors(Schema schema, String json) {
        return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    static void assertValid(Schema schema, String json, String what) {
        List<String> e = errors(schema, json);
        assertTrue(e.isEmpty(), what + " violates " + schema.getSchemaLocation() + ": " + e);
    }
}
