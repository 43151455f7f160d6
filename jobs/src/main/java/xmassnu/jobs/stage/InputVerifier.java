package xmassnu.jobs.stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;
import xmassnu.jobs.storage.StorageInputFile;
import xmassnu.schemas.Column;
import xmassnu.schemas.MetadataKeys;
import xmassnu.schemas.Table;
import xmassnu.schemas.Tables;

/**
 * Checks the files a stage is about to read against its input's manifest before anything is computed: each one there,
 * with the recorded size and CRC-32C (read through once; on HDFS composed from the DataNodes' stored checksums, see
 * {@link Storage#storedCrc32c}), and a table file's Parquet footer declaring the recorded
 * contract with every column the contract has. A deleted, truncated or altered file, a wrong schema name or version
 * or a missing column is a one-line error naming the file. Many or large files are checked in parallel as a Spark
 * job; what one verifier checked once it does not check again (a pipeline's runner reads events for select and
 * for report).
 */
public final class InputVerifier {
    /** Below this, checking on the driver costs less than a Spark job. */
    private static final long DRIVER_BYTES = 32L << 20;
    private static final int DRIVER_FILES = 16;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    /** One file to check. */
    record Work(Location file, Manifest.Entry entry) implements Serializable {
        String memoKey() {
            return file.uri() + "|" + entry.bytes() + "|" + entry.crc32c();
        }
    }

    /** A damaged file and what is wrong with it. */
    public record Problem(Location file, String message) implements Serializable {}

    /**
     * Checks the listed files of {@code input} below each prefix (all files when none is given); any problem is an
     * error naming the file.
     */
    public void verify(SparkSession spark, Storage storage, CommittedStage input, List<String> prefixes) {
        List<Problem> problems = check(spark, storage, input, prefixes);
        if (!problems.isEmpty()) {
            List<String> text = problems.stream().map(Problem::message).sorted().toList();
            String more = text.size() > 1 ? " (and " + (text.size() - 1) + " more: " + String.join("; ",
                    text.subList(1, Math.min(text.size(), 4))) + (text.size() > 4 ? "; ..." : "") + ")" : "";
            throw XmassException.badInput(text.get(0) + more + "; the committed " + input.key()
                    + " output is damaged: restore it or re-run the stage that makes it with --force");
        }
    }

    /** The problems of the listed files of {@code input} below each prefix, without failing. */
    public List<Problem> check(SparkSession spark, Storage storage, CommittedStage input, List<String> prefixes) {
        List<Work> work = new ArrayList<>();
        List<Manifest.Entry> entries = new ArrayList<>();
        if (prefixes.isEmpty()) {
            entries.addAll(input.manifest().files());
        } else {
            for (String p : prefixes) {
                List<Manifest.Entry> under = input.manifest().under(p);
                entries.addAll(under);
            }
        }
        long bytes = 0;
        for (Manifest.Entry e : entries) {
            Work w = new Work(input.dir().resolve(e.path()), e);
            if (!verified.contains(w.memoKey())) {
                work.add(w);
                bytes += e.bytes();
            }
        }
        if (work.isEmpty()) {
            return List.of();
        }
        List<Problem> problems = new ArrayList<>();
        if (spark == null || bytes < DRIVER_BYTES || work.size() < DRIVER_FILES) {
            work.parallelStream().map(w -> problem(storage, w)).filter(p -> p != null).forEach(p -> {
                synchronized (problems) {
                    problems.add(p);
                }
            });
        } else {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            var shared = jsc.broadcast(storage);
            int slices = (int) Math.max(1, Math.min(work.size(), Math.max(jsc.defaultParallelism() * 2L,
                    bytes / (64L << 20))));
            problems.addAll(jsc.parallelize(work, slices).map(w -> problem(shared.value(), w)).filter(p -> p != null)
                    .collect());
        }
        java.util.Set<Location> bad = new java.util.HashSet<>();
        problems.forEach(p -> bad.add(p.file()));
        work.stream().filter(w -> !bad.contains(w.file())).forEach(w -> verified.add(w.memoKey()));
        problems.sort((a, b) -> a.file().compareTo(b.file()));
        return problems;
    }

    private static Problem problem(Storage storage, Work w) {
        String p = check(storage, w);
        return p == null ? null : new Problem(w.file(), p);
    }

    /** Null when the file is as recorded; else what is wrong, naming the file. */
    static String check(Storage storage, Work w) {
        Location f = w.file();
        Manifest.Entry e = w.entry();
        var st = storage.status(f);
        if (st == null) {
            return f + " is missing";
        }
        if (st.getLen() != e.bytes()) {
            return f + " has " + st.getLen() + " bytes, its commit record says " + e.bytes() + " (truncated or replaced)";
        }
        Long crc = storage.storedCrc32c(f); // on HDFS without moving the data: the stage reads it right after
        if (crc == null) {
            CRC32C read = new CRC32C();
            byte[] buf = new byte[1 << 20];
            try (InputStream in = storage.open(f)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    read.update(buf, 0, n);
                }
            } catch (IOException ex) {
                return f + " cannot be read: " + ex.getMessage();
            }
            crc = read.getValue();
        }
        if (!Manifest.hex(crc).equals(e.crc32c())) {
            return f + " is altered (CRC-32C " + Manifest.hex(crc) + ", recorded " + e.crc32c() + ")";
        }
        if (e.isTable() && f.name().endsWith(".parquet")) {
            return checkParquetContract(storage, f, e.table());
        }
        return null;
    }

    /** The footer of a table file against the contract its manifest entry names. */
    static String checkParquetContract(Storage storage, Location f, String qualifiedTable) {
        Table table = table(qualifiedTable);
        if (table == null) {
            return f + " is recorded as " + qualifiedTable + ", a contract this xmassnu does not know";
        }
        try (ParquetFileReader r = ParquetFileReader.open(new StorageInputFile(storage, f))) {
            Map<String, String> meta = r.getFooter().getFileMetaData().getKeyValueMetaData();
            String name = meta.get(MetadataKeys.SCHEMA_NAME);
            String version = meta.get(MetadataKeys.SCHEMA_VERSION);
            if (!table.name().equals(name) || !Integer.toString(table.version()).equals(version)) {
                return f + " declares schema " + name + " v" + version + ", its commit record and this code expect "
                        + table.qualifiedName();
            }
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            boolean partitioned = f.parent().name().startsWith("run_id=");
            for (Column c : table.columns()) {
                if (partitioned && c.name().equals("run_id")) {
                    continue;
                }
                if (!schema.containsField(c.name())) {
                    return f + " lacks column " + c.name() + " of " + table.qualifiedName();
                }
            }
        } catch (IOException | RuntimeException ex) {
            return f + " is not a readable Parquet file: " + ex.getMessage();
        }
        return null;
    }

    /** The contract {@code name/vN} if this code knows that name at that version. */
    static Table table(String qualified) {
        for (Table t : Tables.ALL) {
            if (t.qualifiedName().equals(qualified)) {
                return t;
            }
        }
        return null;
    }
}
