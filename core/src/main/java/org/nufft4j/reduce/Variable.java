package org.nufft4j.reduce;

import java.util.List;
import java.util.Objects;

/**
 * A variable: {@code Vi(index, dim)} indexed by i, {@code Vj(index, dim)} by j, or a parameter
 * {@code Pm(index, dim)} shared by all pairs. {@code index} names the data array.
 *
 * <p>Build variables with {@link Formulas#vi}, {@link Formulas#vj} and {@link Formulas#pm}, which
 * return the one shared node; a node made with this constructor is equal to it but a distinct
 * object, and gets its own slot in a {@link Program}.
 *
 * @param kind how the variable is indexed
 * @param index the data array it reads, {@code ReductionData.arrays()[index]}: {@code >= 0}
 * @param dim components per row, in {@code [1, }{@link Formulas#MAX_DIM}{@code ]}
 */
public record Variable(Kind kind, int index, int dim) implements Formula {

    /** How a variable is indexed. */
    public enum Kind {
        /** One row per i (N rows): the output rows of a reduction over j. */
        I,
        /** One row per j (M rows): the output rows of a reduction over i. */
        J,
        /** One row shared by every pair (i, j). */
        PARAMETER
    }

    /**
     * Checks the components.
     *
     * @throws NullPointerException when {@code kind} is null
     * @throws IllegalArgumentException when {@code index < 0}, or {@code dim} is outside
     *     {@code [1, }{@link Formulas#MAX_DIM}{@code ]}
     */
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

    /**
     * Deserialization keeps the hash-consing.
     *
     * @return the one interned node equal to this one
     */
    @java.io.Serial
    private Object readResolve() {
        return Formulas.intern(this);
    }
}
