package xmassnu.jobs.stage;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The code that can change a stage's output, as a hash: the stage's own class and, transitively, every class of the
 * project its bytecode refers to (read from the class files' constant pools: class references, descriptors,
 * signatures), plus the resources those classes name (e.g. {@code /xmassnu/solar-spectra/}, every resource below a
 * named prefix). An edit to code a stage never calls leaves its lineage, and so its output, reusable; an edit to a
 * kernel it calls invalidates it and, through the input hashes, everything downstream.
 *
 * <p>Not followed: the stage protocol and storage layer ({@code xmassnu.jobs.stage}, {@code .storage},
 * {@code .errors}), the command line and console progress: they move bytes, never decide them. A change there that
 * does change what a stage writes must bump {@link Manifest#FORMAT}, which every lineage holds. Library versions
 * that write bytes (Parquet, Arrow) are part of the fingerprint too.
 */
public final class CodeFingerprint {
    /** Packages and classes whose changes never change an output (see the class comment). */
    static final List<String> NOT_FOLLOWED = List.of("xmassnu/jobs/stage/", "xmassnu/jobs/storage/",
            "xmassnu/jobs/errors/", "xmassnu/jobs/cli/", "xmassnu/jobs/io/Progress");
    private static final Pattern PROJECT_NAME = Pattern.compile("xmassnu/[A-Za-z0-9_$/.-]*[A-Za-z0-9_$]/?");
    private static final Map<Class<?>, String> CACHE = new ConcurrentHashMap<>();
    private static volatile CodeIndex index;

    private CodeFingerprint() {}

    /** The fingerprint of a stage class (cached per JVM). */
    public static String of(Class<?> stageClass) {
        return CACHE.computeIfAbsent(stageClass, c -> {
            if (index().has(entryName(c))) {
                return of(c.getName(), index());
            }
            List<Class<?>> anchors = new java.util.ArrayList<>(MODULES);
            anchors.add(c); // a stage defined outside the four modules (a test's, a user's plug-in)
            return of(c.getName(), CodeIndex.load(anchors));
        });
    }

    private static String entryName(Class<?> c) {
        return c.getName().replace('.', '/') + ".class";
    }

    /** The fingerprint of the closure of {@code className} in {@code code}: testable with edited class bytes. */
    static String of(String className, CodeIndex code) {
        SortedSet<String> closure = closure(className, code);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String entry : closure) {
                sha.update(entry.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(code.bytes(entry));
            }
            sha.update(("parquet " + version(org.apache.parquet.hadoop.ParquetWriter.class) + ", arrow "
                    + version(org.apache.arrow.vector.VectorSchemaRoot.class)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String version(Class<?> c) {
        String v = c.getPackage().getImplementationVersion();
        return v == null ? "?" : v;
    }

    /** The project entries (classes, resources) a class reaches, by entry name. */
    static SortedSet<String> closure(String className, CodeIndex code) {
        SortedSet<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>();
        String root = className.replace('.', '/') + ".class";
        if (!code.has(root)) {
            throw new IllegalArgumentException(className + " is not a class of the project");
        }
        todo.add(root);
        seen.add(root);
        while (!todo.isEmpty()) {
            String entry = todo.poll();
            if (!entry.endsWith(".class")) {
                continue;
            }
            for (String name : referencedNames(code.bytes(entry))) {
                for (String target : code.resolve(name)) {
                    if (!followed(target) || !seen.add(target)) {
                        continue;
                    }
                    todo.add(target);
                }
            }
        }
        return seen;
    }

    private static boolean followed(String entry) {
        for (String p : NOT_FOLLOWED) {
            if (entry.startsWith(p)) {
                return false;
            }
        }
        return true;
    }

    /** Every "xmassnu/..." name in the UTF-8 constants of a class file (JVMS 4.4). */
    static SortedSet<String> referencedNames(byte[] classFile) {
        SortedSet<String> names = new TreeSet<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> {
                        Matcher m = PROJECT_NAME.matcher(in.readUTF());
                        while (m.find()) {
                            names.add(m.group());
                        }
                    }
                    case 3, 4 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++; // eight-byte constants take two slots
                    }
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 15 -> in.skipNBytes(3);
                    default -> throw new IllegalArgumentException("constant pool tag " + tag + " unknown");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** One class of each of the project's modules: where their code is found. */
    private static final List<Class<?>> MODULES = List.of(xmassnu.schemas.Tables.class,
            xmassnu.reduction.sim.ChunkSimulator.class, xmassnu.fits.physics.RecoilRates.class, CodeFingerprint.class);

    static CodeIndex index() {
        CodeIndex i = index;
        if (i == null) {
            i = CodeIndex.load(MODULES);
            index = i;
        }
        return i;
    }

    /** The entries of the project's four modules (class directories or jars), by entry name. */
    static final class CodeIndex {
        private final Map<String, byte[]> entries;

        CodeIndex(Map<String, byte[]> entries) {
            this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
        }

        /** The same code with some entries' bytes replaced (what an edit does). */
        CodeIndex with(Map<String, byte[]> edits) {
            Map<String, byte[]> m = new TreeMap<>(entries);
            m.putAll(edits);
            return new CodeIndex(m);
        }

        boolean has(String entry) {
            return entries.containsKey(entry);
        }

        byte[] bytes(String entry) {
            byte[] b = entries.get(entry);
            if (b == null) {
                throw new IllegalArgumentException("no " + entry + " in the project's code");
            }
            return b;
        }

        /** What a referenced name stands for: a class, a resource, or every resource below a prefix. */
        List<String> resolve(String name) {
            String n = name.startsWith("/") ? name.substring(1) : name;
            if (entries.containsKey(n + ".class")) {
                return List.of(n + ".class");
            }
            if (entries.containsKey(n) && !n.endsWith("/")) {
                return List.of(n);
            }
            String prefix = n.endsWith("/") ? n : n + "/";
            return entries.keySet().stream().filter(e -> e.startsWith(prefix) && !e.endsWith(".class")).toList();
        }

        static CodeIndex load(List<Class<?>> anchors) {
            Map<String, byte[]> all = new TreeMap<>();
            java.util.Set<Path> seen = new java.util.HashSet<>();
            for (Class<?> anchor : anchors) {
                try {
                    Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
                    if (!seen.add(location)) {
                        continue; // a shaded jar holds every module
                    }
                    if (Files.isDirectory(location)) {
                        try (Stream<Path> walk = Files.walk(location)) {
                            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                                all.put(location.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                            }
                        }
                    } else {
                        try (JarFile jar = new JarFile(location.toFile())) {
                            for (JarEntry e : Collections.list(jar.entries())) {
                                if (e.isDirectory() || e.getName().startsWith("META-INF/")) {
                                    continue;
                                }
                                try (InputStream in = jar.getInputStream(e)) {
                                    all.put(e.getName(), in.readAllBytes());
                                }
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("reading the project's code for its fingerprint", e);
                } catch (URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
            return new CodeIndex(all);
        }
    }
}
