package org.nufft4j.spread;

import org.nufft4j.grid.SortedPoints;
import org.nufft4j.kernel.KernelPolynomial;

/**
 * Plain Java spreading and interpolation: the oracle every faster implementation is tested
 * against, and the baseline it is benchmarked against.
 *
 * <p>The cells of a point come from {@link KernelSupport}; the kernel values from the Horner
 * table of {@link KernelPolynomial} (one lane). This double class is also the template of its
 * float twin, {@code FloatScalarSpreadKernels} (see core/src/build/FloatTwins.java): point
 * coordinates stay double there, values and arithmetic become float.
 */
public final class ScalarSpreadKernels implements SpreadKernels {

    /** The one instance (the kernels are stateless). */
    public static final ScalarSpreadKernels INSTANCE = new ScalarSpreadKernels();

    private ScalarSpreadKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    /** out[i] = phi at cell i of a point with Horner variable x (the rule of KernelPolynomial). */
    private static void horner(KernelPolynomial.DoubleHornerTable table, double x, double[] out) {
        double[] c = table.coefficients();
        int w = table.stride();
        for (int i = 0; i < w; i++) {
            out[i] = c[i];
        }
        for (int k = 1; k <= table.degree(); k++) {
            int row = k * w;
            for (int i = 0; i < w; i++) {
                out[i] = out[i] * x + c[row + i];
            }
        }
    }

    @Override
    public void spread(KernelPolynomial kernel, SortedPoints points, int from, int to, double[] values, int batch,
                       double[] buf, int bufStride, int[] origin, int[] extent) {
        int w = kernel.width();
        var half = 0.5 * w; // (stays double)
        var table = kernel.hornerTableDouble(1);
        int count = to - from;
        double[] k1 = new double[w];
        double[] k2 = new double[w];
        double[] k3 = new double[w];
        var t1 = points.t1(); // coordinates, double in both twins
        var t2 = points.t2();
        var t3 = points.t3();
        int m1 = extent[0];
        int m2 = extent.length > 1 ? extent[1] : 1;
        for (int s = from; s < to; s++) {
            int l1 = KernelSupport.firstCell(t1[s], half);
            horner(table, KernelSupport.hornerVariableDouble(t1[s], half, l1), k1);
            int b1 = l1 - origin[0];
            int b2 = 0;
            int b3 = 0;
            int w2 = 1;
            int w3 = 1;
            if (t2 != null) {
                int l2 = KernelSupport.firstCell(t2[s], half);
                horner(table, KernelSupport.hornerVariableDouble(t2[s], half, l2), k2);
                b2 = l2 - origin[1];
                w2 = w;
            } else {
                k2[0] = 1;
            }
            if (t3 != null) {
                int l3 = KernelSupport.firstCell(t3[s], half);
                horner(table, KernelSupport.hornerVariableDouble(t3[s], half, l3), k3);
                b3 = l3 - origin[2];
                w3 = w;
            } else {
                k3[0] = 1;
            }
            int j = s - from;
            for (int b = 0; b < batch; b++) {
                int src = 2 * (b * count + j);
                double cr = values[src];
                double ci = values[src + 1];
                int base = b * bufStride;
                for (int d3 = 0; d3 < w3; d3++) {
                    double r3 = cr * k3[d3];
                    double i3 = ci * k3[d3];
                    for (int d2 = 0; d2 < w2; d2++) {
                        double vr = r3 * k2[d2];
                        double vi = i3 * k2[d2];
                        int row = base + 2 * (b1 + m1 * ((b2 + d2) + m2 * (b3 + d3)));
                        for (int d1 = 0; d1 < w; d1++) {
                            buf[row + 2 * d1] += vr * k1[d1];
                            buf[row + 2 * d1 + 1] += vi * k1[d1];
                        }
                    }
                }
            }
        }
    }

    @Override
    public void interpolate(KernelPolynomial kernel, SortedPoints points, int from, int to,
                            double[] grid, int gridStride, int[] n, int batch, double[] values) {
        int w = kernel.width();
        var half = 0.5 * w; // (stays double)
        var table = kernel.hornerTableDouble(1);
        int count = to - from;
        double[] k1 = new double[w];
        double[] k2 = new double[w];
        double[] k3 = new double[w];
        int[] g1 = new int[w];
        int[] g2 = new int[w];
        int[] g3 = new int[w];
        var t1 = points.t1(); // coordinates, double in both twins
        var t2 = points.t2();
        var t3 = points.t3();
        int n1 = n[0];
        int n2 = n.length > 1 ? n[1] : 1;
        int n3 = n.length > 2 ? n[2] : 1;
        for (int s = from; s < to; s++) {
            int l1 = KernelSupport.firstCell(t1[s], half);
            horner(table, KernelSupport.hornerVariableDouble(t1[s], half, l1), k1);
            KernelSupport.wrapCells(l1, n1, g1, w);
            int w2 = 1;
            int w3 = 1;
            if (t2 != null) {
                int l2 = KernelSupport.firstCell(t2[s], half);
                horner(table, KernelSupport.hornerVariableDouble(t2[s], half, l2), k2);
                KernelSupport.wrapCells(l2, n2, g2, w);
                w2 = w;
            } else {
                k2[0] = 1;
                g2[0] = 0;
            }
            if (t3 != null) {
                int l3 = KernelSupport.firstCell(t3[s], half);
                horner(table, KernelSupport.hornerVariableDouble(t3[s], half, l3), k3);
                KernelSupport.wrapCells(l3, n3, g3, w);
                w3 = w;
            } else {
                k3[0] = 1;
                g3[0] = 0;
            }
            int j = s - from;
            for (int b = 0; b < batch; b++) {
                int base = b * gridStride;
                double sr = 0;
                double si = 0;
                for (int d3 = 0; d3 < w3; d3++) {
                    double pr = 0;
                    double pi = 0;
                    for (int d2 = 0; d2 < w2; d2++) {
                        int row = base + 2 * n1 * (g2[d2] + n2 * g3[d3]);
                        double rr = 0;
                        double ri = 0;
                        for (int d1 = 0; d1 < w; d1++) {
                            int c = row + 2 * g1[d1];
                            rr += grid[c] * k1[d1];
                            ri += grid[c + 1] * k1[d1];
                        }
                        pr += rr * k2[d2];
                        pi += ri * k2[d2];
                    }
                    sr += pr * k3[d3];
                    si += pi * k3[d3];
                }
                int dst = 2 * (b * count + j);
                values[dst] = sr;
                values[dst + 1] = si;
            }
        }
    }

    /**
     * Kernel values and derivatives of one point along one dimension: k[i] = P_i(x) and
     * dk[i] = P_i'(x) at its w cells; returns the first cell. Along absent dimensions k = {1},
     * dk = {0} and the cell is 0.
     */
    private static int valuesAndDerivatives(KernelPolynomial.DoubleHornerTable table,
                                            KernelPolynomial.DoubleHornerTable derivative, double[] k, double[] dk,
                                            double[] t, int s, double half) { // (stays double)
        if (t == null) {
            k[0] = 1;
            dk[0] = 0;
            return 0;
        }
        int l = KernelSupport.firstCell(t[s], half);
        double x = KernelSupport.hornerVariableDouble(t[s], half, l);
        horner(table, x, k);
        horner(derivative, x, dk);
        return l;
    }

    @Override
    public void spreadDipoles(KernelPolynomial kernel, SortedPoints points, int from, int to, double[] values,
                              int batch, double[] buf, int bufStride, int[] origin, int[] extent) {
        int w = kernel.width();
        var half = 0.5 * w; // (stays double)
        int dim = points.dimension();
        int count = to - from;
        int per = 2 * (dim + 1);
        var table = kernel.hornerTableDouble(1);
        var derivative = kernel.derivativeTableDouble(1);
        double[] k1 = new double[w];
        double[] k2 = new double[w];
        double[] k3 = new double[w];
        double[] d1 = new double[w];
        double[] d2 = new double[w];
        double[] d3 = new double[w];
        int m1 = extent[0];
        int m2 = dim > 1 ? extent[1] : 1;
        int w2 = dim > 1 ? w : 1;
        int w3 = dim > 2 ? w : 1;
        for (int s = from; s < to; s++) {
            int b1 = valuesAndDerivatives(table, derivative, k1, d1, points.t1(), s, half) - origin[0];
            int b2 = valuesAndDerivatives(table, derivative, k2, d2, points.t2(), s, half) - (dim > 1 ? origin[1] : 0);
            int b3 = valuesAndDerivatives(table, derivative, k3, d3, points.t3(), s, half) - (dim > 2 ? origin[2] : 0);
            for (int b = 0; b < batch; b++) {
                int src = b * per * count + per * (s - from);
                int base = b * bufStride;
                for (int i3 = 0; i3 < w3; i3++) {
                    for (int i2 = 0; i2 < w2; i2++) {
                        // cell (i1, i2, i3) gets k1 * A + d1 * B, with A, B constant along the row
                        double p23 = k2[i2] * k3[i3];
                        double ar = values[src] * p23;
                        double ai = values[src + 1] * p23;
                        if (dim > 1) {
                            double q = d2[i2] * k3[i3];
                            ar += values[src + 4] * q;
                            ai += values[src + 5] * q;
                        }
                        if (dim > 2) {
                            double q = k2[i2] * d3[i3];
                            ar += values[src + 6] * q;
                            ai += values[src + 7] * q;
                        }
                        double br = values[src + 2] * p23;
                        double bi = values[src + 3] * p23;
                        int row = base + 2 * (b1 + m1 * ((b2 + i2) + m2 * (b3 + i3)));
                        for (int i1 = 0; i1 < w; i1++) {
                            buf[row + 2 * i1] += k1[i1] * ar + d1[i1] * br;
                            buf[row + 2 * i1 + 1] += k1[i1] * ai + d1[i1] * bi;
                        }
                    }
                }
            }
        }
    }

    @Override
    public void interpolateGradient(KernelPolynomial kernel, SortedPoints points, int from, int to,
                                    double[] grid, int gridStride, int[] n, int batch, double[] values) {
        int w = kernel.width();
        var half = 0.5 * w; // (stays double)
        int dim = points.dimension();
        int count = to - from;
        int per = 2 * (dim + 1);
        var table = kernel.hornerTableDouble(1);
        var derivative = kernel.derivativeTableDouble(1);
        double[] k1 = new double[w];
        double[] k2 = new double[w];
        double[] k3 = new double[w];
        double[] d1 = new double[w];
        double[] d2 = new double[w];
        double[] d3 = new double[w];
        int[] g1 = new int[w];
        int[] g2 = new int[w];
        int[] g3 = new int[w];
        int n1 = n[0];
        int n2 = dim > 1 ? n[1] : 1;
        int n3 = dim > 2 ? n[2] : 1;
        int w2 = dim > 1 ? w : 1;
        int w3 = dim > 2 ? w : 1;
        double[] acc = new double[per];
        for (int s = from; s < to; s++) {
            KernelSupport.wrapCells(valuesAndDerivatives(table, derivative, k1, d1, points.t1(), s, half), n1, g1, w);
            KernelSupport.wrapCells(valuesAndDerivatives(table, derivative, k2, d2, points.t2(), s, half), n2, g2, w2);
            KernelSupport.wrapCells(valuesAndDerivatives(table, derivative, k3, d3, points.t3(), s, half), n3, g3, w3);
            for (int b = 0; b < batch; b++) {
                java.util.Arrays.fill(acc, 0);
                int base = b * gridStride;
                for (int i3 = 0; i3 < w3; i3++) {
                    for (int i2 = 0; i2 < w2; i2++) {
                        int row = base + 2 * n1 * (g2[i2] + n2 * g3[i3]);
                        double rr = 0;
                        double ri = 0;
                        double dr = 0;
                        double di = 0;
                        for (int i1 = 0; i1 < w; i1++) {
                            int c = row + 2 * g1[i1];
                            rr += grid[c] * k1[i1];
                            ri += grid[c + 1] * k1[i1];
                            dr += grid[c] * d1[i1];
                            di += grid[c + 1] * d1[i1];
                        }
                        double p23 = k2[i2] * k3[i3];
                        acc[0] += rr * p23;
                        acc[1] += ri * p23;
                        acc[2] += dr * p23;
                        acc[3] += di * p23;
                        if (dim > 1) {
                            double q = d2[i2] * k3[i3];
                            acc[4] += rr * q;
                            acc[5] += ri * q;
                        }
                        if (dim > 2) {
                            double q = k2[i2] * d3[i3];
                            acc[6] += rr * q;
                            acc[7] += ri * q;
                        }
                    }
                }
                System.arraycopy(acc, 0, values, b * per * count + per * (s - from), per);
            }
        }
    }
}
