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
        var t1 = points.t1(); // coordinates (stays double)
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
        var t1 = points.t1(); // coordinates (stays double)
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
}
