package xmassnu.jobs.io;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import xmassnu.schemas.Column;
import xmassnu.schemas.Table;

/**
 * Columns of a table in memory, one primitive array per column (integers of every width as {@code long}), with a
 * null mask: what {@link ParquetTableReader} returns. Columns are found by name; asking for one that was not read is
 * an error naming it.
 */
public final class TableData implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final List<Column> columns;
    private final int rows;
    private final Object[] values;
    private final BitSet[] nulls;

    TableData(List<Column> columns, int rows) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.values = new Object[columns.size()];
        this.nulls = new BitSet[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            values[c] = switch (columns.get(c).type()) {
                case BOOLEAN -> new boolean[rows];
                case INT8, INT16, INT32, INT64 -> new long[rows];
                case FLOAT64 -> new double[rows];
                case STRING -> new String[rows];
                case LIST_OF_STRUCT -> throw new IllegalArgumentException("nested columns are not held here");
            };
            nulls[c] = new BitSet();
        }
    }

    public int rows() {
        return rows;
    }

    private int index(String name) {
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("column " + name + " was not read (read: "
                + columns.stream().map(Column::name).toList() + ")");
    }

    public long[] longs(String name) {
        return (long[]) values[index(name)];
    }

    public double[] doubles(String name) {
        return (double[]) values[index(name)];
    }

    public boolean[] booleans(String name) {
        return (boolean[]) values[index(name)];
    }

    public String[] strings(String name) {
        return (String[]) values[index(name)];
    }

    public boolean isNull(String name, int row) {
        return nulls[index(name)].get(row);
    }

    /** A nullable double column with NaN for null. */
    public Double doubleOrNull(String name, int row) {
        return isNull(name, row) ? null : doubles(name)[row];
    }

    public Long longOrNull(String name, int row) {
        return isNull(name, row) ? null : longs(name)[row];
    }

    void setLong(int c, int row, long v) {
        ((long[]) values[c])[row] = v;
    }

    void setDouble(int c, int row, double v) {
        ((double[]) values[c])[row] = v;
    }

    void setBoolean(int c, int row, boolean v) {
        ((boolean[]) values[c])[row] = v;
    }

    void setString(int c, int row, String v) {
        ((String[]) values[c])[row] = v;
    }

    void setNull(int c, int row) {
        nulls[c].set(row);
        if (values[c] instanceof double[] d) {
            d[row] = Double.NaN;
        }
    }

    /** The given rows, in the given order. */
    public TableData rows(int[] rowIndices) {
        TableData out = new TableData(columns, rowIndices.length);
        for (int c = 0; c < columns.size(); c++) {
            for (int i = 0; i < rowIndices.length; i++) {
                int r = rowIndices[i];
                switch (columns.get(c).type()) {
                    case BOOLEAN -> out.setBoolean(c, i, ((boolean[]) values[c])[r]);
                    case INT8, INT16, INT32, INT64 -> out.setLong(c, i, ((long[]) values[c])[r]);
                    case FLOAT64 -> out.setDouble(c, i, ((double[]) values[c])[r]);
                    case STRING -> out.setString(c, i, ((String[]) values[c])[r]);
                    case LIST_OF_STRUCT -> throw new IllegalStateException("unreachable");
                }
                if (nulls[c].get(r)) {
                    out.setNull(c, i);
                }
            }
        }
        return out;
    }

    public List<Column> columns() {
        return columns;
    }

    /** Writes row {@code row} into the writer's matching columns (by name); the writer's other columns are left. */
    public void copyRow(int row, ParquetTableWriter w, int[] writerColumns) {
        for (int c = 0; c < columns.size(); c++) {
            int wc = writerColumns[c];
            if (nulls[c].get(row)) {
                w.setNull(wc);
                continue;
            }
            switch (columns.get(c).type()) {
                case BOOLEAN -> w.set(wc, ((boolean[]) values[c])[row]);
                case INT8, INT16, INT32, INT64 -> w.set(wc, ((long[]) values[c])[row]);
                case FLOAT64 -> w.set(wc, ((double[]) values[c])[row]);
                case STRING -> w.set(wc, ((String[]) values[c])[row]);
                case LIST_OF_STRUCT -> throw new IllegalStateException("unreachable");
            }
        }
    }

    /** Parts with the same columns, one after the other. */
    public static TableData concat(List<Column> columns, List<TableData> parts) {
        int total = parts.stream().mapToInt(TableData::rows).sum();
        TableData out = new TableData(columns, total);
        int at = 0;
        for (TableData p : parts) {
            for (int c = 0; c < columns.size(); c++) {
                System.arraycopy(p.values[c], 0, out.values[c], at, p.rows);
                BitSet b = p.nulls[c];
                for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
                    out.nulls[c].set(at + i);
                }
            }
            at += p.rows;
        }
        return out;
    }

    static TableData concat(Table table, List<String> names, List<TableData> parts) {
        List<Column> cols = new ArrayList<>();
        for (String n : names.isEmpty() ? table.columnNames() : names) {
            cols.add(table.column(n).orElseThrow());
        }
        return concat(cols, parts);
    }
}
