package org.nufft4j.grid;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Reduction of coordinates modulo 2 pi, for every finite double.
 *
 * <p>Moderate coordinates ({@code |x| <= 2^45}): 2 pi is split into a double {@code P1} and a
 * tail {@code TWO_PI_TAIL} (Cody–Waite). For an integer m below 2^53 and {@code |x| >= 4},
 * {@code x - m P1} is a multiple of ulp(P1) smaller than 8, so the fma that forms it is exact;
 * the tail adds an error of about {@code |m| 5e-32}, under 3e-19 at the bound, so the result
 * is within about one ulp of 2 pi of the exact {@code x mod 2 pi}.
 *
 * <p>Coordinates in [-2 pi, 4 pi), the usual ones, take the same roundings with m found by two
 * comparisons instead of a division (see {@link #nearTurns}), bit for bit.
 *
 * <p>Larger coordinates (up to {@code Double.MAX_VALUE}, where {@code x / 2 pi} is no longer
 * an exact integer count) take an exact path: x is an exact decimal, 2 pi is carried to 420
 * digits, and the remainder is formed in {@link BigDecimal} (error below 1e-100) before the
 * one rounding to double. That path costs microseconds per point; it exists so that no finite
 * input lands outside the grid, not for speed.
 */
public final class Periodic {

    /** 2 pi rounded to double: the period of the coordinates. */
    public static final double TWO_PI = 2 * Math.PI;
    private static final double P1 = TWO_PI;
    /** 2 pi - P1, to double precision (the SIMD fold of the sort uses the same split). */
    public static final double TWO_PI_TAIL = 2.4492935982947064e-16;
    /** Largest |x| for the Cody–Waite path (see the class comment). */
    public static final double CODY_WAITE_LIMIT = 0x1p45;

    private Periodic() {
    }

    /**
     * x reduced into [0, 2 pi).
     *
     * @param x a coordinate in radians; must be finite (NaN or an infinity throws
     *     {@link NumberFormatException} from the exact path)
     * @return {@code x mod 2 pi}, in [0, {@link #TWO_PI})
     */
    public static double toZeroTwoPi(double x) {
        double r;
        if (x >= -TWO_PI && x < 2 * TWO_PI) { // false for NaN
            r = (x + nearTurns(x, P1)) + nearTurns(x, TWO_PI_TAIL);
        } else if (Math.abs(x) <= CODY_WAITE_LIMIT) {
            double m = Math.floor(x / TWO_PI);
            r = Math.fma(-m, P1, x) - m * TWO_PI_TAIL;
        } else {
            return Exact.toZeroTwoPi(x);
        }
        if (r < 0) {
            r += TWO_PI;
        }
        if (r >= TWO_PI) {
            r -= TWO_PI;
        }
        return r;
    }

    /**
     * For x in [-2 pi, 4 pi), where {@code floor(x / TWO_PI)} is m = -1, 0 or 1 (the quotient,
     * correctly rounded, never crosses an integer there: its distance to one is at least
     * ulp(x) / 2 pi, more than half the spacing of doubles near it; the one exception, a
     * negative x within 3 ulps of zero whose quotient underflows to -0.0, ends at 0.0 either
     * way after the corrections), {@code -m part}: the
     * Cody–Waite step {@code fma(-m, P1, x) - m TWO_PI_TAIL} is then {@code (x - m P1) - m TAIL},
     * the same roundings without the division, and for m = 0 it is {@code (x + 0.0) + 0.0},
     * which turns -0.0 into +0.0 as the fma does. Branch-free; the SIMD fold of the sort does
     * the same in lanes.
     */
    private static double nearTurns(double x, double part) {
        return x < 0 ? part : x >= P1 ? -part : 0.0;
    }

    /**
     * x reduced into [-pi, pi).
     *
     * @param x a coordinate in radians; must be finite, as for {@link #toZeroTwoPi}
     * @return {@code x mod 2 pi}, shifted by -2 pi when it is pi or more
     */
    public static double toMinusPiPi(double x) {
        double r = toZeroTwoPi(x);
        return r >= Math.PI ? r - TWO_PI : r;
    }

    /** The exact path, with 2 pi computed once, when first needed. */
    private static final class Exact {
        private static final MathContext DIGITS = new MathContext(420);
        private static final BigDecimal TWO_PI_EXACT = pi().multiply(BigDecimal.TWO);

        /** Machin's formula, pi = 16 atan(1/5) - 4 atan(1/239). */
        private static BigDecimal pi() {
            return atanOfInverse(5).multiply(BigDecimal.valueOf(16))
                    .subtract(atanOfInverse(239).multiply(BigDecimal.valueOf(4)));
        }

        /** atan(1/n) = sum_k (-1)^k / ((2k + 1) n^(2k+1)). */
        private static BigDecimal atanOfInverse(int n) {
            BigDecimal power = BigDecimal.ONE.divide(BigDecimal.valueOf(n), DIGITS);
            BigDecimal inverseSquare = BigDecimal.ONE.divide(BigDecimal.valueOf((long) n * n), DIGITS);
            BigDecimal negligible = BigDecimal.ONE.movePointLeft(DIGITS.getPrecision() + 5);
            BigDecimal sum = power;
            for (int k = 1; power.compareTo(negligible) > 0; k++) {
                power = power.multiply(inverseSquare, DIGITS);
                BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), DIGITS);
                sum = (k & 1) == 1 ? sum.subtract(term) : sum.add(term);
            }
            return sum;
        }

        static double toZeroTwoPi(double x) {
            BigDecimal exact = new BigDecimal(x);
            BigDecimal turns = exact.divideToIntegralValue(TWO_PI_EXACT);
            BigDecimal r = exact.subtract(turns.multiply(TWO_PI_EXACT));
            if (r.signum() < 0) {
                r = r.add(TWO_PI_EXACT);
            }
            double d = r.doubleValue();
            return d >= TWO_PI ? d - TWO_PI : d;
        }
    }
}
