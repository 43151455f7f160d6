package xmassnu.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * Looks at an HTML page as a reader would: Debian's chromium, headless, loads the page, draws every image (PNG and
 * SVG) onto a canvas and counts the non-white pixels in its interior (x from 12 % to 88 %, y from 32 % to 85 % of the
 * image: inside the plot frame, below the legends, above the axis labels; the figures have no grid lines). A frame
 * with nothing drawn in it counts 0; one observed event with its error bar about 150.
 * Locally the tests skip when chromium is absent; under CI (CI=true, where .ci/run installs it) they fail.
 */
public final class HeadlessChromium {
    /** An image of the page: its src, natural size and the non-white fraction of its interior. */
    public record Image(String src, int width, int height, long inked, long pixels, String error) {
        public double inkedFraction() {
            return pixels == 0 ? 0 : inked / (double) pixels;
        }
    }

    /** Below this many non-white interior pixels an image counts as an empty frame. */
    public static final long MIN_INKED_PIXELS = 50;

    private HeadlessChromium() {}

    public static Optional<Path> binary() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The binary, or the test skipped with the reason (failed under CI, which must have it). */
    public static Path requireBinary() {
        Optional<Path> b = binary();
        if (b.isEmpty()) {
            String msg = "chromium is not installed (apt-get install -y chromium; .ci/run installs it): "
                    + "the report is not looked at";
            if ("true".equals(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        return b.get();
    }

    private static final String PROBE = """
            <pre id="xmassnu-probe"></pre>
            <script>
            window.addEventListener('load', () => {
              const out = [];
              const srcs = [];
              for (const img of document.images) srcs.push(img.getAttribute('src'));
              for (const a of document.querySelectorAll('a[href$=".svg"]')) srcs.push(a.getAttribute('href'));
              let pending = srcs.length;
              const done = () => { if (--pending <= 0) document.getElementById('xmassnu-probe').textContent =
                  'PROBE\\n' + out.join('\\n') + '\\nEND'; };
              if (pending === 0) { pending = 1; done(); }
              for (const src of srcs) {
                const img = new Image();
                img.onload = () => {
                  const w = img.naturalWidth, h = img.naturalHeight;
                  let n = 0, tot = 0, err = '';
                  try {
                    const c = document.createElement('canvas'); c.width = w; c.height = h;
                    const g = c.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, w, h); g.drawImage(img, 0, 0);
                    const d = g.getImageData(Math.floor(w * 0.12), Math.floor(h * 0.32), Math.floor(w * 0.76),
                        Math.floor(h * 0.53)).data;
                    for (let i = 0; i < d.length; i += 4) { tot++; if (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245) n++; }
                  } catch (e) { err = String(e); }
                  out.push([src, w, h, n, tot, err || '-'].join('\\t'));
                  done();
                };
                img.onerror = () => { out.push([src, 0, 0, 0, 0, 'not loaded'].join('\\t')); done(); };
                img.src = src;
              }
            });
            </script>
            """;

    /** Every image of the page (img elements and linked SVGs) as chromium draws it. */
    public static List<Image> probe(Path html) throws IOException, InterruptedException {
        Path chromium = requireBinary();
        String page = Files.readString(html);
        int end = page.lastIndexOf("</body>");
        String probed = end < 0 ? page + PROBE : page.substring(0, end) + PROBE + page.substring(end);
        Path copy = html.resolveSibling(".probe-" + html.getFileName());
        Files.writeString(copy, probed);
        Path profile = Files.createTempDirectory("chromium-profile");
        try {
            // no network, no background services: a fresh profile, loopback-free flags (HELPERS.md)
            List<String> cmd = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                    "--allow-file-access-from-files", "--virtual-time-budget=20000", "--dump-dom",
                    copy.toUri().toString());
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("chromium did not finish within 120 s on " + html);
            }
            String dom = new String(out, StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("PROBE\\n(.*?)\\nEND", Pattern.DOTALL).matcher(dom);
            if (!m.find()) {
                fail("chromium rendered no probe result for " + html + " (exit " + p.exitValue() + ")");
            }
            List<Image> images = new ArrayList<>();
            for (String line : m.group(1).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                images.add(new Image(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]),
                        Long.parseLong(f[4]), f[5]));
            }
            images.sort(java.util.Comparator.comparing(Image::src));
            return images;
        } finally {
            Files.deleteIfExists(copy);
            try (var walk = Files.walk(profile)) {
                for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * As {@link #assertEveryImageDrawn} when chromium is installed (always under CI); otherwise says on stderr that
     * the page was not looked at and returns, so that a longer test's other checks still count.
     */
    public static void lookIfInstalled(Path html, int minImages) throws IOException, InterruptedException {
        if (binary().isEmpty() && !"true".equals(System.getenv("CI"))) {
            System.err.println("chromium is not installed: " + html + " is not looked at (apt-get install -y chromium)");
            return;
        }
        assertEveryImageDrawn(html, minImages);
    }

    /** Asserts that the page shows at least {@code minImages} images and that every one has drawn data. */
    public static List<Image> assertEveryImageDrawn(Path html, int minImages) throws IOException, InterruptedException {
        List<Image> images = probe(html);
        assertTrue(images.size() >= minImages, html + ": " + images.size() + " images, expected >= " + minImages);
        for (Image i : images) {
            assertTrue(i.width() > 0 && "-".equals(i.error()), i.src() + ": not drawn (" + i.error() + ")");
            assertTrue(i.inked() >= MIN_INKED_PIXELS, i.src() + ": empty frame, " + i.inked() + " of "
                    + i.pixels() + " interior pixels drawn");
        }
        return images;
    }
}
