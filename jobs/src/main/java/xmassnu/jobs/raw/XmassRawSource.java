package xmassnu.jobs.raw;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

import xmassnu.jobs.spark.SparkSchemas;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.DataLayout;
import xmassnu.jobs.stage.InputVerifier;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.SeekableFile;
import xmassnu.jobs.storage.Storage;
import xmassnu.reduction.reco.RawDataException;
import xmassnu.schemas.Tables;

/**
 * Spark DataSource V2 for the raw Arrow IPC hit files of a committed raw output:
 * {@code spark.read().format("xmass-raw").load("DIR/raw")} (a local path or a Hadoop URI). Only files the raw
 * output's manifest lists are read, after they are checked against it. Streams record batches as columnar batches (Arrow
 * vectors wrapped, no row copies), prunes columns, pushes down
 * filters on run_id to skip whole runs, and splits files into ranges of record batches (option
 * {@code blocksPerSplit}, default 4, i.e. at most 16 384 triggers per partition).
 */
public final class XmassRawSource implements TableProvider, DataSourceRegister {

    @Override
    public String shortName() {
        return "xmass-raw";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return SparkSchemas.structType(Tables.RAW_HITS);
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        String path = properties.get("path");
        if (path == null) {
            throw new IllegalArgumentException("xmass-raw needs a path: spark.read().format(\"xmass-raw\").load(dir)");
        }
        Location raw = Location.of(path);
        if (raw.name().equals(DataLayout.HITS)) {
            raw = raw.parent();
        }
        return new RawTable(schema, raw);
    }

    static final class RawTable implements SupportsRead {
        private final StructType schema;
        private final Location raw;

        RawTable(StructType schema, Location raw) {
            this.schema = schema;
            this.raw = raw;
        }

        @Override
        public String name() {
            return "xmass-raw:" + raw;
        }

        @Override
        public StructType schema() {
            return schema;
        }

        @Override
        public Set<TableCapability> capabilities() {
            return Set.of(TableCapability.BATCH_READ);
        }

        @Override
        public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
            return new RawScanBuilder(schema, raw, options.getInt("blocksPerSplit", 4));
        }
    }

    static final class RawScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownFilters {
        private StructType required;
        private final Location raw;
        private final int blocksPerSplit;
        private Filter[] pushed = new Filter[0];

        RawScanBuilder(StructType schema, Location raw, int blocksPerSplit) {
            this.required = schema;
            this.raw = raw;
            this.blocksPerSplit = blocksPerSplit;
        }

        @Override
        public void pruneColumns(StructType requiredSchema) {
            required = requiredSchema;
        }

        @Override
        public Filter[] pushFilters(Filter[] filters) {
            List<Filter> runFilters = new ArrayList<>();
            for (Filter f : filters) {
                if (Arrays.asList(f.references()).equals(List.of("run_id")) && runPredicate(f) != null) {
                    runFilters.add(f);
                }
            }
            pushed = runFilters.toArray(new Filter[0]);
            return filters; // Spark still evaluates every filter: pushing only skips files
        }

        @Override
        public Filter[] pushedFilters() {
            return pushed;
        }

        @Override
        public Scan build() {
            IntPredicate p = run -> true;
            for (Filter f : pushed) {
                p = p.and(runPredicate(f));
            }
            SparkSession spark = SparkSession.active();
            Storage storage = Storage.of(spark.sparkContext().hadoopConfiguration());
            CommittedStage committed = CommittedStage.open(storage, raw, DataLayout.RAW, "bin/xmass simulate");
            new InputVerifier().verify(spark, storage, committed, List.of(DataLayout.HITS));
            Broadcast<Storage> shared = spark.sparkContext().broadcast(storage,
                    scala.reflect.ClassTag$.MODULE$.apply(Storage.class));
            return new RawScan(required, RawFiles.plan(storage, raw, committed.manifest(), p, blocksPerSplit), shared);
        }

        static IntPredicate runPredicate(Filter f) {
            if (f instanceof EqualTo e && e.value() instanceof Integer v) {
                return r -> r == v;
            }
            if (f instanceof In in) {
                Set<Object> values = Set.of(in.values());
                return r -> values.contains(r);
            }
            if (f instanceof GreaterThan g && g.value() instanceof Integer v) {
                return r -> r > v;
            }
            if (f instanceof GreaterThanOrEqual g && g.value() instanceof Integer v) {
                return r -> r >= v;
            }
            if (f instanceof LessThan l && l.value() instanceof Integer v) {
                return r -> r < v;
            }
            if (f instanceof LessThanOrEqual l && l.value() instanceof Integer v) {
                return r -> r <= v;
            }
            return null;
        }
    }

    static final class RawScan implements Scan, Batch {
        private final StructType schema;
        private final List<RawSplit> splits;
        private final Broadcast<Storage> storage;

        RawScan(StructType schema, List<RawSplit> splits, Broadcast<Storage> storage) {
            this.schema = schema;
            this.splits = splits;
            this.storage = storage;
        }

        @Override
        public StructType readSchema() {
            return schema;
        }

        @Override
        public Batch toBatch() {
            return this;
        }

        @Override
        public InputPartition[] planInputPartitions() {
            return splits.stream().map(RawPartition::new).toArray(InputPartition[]::new);
        }

        @Override
        public PartitionReaderFactory createReaderFactory() {
            return new RawReaderFactory(schema, storage);
        }
    }

    record RawPartition(RawSplit split) implements InputPartition {}

    record RawReaderFactory(StructType schema, Broadcast<Storage> storage) implements PartitionReaderFactory {
        @Override
        public boolean supportColumnarReads(InputPartition partition) {
            return true;
        }

        @Override
        public PartitionReader<InternalRow> createReader(InputPartition partition) {
            throw new UnsupportedOperationException("xmass-raw is read as columnar batches");
        }

        @Override
        public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
            return new ColumnarReader(storage.value(), ((RawPartition) partition).split(), schema);
        }
    }

    static final class ColumnarReader implements PartitionReader<ColumnarBatch> {
        private final RawSplit split;
        private final StructType schema;
        private final RootAllocator allocator = new RootAllocator();
        private final SeekableFile in;
        private final ArrowFileReader reader;
        private final List<ArrowBlock> blocks;
        private int next;
        private ColumnarBatch current;

        ColumnarReader(Storage storage, RawSplit split, StructType schema) {
            this.split = split;
            this.schema = schema;
            try {
                in = storage.openSeekable(split.file());
                reader = new ArrowFileReader(in, allocator, CommonsCompressionFactory.INSTANCE);
                RawBatchReader.checkContract(reader.getVectorSchemaRoot().getSchema().getCustomMetadata(), split);
                blocks = reader.getRecordBlocks();
            } catch (IOException e) {
                throw new RawDataException(split.path(), split.runId(), -1, null, "cannot open: " + e.getMessage());
            }
            next = split.firstBlock();
        }

        @Override
        public boolean next() throws IOException {
            if (next >= split.endBlock()) {
                return false;
            }
            try {
                reader.loadRecordBatch(blocks.get(next++));
            } catch (IOException | RuntimeException e) {
                throw new RawDataException(split.path(), split.runId(), -1, null, "record batch " + (next - 1)
                        + " unreadable (corrupted or truncated): " + e.getMessage());
            }
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            ColumnVector[] columns = new ColumnVector[schema.fields().length];
            int i = 0;
            for (StructField f : schema.fields()) {
                columns[i++] = new ArrowColumnVector(root.getVector(f.name()));
            }
            current = new ColumnarBatch(columns, root.getRowCount());
            return true;
        }

        @Override
        public ColumnarBatch get() {
            return current;
        }

        @Override
        public void close() throws IOException {
            reader.close();
            in.close();
            allocator.close();
        }
    }
}
