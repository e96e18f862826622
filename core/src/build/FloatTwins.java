import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the float twin of each double-precision template (run by Maven at generate-sources,
 * with the JDK's single-file launcher):
 *
 * <pre>
 * java FloatTwins.java MODULE SOURCE_ROOT OUTPUT_ROOT     the templates of core or simd
 * java FloatTwins.java --translate FILE                    one file's twin on standard output
 * </pre>
 *
 * <p>The templates are the only hand-edited code; {@link #TEMPLATES} lists them, here and
 * nowhere else. Each twin is derived from its template by these rules, and nothing else:
 * <ol>
 *   <li>the template class names get the prefix {@code Float} (TiledSpreader becomes
 *       FloatTiledSpreader) wherever they are named, comments and strings included;
 *   <li>in code, {@code Double} inside an identifier becomes {@code Float} (DoubleVector,
 *       DoubleFFT_1D, KernelPolynomial.DoubleHornerTable, ...);
 *   <li>in code, the keyword {@code double} becomes {@code float}.
 * </ol>
 * Code is what the Java tokenizer would call code: comments (line, block, javadoc), string and
 * character literals and text blocks are not code, so they keep describing the double template.
 *
 * <p>A line whose comment says {@code (stays double)} keeps rules 2 and 3 out of its code:
 * point coordinates stay double in both twins (fine-grid coordinates up to 2e6 need more than a
 * float's 24 bits). Two checks keep the templates honest, and fail the build:
 * <ul>
 *   <li>a marker must protect something: its line's code holds {@code double}, an identifier
 *       with {@code Double} or a double literal (a marker that does nothing misleads the
 *       reader into thinking the line is special);
 *   <li>no double literal ({@code 0.5}, {@code 1e-3}, {@code 2d}) in code outside marked lines:
 *       in the twin it would silently widen float arithmetic to double. Templates write
 *       {@code 1} rather than {@code 1.0}, and conversions from coordinates or plan-time doubles
 *       as {@code (double)} casts, which become narrowing casts in the twin.
 * </ul>
 */
public final class FloatTwins {

    /** Every template, by module; its twin is the same path with the class name prefixed. */
    static final List<String> CORE_TEMPLATES = List.of(
            "org/nufft4j/TransformSteps.java",
            "org/nufft4j/Type3Steps.java",
            "org/nufft4j/spread/SpreadKernels.java",
            "org/nufft4j/spread/ScalarSpreadKernels.java",
            "org/nufft4j/spread/TiledSpreader.java",
            "org/nufft4j/fft/GridFft.java",
            "org/nufft4j/fft/FineGridFft.java",
            "org/nufft4j/deconv/Deconvolution.java");
    static final List<String> SIMD_TEMPLATES = List.of(
            "org/nufft4j/simd/VectorSpreadKernels.java",
            "org/nufft4j/simd/VectorGridFft.java",
            "org/nufft4j/simd/LaneFft.java",
            "org/nufft4j/simd/LaneCopy.java",
            "org/nufft4j/simd/LaneScratch.java",
            "org/nufft4j/simd/FourStepFft.java");
    static final List<List<String>> TEMPLATES = List.of(CORE_TEMPLATES, SIMD_TEMPLATES);

    static final String MARKER = "(stays double)";

    private static final Pattern TWIN_NAME = Pattern.compile("\\b(" + String.join("|", classNames()) + ")\\b");
    private static final Pattern DOUBLE_IN_IDENTIFIER = Pattern.compile("Double");
    private static final Pattern DOUBLE_KEYWORD = Pattern.compile("\\bdouble\\b");
    /** A floating-point literal without the {@code f} suffix (decimal; hex floats are not used). */
    private static final Pattern DOUBLE_LITERAL = Pattern.compile(
            "(?<![\\w.])(?:\\d[\\d_]*\\.[\\d_]*(?:[eE][+-]?\\d+)?[dD]?|\\.\\d[\\d_]*(?:[eE][+-]?\\d+)?[dD]?"
                    + "|\\d[\\d_]*[eE][+-]?\\d+[dD]?|\\d[\\d_]*[dD])(?![\\w.])");

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--translate")) {
            Path file = Path.of(args[1]);
            System.out.print(translate(Files.readString(file), file.getFileName().toString()));
            return;
        }
        if (args.length != 3 || !(args[0].equals("core") || args[0].equals("simd"))) {
            throw new IllegalArgumentException(
                    "usage: FloatTwins (core|simd) SOURCE_ROOT OUTPUT_ROOT | FloatTwins --translate FILE");
        }
        Path sourceRoot = Path.of(args[1]);
        Path outputRoot = Path.of(args[2]);
        for (String template : args[0].equals("core") ? CORE_TEMPLATES : SIMD_TEMPLATES) {
            Path source = sourceRoot.resolve(template);
            String name = source.getFileName().toString();
            Path target = outputRoot.resolve(template).resolveSibling("Float" + name);
            String twin = translate(Files.readString(source), template);
            Files.createDirectories(target.getParent());
            if (!Files.exists(target) || !Files.readString(target).equals(twin)) {
                Files.writeString(target, twin); // unchanged files keep their time stamp
            }
        }
    }

    private static List<String> classNames() {
        var names = new ArrayList<String>();
        for (var module : TEMPLATES) {
            for (String path : module) {
                names.add(path.substring(path.lastIndexOf('/') + 1, path.length() - ".java".length()));
            }
        }
        return names;
    }

    /** The twin of one template; {@code origin} names it in the header and in errors. */
    static String translate(String source, String origin) {
        var out = new StringBuilder();
        var tokenizer = new Tokenizer();
        var problems = new ArrayList<String>();
        boolean headerWritten = false;
        String[] lines = source.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            List<Segment> segments = tokenizer.split(line);
            boolean marked = false;
            var code = new StringBuilder();
            for (var s : segments) {
                if (s.code()) {
                    code.append(s.text()).append(' ');
                } else if (s.comment() && s.text().contains(MARKER)) {
                    marked = true;
                }
            }
            marked &= !code.toString().isBlank(); // a comment line may name the marker
            String where = origin + ":" + (n + 1);
            Matcher literal = DOUBLE_LITERAL.matcher(code);
            boolean hasLiteral = literal.find();
            if (marked && !hasLiteral && !DOUBLE_KEYWORD.matcher(code).find()
                    && !DOUBLE_IN_IDENTIFIER.matcher(code).find()) {
                problems.add(where + ": the marker " + MARKER
                        + " protects nothing (its code has no double, Double or double literal)");
            }
            if (!marked && hasLiteral) {
                problems.add(where + ": double literal " + literal.group()
                        + " in a template (write an int, or mark the line " + MARKER + ")");
            }
            for (var s : segments) {
                String t = TWIN_NAME.matcher(s.text()).replaceAll(m -> "Float" + Matcher.quoteReplacement(m.group(1)));
                if (s.code() && !marked) {
                    t = DOUBLE_IN_IDENTIFIER.matcher(t).replaceAll("Float");
                    t = DOUBLE_KEYWORD.matcher(t).replaceAll("float");
                }
                out.append(t);
            }
            if (n < lines.length - 1) {
                out.append('\n');
            }
            if (!headerWritten && line.startsWith("package ")) {
                out.append("\n// Generated from ").append(origin)
                        .append(" by core/src/build/FloatTwins.java: edit the template, not this file.\n");
                headerWritten = true;
            }
        }
        if (tokenizer.state != State.CODE) {
            problems.add(origin + ": ends inside a comment, string or text block");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("\n", problems));
        }
        return out.toString();
    }

    /** A piece of one line: code, a comment, or a literal (string, character, text block). */
    record Segment(String text, State kind) {
        boolean code() {
            return kind == State.CODE;
        }

        boolean comment() {
            return kind == State.LINE_COMMENT || kind == State.BLOCK_COMMENT;
        }
    }

    /** Java's lexical states; {@code end} closes the ones that end within or after a line. */
    enum State {
        CODE(""), LINE_COMMENT(""), BLOCK_COMMENT("*/"), STRING("\""), CHAR("'"), TEXT_BLOCK("\"\"\"");

        final String end;

        State(String end) {
            this.end = end;
        }
    }

    /** Java's lexical states, enough to tell code from comments and literals across lines. */
    static final class Tokenizer {
        State state = State.CODE;

        List<Segment> split(String line) {
            var segments = new ArrayList<Segment>();
            int start = 0;
            int i = 0;
            if (state == State.LINE_COMMENT) {
                state = State.CODE;
            }
            while (i < line.length()) {
                char c = line.charAt(i);
                switch (state) {
                    case CODE -> {
                        State next = null;
                        int width = 1;
                        if (line.startsWith("//", i)) {
                            next = State.LINE_COMMENT;
                        } else if (line.startsWith("/*", i)) {
                            next = State.BLOCK_COMMENT;
                            width = 2;
                        } else if (line.startsWith("\"\"\"", i)) {
                            next = State.TEXT_BLOCK;
                            width = 3;
                        } else if (c == '"') {
                            next = State.STRING;
                        } else if (c == '\'') {
                            next = State.CHAR;
                        }
                        if (next != null) {
                            add(segments, line, start, i, State.CODE);
                            start = i;
                            state = next;
                        }
                        i += width;
                    }
                    case LINE_COMMENT -> i = line.length();
                    default -> { // inside a block comment or a literal, up to its terminator
                        if (c == '\\' && state != State.BLOCK_COMMENT) {
                            i += 2;
                        } else if (line.startsWith(state.end, i)) {
                            i += state.end.length();
                            add(segments, line, start, i, state);
                            start = i;
                            state = State.CODE;
                        } else {
                            i++;
                        }
                    }
                }
            }
            add(segments, line, start, line.length(), state);
            if (state == State.STRING || state == State.CHAR) {
                throw new IllegalStateException("unterminated literal in: " + line);
            }
            return segments;
        }

        private static void add(List<Segment> segments, String line, int from, int to, State kind) {
            if (to > from) {
                segments.add(new Segment(line.substring(from, Math.min(to, line.length())), kind));
            }
        }
    }
}
