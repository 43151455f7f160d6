package xmassnu.jobs.report;

import java.util.List;
import java.util.Locale;

/**
 * HTML sections of the report from plain values: the header (date, code version, commit), the links to every
 * machine-readable output, the lineage as a summary table with collapsible details, and the warning where the
 * asymptotic formulae are doubtful.
 */
final class ReportSections {
    private ReportSections() {}

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String header(String dataDir, String generatedUtc, String version, String commit, String fingerprint) {
        return "<h1>Exotic neutrino–electron interactions with solar neutrinos</h1><p class=\"meta\">Data <code>"
                + esc(dataDir) + "</code> · generated " + esc(generatedUtc) + " · xmassnu " + esc(version)
                + " · commit <code>" + esc(commit) + "</code> · code fingerprint <code>" + esc(fingerprint)
                + "</code></p>";
    }

    /** A machine-readable output: its path relative to the report and what it holds; {@code present} false: absent. */
    record Output(String href, String what, boolean present) {}

    static String outputs(List<Output> outputs) {
        StringBuilder h = new StringBuilder("<h2>Machine-readable outputs</h2><ul class=\"outputs\">");
        for (Output o : outputs) {
            h.append("<li>");
            if (o.present()) {
                h.append("<a href=\"").append(esc(o.href())).append("\"><code>").append(esc(o.href()))
                        .append("</code></a>");
            } else {
                h.append("<code>").append(esc(o.href())).append("</code> (not written)");
            }
            h.append(" — ").append(esc(o.what())).append("</li>");
        }
        return h.append("</ul>").toString();
    }

    /** One stage's lineage: from its _lineage.json; inputs as "key hash". */
    record Stage(String directory, String stage, String hash, List<String> inputs, String codeFingerprint,
                 String json) {}

    static String lineage(List<Stage> stages) {
        StringBuilder h = new StringBuilder("<h2>Configuration and lineage</h2><table><tr><th>directory</th>"
                + "<th>stage</th><th>hash</th><th>inputs</th><th>code</th></tr>");
        for (Stage s : stages) {
            h.append("<tr><td style=\"text-align:left\">").append(esc(s.directory())).append("</td><td>")
                    .append(esc(s.stage())).append("</td><td><code>").append(esc(shortHash(s.hash())))
                    .append("</code></td><td style=\"text-align:left\"><code>");
            h.append(esc(String.join(", ", s.inputs())));
            h.append("</code></td><td><code>").append(esc(s.codeFingerprint())).append("</code></td></tr>");
        }
        h.append("</table>");
        for (Stage s : stages) {
            h.append("<details><summary>").append(esc(s.directory())).append(": configuration and lineage</summary><pre>")
                    .append(esc(s.json())).append("</pre></details>");
        }
        return h.toString();
    }

    static String shortHash(String h) {
        return h == null ? "" : h.length() > 12 ? h.substring(0, 12) : h;
    }

    /** A grid point's toy check: the toy CLs at its asymptotic observed limit. */
    record ToyCheck(String point, double toyCls) {}

    /**
     * A visible warning when few events are expected (the asymptotic distributions of q~ assume many; Cowan et al.,
     * EPJC 71 (2011) 1554, section 5), with the toy CLs at the asymptotic limits where they were computed.
     *
     * @param minExpected below this many expected events (background + SM, window) the warning shows
     */
    static String asymptoticWarning(double expectedEvents, double minExpected, double alpha, List<ToyCheck> toys) {
        boolean few = expectedEvents < minExpected;
        long off = toys.stream().filter(t -> Math.abs(t.toyCls() - alpha) > 0.5 * alpha).count();
        if (!few && off == 0) {
            return "";
        }
        StringBuilder h = new StringBuilder("<div class=\"warning\"><strong>Asymptotic formulae doubtful.</strong> ");
        if (few) {
            h.append(String.format(Locale.ROOT, "Only %.3g events are expected in the analysis window (fewer than %.0f):"
                    + " the limits use the asymptotic distributions of q̃, which hold for many events. ", expectedEvents,
                    minExpected));
        }
        if (toys.isEmpty()) {
            h.append("No toy CLs were computed: <code>bin/xmass fit --config FILE</code> with <code>{\"toys\": N}</code>"
                    + " checks every limit with pseudo-experiments.");
        } else {
            h.append(String.format(Locale.ROOT, "Toy CLs at the asymptotic observed limits (nominal %.2f): %d of %d "
                    + "points off by more than half of it.", alpha, off, toys.size()));
            h.append("<table><tr><th>point</th><th>toy CLs</th></tr>");
            for (ToyCheck t : toys.stream().limit(12).toList()) {
                h.append("<tr><td style=\"text-align:left\">").append(esc(t.point())).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.3f", t.toyCls())).append("</td></tr>");
            }
            h.append("</table>");
            if (toys.size() > 12) {
                h.append("<p>… every point: column <code>toy_cls_at_observed_limit</code> of limits.csv.</p>");
            }
        }
        return h.append("</div>").toString();
    }
}
