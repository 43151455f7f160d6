package xmassnu.reduction.cuts;

import java.io.Serializable;
import java.util.Objects;

/**
 * One comparison on an event-table column: {@code column op value}. A null column value fails the condition
 * (e.g. the first trigger of a run has no time since the previous one).
 */
public record Condition(String column, Op op, double value) implements Serializable {
    public enum Op {
        LESS_THAN("<"), LESS_OR_EQUAL("<="), GREATER_OR_EQUAL(">="), GREATER_THAN(">"), EQUAL("=="), NOT_EQUAL("!=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public Condition {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(op, "op");
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("condition on " + column + ": threshold is NaN");
        }
    }

    public boolean passes(Double v) {
        if (v == null || v.isNaN()) {
            return false;
        }
        return switch (op) {
            case LESS_THAN -> v < value;
            case LESS_OR_EQUAL -> v <= value;
            case GREATER_OR_EQUAL -> v >= value;
            case GREATER_THAN -> v > value;
            case EQUAL -> v == value;
            case NOT_EQUAL -> v != value;
        };
    }

    @Override
    public String toString() {
        return column + " " + op.symbol() + " " + (value == Math.rint(value) ? Long.toString((long) value) : value);
    }
}
