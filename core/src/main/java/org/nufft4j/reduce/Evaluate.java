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

    static double[] unary(Unary.Op op, double[] a) {
        if (op == Unary.Op.SUM || op == Unary.Op.SQNORM) {
            double s = 0;
            for (double v : a) {
                s += op == Unary.Op.SUM ? v : v * v;
            }
            return new double[] {s};
        }
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = unary(op, a[i]);
        }
        return r;
    }

    static double[] binary(Binary.Op op, double[] a, double[] b) {
        if (op == Binary.Op.DOT || op == Binary.Op.SQDIST) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += op == Binary.Op.DOT ? a[i] * b[i] : (a[i] - b[i]) * (a[i] - b[i]);
            }
            return new double[] {s};
        }
        int d = Math.max(a.length, b.length);
        double[] r = new double[d];
        for (int i = 0; i < d; i++) {
            r[i] = binary(op, a[a.length == 1 ? 0 : i], b[b.length == 1 ? 0 : i]);
        }
        return r;
    }
}
