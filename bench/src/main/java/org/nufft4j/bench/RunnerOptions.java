package org.nufft4j.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nufft4j.FftChoice;
import org.nufft4j.SpreadKernelsChoice;

/**
 * The runner's scalar options, parsed once; every malformed value fails with an
 * IllegalArgumentException naming the option as typed ({@code threads=abc: not an integer}).
 */
record RunnerOptions(int threads, SpreadKernelsChoice kernels, FftChoice fft, int samples, long seed, int pairs,
                     int fastSum, String format, Path plotDirectory) {

    static final List<String> KEYS = List.of("dim", "type", "tol", "precision", "form", "threads", "kernels", "fft",
            "points", "modes1", "modes2", "modes3", "samples", "seed", "pairs", "fastsum", "format", "plot");

    static RunnerOptions of(Map<String, String> opt) {
        String format = opt.getOrDefault("format", "table");
        if (!List.of("table", "csv", "json").contains(format)) {
            throw new IllegalArgumentException("format=" + format + ": expected table, csv or json");
        }
        String plot = opt.get("plot");
        if (plot != null && plot.isBlank()) {
            throw new IllegalArgumentException("plot=: expected a directory");
        }
        return new RunnerOptions(positive(opt, "threads", "" + Runtime.getRuntime().availableProcessors()),
                choice("kernels", opt.getOrDefault("kernels", "auto"), SpreadKernelsChoice.class),
                choice("fft", opt.getOrDefault("fft", "auto"), FftChoice.class),
                positive(opt, "samples", "24"),
                parse(opt, "seed", "20261122", Long::parseLong, "an integer"),
                nonNegative(opt, "pairs", "10000"),
                nonNegative(opt, "fastsum", "100000"),
                format, plot == null ? null : Path.of(plot));
    }

    static int positive(Map<String, String> opt, String key, String fallback) {
        int v = parse(opt, key, fallback, Integer::parseInt, "an integer");
        if (v < 1) {
            throw new IllegalArgumentException(key + "=" + opt.get(key) + ": must be at least 1");
        }
        return v;
    }

    static int nonNegative(Map<String, String> opt, String key, String fallback) {
        int v = parse(opt, key, fallback, Integer::parseInt, "an integer");
        if (v < 0) {
            throw new IllegalArgumentException(key + "=" + opt.get(key) + ": must be 0 or more");
        }
        return v;
    }

    static int[] ints(Map<String, String> opt, String key, String fallback) {
        String value = opt.getOrDefault(key, fallback);
        try {
            return Arrays.stream(value.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + ": expected integers separated by commas");
        }
    }

    static double[] doubles(Map<String, String> opt, String key, String fallback) {
        String value = opt.getOrDefault(key, fallback);
        try {
            return Arrays.stream(value.split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + ": expected numbers separated by commas");
        }
    }

    static <E extends Enum<E>> E choice(String key, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + "=" + value + ": expected one of "
                    + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    private static <T> T parse(Map<String, String> opt, String key, String fallback,
                               java.util.function.Function<String, T> parser, String what) {
        String value = opt.getOrDefault(key, fallback);
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + ": not " + what);
        }
    }
}
