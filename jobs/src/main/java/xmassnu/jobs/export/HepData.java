package xmassnu.jobs.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * A HEPData submission (hepdata-validator schemas 1.1.1) as plain records, written by a YAML library: {@code
 * submission.yaml} (the additional information, then one document per table) and one data file per table. The
 * builders for this analysis's tables are in {@link HepDataTables}.
 */
public final class HepData {
    private HepData() {}

    /** A value of a variable: a number, a string, or a bin [low, high]; errors of dependent values. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Value(Object value, Double low, Double high, List<Error> errors) {
        public static Value of(double v) {
            return new Value(Double.isFinite(v) ? (Object) v : "-", null, null, null);
        }

        public static Value of(String s) {
            return new Value(s, null, null, null);
        }

        public static Value bin(double low, double high) {
            return new Value(null, low, high, null);
        }

        public Value withErrors(List<Error> e) {
            return new Value(value, low, high, e.isEmpty() ? null : List.copyOf(e));
        }
    }

    /** A symmetric error or an asymmetric one (minus negative, as HEPData writes it), with a label. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(Double symerror, Map<String, Double> asymerror, String label) {
        public static Error sym(double e, String label) {
            return new Error(e, null, label);
        }

        public static Error asym(double minus, double plus, String label) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("minus", minus);
            m.put("plus", plus);
            return new Error(null, m, label);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Qualifier(String name, Object value, String units) {}

    /** A column: its header (LaTeX name, units), qualifiers (dependent variables only) and values. */
    public record Variable(String name, String units, List<Qualifier> qualifiers, List<Value> values) {
        public Variable {
            qualifiers = qualifiers == null ? List.of() : List.copyOf(qualifiers);
            values = List.copyOf(values);
        }
    }

    /** A file beside the tables (e.g. a pyhf workspace) or a URL. */
    public record Resource(String location, String description, String type) {}

    /** One table: a figure's data. {@code keywords}: name (cmenergies, observables, reactions, phrases) -> values. */
    public record Table(String name, String description, String location, Map<String, List<String>> keywords,
                        List<Variable> independent, List<Variable> dependent, List<Resource> resources) {
        public Table {
            if (name == null || name.isBlank() || name.length() > 64) {
                throw new IllegalArgumentException("a HEPData table name must be 1..64 characters, got " + name);
            }
            int n = -1;
            for (Variable v : concat(independent, dependent)) {
                if (n >= 0 && v.values().size() != n) {
                    throw new IllegalArgumentException("table " + name + ": variable " + v.name() + " has "
                            + v.values().size() + " values, the others " + n);
                }
                n = v.values().size();
            }
            keywords = Map.copyOf(keywords);
            independent = List.copyOf(independent);
            dependent = List.copyOf(dependent);
            resources = resources == null ? List.of() : List.copyOf(resources);
        }

        /** The data file's name: the table name with every character outside [A-Za-z0-9_-] replaced by '_'. */
        public String dataFile() {
            return name.replaceAll("[^A-Za-z0-9_-]", "_") + ".yaml";
        }
    }

    public record Submission(String comment, List<Resource> resources, List<Table> tables) {
        public Submission {
            resources = List.copyOf(resources);
            tables = List.copyOf(tables);
        }
    }

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES));

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The documents of submission.yaml as maps, in order (for writing and for schema validation). */
    public static List<Map<String, Object>> submissionDocuments(Submission s) {
        List<Map<String, Object>> docs = new ArrayList<>();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("comment", s.comment());
        if (!s.resources().isEmpty()) {
            info.put("additional_resources", resources(s.resources()));
        }
        docs.add(info);
        for (Table t : s.tables()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", t.name());
            if (t.location() != null) {
                d.put("location", t.location());
            }
            d.put("description", t.description());
            List<Map<String, Object>> kw = new ArrayList<>();
            t.keywords().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                Map<String, Object> k = new LinkedHashMap<>();
                k.put("name", e.getKey());
                k.put("values", e.getValue());
                kw.add(k);
            });
            d.put("keywords", kw);
            d.put("data_file", t.dataFile());
            if (!t.resources().isEmpty()) {
                d.put("additional_resources", resources(t.resources()));
            }
            docs.add(d);
        }
        return docs;
    }

    private static List<Map<String, Object>> resources(List<Resource> rs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Resource r : rs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("location", r.location());
            m.put("description", r.description());
            if (r.type() != null) {
                m.put("type", r.type());
            }
            out.add(m);
        }
        return out;
    }

    /** A table's data file as a map. */
    public static Map<String, Object> dataDocument(Table t) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("independent_variables", t.independent().stream().map(v -> variable(v, false)).toList());
        d.put("dependent_variables", t.dependent().stream().map(v -> variable(v, true)).toList());
        return d;
    }

    private static Map<String, Object> variable(Variable v, boolean dependent) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("name", v.name());
        if (v.units() != null && !v.units().isEmpty()) {
            header.put("units", v.units());
        }
        m.put("header", header);
        if (dependent && !v.qualifiers().isEmpty()) {
            m.put("qualifiers", v.qualifiers());
        }
        m.put("values", v.values());
        return m;
    }

    /** submission.yaml: the documents separated by "---". */
    public static void writeSubmission(Submission s, OutputStream out) throws IOException {
        try (SequenceWriter w = YAML.writer().writeValues(out)) {
            for (Map<String, Object> d : submissionDocuments(s)) {
                w.write(d);
            }
        }
    }

    public static void writeData(Table t, OutputStream out) throws IOException {
        YAML.writeValue(out, dataDocument(t));
    }

    /** The submission's files, by name: submission.yaml and every table's data file. */
    public static Map<String, byte[]> files(Submission s) {
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        try {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            writeSubmission(s, b);
            out.put("submission.yaml", b.toByteArray());
            for (Table t : s.tables()) {
                b = new java.io.ByteArrayOutputStream();
                writeData(t, b);
                out.put(t.dataFile(), b.toByteArray());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing HEPData YAML", e);
        }
        return out;
    }

    /** Writes the submission's files into {@code dir} of a stage output. */
    public static void write(Submission s, xmassnu.jobs.stage.StageOutput out, String dir) {
        files(s).forEach((name, bytes) -> out.writeBytes(dir + "/" + name, bytes));
    }
}
