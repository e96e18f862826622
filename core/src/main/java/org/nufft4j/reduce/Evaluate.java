package org.nufft4j.reduce;

/**
 * The mathematics of every operation on plain doubles, shared by constant folding and the
 * scalar interpreter so that both compute exactly the same thing.
 */
final class Evaluate {

    private Evaluate() {
    }

    static double unary(Unary.Op op, double x) {
        return op.apply(x);
    }

    static double binary(Binary.Op op, double x, double y) {
        return op.apply(x, y);
    }

    /**
     * Evaluates one node that is neither a variable nor a constant: component k of operand c is
     * read at {@code w[in[c] + k * stride]}, component k of the result is written at
     * {@code w[out + k * stride]}. The one definition of what every operation computes; the
     * interpreter calls it with stride 1, the SIMD evaluator with its block length.
     */
    static void node(Formula f, double[] w, int[] in, int out, int stride) {
        int d = f.dim();
        switch (f) {
            case Unary u -> {
                int a = in[0];
                if (u.op().shape() == OpShape.COMPONENT_SUM) {
                    double s = 0;
                    for (int k = 0; k < u.a().dim(); k++) {
                        s = u.op().accumulate(s, w[a + k * stride]);
                    }
                    w[out] = s;
                } else {
                    for (int k = 0; k < d; k++) {
                        w[out + k * stride] = unary(u.op(), w[a + k * stride]);
                    }
                }
            }
            case Binary b -> {
                int a = in[0];
                int c = in[1];
                if (b.op().shape() == OpShape.COMPONENT_SUM) {
                    double s = 0;
                    for (int k = 0; k < b.a().dim(); k++) {
                        s = b.op().accumulate(s, w[a + k * stride], w[c + k * stride]);
                    }
                    w[out] = s;
                } else {
                    int sa = b.a().dim() == 1 ? 0 : stride;
                    int sc = b.b().dim() == 1 ? 0 : stride;
                    for (int k = 0; k < d; k++) {
                        w[out + k * stride] = binary(b.op(), w[a + k * sa], w[c + k * sc]);
                    }
                }
            }
            case PowerOf p -> {
                for (int k = 0; k < d; k++) {
                    w[out + k * stride] = Math.pow(w[in[0] + k * stride], p.exponent());
                }
            }
            case Select s -> w[out] = w[in[0] + s.index() * stride];
            case Concat c -> {
                for (int k = 0; k < c.a().dim(); k++) {
                    w[out + k * stride] = w[in[0] + k * stride];
                }
                for (int k = 0; k < c.b().dim(); k++) {
                    w[out + (c.a().dim() + k) * stride] = w[in[1] + k * stride];
                }
            }
            case Variable v -> throw new IllegalArgumentException("variables are loaded, not evaluated: " + v);
            case Constant c -> throw new IllegalArgumentException("constants are copied, not evaluated: " + c);
        }
    }

    /** Constant folding of a unary operation, through {@link #node}. */
    static double[] unary(Unary.Op op, double[] a) {
        var f = new Unary(op, new Constant(a));
        double[] w = java.util.Arrays.copyOf(a, a.length + f.dim());
        node(f, w, new int[] {0}, a.length, 1);
        return java.util.Arrays.copyOfRange(w, a.length, w.length);
    }

    /** Constant folding of a binary operation, through {@link #node}. */
    static double[] binary(Binary.Op op, double[] a, double[] b) {
        var f = new Binary(op, new Constant(a), new Constant(b));
        double[] w = new double[a.length + b.length + f.dim()];
        System.arraycopy(a, 0, w, 0, a.length);
        System.arraycopy(b, 0, w, a.length, b.length);
        node(f, w, new int[] {0, a.length}, a.length + b.length, 1);
        return java.util.Arrays.copyOfRange(w, a.length + b.length, w.length);
    }
}
