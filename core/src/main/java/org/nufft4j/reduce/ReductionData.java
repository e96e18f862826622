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

    /**
     * Checks the row counts; the arrays are kept as given (not copied: they are read at each
     * evaluation) and checked against a formula by {@link #check}.
     *
     * @throws NullPointerException when {@code arrays} is null
     * @throws IllegalArgumentException when {@code rowsI} or {@code rowsJ} is negative
     */
    public ReductionData {
        if (rowsI < 0) {
            throw new IllegalArgumentException("rowsI (N) must be >= 0, got " + rowsI);
        }
        if (rowsJ < 0) {
            throw new IllegalArgumentException("rowsJ (M) must be >= 0, got " + rowsJ);
        }
        Objects.requireNonNull(arrays, "arrays");
    }

    /**
     * The data with these arrays, by variable index.
     *
     * @param rowsI number of i rows (N)
     * @param rowsJ number of j rows (M)
     * @param arrays the data arrays: {@code arrays[index]} for the variables with that index
     * @return the data, holding {@code arrays} itself
     * @throws NullPointerException when {@code arrays} is null
     * @throws IllegalArgumentException when {@code rowsI} or {@code rowsJ} is negative
     */
    public static ReductionData of(int rowsI, int rowsJ, double[]... arrays) {
        return new ReductionData(rowsI, rowsJ, arrays);
    }

    /**
     * The data of float arrays, widened to double exactly (evaluate them with
     * {@link org.nufft4j.Precision#FLOAT}: each value is then a float already, and the rounding of
     * the inputs to float changes nothing).
     *
     * @param rowsI number of i rows (N)
     * @param rowsJ number of j rows (M)
     * @param arrays the float data arrays, by variable index (null entries stay null)
     * @return the data, holding double copies of {@code arrays}
     * @throws NullPointerException when {@code arrays} is null
     * @throws IllegalArgumentException when {@code rowsI} or {@code rowsJ} is negative
     */
    public static ReductionData ofFloats(int rowsI, int rowsJ, float[]... arrays) {
        Objects.requireNonNull(arrays, "arrays");
        double[][] wide = new double[arrays.length][];
        for (int a = 0; a < arrays.length; a++) {
            if (arrays[a] != null) {
                wide[a] = new double[arrays[a].length];
                for (int q = 0; q < wide[a].length; q++) {
                    wide[a][q] = arrays[a][q];
                }
            }
        }
        return new ReductionData(rowsI, rowsJ, wide);
    }

    /**
     * These data with every value rounded to the nearest float: what a
     * {@link org.nufft4j.Precision#FLOAT} evaluation reads (the scalar oracle of float results
     * evaluates the formula in double on these, then rounds the output to float).
     *
     * @return new arrays (null entries stay null); this data unchanged
     */
    public ReductionData roundedToFloat() {
        double[][] r = new double[arrays.length][];
        for (int a = 0; a < arrays.length; a++) {
            if (arrays[a] != null) {
                r[a] = new double[arrays[a].length];
                for (int q = 0; q < r[a].length; q++) {
                    r[a][q] = (float) arrays[a][q];
                }
            }
        }
        return new ReductionData(rowsI, rowsJ, r);
    }

    /**
     * Checks every variable of the program against the arrays; fails naming the variable.
     *
     * @param program the program of the formula (with the weight, if any) to be evaluated
     * @throws NullPointerException when {@code program} is null
     * @throws IllegalArgumentException when a variable has no array, its array does not have
     *     {@code N * dim} (i), {@code M * dim} (j) or {@code dim} (parameter) doubles, or two
     *     variables of different kind or dimension read the same array
     */
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
