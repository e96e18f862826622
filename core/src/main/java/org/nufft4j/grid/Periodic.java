package org.nufft4j.grid;

/**
 * Reduction of coordinates modulo 2 pi.
 *
 * <p>2 pi is split into a double {@code P1} and a tail {@code P2} (Cody–Waite): for an integer
 * m, {@code fma(-m, P1, x)} is exact, so the reduced value keeps full accuracy for points far
 * outside [-pi, pi), where {@code x % (2 pi)} would lose about |m| ulps of 2 pi.
 */
public final class Periodic {

    public static final double TWO_PI = 2 * Math.PI;
    private static final double P1 = TWO_PI;
    /** 2 pi - P1, to double precision. */
    private static final double P2 = 2.4492935982947064e-16;

    private Periodic() {
    }

    /** x reduced into [0, 2 pi). */
    public static double toZeroTwoPi(double x) {
        double m = Math.floor(x / TWO_PI);
        double r = Math.fma(-m, P1, x) - m * P2;
        if (r < 0) {
            r += TWO_PI;
        }
        if (r >= TWO_PI) {
            r -= TWO_PI;
        }
        return r;
    }

    /** x reduced into [-pi, pi). */
    public static double toMinusPiPi(double x) {
        double r = toZeroTwoPi(x);
        return r >= Math.PI ? r - TWO_PI : r;
    }
}
