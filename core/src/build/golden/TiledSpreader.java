package golden;

import jdk.incubator.vector.DoubleVector;

/**
 * A made-up template for the golden-file test of FloatTwins: every rule and every lexical
 * state. A double in a comment stays a double; TiledSpreader is renamed everywhere.
 */
final class TiledSpreader {
    private final double[] grid; // the double grid: an end-of-line comment keeps its words
    private final double[] coordinates; // (stays double)

    TiledSpreader(double[] grid,
                  double[] coordinates) { // (stays double): a marker holds for its line only
        this.grid = grid;
        this.coordinates = coordinates;
    }

    /* a block comment on one line: double */ double first() {
        return grid[0];
    }

    double scaled(int j) {
        double half = (double) coordinates[j] / 2; /* (double) narrows in the twin:
           a block comment over two lines, double */
        var third = 1f / 3; // a float literal is allowed
        var half2 = 0.5 * coordinates[j]; // (stays double)
        return half * third + (double) half2;
    }

    String name() {
        char quote = '"';
        String text = """
                double in a text block, "quoted", TiledSpreader
                """;
        return "TiledSpreader in double " + quote + text + DoubleVector.SPECIES_PREFERRED;
    }
}
