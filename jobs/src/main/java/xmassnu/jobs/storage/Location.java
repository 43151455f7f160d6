package xmassnu.jobs.storage;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A place in a filesystem that Hadoop can reach: a local path (stored as a {@code file:} URI) or a Hadoop URI
 * ({@code file:///...}, {@code hdfs://host:port/...}, {@code s3a://bucket/...}). Immutable, serializable (tasks
 * carry it), independent of the data it names: lineage never contains a location, so the same data give the same
 * hashes wherever they live. {@link #toString()} shows what a user typed: the plain path for local locations,
 * the URI otherwise.
 */
public final class Location implements Serializable, Comparable<Location> {
    private static final long serialVersionUID = 1L;
    /** A URI scheme as RFC 3986 defines it; "C:" style drive letters are not (one letter). */
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

    private final String uri;

    private Location(String uri) {
        this.uri = uri;
    }

    /**
     * A location from the command line or a configuration: {@code scheme://authority/path} as given, anything else
     * as a local path made absolute. A URI without a path, or with a relative one, is an error naming it.
     */
    public static Location of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty data location");
        }
        var m = SCHEME.matcher(text);
        if (!m.find()) {
            return local(text);
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid URI: " + e.getReason());
        }
        if (u.isOpaque() || u.getPath() == null || !u.getPath().startsWith("/")) {
            throw new IllegalArgumentException("'" + text + "': a " + scheme + " location needs an absolute path, e.g. "
                    + scheme + (scheme.equals("file") ? ":///tmp/xmass" : "://" + exampleAuthority(scheme) + "/xmass"));
        }
        if (!scheme.equals("file") && (u.getAuthority() == null || u.getAuthority().isEmpty())
                && !scheme.equals("hdfs")) {
            throw new IllegalArgumentException("'" + text + "': a " + scheme + " location needs a "
                    + (scheme.startsWith("s3") ? "bucket" : "host") + ", e.g. " + scheme + "://"
                    + exampleAuthority(scheme) + "/xmass");
        }
        String path = normalise(u.getPath());
        String authority = u.getAuthority() == null ? "" : u.getAuthority();
        return new Location(scheme + "://" + authority + path);
    }

    private static String exampleAuthority(String scheme) {
        return scheme.startsWith("s3") ? "bucket" : "namenode:8020";
    }

    /** A local path, made absolute against the working directory. */
    public static Location local(String path) {
        return new Location("file://" + normalise(Paths.get(path).toAbsolutePath().normalize().toUri().getPath()));
    }

    /** A local path. */
    public static Location local(java.nio.file.Path path) {
        return local(path.toString());
    }

    private static String normalise(String path) {
        String p = path.replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    public String scheme() {
        return uri.substring(0, uri.indexOf(':'));
    }

    public boolean isLocal() {
        return scheme().equals("file");
    }

    /** The URI, e.g. {@code hdfs://127.0.0.1:9000/user/me/xmass}. */
    public String uri() {
        return uri;
    }

    /** The path part, from "/". */
    public String path() {
        int start = uri.indexOf("://") + 3;
        int slash = uri.indexOf('/', start);
        return slash < 0 ? "/" : uri.substring(slash);
    }

    /** The local filesystem path of a {@code file:} location. */
    public java.nio.file.Path localPath() {
        if (!isLocal()) {
            throw new IllegalStateException(uri + " is not a local path");
        }
        return java.nio.file.Path.of(path());
    }

    public org.apache.hadoop.fs.Path hadoopPath() {
        return new org.apache.hadoop.fs.Path(URI.create(uri.replace(" ", "%20")));
    }

    /** A child location: {@code relative} uses '/' and must not climb out with "..". */
    public Location resolve(String relative) {
        if (relative.isEmpty()) {
            return this;
        }
        if (relative.startsWith("/") || relative.equals("..") || relative.startsWith("../") || relative.contains("/../")
                || relative.endsWith("/..")) {
            throw new IllegalArgumentException("'" + relative + "' is not a relative path below " + this);
        }
        return new Location(authorityPart() + normalise(path() + "/" + relative));
    }

    /** The last path element. */
    public String name() {
        String p = path();
        return p.substring(p.lastIndexOf('/') + 1);
    }

    public Location parent() {
        String p = path();
        if (p.equals("/")) {
            throw new IllegalStateException(uri + " has no parent");
        }
        int i = p.lastIndexOf('/');
        return new Location(authorityPart() + (i == 0 ? "/" : p.substring(0, i)));
    }

    /** The '/'-separated path of {@code child} below this location; an error if it is not below. */
    public String relativize(Location child) {
        String prefix = uri.endsWith("/") ? uri : uri + "/";
        if (!child.uri.startsWith(prefix)) {
            throw new IllegalArgumentException(child + " is not below " + this);
        }
        return child.uri.substring(prefix.length());
    }

    /** Same filesystem (scheme and authority): where a rename between the two can work at all. */
    public boolean sameFilesystem(Location other) {
        return authorityPart().equals(other.authorityPart());
    }

    private String authorityPart() {
        int start = uri.indexOf("://") + 3;
        int slash = uri.indexOf('/', start);
        return slash < 0 ? uri : uri.substring(0, slash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Location l && l.uri.equals(uri);
    }

    @Override
    public int hashCode() {
        return uri.hashCode();
    }

    @Override
    public int compareTo(Location o) {
        return uri.compareTo(o.uri);
    }

    @Override
    public String toString() {
        return isLocal() ? path() : uri;
    }
}
