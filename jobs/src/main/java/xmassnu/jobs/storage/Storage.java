package xmassnu.jobs.storage;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.security.AccessControlException;

import xmassnu.jobs.errors.ExitCode;
import xmassnu.jobs.errors.XmassException;

/**
 * The one door to data: every read and write of the analysis goes through Hadoop's {@link FileSystem}, so that a data
 * directory can be a local path, {@code hdfs://} or {@code s3a://} alike. Serializable: it carries a copy of the
 * Hadoop configuration (as Spark's own file sources do), so tasks broadcast and reuse it. Local paths use Hadoop's
 * raw local filesystem (no {@code .crc} sidecar beside every file; integrity is the stage manifest's job).
 *
 * <p>Writes of single files follow one rule ({@link #create}): where a rename is atomic (local disks, HDFS) a file
 * is written under a hidden temporary name and renamed into place when complete; on object stores it is written
 * straight to its key, where it appears only when the upload completes. Either way no reader sees half a file under
 * its final name. Every failure is an {@link XmassException} naming the operation and the URI.
 */
public final class Storage implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Schemes whose rename of a file is one atomic metadata operation. */
    private static final Set<String> ATOMIC_RENAME = Set.of("file", "hdfs", "viewfs");
    private static final int BUFFER_BYTES = 1 << 20;

    private transient Configuration conf;
    private transient Map<String, FileSystem> filesystems;

    private Storage(Configuration conf) {
        this.conf = conf;
    }

    /** A storage over a copy of the given Hadoop configuration. */
    public static Storage of(Configuration conf) {
        return new Storage(new Configuration(conf));
    }

    /** Local-only use (tests, single-machine tools): Hadoop's defaults. */
    public static Storage local() {
        return new Storage(new Configuration());
    }

    public Configuration configuration() {
        return conf;
    }

    /** True where a file rename is atomic, so temporary-then-rename gives atomic files. */
    public static boolean renameIsAtomic(Location l) {
        return ATOMIC_RENAME.contains(l.scheme());
    }

    /** The filesystem of a location; an unknown scheme or an unreachable service is an error naming the URI. */
    public FileSystem fs(Location l) {
        Map<String, FileSystem> cache = filesystems;
        if (cache == null) {
            cache = new ConcurrentHashMap<>();
            filesystems = cache;
        }
        String key = l.uri().substring(0, l.uri().length() - l.path().length());
        FileSystem fs = cache.get(key);
        if (fs == null) {
            try {
                fs = l.isLocal() ? FileSystem.getLocal(conf).getRawFileSystem()
                        : FileSystem.get(java.net.URI.create(key + "/"), conf);
            } catch (UnsupportedFileSystemException e) {
                throw new IllegalArgumentException("'" + l + "': no filesystem for scheme '" + l.scheme()
                        + "' (known here: file, hdfs, s3a with hadoop-aws on the classpath; see cluster-conf/README.md)");
            } catch (IOException | RuntimeException | LinkageError e) {
                String missing = missingClass(e);
                if (missing != null) {
                    throw XmassException.environment(missingClassMessage(l, missing), e);
                }
                if (e instanceof LinkageError le) {
                    throw le;
                }
                throw failure("connect to", l, (Exception) e);
            }
            cache.put(key, fs);
        }
        return fs;
    }

    /** The class a filesystem's initialisation could not load (hadoop-aws or its AWS SDK absent), or null. */
    static String missingClass(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().trim();
            if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
                // Hadoop: "Class org.apache.hadoop.fs.s3a.S3AFileSystem not found"; the JVM: "software/amazon/awssdk/..."
                String name = m.startsWith("Class ") && m.endsWith(" not found")
                        ? m.substring(6, m.length() - 10) : m.replace('/', '.');
                return name.isEmpty() ? t.getClass().getSimpleName() : name;
            }
        }
        return null;
    }

    /** One line: the URI, the class that is missing and what to put on the class path. */
    static String missingClassMessage(Location l, String missing) {
        String add = l.scheme().equals("s3a")
                ? "add org.apache.hadoop:hadoop-aws:3.5.0 and the AWS SDK v2 s3 module to the class path (bin/xmass has "
                        + "them; spark-submit: --packages org.apache.hadoop:hadoop-aws:3.5.0 or the cluster's jars)"
                : "add the jar that provides the '" + l.scheme() + "' filesystem to the class path";
        return "cannot open " + l + ": the " + l.scheme() + " filesystem's class " + missing + " is not on the class path; "
                + add + "; see cluster-conf/README.md";
    }

    /**
     * The CRC-32C of a whole file as the filesystem stores it, without reading the data; null where it has none (then
     * read the file). HDFS with {@code dfs.checksum.combine.mode=COMPOSITE_CRC} (HDFS-13056, which {@code Sessions}
     * sets unless the user chose another mode) composes the CRC-32C chunk checksums its DataNodes keep into the
     * CRC-32C of the byte stream, the value {@link java.util.zip.CRC32C} gives. Data corrupted on a DataNode's disk
     * after the write still match here, and fail HDFS's own checksum check when they are read.
     */
    public Long storedCrc32c(Location file) {
        if (!file.scheme().equals("hdfs")) {
            return null;
        }
        try {
            if (fs(file).getFileChecksum(file.hadoopPath()) instanceof org.apache.hadoop.fs.CompositeCrcFileChecksum c
                    && c.getChecksumOpt().getChecksumType() == org.apache.hadoop.util.DataChecksum.Type.CRC32C) {
                byte[] b = c.getBytes(); // the CRC, big-endian
                return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // the caller reads the file and reports what reading it says
        }
    }

    /** The status of a location, or null when nothing is there. */
    public FileStatus status(Location l) {
        try {
            return fs(l).getFileStatus(l.hadoopPath());
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw failure("look up", l, e);
        }
    }

    public boolean exists(Location l) {
        return status(l) != null;
    }

    public boolean isFile(Location l) {
        FileStatus s = status(l);
        return s != null && s.isFile();
    }

    public boolean isDirectory(Location l) {
        FileStatus s = status(l);
        return s != null && s.isDirectory();
    }

    /** A file and its size, relative to the directory that was listed ('/'-separated). */
    public record Entry(String path, long bytes) implements Serializable {}

    /** Every file below {@code dir} (recursive), sorted by path; an absent directory lists nothing. */
    public List<Entry> listFiles(Location dir) {
        List<Entry> out = new ArrayList<>();
        try {
            FileStatus st = status(dir);
            if (st == null) {
                return out;
            }
            if (!st.isDirectory()) {
                throw XmassException.badInput(dir + " is a file, not a directory");
            }
            RemoteIterator<LocatedFileStatus> it = fs(dir).listFiles(dir.hadoopPath(), true);
            String base = dir.hadoopPath().toUri().getPath();
            base = base.endsWith("/") ? base : base + "/";
            while (it.hasNext()) {
                LocatedFileStatus f = it.next();
                String p = f.getPath().toUri().getPath();
                if (!p.startsWith(base)) {
                    throw new IllegalStateException("listing of " + dir + " returned " + f.getPath());
                }
                out.add(new Entry(p.substring(base.length()), f.getLen()));
            }
        } catch (IOException e) {
            throw failure("list", dir, e);
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    /** The names of the directories directly inside {@code dir}, sorted. */
    public List<String> listDirectories(Location dir) {
        List<String> out = new ArrayList<>();
        try {
            if (!isDirectory(dir)) {
                return out;
            }
            for (FileStatus s : fs(dir).listStatus(dir.hadoopPath())) {
                if (s.isDirectory()) {
                    out.add(s.getPath().getName());
                }
            }
        } catch (IOException e) {
            throw failure("list", dir, e);
        }
        out.sort(String::compareTo);
        return out;
    }

    /** A sequential input stream. */
    public InputStream open(Location file) {
        try {
            return fs(file).open(file.hadoopPath(), BUFFER_BYTES);
        } catch (IOException e) {
            throw failure("open", file, e);
        }
    }

    /** A seekable stream and the file's length (object stores read it with ranged requests). */
    public SeekableFile openSeekable(Location file) {
        FileSystem fs = fs(file);
        try {
            if (renameIsAtomic(file)) {
                FSDataInputStream in = fs.open(file.hadoopPath(), BUFFER_BYTES);
                try {
                    // HDFS's open already fetched the block list and with it the length: no second NameNode call
                    long bytes = in instanceof org.apache.hadoop.hdfs.client.HdfsDataInputStream h
                            ? h.getVisibleLength() : fs.getFileStatus(file.hadoopPath()).getLen();
                    return new SeekableFile(in, bytes);
                } catch (IOException | RuntimeException e) {
                    in.close();
                    throw e;
                }
            }
            // footer-first readers (Arrow, Parquet) seek: the random policy avoids re-opening the stream on every
            // backwards seek, the status avoids one request per file
            FileStatus st = fs.getFileStatus(file.hadoopPath());
            FSDataInputStream in = fs.openFile(file.hadoopPath()).withFileStatus(st)
                    .opt("fs.option.openfile.read.policy", "random").build().get();
            return new SeekableFile(in, st.getLen());
        } catch (ExecutionException e) {
            throw failure("open", file, e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("open", file, new IOException("interrupted"));
        } catch (IOException e) {
            throw failure("open", file, e);
        }
    }

    public byte[] readBytes(Location file) {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw failure("read", file, e);
        }
    }

    public String readString(Location file) {
        return new String(readBytes(file), StandardCharsets.UTF_8);
    }

    public void mkdirs(Location dir) {
        try {
            FileStatus st = status(dir);
            if (st != null && !st.isDirectory()) {
                throw XmassException.badInput(dir + " is a file, not a directory");
            }
            if (st == null && !fs(dir).mkdirs(dir.hadoopPath())) {
                throw failure("create the directory", dir, new IOException("mkdirs returned false"));
            }
        } catch (IOException e) {
            throw failure("create the directory", dir, e);
        }
    }

    /** Deletes a file or a directory tree; true if something was there. */
    public boolean delete(Location l) {
        try {
            if (!exists(l)) {
                return false;
            }
            fs(l).delete(l.hadoopPath(), true);
            return true;
        } catch (IOException e) {
            throw failure("delete", l, e);
        }
    }

    /**
     * Starts writing one file under the single-file rule (class comment). The stream counts bytes and CRC-32C as they
     * pass; {@link FileWrite#commit()} publishes the file, {@link FileWrite#abort()} leaves nothing.
     */
    public FileWrite create(Location target) {
        return new FileWrite(this, target);
    }

    /** Writes a whole file under the single-file rule. */
    public FileWrite.Written write(Location target, byte[] content) {
        FileWrite w = create(target);
        try {
            w.stream().write(content);
            return w.commit();
        } catch (IOException | RuntimeException e) {
            w.abort();
            throw e instanceof IOException io ? failure("write", target, io) : (RuntimeException) e;
        }
    }

    public FileWrite.Written writeString(Location target, String content) {
        return write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates a file that must not exist yet, in one step where the filesystem can (local disks: O_EXCL; HDFS: create
     * without overwrite at the NameNode); false when it exists. On object stores without conditional writes this is
     * check-then-write: see {@link DataLock} for how the lock confirms its ownership there.
     */
    public boolean createExclusive(Location file, byte[] content) {
        try {
            if (file.isLocal()) {
                java.nio.file.Path p = file.localPath();
                java.nio.file.Files.createDirectories(p.getParent());
                try {
                    java.nio.file.Files.write(p, content, java.nio.file.StandardOpenOption.CREATE_NEW,
                            java.nio.file.StandardOpenOption.WRITE);
                    return true;
                } catch (FileAlreadyExistsException e) {
                    return false;
                }
            }
            FileSystem fs = fs(file);
            if (fs.exists(file.hadoopPath())) {
                return false;
            }
            try (OutputStream out = fs.create(file.hadoopPath(), false)) {
                out.write(content);
            }
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("already exists")) {
                return false;
            }
            throw failure("create", file, e);
        }
    }

    /**
     * Renames {@code from} onto {@code to} (same filesystem), replacing a file there in one step: a reader sees the old
     * file or the new one, never none (the data lock's heartbeat rewrites its file while others look for it).
     */
    void renameReplacing(Location from, Location to) throws IOException {
        FileSystem fs = fs(to);
        if (to.scheme().equals("hdfs")) {
            // HDFS's plain rename refuses an existing target; the NameNode replaces it atomically when asked to
            FileUtil.rename(fs, from.hadoopPath(), to.hadoopPath(), Options.Rename.OVERWRITE);
            return;
        }
        // a local rename(2) replaces atomically; false only where it cannot (another OS): delete, then rename
        if (!fs.rename(from.hadoopPath(), to.hadoopPath())) {
            fs.delete(to.hadoopPath(), false);
            if (!fs.rename(from.hadoopPath(), to.hadoopPath())) {
                throw new IOException("rename of " + from + " onto " + to + " returned false");
            }
        }
    }

    /**
     * A storage failure as an error naming operation and URI, with its exit status: missing paths are bad input,
     * permissions, space and unreachable services the environment.
     */
    public static XmassException failure(String operation, Location l, Exception e) {
        if (e instanceof XmassException x) {
            return x;
        }
        String cause = rootMessage(e);
        ExitCode code = ExitCode.ENVIRONMENT;
        String what = cause;
        Throwable root = root(e);
        // anywhere in the chain: HDFS's client throws a FileNotFoundException caused by the NameNode's RemoteException
        if (inChain(e, FileNotFoundException.class) || inChain(e, java.nio.file.NoSuchFileException.class)) {
            code = ExitCode.BAD_INPUT;
            what = "not found (" + cause + ")";
        } else if (root instanceof AccessControlException || root instanceof AccessDeniedException
                || cause.contains("Permission denied") || cause.contains("AccessDenied") || cause.contains("403")) {
            what = "permission denied (" + cause + ")" + (l.scheme().startsWith("s3")
                    ? "; check the credentials (fs.s3a.access.key, fs.s3a.secret.key or the provider) and the bucket policy"
                    : "");
        } else if (cause.contains("No space left") || cause.contains("Disk quota exceeded")
                || cause.contains("DiskOutOfSpace") || cause.contains("QuotaExceeded")) {
            what = "no space left on the filesystem (" + cause + "); free space or choose another --data location";
        } else if (root instanceof ConnectException || root instanceof UnknownHostException
                || root instanceof NoRouteToHostException || root instanceof SocketTimeoutException
                || cause.contains("Connection refused") || cause.contains("Unable to execute HTTP request")) {
            what = "the service is unreachable (" + cause + "); check the host, port and that it runs";
        } else if (cause.contains("NoSuchBucket") || cause.contains("does not exist") && l.scheme().startsWith("s3")) {
            code = ExitCode.BAD_INPUT; // a location that is not there, as a missing path is
            what = "the bucket does not exist (" + cause + ")";
        } else if (cause.contains("Read-only file system")) {
            what = "the filesystem is read-only (" + cause + ")";
        }
        return new XmassException(code, "cannot " + operation + " " + l + ": " + what, e);
    }

    private static boolean inChain(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String m = null;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                m = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        String first = m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            conf.write(d);
        }
        out.writeInt(b.size());
        out.write(b.toByteArray());
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        conf = new Configuration(false);
        conf.readFields(new DataInputStream(new java.io.ByteArrayInputStream(b)));
    }
}
