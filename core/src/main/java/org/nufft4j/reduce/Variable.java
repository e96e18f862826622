package org.nufft4j.reduce;

import java.util.List;
import java.util.Objects;

/**
 * A variable: {@code Vi(index, dim)} indexed by i, {@code Vj(index, dim)} by j, or a parameter
 * {@code Pm(index, dim)} shared by all pairs. {@code index} names the data array.
 */
public record Variable(Kind kind, int index, int dim) implements Formula {

    /** How a variable is indexed. */
    public enum Kind { I, J, PARAMETER }

    public Variable {
        Objects.requireNonNull(kind, "kind");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0 (a data array), got " + index);
        }
        Formulas.checkDim("dim", dim);
    }

    @Override
    public List<Formula> children() {
        return List.of();
    }

    @Override
    public String toString() {
        return switch (kind) {
            case I -> "Vi";
            case J -> "Vj";
            case PARAMETER -> "Pm";
        } + "(" + index + "," + dim + ")";
    }

    /** Deserialization keeps the hash-consing: the one node equal to this one. */
    @java.io.Serial
    private Object readResolve() {
        return Formulas.intern(this);
    }
}
