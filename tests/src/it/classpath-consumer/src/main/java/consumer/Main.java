package consumer;

import java.util.Random;
import org.nufft4j.DirectSum;
import org.nufft4j.ModeOrder;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;

/**
 * What a user writes first: a 2D type 1 transform, checked against the exact sum. Exits non-zero
 * (failing the invoker's build) if the result misses the tolerance or the SIMD kernels or FFT
 * did not load.
 */
public final class Main {
    public static void main(String[] args) {
        int m = 500;
        int[] modes = {24, 18};
        double tol = 1e-9;
        var random = new Random(18);
        double[][] points = new double[2][m];
        double[] strengths = new double[2 * m];
        for (int j = 0; j < m; j++) {
            points[0][j] = Math.PI * (2 * random.nextDouble() - 1);
            points[1][j] = Math.PI * (2 * random.nextDouble() - 1);
            strengths[2 * j] = random.nextGaussian();
            strengths[2 * j + 1] = random.nextGaussian();
        }
        double[] modesOut = new double[2 * modes[0] * modes[1]];
        String kernels;
        String fft;
        try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, -1, tol)) {
            plan.setPoints(points[0], points[1]);
            plan.execute(strengths, modesOut);
            kernels = plan.implementation();
            fft = plan.fftImplementation();
        }
        double[] exact = DirectSum.type1(points, strengths, modes, -1, ModeOrder.CMCL);
        double err = 0;
        double norm = 0;
        for (int i = 0; i < exact.length; i++) {
            err += (modesOut[i] - exact[i]) * (modesOut[i] - exact[i]);
            norm += exact[i] * exact[i];
        }
        double relative = Math.sqrt(err / norm);
        System.out.printf("consumer on the %s: kernels %s, FFT %s, relative error %.2e (tol %.0e)%n",
                NufftPlan.class.getModule().isNamed() ? "module path" : "class path", kernels, fft, relative, tol);
        if (!(relative <= tol) || !kernels.startsWith("simd") || !fft.startsWith("simd")) {
            System.exit(1);
        }
    }
}
