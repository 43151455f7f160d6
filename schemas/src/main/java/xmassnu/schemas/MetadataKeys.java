package xmassnu.schemas;

import java.util.List;

/** Key-value metadata keys written into every Arrow IPC and Parquet file the project produces. */
public final class MetadataKeys {
    private MetadataKeys() {}

    /** The {@link Table#name()} of the contract the file follows. */
    public static final String SCHEMA_NAME = "xmassnu.schema.name";
    /** The {@link Table#version()} of that contract, as a decimal string. */
    public static final String SCHEMA_VERSION = "xmassnu.schema.version";
    /** Hex SHA-256 over the configuration, code version and input lineage that produced the dataset. */
    public static final String LINEAGE_HASH = "xmassnu.lineage.hash";
    /** The full lineage record as JSON (same content as the {@code _lineage.json} file beside the dataset). */
    public static final String LINEAGE_JSON = "xmassnu.lineage.json";
    /** Run id of a per-run raw file. */
    public static final String RUN_ID = "xmassnu.run.id";
    /** Zero-based chunk index of a raw file within its run. */
    public static final String CHUNK_INDEX = "xmassnu.run.chunk";

    public static final List<String> ALL = List.of(SCHEMA_NAME, SCHEMA_VERSION, LINEAGE_HASH, LINEAGE_JSON,
            RUN_ID, CHUNK_INDEX);

    public static final String DESCRIPTION = """
            | key | meaning |
            |---|---|
            | `xmassnu.schema.name` | name of the contract the file follows (a table below) |
            | `xmassnu.schema.version` | version of that contract; readers reject versions they do not know |
            | `xmassnu.lineage.hash` | hex SHA-256 over configuration, code version and input lineage |
            | `xmassnu.lineage.json` | the full lineage record (also in `_lineage.json` beside the dataset) |
            | `xmassnu.run.id` | run id of a per-run raw Arrow file |
            | `xmassnu.run.chunk` | zero-based chunk index of a raw Arrow file within its run |
            """;
}
