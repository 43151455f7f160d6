package xmassnu.jobs.lineage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A hash of the project's own code (classes and resources of schemas, reduction, fits and jobs), so that lineage
 * changes whenever the code that produced a dataset changes. Jar entries are hashed by name and content, not by
 * timestamp, so rebuilding identical code gives the same fingerprint.
 */
public final class CodeFingerprint {
    private static volatile String cached;

    private CodeFingerprint() {}

    public static String get() {
        String c = cached;
        if (c == null) {
            c = compute(List.of(xmassnu.schemas.Tables.class, xmassnu.reduction.sim.ChunkSimulator.class,
                    xmassnu.fits.physics.RecoilRates.class, CodeFingerprint.class));
            cached = c;
        }
        return c;
    }

    static String compute(List<Class<?>> anchors) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Class<?> anchor : anchors) {
                Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isDirectory(location)) {
                    List<Path> files = new ArrayList<>();
                    try (Stream<Path> walk = Files.walk(location)) {
                        walk.filter(Files::isRegularFile).forEach(files::add);
                    }
                    Collections.sort(files);
                    for (Path f : files) {
                        sha.update(location.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        sha.update(Files.readAllBytes(f));
                    }
                } else {
                    try (JarFile jar = new JarFile(location.toFile())) {
                        List<JarEntry> entries = Collections.list(jar.entries());
                        entries.sort((a, b) -> a.getName().compareTo(b.getName()));
                        for (JarEntry e : entries) {
                            if (e.isDirectory() || e.getName().startsWith("META-INF/maven/")) {
                                continue;
                            }
                            sha.update(e.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                            try (InputStream in = jar.getInputStream(e)) {
                                sha.update(in.readAllBytes());
                            }
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
