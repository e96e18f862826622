package org.nufft4j.grid;

import java.util.Arrays;

/**
 * A fixed decomposition of the fine grid into tiles, and the colouring that lets tiles of one
 * colour be spread in parallel without two of them touching the same cell.
 *
 * <p>A point belongs to the tile holding its centre cell floor(t). Its kernel covers cells
 * [l0, l0 + w) with l0 = ceil(t - w/2), so a tile [s, e) receives writes in the padded range
 * [s - floor(w/2), e + ceil(w/2)): {@code e - s + w} cells. Along a dimension with T tiles:
 * T = 1 or 2, or T even with every tile at least w cells long. Then tiles whose indices have
 * the same parity are at least one full tile apart (also across the periodic wrap), so their
 * padded ranges are disjoint. Colour = parity per dimension: up to 2^d colours, spread one
 * after another. The layout depends only on the grid and the kernel width, never on the
 * thread count: that is what makes type 1 bitwise reproducible.
 *
 * <p>Tiles are the unit of ownership; sub-bins are the unit of locality. Each tile is cut
 * into sub-bins (1D 1024, 2D 32x8, 3D 16x4x4 cells, as FINUFFT's bins) whose padded buffer,
 * (sub-bin + w) cells per side, stays in L1. Sub-bins are numbered tile by tile (dimension 1
 * fastest inside a tile), so the points of a tile are one contiguous run of sub-bins.
 */
public final class TileLayout {

    private final int dim;
    private final int[] n;
    private final int width;
    private final int[][] bounds;     // bounds[d][0..T_d]
    private final int[][] cellToTile; // cellToTile[d][cell]
    private final int[] tiles;        // T_d
    private final int tileCount;
    private final int[][] tilesByColour;

    /** Preferred tile edge per dimension for 1D, 2D, 3D grids (cells). */
    private static final int[] PREFERRED_EDGE = {1024, 64, 16};
    /** Sub-bin edges for 1D, 2D, 3D grids. */
    private static final int[][] SUB_BIN = {{1024}, {32, 8}, {16, 4, 4}};

    private final int[] subBin;
    private final int[] binOffset; // first global sub-bin of each tile; length tileCount + 1

    /**
     * Cuts each dimension into T_d tiles of near-equal length (T_d = 1, 2 or even, every tile
     * at least {@code max(preferred edge, width)} cells when T_d &gt; 1), colours them by parity
     * and numbers their sub-bins.
     *
     * @param n fine grid sizes n_d, 1 to 3 dimensions (copied)
     * @param width w, the kernel width in fine-grid cells
     */
    public TileLayout(int[] n, int width) {
        this.dim = n.length;
        this.n = n.clone();
        this.width = width;
        this.bounds = new int[dim][];
        this.cellToTile = new int[dim][];
        this.tiles = new int[dim];
        int count = 1;
        for (int d = 0; d < dim; d++) {
            int edge = Math.max(PREFERRED_EDGE[dim - 1], width);
            int t = n[d] / edge;
            if (t >= 4) {
                t &= ~1;
            } else if (t >= 2) {
                t = 2;
            } else {
                t = 1;
            }
            tiles[d] = t;
            bounds[d] = new int[t + 1];
            for (int i = 0; i <= t; i++) {
                bounds[d][i] = (int) ((long) i * n[d] / t);
            }
            cellToTile[d] = new int[n[d]];
            for (int i = 0; i < t; i++) {
                Arrays.fill(cellToTile[d], bounds[d][i], bounds[d][i + 1], i);
            }
            count *= t;
        }
        this.tileCount = count;
        this.tilesByColour = colour();
        this.subBin = SUB_BIN[dim - 1].clone();
        this.binOffset = new int[count + 1];
        for (int tile = 0; tile < count; tile++) {
            int bins = 1;
            for (int d = 0; d < dim; d++) {
                bins *= subBinsAlong(d, tileIndex(tile, d));
            }
            binOffset[tile + 1] = binOffset[tile] + bins;
        }
    }

    /**
     * Number of sub-bins along dimension d of tile index {@code index} along d.
     *
     * @param d the dimension, 0-based
     * @param index the tile index along d, {@code 0 <= index < tilesAlong(d)}
     * @return the tile's length along d divided by the sub-bin edge, rounded up
     */
    public int subBinsAlong(int d, int index) {
        int len = bounds[d][index + 1] - bounds[d][index];
        return (len + subBin[d] - 1) / subBin[d];
    }

    /**
     * Sub-bin edge along d (the last sub-bin of a tile may be shorter).
     *
     * @param d the dimension, 0-based
     * @return the edge in cells: 1024 in 1D, 32 or 8 in 2D, 16 or 4 in 3D
     */
    public int subBinEdge(int d) {
        return subBin[d];
    }

    /**
     * Global index of the first sub-bin of {@code tile}.
     *
     * @param tile linear tile index, {@code 0 <= tile <= tileCount()}
     * @return that index; {@code binOffset(tileCount())} is the total number of sub-bins
     */
    public int binOffset(int tile) {
        return binOffset[tile];
    }

    /**
     * Total number of sub-bins, over all tiles.
     *
     * @return {@code binOffset(tileCount())}
     */
    public int binCount() {
        return binOffset[tileCount];
    }

    private int[][] colour() {
        int[] coloursPerDim = new int[3];
        int colours = 1;
        for (int d = 0; d < 3; d++) {
            coloursPerDim[d] = d < dim && tiles[d] > 1 ? 2 : 1;
            colours *= coloursPerDim[d];
        }
        int[] counts = new int[colours];
        int[] colourOf = new int[tileCount];
        for (int tile = 0; tile < tileCount; tile++) {
            int c = 0;
            int rest = tile;
            int stride = 1;
            for (int d = 0; d < dim; d++) {
                int idx = rest % tiles[d];
                rest /= tiles[d];
                c += (coloursPerDim[d] == 2 ? (idx & 1) : 0) * stride;
                stride *= coloursPerDim[d];
            }
            colourOf[tile] = c;
            counts[c]++;
        }
        int[][] result = new int[colours][];
        for (int c = 0; c < colours; c++) {
            result[c] = new int[counts[c]];
        }
        int[] fill = new int[colours];
        for (int tile = 0; tile < tileCount; tile++) {
            result[colourOf[tile]][fill[colourOf[tile]]++] = tile;
        }
        return result;
    }

    /**
     * Number of dimensions of the grid.
     *
     * @return 1, 2 or 3
     */
    public int dimension() {
        return dim;
    }

    /**
     * Kernel width the layout was made for.
     *
     * @return w in fine-grid cells; the padded range of a tile is w cells longer than the tile
     */
    public int width() {
        return width;
    }

    /**
     * Fine grid size along a dimension.
     *
     * @param d the dimension, 0-based
     * @return n_d in cells
     */
    public int gridSize(int d) {
        return n[d];
    }

    /**
     * Number of tiles.
     *
     * @return the product of the tile counts along each dimension
     */
    public int tileCount() {
        return tileCount;
    }

    /**
     * Number of tiles along a dimension.
     *
     * @param d the dimension, 0-based
     * @return T_d: 1, 2 or an even number
     */
    public int tilesAlong(int d) {
        return tiles[d];
    }

    /**
     * Tile index along dimension d of a fine-grid cell.
     *
     * @param d the dimension, 0-based
     * @param cell the cell along d, {@code 0 <= cell < n_d}
     * @return the index along d of the tile holding it
     */
    public int tileOfCell(int d, int cell) {
        return cellToTile[d][cell];
    }

    /**
     * First cell of tile {@code index} along dimension d.
     *
     * @param d the dimension, 0-based
     * @param index the tile index along d
     * @return the tile's first cell, in [0, n_d)
     */
    public int tileStart(int d, int index) {
        return bounds[d][index];
    }

    /**
     * One past the last cell of tile {@code index} along dimension d.
     *
     * @param d the dimension, 0-based
     * @param index the tile index along d
     * @return the tile's end cell, exclusive, in (0, n_d]
     */
    public int tileEnd(int d, int index) {
        return bounds[d][index + 1];
    }

    /**
     * First cell of the padded range of tile {@code index} along d.
     *
     * @param d the dimension, 0-based
     * @param index the tile index along d
     * @return {@code tileStart(d, index) - floor(w/2)}; may be negative (the range wraps)
     */
    public int paddedStart(int d, int index) {
        return bounds[d][index] - width / 2;
    }

    /**
     * Length of the padded range of tile {@code index} along d.
     *
     * @param d the dimension, 0-based
     * @param index the tile index along d
     * @return the tile's length plus w, in cells
     */
    public int paddedLength(int d, int index) {
        return bounds[d][index + 1] - bounds[d][index] + width;
    }

    /**
     * Tiles grouped by colour; tiles of one colour have disjoint padded ranges.
     *
     * @return per colour (up to 2^d), the linear indices of its tiles; the internal array,
     *     not a copy, so it must not be modified
     */
    public int[][] tilesByColour() {
        return tilesByColour;
    }

    /**
     * Tile index along dimension d of a linear tile index (dimension 1 fastest).
     *
     * @param tile linear tile index, {@code 0 <= tile < tileCount()}
     * @param d the dimension, 0-based
     * @return the index along d, {@code 0 <= index < tilesAlong(d)}
     */
    public int tileIndex(int tile, int d) {
        int rest = tile;
        for (int e = 0; e < d; e++) {
            rest /= tiles[e];
        }
        return rest % tiles[d];
    }
}
