package org.nufft4j.reduce;

/**
 * The mathematics of every operation on plain doubles, shared by constant folding and the
 * scalar interpreter so that both compute exactly the same thing.
 */
final class Evaluate {

    private Evaluate() {
    }

    static double unary(Unary.Op op, double x) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case STEP -> x > 0 ? 1.0 : 0.0;
            case SIGN -> Math.signum(x);
            case INV -> 1.0 / x;
            case SQUARE -> x * x;
            case SUM, SQNORM -> throw new AssertionError("reduction " + op + " is not elementwise");
        };
    }

    static double binary(Binary.Op op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MIN -> Math.min(x, y);
            case MAX -> Math.max(x, y);
            case DOT, SQDIST -> throw new AssertionError("reduction " + op + " is not elementwise");
        };
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
                if (u.op() == Unary.Op.SUM || u.op() == Unary.Op.SQNORM) {
                    double s = 0;
                    for (int k = 0; k < u.a().dim(); k++) {
                        double x = w[a + k * stride];
                        s += u.op() == Unary.Op.SUM ? x : x * x;
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
                if (b.op() == Binary.Op.DOT || b.op() == Binary.Op.SQDIST) {
                    double s = 0;
                    for (int k = 0; k < b.a().dim(); k++) {
                        double x = w[a + k * stride];
                        double y = w[c + k * stride];
                        s += b.op() == Binary.Op.DOT ? x * y : (x - y) * (x - y);
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
