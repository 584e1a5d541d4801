package io.genlab.reports;

import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the ECharts options of a report's charts from its data: learning curves with a seed mean and a
 * min-max band, and sweep scatters. Each chart knows how many series and points it holds, which the page
 * checks against what ECharts drew. Stateless; thread-safe.
 */
final class Charts {
  private Charts() {}

  /** One chart: an id for the page, a title, the option for {@code setOption}, and its size. */
  record Chart(String id, String title, Map<String, Object> option, int series, int points) {}

  /** A learning curve per metric: a line per run, and per group of two or more seeds its mean and min-max band. */
  static List<Chart> learningCurves(ReportData data) {
    List<Chart> charts = new ArrayList<>();
    int index = 0;
    for (var entry : data.curves().entrySet()) {
      String metric = entry.getKey();
      Map<String, List<MetricPoint>> byRun = entry.getValue();
      // A category axis of the steps any run logged: ECharts stacks (the band) by index on it, and draws a
      // run's missing steps as gaps bridged by connectNulls.
      List<Long> steps = byRun.values().stream().flatMap(List::stream).map(MetricPoint::step).distinct().sorted()
          .toList();
      Map<Long, Integer> column = new LinkedHashMap<>();
      steps.forEach(s -> column.put(s, column.size()));
      List<Map<String, Object>> series = new ArrayList<>();
      for (RunInfo r : data.runs()) {
        List<MetricPoint> points = byRun.get(r.runId());
        if (points != null) {
          double[] ys = gaps(steps.size());
          points.forEach(p -> ys[column.get(p.step())] = p.value());
          series.add(line(r.runName() + " (" + shortId(r) + ")", ys, 1.2, 0.6));
        }
      }
      for (SeedGroups.Group g : data.groups()) {
        List<List<MetricPoint>> members = g.runs().stream().map(r -> byRun.get(r.runId()))
            .filter(p -> p != null && !p.isEmpty()).toList();
        if (members.size() < 2) {
          continue;
        }
        List<List<Double>> byStep = new ArrayList<>();
        steps.forEach(s -> byStep.add(new ArrayList<>()));
        members.forEach(ps -> ps.forEach(p -> byStep.get(column.get(p.step())).add(p.value())));
        double[] mean = gaps(steps.size());
        double[] low = gaps(steps.size());
        double[] width = gaps(steps.size());
        for (int i = 0; i < steps.size(); i++) {
          List<Double> values = byStep.get(i);
          if (!values.isEmpty()) {
            double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            mean[i] = SeedStatistics.of(values).mean();
            low[i] = min;
            width[i] = max - min;
          }
        }
        String name = "mean of " + members.size() + " seeds: " + g.label();
        series.add(line(name, mean, 2.5, 1.0));
        String stack = "band" + series.size();
        Map<String, Object> lower = line(name + " (min)", low, 0, 0);
        lower.put("stack", stack);
        series.add(lower);
        Map<String, Object> upper = line(name + " (min-max band)", width, 0, 0);
        upper.put("stack", stack);
        upper.put("areaStyle", Map.of("opacity", 0.2));
        series.add(upper);
      }
      Map<String, Object> option = base(metric);
      option.put("xAxis", Map.of("type", "category", "name", "step", "data", steps.stream().map(String::valueOf).toList(),
          "boundaryGap", false));
      option.put("yAxis", Map.of("type", "value", "name", metric, "scale", true));
      option.put("series", series);
      charts.add(new Chart("curve-" + index++, metric, option, series.size(), points(series)));
    }
    return charts;
  }

  /**
   * Per sweep and swept param, the param against the sweep's objective: finished trials and trials ASHA
   * stopped (named with the last rung they reached) as separate series.
   */
  static List<Chart> sweepScatters(ReportData data) {
    List<Chart> charts = new ArrayList<>();
    int index = 0;
    for (ReportData.Sweep sweep : data.sweeps()) {
      if (sweep.objective() == null) {
        continue;
      }
      for (String param : sweep.sweptParams()) {
        boolean numeric = sweep.trials().stream().map(t -> t.params().get(param))
            .allMatch(v -> v == null || parses(v));
        List<Object> completed = new ArrayList<>();
        List<Object> stopped = new ArrayList<>();
        List<String> categories = sweep.trials().stream().map(t -> String.valueOf(t.params().get(param)))
            .distinct().sorted().toList();
        for (RunInfo t : sweep.trials()) {
          Double y = t.metrics().get(sweep.objective());
          String x = t.params().get(param);
          if (y == null || x == null) {
            continue;
          }
          Map<String, Object> point = new LinkedHashMap<>();
          point.put("value", List.of(numeric ? (Object) Double.parseDouble(x) : x, y));
          String rung = lastRung(t);
          point.put("name", t.runName() + (rung.isEmpty() ? "" : ", stopped after rung " + rung));
          (t.tags().containsKey(RunTags.EARLY_STOPPED) ? stopped : completed).add(point);
        }
        List<Map<String, Object>> series = new ArrayList<>();
        series.add(scatter("trials", completed, "circle"));
        series.add(scatter("stopped early (ASHA)", stopped, "triangle"));
        Map<String, Object> option = base(sweep.name() + ": " + param);
        option.put("xAxis", numeric ? Map.of("type", "value", "name", param, "scale", true)
            : Map.of("type", "category", "name", param, "data", categories));
        option.put("yAxis", Map.of("type", "value", "name", sweep.objective(), "scale", true));
        option.put("series", series);
        charts.add(new Chart("sweep-" + index++, sweep.name() + ": " + param + " against " + sweep.objective(),
            option, series.size(), points(series)));
      }
    }
    return charts;
  }

  /** The largest {@code genlab.asha.rung_<epochs>} a trial reached, or empty. */
  private static String lastRung(RunInfo t) {
    return t.tags().keySet().stream().filter(k -> k.startsWith(RunTags.ASHA_RUNG_PREFIX))
        .map(k -> k.substring(RunTags.ASHA_RUNG_PREFIX.length())).filter(Charts::parses)
        .max((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b))).orElse("");
  }

  private static boolean parses(String v) {
    try {
      return Double.isFinite(Double.parseDouble(v));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Map<String, Object> base(String title) {
    Map<String, Object> option = new LinkedHashMap<>();
    option.put("animation", false);
    option.put("title", Map.of("text", title, "textStyle", Map.of("fontSize", 14)));
    option.put("tooltip", Map.of("trigger", "item"));
    option.put("legend", Map.of("type", "scroll", "bottom", 0));
    option.put("grid", Map.of("left", 70, "right", 30, "top", 50, "bottom", 70));
    return option;
  }

  private static double[] gaps(int n) {
    double[] xs = new double[n];
    java.util.Arrays.fill(xs, Double.NaN);
    return xs;
  }

  private static Map<String, Object> line(String name, double[] data, double width, double opacity) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "line");
    s.put("name", name);
    s.put("showSymbol", false);
    s.put("symbol", "none");
    s.put("connectNulls", true);
    s.put("lineStyle", Map.of("width", width, "opacity", opacity));
    s.put("data", data);
    return s;
  }

  private static Map<String, Object> scatter(String name, List<Object> data, String symbol) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "scatter");
    s.put("name", name);
    s.put("symbol", symbol);
    s.put("symbolSize", 10);
    s.put("data", data);
    return s;
  }

  private static int points(List<Map<String, Object>> series) {
    return series.stream().mapToInt(s -> s.get("data") instanceof double[] xs ? xs.length : ((List<?>) s.get("data")).size())
        .sum();
  }

  static String shortId(RunInfo r) {
    return r.runId().length() > 8 ? r.runId().substring(0, 8) : r.runId();
  }
}
