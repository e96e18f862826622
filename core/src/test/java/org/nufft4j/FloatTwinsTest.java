package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The float twin generator (core/src/build/FloatTwins.java), run as the build runs it, with the
 * JDK's single-file launcher: its translation of a template that exercises every rule and
 * lexical state equals the golden file, and the two template checks reject what they should.
 */
class FloatTwinsTest {

    private static final Path BUILD = findBuildDirectory();

    @Test
    void translationEqualsTheGoldenFile() throws Exception {
        var run = translate(BUILD.resolve("golden/TiledSpreader.java"));
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(Files.readString(BUILD.resolve("golden/FloatTiledSpreader.java")), run.stdout());
    }

    @Test
    void aMarkerThatProtectsNothingIsRejected(@TempDir Path dir) throws Exception {
        var run = translate(template(dir, List.of("        var t = points.t1(); // (stays double)")));
        assertNotEquals(0, run.exitCode());
        assertTrue(run.stderr().contains("TiledSpreader.java:4: the marker (stays double) protects nothing"),
                run.stderr());
    }

    @Test
    void aDoubleLiteralOutsideAMarkedLineIsRejected(@TempDir Path dir) throws Exception {
        // one literal per line: the generator reports every line, so one run checks them all
        List<String> literals = List.of("0.5", "1e-3", "2d", ".25", "1.", "3.0e+2D");
        var run = translate(template(dir, literals.stream().map(l -> "        double t = x * " + l + ";").toList()));
        assertNotEquals(0, run.exitCode());
        for (int k = 0; k < literals.size(); k++) {
            String expected = "TiledSpreader.java:" + (4 + k) + ": double literal " + literals.get(k) + " ";
            assertTrue(run.stderr().contains(expected), literals.get(k) + ": " + run.stderr());
        }
    }

    @Test
    void literalsThatStayIntegerOrFloatAreAccepted(@TempDir Path dir) throws Exception {
        List<String> literals = List.of("1f", "0.5f", "2", "0x1F", "3L", "1_000", "a1.b2", "\"0.5\"");
        var run = translate(template(dir, literals.stream().map(l -> "        var t = " + l + ";").toList()));
        assertEquals(0, run.exitCode(), literals + ": " + run.stderr());
    }

    /** A class around lines of code, the first of them line 4. */
    private static Path template(Path dir, List<String> lines) throws IOException {
        return Files.writeString(dir.resolve("TiledSpreader.java"),
                "package p;\nclass TiledSpreader {\n    void f(double x) {\n" + String.join("\n", lines)
                        + "\n    }\n}\n");
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run translate(Path template) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        var process = new ProcessBuilder(java, BUILD.resolve("FloatTwins.java").toString(), "--translate",
                template.toString()).start();
        String stdout = new String(process.getInputStream().readAllBytes());
        String stderr = new String(process.getErrorStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "FloatTwins did not finish");
        return new Run(process.exitValue(), stdout, stderr);
    }

    /** core/src/build, from core (its own suite) or from the tests module, which runs it again. */
    private static Path findBuildDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("src/build"), dir.resolve("core/src/build"),
                    dir.resolve("../core/src/build"))) {
                if (Files.exists(candidate.resolve("FloatTwins.java"))) {
                    return candidate.normalize();
                }
            }
        }
        throw new IllegalStateException("core/src/build/FloatTwins.java not found from " + Path.of("").toAbsolutePath());
    }
}
