package xmassnu.schemas;

/** Logical column types used by the data contracts; each maps to one Arrow type and one Spark type. */
public enum ColumnType {
    BOOLEAN, INT8, INT16, INT32, INT64, FLOAT64, STRING,
    /** A list of structs; the struct's fields are the column's {@link Column#children()}. */
    LIST_OF_STRUCT
}
