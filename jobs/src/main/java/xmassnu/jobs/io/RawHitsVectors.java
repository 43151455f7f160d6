package xmassnu.jobs.io;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/** The typed vectors of a raw_hits record batch: the one place that maps the contract's columns to Arrow vectors. */
public record RawHitsVectors(IntVector run, BigIntVector eventId, BigIntVector triggerTime, IntVector triggerBits,
                             BitVector od, ListVector hits, StructVector hit, SmallIntVector pmt, IntVector adc,
                             IntVector tdc) {

    public static RawHitsVectors of(VectorSchemaRoot root) {
        ListVector hits = (ListVector) root.getVector("hits");
        StructVector hit = (StructVector) hits.getDataVector();
        return new RawHitsVectors((IntVector) root.getVector("run_id"), (BigIntVector) root.getVector("event_id"),
                (BigIntVector) root.getVector("trigger_time_ns"), (IntVector) root.getVector("trigger_bits"),
                (BitVector) root.getVector("od_triggered"), hits, hit, (SmallIntVector) hit.getChild("pmt_id"),
                (IntVector) hit.getChild("adc_counts"), (IntVector) hit.getChild("tdc_counts"));
    }
}
