import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the float twin of each double-precision source it is given (run by Maven at
 * generate-sources, with the JDK's single-file launcher):
 *
 * <pre>java FloatTwins.java SOURCE_ROOT OUTPUT_ROOT org/nufft4j/spread/TiledSpreader.java ...</pre>
 *
 * <p>The double classes are the only hand-edited code; each float twin is derived from one of
 * them by these rules, and nothing else:
 * <ol>
 *   <li>the class names in {@link #TWINS} get the prefix {@code Float} (TiledSpreader becomes
 *       FloatTiledSpreader, wherever it is named);
 *   <li>{@code Double} inside any identifier becomes {@code Float} (DoubleVector, DoubleFFT_1D,
 *       KernelPolynomial.DoubleHornerTable, KernelSupport.hornerVariableDouble, ...);
 *   <li>the keyword {@code double} becomes {@code float} (types, casts, comments),
 * </ol>
 * except on comment lines (they describe the double template) and on lines that contain the
 * marker {@code (stays double)}, where only rule 1 applies:
 * point coordinates stay double in both twins (fine-grid coordinates up to 2e6 need more than
 * a float's 24 bits). Templates therefore avoid double literals in value arithmetic
 * ({@code 1} rather than {@code 1.0}) and write conversions from coordinates or plan-time
 * doubles as {@code (double)} casts, which become narrowing casts in the twin.
 */
public final class FloatTwins {

    /** Classes that have a float twin; every mention of them is renamed in generated code. */
    static final List<String> TWINS = List.of(
            "SpreadKernels", "ScalarSpreadKernels", "VectorSpreadKernels", "TiledSpreader",
            "GridFft", "FineGridFft", "Deconvolution", "TransformSteps", "Type3Steps",
            "VectorGridFft", "LaneFft", "LaneCopy", "LaneScratch", "FourStepFft");

    static final String MARKER = "(stays double)";

    private static final Pattern TWIN_NAME = Pattern.compile("\\b(" + String.join("|", TWINS) + ")\\b");
    private static final Pattern DOUBLE_IN_IDENTIFIER = Pattern.compile("Double");
    private static final Pattern DOUBLE_KEYWORD = Pattern.compile("\\bdouble\\b");

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: FloatTwins SOURCE_ROOT OUTPUT_ROOT FILE...");
        }
        Path sourceRoot = Path.of(args[0]);
        Path outputRoot = Path.of(args[1]);
        for (int i = 2; i < args.length; i++) {
            Path source = sourceRoot.resolve(args[i]);
            String name = source.getFileName().toString().replace(".java", "");
            if (!TWINS.contains(name)) {
                throw new IllegalArgumentException(name + " is not in FloatTwins.TWINS");
            }
            Path target = outputRoot.resolve(args[i]).resolveSibling("Float" + name + ".java");
            String twin = translate(Files.readString(source), args[i]);
            Files.createDirectories(target.getParent());
            if (!Files.exists(target) || !Files.readString(target).equals(twin)) {
                Files.writeString(target, twin); // unchanged files keep their time stamp
            }
        }
    }

    static String translate(String source, String origin) {
        var out = new StringBuilder();
        boolean headerWritten = false;
        for (String line : source.split("\n", -1)) {
            String t = TWIN_NAME.matcher(line).replaceAll(m -> "Float" + Matcher.quoteReplacement(m.group(1)));
            String trimmed = line.stripLeading();
            boolean comment = trimmed.startsWith("*") || trimmed.startsWith("/*") || trimmed.startsWith("//");
            if (!line.contains(MARKER) && !comment) {
                t = DOUBLE_IN_IDENTIFIER.matcher(t).replaceAll("Float");
                t = DOUBLE_KEYWORD.matcher(t).replaceAll("float");
            }
            out.append(t).append('\n');
            if (!headerWritten && line.startsWith("package ")) {
                out.append("\n// Generated from ").append(origin)
                        .append(" by core/src/build/FloatTwins.java: edit the double source, not this file.\n");
                headerWritten = true;
            }
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }
}
