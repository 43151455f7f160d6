package xmassnu.jobs.plots;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import javax.imageio.ImageIO;

import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.JFreeChart;

/**
 * A chart rendered at a fixed size: PNG bytes (for the report and quick looks) and SVG text (vector, for papers and
 * zooming), both drawn by the same JFreeChart code. Immutable; a stage writes its files through its output
 * ({@link #write}), a user's own file ({@code spectrum --plot}) is written by {@link #writeFile}.
 */
public final class Figure {
    /** Files are meant to be served (the report) and read by collaborators: rw-r--r--, not a temp file's 0600. */
    private static final String FILE_MODE = "rw-r--r--";

    private final String name;
    private final JFreeChart chart;
    private final int widthPx;
    private final int heightPx;

    /** @param name the file base name (letters, digits, '-', '_'), e.g. {@code brazil-millicharge} */
    public Figure(String name, JFreeChart chart, int widthPx, int heightPx) {
        if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("figure name must be letters, digits, '-' or '_', got " + name);
        }
        if (widthPx < 50 || heightPx < 50 || widthPx > 8000 || heightPx > 8000) {
            throw new IllegalArgumentException("figure " + name + ": size " + widthPx + "x" + heightPx
                    + " px outside 50..8000");
        }
        this.name = name;
        this.chart = chart;
        this.widthPx = widthPx;
        this.heightPx = heightPx;
    }

    public String name() {
        return name;
    }

    public JFreeChart chart() {
        return chart;
    }

    /** The chart drawn into an image of the figure's size. */
    public BufferedImage image() {
        return chart.createBufferedImage(widthPx, heightPx, BufferedImage.TYPE_INT_RGB, null);
    }

    public void writePng(OutputStream out) throws IOException {
        if (!ImageIO.write(image(), "png", out)) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    public byte[] png() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            writePng(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** The chart as a standalone SVG document (Batik's SVG generator; text as SVG text elements). */
    public String svg() {
        try {
            org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .getDOMImplementation().createDocument("http://www.w3.org/2000/svg", "svg", null);
            SVGGraphics2D g = new SVGGraphics2D(doc);
            g.setSVGCanvasSize(new java.awt.Dimension(widthPx, heightPx));
            chart.draw(g, new Rectangle(0, 0, widthPx, heightPx));
            java.io.StringWriter w = new java.io.StringWriter();
            g.stream(w, true);
            g.dispose();
            return w.toString();
        } catch (javax.xml.parsers.ParserConfigurationException | org.apache.batik.svggen.SVGGraphics2DIOException e) {
            throw new IllegalStateException("SVG of figure " + name + ": " + e.getMessage(), e);
        }
    }

    /** The figure's files by name: name.png and name.svg. */
    public java.util.Map<String, byte[]> files() {
        java.util.Map<String, byte[]> f = new java.util.LinkedHashMap<>();
        f.put(name + ".png", png());
        f.put(name + ".svg", svg().getBytes(StandardCharsets.UTF_8));
        return f;
    }

    /** Writes DIR/name.png and DIR/name.svg into a stage output (each file under the storage's single-file rule). */
    public void write(xmassnu.jobs.stage.StageOutput out, String dir) {
        files().forEach((n, b) -> out.writeBytes(dir.isEmpty() ? n : dir + "/" + n, b));
    }

    /** Writes one file, PNG or SVG as its name ends (.png, .svg), atomically and with mode 0644. */
    public void writeFile(Path file) throws IOException {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!n.endsWith(".png") && !n.endsWith(".svg")) {
            throw new IllegalArgumentException(file + ": a figure is written as .png or .svg");
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        atomically(file.toAbsolutePath(), n.endsWith(".png") ? png() : svg().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes every figure into {@code dir} of a stage output. */
    public static void writeAll(xmassnu.jobs.stage.StageOutput out, String dir, List<Figure> figures) {
        figures.forEach(f -> f.write(out, dir));
    }

    static void atomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".figure-", ".tmp");
        try {
            Files.write(tmp, bytes);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(FILE_MODE));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
