package golden;

// Generated from TiledSpreader.java by core/src/build/FloatTwins.java: edit the template, not this file.

import jdk.incubator.vector.FloatVector;

/**
 * A made-up template for the golden-file test of FloatTwins: every rule and every lexical
 * state. A double in a comment stays a double; FloatTiledSpreader is renamed everywhere.
 */
final class FloatTiledSpreader {
    private final float[] grid; // the double grid: an end-of-line comment keeps its words
    private final double[] coordinates; // (stays double)

    FloatTiledSpreader(float[] grid,
                  double[] coordinates) { // (stays double): a marker holds for its line only
        this.grid = grid;
        this.coordinates = coordinates;
    }

    /* a block comment on one line: double */ float first() {
        return grid[0];
    }

    float scaled(int j) {
        float half = (float) coordinates[j] / 2; /* (double) narrows in the twin:
           a block comment over two lines, double */
        var third = 1f / 3; // a float literal is allowed
        var half2 = 0.5 * coordinates[j]; // (stays double)
        return half * third + (float) half2;
    }

    String name() {
        char quote = '"';
        String text = """
                double in a text block, "quoted", FloatTiledSpreader
                """;
        return "FloatTiledSpreader in double " + quote + text + FloatVector.SPECIES_PREFERRED;
    }
}
