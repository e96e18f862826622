package org.nufft4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The runner's plots (plot=DIR): the error against the tolerance, one series per dimension,
 * type and precision, with the lines y = tol and y = 2 tol (the promise); and the throughput
 * against the number of points. PNG files through XChart.
 */
final class Plots {

    private Plots() {
    }

    /** Writes the plots of these rows into {@code directory} (created if needed); returns their paths. */
    static List<Path> write(List<Row> rows, Path directory) {
        try {
            Files.createDirectories(directory);
            List<Path> written = new ArrayList<>();
            written.add(save(errorChart(rows), directory.resolve("error-vs-tolerance")));
            written.add(save(throughputChart(rows), directory.resolve("throughput-vs-points")));
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("plot=" + directory + ": " + e.getMessage(), e);
        }
    }

    static XYChart errorChart(List<Row> rows) {
        var chart = new XYChartBuilder().width(900).height(600).title("relative l2 error against the tolerance")
                .xAxisTitle("tolerance").yAxisTitle("sampled relative l2 error").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0.#E0");
        chart.getStyler().setYAxisDecimalPattern("0.#E0");
        Map<String, List<Row>> series = group(rows, r -> r.dim() + "D type " + r.type() + " " + r.precision());
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (var e : series.entrySet()) {
            List<Row> list = new ArrayList<>(e.getValue());
            list.sort((a, b) -> Double.compare(a.tol(), b.tol()));
            double[] x = list.stream().mapToDouble(Row::tol).toArray();
            double[] y = list.stream().mapToDouble(r -> Math.max(r.error(), 1e-17)).toArray();
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
            for (double t : x) {
                lo = Math.min(lo, t);
                hi = Math.max(hi, t);
            }
        }
        if (hi > 0) {
            chart.addSeries("y = tol", new double[] {lo, hi}, new double[] {lo, hi}).setMarker(SeriesMarkers.NONE);
            chart.addSeries("y = 2 tol", new double[] {lo, hi}, new double[] {2 * lo, 2 * hi})
                    .setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    static XYChart throughputChart(List<Row> rows) {
        var chart = new XYChartBuilder().width(900).height(600).title("throughput against the number of points")
                .xAxisTitle("points M").yAxisTitle("million points per second").build();
        chart.getStyler().setXAxisLogarithmic(true);
        Map<String, List<Row>> series = group(rows, r -> r.dim() + "D type " + r.type() + " " + r.precision()
                + " tol " + r.tol());
        for (var e : series.entrySet()) {
            List<Row> list = new ArrayList<>(e.getValue());
            list.sort((a, b) -> Integer.compare(a.points(), b.points()));
            chart.addSeries(e.getKey(), list.stream().mapToDouble(Row::points).toArray(),
                    list.stream().mapToDouble(Row::megapointsPerSecond).toArray()).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    private static Map<String, List<Row>> group(List<Row> rows, java.util.function.Function<Row, String> key) {
        Map<String, List<Row>> map = new LinkedHashMap<>();
        for (Row r : rows) {
            map.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        return map;
    }

    private static Path save(XYChart chart, Path withoutExtension) throws IOException {
        BitmapEncoder.saveBitmap(chart, withoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
        return Path.of(withoutExtension + ".png");
    }
}
