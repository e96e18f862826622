package org.nufft4j.reduce;

import java.util.Objects;

/**
 * The data of a reduction: {@code arrays[index]} holds the rows of the variable with that
 * index, row-major ({@code rows * dim} doubles); a parameter holds {@code dim} doubles.
 *
 * @param rowsI number of i rows (N)
 * @param rowsJ number of j rows (M)
 * @param arrays the data arrays, by variable index (entries no variable reads may be null)
 */
public record ReductionData(int rowsI, int rowsJ, double[][] arrays) {

    public ReductionData {
        if (rowsI < 0) {
            throw new IllegalArgumentException("rowsI (N) must be >= 0, got " + rowsI);
        }
        if (rowsJ < 0) {
            throw new IllegalArgumentException("rowsJ (M) must be >= 0, got " + rowsJ);
        }
        Objects.requireNonNull(arrays, "arrays");
    }

    public static ReductionData of(int rowsI, int rowsJ, double[]... arrays) {
        return new ReductionData(rowsI, rowsJ, arrays);
    }

    /** Checks every variable of the program against the arrays; fails naming the variable. */
    public void check(Program program) {
        Objects.requireNonNull(program, "program");
        for (Variable v : program.variables()) {
            if (v.index() >= arrays.length || arrays[v.index()] == null) {
                throw new IllegalArgumentException(v + ": no data array at index " + v.index());
            }
            long expected = switch (v.kind()) {
                case I -> (long) rowsI * v.dim();
                case J -> (long) rowsJ * v.dim();
                case PARAMETER -> v.dim();
            };
            if (arrays[v.index()].length != expected) {
                String what = switch (v.kind()) {
                    case I -> "N * dim = " + rowsI + " * " + v.dim();
                    case J -> "M * dim = " + rowsJ + " * " + v.dim();
                    case PARAMETER -> "dim";
                };
                throw new IllegalArgumentException(v + ": data array " + v.index() + " has length "
                        + arrays[v.index()].length + ", expected " + what + " = " + expected);
            }
        }
        for (Variable v : program.variables()) {
            for (Variable u : program.variables()) {
                if (u.index() == v.index() && (u.kind() != v.kind() || u.dim() != v.dim())) {
                    throw new IllegalArgumentException("data array " + v.index() + " is read as both " + u + " and " + v);
                }
            }
        }
    }
}
