package org.nufft4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner as a command line: help, option errors (exit 2, one line), the formats and the plots. */
class RunnerCommandLineTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Runner.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A run small enough for a unit test: one 1D case of each type. */
    static final String[] SMALL = {"dim=1", "type=1,2", "tol=1e-6", "precision=double", "form=plain",
        "points=500,2000", "modes1=64", "pairs=0", "fastsum=0", "threads=1", "samples=8"};

    @Test
    void helpPrintsTheUsage() {
        var r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("format=table|csv|json") && r.out().contains("plot=DIR"), r.out());
    }

    @Test
    void badOptionsAnswerWithOneLineAndExitCode2() {
        for (String[] bad : new String[][] {{"dimm=2"}, {"threads=abc"}, {"tol=1e-30"}, {"dim=4"},
            {"kernels=fast"}, {"format=xml"}, {"points=0"}, {"nonsense"}, {"dim=1", "dim=2"}}) {
            var r = run(bad);
            assertEquals(2, r.code(), String.join(" ", bad));
            List<String> lines = r.err().lines().toList();
            assertEquals(2, lines.size(), r.err());
            String option = bad[bad.length - 1].split("=")[0];
            assertTrue(lines.get(0).startsWith("runner: ") && lines.get(0).contains(option), r.err());
            assertTrue(lines.get(1).startsWith("usage: "), r.err());
            assertTrue(r.out().isEmpty(), r.out());
            assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    /** Type 3 lines: plain, and with form=gradient the adjoint and each gradient form, all checked. */
    @Test
    void type3PrintsThePlainAndEveryGradientForm() {
        for (String dim : new String[] {"1", "2", "3"}) {
            var r = run("dim=" + dim, "type=3", "tol=1e-6", "precision=double", "form=plain,gradient", "points=600",
                    "modes1=40", "modes2=12", "modes3=6", "pairs=0", "fastsum=0", "threads=1", "samples=8",
                    "format=csv");
            assertEquals(0, r.code(), r.out() + r.err());
            List<String> rows = r.out().lines().skip(1).toList();
            for (String form : new String[] {"3", "3adj", "3+dip", "3+grad", "3adj+grad"}) {
                assertEquals(1, rows.stream().filter(l -> l.split(",")[1].equals(form)).count(), form + ": " + r.out());
            }
            assertTrue(rows.stream().allMatch(l -> l.endsWith(",ok")), r.out());
        }
    }

    @Test
    void everyFormatPrintsEveryCase() {
        var table = run(SMALL);
        assertEquals(0, table.code(), table.err());
        assertEquals(4, table.out().lines().filter(l -> l.startsWith("1 ")).count(), table.out());
        assertTrue(table.out().contains("first_ms"), table.out());

        var csv = run(concat(SMALL, "format=csv"));
        assertEquals(0, csv.code(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals(5, lines.size(), csv.out());
        int columns = lines.get(0).split(",").length;
        assertTrue(lines.stream().allMatch(l -> l.split(",").length == columns), csv.out());
        assertTrue(csv.err().contains("nufft4j runner"), "the header goes to stderr: " + csv.err());

        var json = run(concat(SMALL, "format=json"));
        assertEquals(0, json.code(), json.err());
        String text = json.out().strip();
        assertTrue(text.startsWith("[") && text.endsWith("]"), text);
        assertEquals(4, text.lines().filter(l -> l.contains("\"rel_err\"")).count(), text);
        assertEquals(3, text.lines().filter(l -> l.startsWith(",")).count(), text);
    }

    @Test
    void plotsAreWrittenAsPngs(@TempDir Path dir) throws Exception {
        var r = run(concat(SMALL, "plot=" + dir.resolve("plots")));
        assertEquals(0, r.code(), r.err());
        for (String name : new String[] {"error-vs-tolerance.png", "throughput-vs-points.png"}) {
            Path p = dir.resolve("plots").resolve(name);
            assertTrue(Files.size(p) > 5_000, p + " is " + Files.size(p) + " bytes");
            var image = ImageIO.read(p.toFile());
            assertEquals(900, image.getWidth());
            assertEquals(600, image.getHeight());
            assertTrue(r.out().contains(p.toString()), "the runner prints the path: " + r.out());
        }
    }

    private static String[] concat(String[] a, String b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + 1);
        c[a.length] = b;
        return c;
    }
}
