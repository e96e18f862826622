package org.nufft4j.reduce;

import java.util.List;

/**
 * A variable: {@code Vi(index, dim)} indexed by i, {@code Vj(index, dim)} by j, or a parameter
 * {@code Pm(index, dim)} shared by all pairs. {@code index} names the data array.
 */
public record Variable(Kind kind, int index, int dim) implements Formula {

    /** How a variable is indexed. */
    public enum Kind { I, J, PARAMETER }

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
}
