package xmassnu.schemas;

/** Renders {@code schemas/README.md} from {@link Tables}; the schema test keeps the two in step. */
public final class SchemaDocument {
    private SchemaDocument() {}

    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Data contracts\n\n")
                .append("<!-- Generated from xmassnu.schemas.Tables by SchemaDocument; do not edit by hand.\n")
                .append("     Regenerate: mvn -B -pl schemas test -Dxmassnu.schemas.update=true -->\n\n")
                .append("Every dataset the project reads or writes follows one of these versioned contracts. Column names\n")
                .append("carry their unit as a suffix; times are int64 ns. Arrow IPC is used for the raw trigger stream,\n")
                .append("Parquet for everything derived. A reader rejects a file whose schema name or version it does not "
                        + "know.\n\n")
                .append("## File metadata keys\n\n").append(MetadataKeys.DESCRIPTION).append('\n');
        md.append("## Tables\n\n| table | version | storage | columns |\n|---|---|---|---|\n");
        for (Table t : Tables.ALL) {
            md.append("| [`").append(t.name()).append("`](#").append(t.name().replace('_', '_')).append(") | ")
                    .append(t.version()).append(" | ").append(storage(t)).append(" | ")
                    .append(t.columns().size()).append(" |\n");
        }
        md.append('\n');
        for (Table t : Tables.ALL) {
            md.append("## ").append(t.name()).append("\n\n")
                    .append("Version ").append(t.version()).append(", ").append(storage(t)).append(". ")
                    .append(t.description()).append("\n\n")
                    .append("| column | type | nullable | unit | description |\n|---|---|---|---|---|\n");
            for (Column c : t.columns()) {
                row(md, c, "");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static void row(StringBuilder md, Column c, String prefix) {
        String type = c.type() == ColumnType.LIST_OF_STRUCT ? "list<struct>" : c.type().name().toLowerCase(java.util.Locale.ROOT);
        md.append("| `").append(prefix).append(c.name()).append("` | ").append(type).append(" | ")
                .append(c.nullable() ? "yes" : "no").append(" | ").append(c.unit().isEmpty() ? "—" : c.unit())
                .append(" | ").append(c.description()).append(" |\n");
        for (Column child : c.children()) {
            row(md, child, prefix + c.name() + "[].");
        }
    }

    private static String storage(Table t) {
        return t.storage() == Table.Storage.ARROW_IPC ? "Arrow IPC" : "Parquet";
    }
}
