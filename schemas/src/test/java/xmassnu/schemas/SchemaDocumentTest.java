package xmassnu.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class SchemaDocumentTest {

    private static Path readme() {
        String root = System.getProperty("xmass.root");
        Path base = root != null ? Path.of(root) : Path.of("..");
        return base.resolve("schemas").resolve("README.md");
    }

    @Test
    void readmeMatchesTheCode() throws IOException {
        String generated = SchemaDocument.markdown();
        Path readme = readme();
        if (Boolean.getBoolean("xmassnu.schemas.update")) {
            Files.writeString(readme, generated, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(readme), "missing " + readme);
        String onDisk = Files.readString(readme, StandardCharsets.UTF_8);
        assertEquals(generated, onDisk, "schemas/README.md drifted from xmassnu.schemas.Tables; regenerate with "
                + "mvn -B -pl schemas test -Dxmassnu.schemas.update=true");
    }

    @Test
    void everyColumnNameCarriesItsUnit() {
        for (Table t : Tables.ALL) {
            for (Column c : t.columns()) {
                checkUnitSuffix(t, c);
                c.children().forEach(child -> checkUnitSuffix(t, child));
            }
        }
    }

    private static void checkUnitSuffix(Table t, Column c) {
        if (c.unit().isEmpty()) {
            return;
        }
        String suffix = switch (c.unit()) {
            case "kg*d" -> "_kg_day";
            case "adc/pe" -> "_adc_per_pe";
            case "ns/tdc" -> "_ns_per_count";
            case "adc", "tdc" -> c.name().startsWith(c.unit() + "_") ? "_counts" : "_" + c.unit();
            case "d" -> "_days";
            default -> "_" + c.unit();
        };
        assertTrue(c.name().endsWith(suffix),
                t.name() + "." + c.name() + " has unit " + c.unit() + " but not the suffix " + suffix);
    }

    @Test
    void arrowSchemaCarriesNameVersionAndNestedHits() {
        Schema schema = ArrowSchemas.toArrow(Tables.RAW_HITS);
        assertEquals("raw_hits", schema.getCustomMetadata().get(MetadataKeys.SCHEMA_NAME));
        assertEquals("1", schema.getCustomMetadata().get(MetadataKeys.SCHEMA_VERSION));
        Field hits = schema.findField("hits");
        List<String> structFields = hits.getChildren().get(0).getChildren().stream().map(Field::getName).toList();
        assertEquals(List.of("pmt_id", "adc_counts", "tdc_counts"), structFields);
        assertEquals("ns", schema.findField("trigger_time_ns").getMetadata().get("unit"));
    }

    @Test
    void everyTableConvertsToArrow() {
        for (Table t : Tables.ALL) {
            assertEquals(t.columns().size(), ArrowSchemas.toArrow(t).getFields().size(), t.name());
        }
    }

    @Test
    void invalidContractsAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Column.required("EnergyKeV", ColumnType.FLOAT64, "kev", "x"));
        assertTrue(e.getMessage().contains("EnergyKeV"));
        assertThrows(IllegalArgumentException.class, () -> Column.required("a_kev", ColumnType.FLOAT64, "kev", " "));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> new Table("t", 1,
                Table.Storage.PARQUET, "d", List.of(Column.required("a", ColumnType.INT32, "", "a"),
                        Column.required("a", ColumnType.INT32, "", "a"))));
        assertTrue(dup.getMessage().contains("duplicate column a"));
        assertThrows(java.util.NoSuchElementException.class, () -> Tables.byName("nope"));
    }
}
