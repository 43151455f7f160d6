package xmassnu.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The committed golden of the demo's limits ({@code jobs/src/test/resources/xmassnu/golden/demo-limits.csv}): the
 * observed and expected 90 % CL limit of every grid point of {@code bin/xmass pipeline --config demo}, so that no
 * change moves a limit silently. A regression golden, not an independent reference: the independent anchors are
 * pyhf's numbers for the exported workspace (fits' PyhfWorkspaceGoldenTest, and {@code GoldenLimitsTest} for the
 * magnetic-moment row).
 *
 * <p>Tolerance {@value #RELATIVE_TOLERANCE} relative: the limits are Brent roots with the fit settings' relative
 * tolerance 1e-3 (FitSettings.XMASS_I), so two runs whose CLs differ only by rounding can end their root search up
 * to 1e-3 apart each; the golden's six significant digits add 5e-6.
 *
 * <p>Regenerate (after a change that is meant to move the limits; say so in the commit):
 * {@code mvn -B -pl jobs -am test -Dtest=PipelineTest -Dsurefire.failIfNoSpecifiedTests=false -Dxmassnu.golden.update=true},
 * or from a finished run ({@code bin/xmass pipeline --config demo --data DIR}; this file has no dependencies):
 * {@code java jobs/src/test/java/xmassnu/jobs/testing/GoldenLimits.java DIR/limits/limits.csv}.
 */
public final class GoldenLimits {
    private GoldenLimits() {}

    public static final double RELATIVE_TOLERANCE = 2e-3;
    static final String UPDATE_PROPERTY = "xmassnu.golden.update";
    private static final String[] COLUMNS = {"observed_limit", "expected_minus2", "expected_minus1", "expected_median",
            "expected_plus1", "expected_plus2"};

    /**
     * One grid point: key "model/flavour/massMeV[/sign]" (mass "-" without a mediator; the coupling sign where there is
     * one: 0 both signs, 1, -1), observed, expected -2 ... +2 sigma.
     */
    public record Row(String key, double observed, double[] expected) {}

    /** The golden file in the source tree (so that an update rewrites the committed file). */
    public static Path goldenFile() {
        String root = System.getProperty("xmass.root");
        Path base = root != null ? Path.of(root) : Path.of("..");
        return base.resolve("jobs/src/test/resources/xmassnu/golden/demo-limits.csv");
    }

    /**
     * Compares a run's {@code limits.csv} with the golden and throws an AssertionError listing every difference
     * beyond the tolerance, or, with {@code -Dxmassnu.golden.update=true}, rewrites the golden from it.
     */
    public static void check(Path limitsCsv) {
        Path golden = goldenFile();
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(limitsCsv, golden);
            return;
        }
        List<String> diff = differences(read(golden), read(limitsCsv), RELATIVE_TOLERANCE);
        if (!diff.isEmpty()) {
            throw new AssertionError(diff.size() + " grid points differ from the golden " + golden + " (relative tolerance "
                    + RELATIVE_TOLERANCE + "; regenerate with -D" + UPDATE_PROPERTY + "=true if the change is meant):\n  "
                    + String.join("\n  ", diff.subList(0, Math.min(diff.size(), 25))));
        }
    }

    /** Every missing, extra or differing grid point, one line each; empty when they agree. */
    public static List<String> differences(Map<String, Row> golden, Map<String, Row> actual, double relative) {
        List<String> out = new ArrayList<>();
        for (Row g : golden.values()) {
            Row a = actual.get(g.key());
            if (a == null) {
                out.add(g.key() + ": missing from the run");
                continue;
            }
            double[] gv = values(g);
            double[] av = values(a);
            for (int i = 0; i < gv.length; i++) {
                if (!(Math.abs(av[i] - gv[i]) <= relative * Math.abs(gv[i]))) {
                    out.add(String.format(Locale.ROOT, "%s: %s %.6g, golden %.6g (%+.2e relative)", g.key(), COLUMNS[i],
                            av[i], gv[i], (av[i] - gv[i]) / gv[i]));
                }
            }
        }
        for (String k : actual.keySet()) {
            if (!golden.containsKey(k)) {
                out.add(k + ": not in the golden");
            }
        }
        return out;
    }

    private static double[] values(Row r) {
        double[] v = new double[6];
        v[0] = r.observed();
        System.arraycopy(r.expected(), 0, v, 1, 5);
        return v;
    }

    /** The rows of a limits.csv or of the golden (both have the columns model, flavour, mass_mev and COLUMNS). */
    public static Map<String, Row> read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lines = lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        List<String> header = fields(lines.get(0));
        int model = column(header, "model", csv);
        int flavour = column(header, "flavour", csv);
        int mass = column(header, "mass_mev", csv);
        int variation = header.indexOf("variation");
        int sign = header.indexOf("coupling_sign");
        int[] value = new int[COLUMNS.length];
        for (int i = 0; i < COLUMNS.length; i++) {
            value[i] = column(header, COLUMNS[i], csv);
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = fields(line);
            if (variation >= 0 && !f.get(variation).equals("nominal")) {
                continue;
            }
            String key = key(f.get(model), f.get(flavour), f.get(mass), sign < 0 ? "" : f.get(sign));
            double[] v = new double[COLUMNS.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = f.get(value[i]).isEmpty() ? Double.NaN : Double.parseDouble(f.get(value[i]));
            }
            if (rows.put(key, new Row(key, v[0], java.util.Arrays.copyOfRange(v, 1, 6))) != null) {
                throw new IllegalArgumentException(csv + ": grid point " + key + " twice");
            }
        }
        return rows;
    }

    static String key(String model, String flavour, String massMev, String couplingSign) {
        String mass = massMev.isEmpty() ? "-" : String.format(Locale.ROOT, "%.6g", Double.parseDouble(massMev));
        return model + "/" + flavour + "/" + mass + (couplingSign.isEmpty() ? "" : "/" + couplingSign);
    }

    /** {@code GoldenLimits LIMITS_CSV [GOLDEN]}: writes the golden (default: {@link #goldenFile}) from a run's limits.csv. */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java GoldenLimits.java DIR/limits/limits.csv [GOLDEN.csv]");
            System.exit(2);
        }
        Path golden = args.length == 2 ? Path.of(args[1]) : Path.of("jobs/src/test/resources/xmassnu/golden/demo-limits.csv");
        write(Path.of(args[0]), golden);
        System.out.println("wrote " + golden + " (" + read(golden).size() + " grid points)");
    }

    /** Writes the golden from a run's limits.csv. */
    public static void write(Path limitsCsv, Path golden) {
        StringBuilder sb = new StringBuilder();
        sb.append("# The demo's limits (bin/xmass pipeline --config demo): observed and expected 90 % CL limit per grid\n")
                .append("# point, in the coupling units of limits.csv. Compared by GoldenLimits (relative tolerance ")
                .append(RELATIVE_TOLERANCE).append(").\n")
                .append("# Regenerate: mvn -B -pl jobs -am test -Dtest=PipelineTest -Dsurefire.failIfNoSpecifiedTests=false ")
                .append("-D").append(UPDATE_PROPERTY).append("=true\n")
                .append("model,flavour,mass_mev,coupling_sign,").append(String.join(",", COLUMNS)).append('\n');
        for (Row r : read(limitsCsv).values()) {
            String[] k = r.key().split("/");
            sb.append(k[0]).append(',').append(k[1]).append(',').append(k[2].equals("-") ? "" : k[2]).append(',')
                    .append(k.length > 3 ? k[3] : "");
            for (double v : values(r)) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6g", v));
            }
            sb.append('\n');
        }
        try {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int column(List<String> header, String name, Path csv) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(csv + ": no column " + name + " in " + header);
        }
        return i;
    }

    /** One CSV line's fields; a field in double quotes may hold commas. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(ch);
            }
        }
        out.add(f.toString());
        return out;
    }
}
