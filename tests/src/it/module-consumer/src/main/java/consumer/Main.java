package consumer;

import java.util.Random;
import org.nufft4j.DirectSum;
import org.nufft4j.ModeOrder;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;

/**
 * A user's module: a 1D type 2 transform checked against the exact sum, and the module graph
 * checked (core named, only its API exported, the SIMD provider found). Exits non-zero, failing
 * the invoker's build, on any miss.
 */
public final class Main {
    public static void main(String[] args) {
        int m = 400;
        int[] modes = {60};
        double tol = 1e-9;
        var random = new Random(1818);
        double[][] points = new double[1][m];
        for (int j = 0; j < m; j++) {
            points[0][j] = Math.PI * (2 * random.nextDouble() - 1);
        }
        double[] coefficients = new double[2 * modes[0]];
        for (int i = 0; i < coefficients.length; i++) {
            coefficients[i] = random.nextGaussian();
        }
        double[] values = new double[2 * m];
        String kernels;
        String fft;
        try (var plan = NufftPlan.create(NufftType.TYPE_2, modes, 1, tol)) {
            plan.setPoints(points[0]);
            plan.execute(coefficients, values);
            kernels = plan.implementation();
            fft = plan.fftImplementation();
        }
        double[] exact = DirectSum.type2(points, coefficients, modes, 1, ModeOrder.CMCL);
        double err = 0;
        double norm = 0;
        for (int i = 0; i < exact.length; i++) {
            err += (values[i] - exact[i]) * (values[i] - exact[i]);
            norm += exact[i] * exact[i];
        }
        double relative = Math.sqrt(err / norm);
        Module core = NufftPlan.class.getModule();
        boolean graph = "org.nufft4j.core".equals(core.getName())
                && core.isExported("org.nufft4j.reduce")
                && !core.isExported("org.nufft4j.spread")
                && ModuleLayer.boot().findModule("org.nufft4j.simd").isPresent();
        System.out.printf("consumer module %s on %s: kernels %s, FFT %s, relative error %.2e (tol %.0e), graph %s%n",
                Main.class.getModule().getName(), core.getName(), kernels, fft, relative, tol, graph ? "as declared" : "WRONG");
        if (!(relative <= tol) || !graph || !kernels.startsWith("simd") || !fft.startsWith("simd")) {
            System.exit(1);
        }
    }
}
