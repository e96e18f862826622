package org.nufft4j.bench;

import java.io.PrintStream;
import java.util.Locale;

/** The runner's output formats for the transform cases: an aligned table, CSV, or a JSON array. */
abstract class RowFormat {

    protected final PrintStream out;

    RowFormat(PrintStream out) {
        this.out = out;
    }

    static RowFormat of(String name, PrintStream out) {
        return switch (name) {
            case "csv" -> new Csv(out);
            case "json" -> new Json(out);
            default -> new Table(out);
        };
    }

    abstract void header();

    /** One case; {@code progress} is shown by the table only. */
    abstract void row(Row r, String progress);

    void footer() {
    }

    static final class Table extends RowFormat {
        Table(PrintStream out) {
            super(out);
        }

        @Override
        void header() {
            out.printf("%-3s %-6s %-12s %8s %-6s %6s %9s %3s %9s %8s %8s %21s %7s %-11s %-11s %s%n", "dim", "type",
                    "modes", "M", "prec", "tol", "rel_err", "w", "setpts_ms", "first_ms", "exec_ms",
                    "(spread/fft/deconv)", "Mpts/s", "impl", "fft", "check");
        }

        @Override
        void row(Row r, String progress) {
            String parts = String.format(Locale.ROOT, "(%.1f/%.1f/%.1f)", r.spreadMs(), r.fftMs(), r.deconvolveMs());
            out.printf(Locale.ROOT, "%-3d %-6s %-12s %8d %-6s %6.0e %9.2e %3d %9.1f %8.1f %8.1f %21s %7.2f %-11s %-11s"
                            + " %s   %s%n", r.dim(), r.type(), r.modes(), r.points(), r.precision(), r.tol(), r.error(),
                    r.width(), r.setPointsMs(), r.firstMs(), r.bestMs(), parts, r.megapointsPerSecond(), r.kernels(),
                    r.fft(), r.ok() ? "ok" : "FAIL", progress);
        }
    }

    static final class Csv extends RowFormat {
        Csv(PrintStream out) {
            super(out);
        }

        @Override
        void header() {
            out.println("dim,type,modes,points,precision,tol,rel_err,width,setpts_ms,first_ms,exec_ms,spread_ms,fft_ms,"
                    + "deconv_ms,mpts_per_s,kernels,fft,check");
        }

        @Override
        void row(Row r, String progress) {
            out.printf(Locale.ROOT, "%d,%s,%s,%d,%s,%.3g,%.4g,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.4g,%s,%s,%s%n", r.dim(),
                    r.type(), r.modes(), r.points(), r.precision(), r.tol(), r.error(), r.width(), r.setPointsMs(),
                    r.firstMs(), r.bestMs(), r.spreadMs(), r.fftMs(), r.deconvolveMs(), r.megapointsPerSecond(),
                    r.kernels(), r.fft(), r.ok() ? "ok" : "FAIL");
        }
    }

    static final class Json extends RowFormat {
        private boolean first = true;

        Json(PrintStream out) {
            super(out);
        }

        @Override
        void header() {
            out.println("[");
        }

        @Override
        void row(Row r, String progress) {
            out.printf(Locale.ROOT, "%s  {\"dim\": %d, \"type\": \"%s\", \"modes\": \"%s\", \"points\": %d,"
                            + " \"precision\": \"%s\", \"tol\": %.3g, \"rel_err\": %.4g, \"width\": %d, \"setpts_ms\": %.3f,"
                            + " \"first_ms\": %.3f, \"exec_ms\": %.3f, \"spread_ms\": %.3f, \"fft_ms\": %.3f,"
                            + " \"deconv_ms\": %.3f, \"mpts_per_s\": %.4g, \"kernels\": \"%s\", \"fft\": \"%s\", \"ok\": %b}%n",
                    first ? "" : ",", r.dim(), r.type(), r.modes(), r.points(), r.precision(), r.tol(), r.error(),
                    r.width(), r.setPointsMs(), r.firstMs(), r.bestMs(), r.spreadMs(), r.fftMs(), r.deconvolveMs(),
                    r.megapointsPerSecond(), r.kernels(), r.fft(), r.ok());
            first = false;
        }

        @Override
        void footer() {
            out.println("]");
        }
    }
}
