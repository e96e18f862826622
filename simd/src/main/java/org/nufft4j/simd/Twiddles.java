package org.nufft4j.simd;

/**
 * The roots of unity of the FFT, {@code cos(2 pi j / n)} and {@code sin(2 pi j / n)} for exact
 * integers j and n, each within about one ulp of the true value: no recurrence, no product of
 * rounded roots.
 *
 * <p>How: 2 pi j / n = (pi / 2) (q + e / n) with q the quadrant nearest to 4j/n (an integer)
 * and |e| <= n/2 (an integer, so exact), so the angle handed to {@link Math#cos} and
 * {@link Math#sin} is at most pi/4, where they are accurate to an ulp and the rounding of the
 * angle itself costs at most about 1e-16 absolute. The quadrant is then a swap and sign
 * changes, which are exact: cos(pi/2) is 0, not 6e-17, and symmetric roots are exactly
 * symmetric.
 *
 * <p>Double only (tables of the float twins are rounded from these values).
 */
final class Twiddles {

    private Twiddles() {
    }

    /** cos(2 pi j / n). */
    static double cos(long j, long n) {
        return root(j, n, false);
    }

    /** sin(2 pi j / n). */
    static double sin(long j, long n) {
        return root(j, n, true);
    }

    private static double root(long j, long n, boolean sine) {
        long r = Math.floorMod(j, n);
        long q = (8 * r + n) / (2 * n); // nearest integer to 4r/n, 0..4
        long e = 4 * r - q * n; // -n/2 <= e <= n/2
        double angle = Math.PI * e / (2.0 * n); // |angle| <= pi/4
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        // cos and sin of (angle + q pi / 2)
        return switch ((int) (q & 3)) {
            case 0 -> sine ? s : c;
            case 1 -> sine ? c : -s;
            case 2 -> sine ? -s : -c;
            default -> sine ? -c : s;
        };
    }
}
