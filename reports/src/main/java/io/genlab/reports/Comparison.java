package io.genlab.reports;

import io.genlab.api.LikelihoodUnits;
import io.genlab.reports.ComparisonReport.Order;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.Tracker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a report shows, independent of the format: rows in order and the columns. Likelihood protocol
 * tags ({@value #PROTOCOL_PREFIX}*) are split like params, so a table never puts numbers measured
 * differently side by side without saying so.
 */
record Comparison(
    String experiment,
    List<RunInfo> runs,
    SortedMap<String, String> sharedParams,
    List<String> paramColumns,
    SortedMap<String, String> sharedProtocol,
    List<String> protocolColumns,
    List<String> metricColumns,
    String sortBy,
    Order order) {
  /** The tag prefix of how a likelihood was measured. */
  static final String PROTOCOL_PREFIX = LikelihoodUnits.PROTOCOL_TAG_PREFIX;
  /** The prefix of MLflow's system metrics: the machine's figures while a run trained, not its results. */
  static final String SYSTEM_PREFIX = "system/";

  static Comparison of(
      Tracker tracker, String experiment, List<String> runIds, List<String> metrics, String sortBy, Order order) {
    List<RunInfo> runs = select(ReportInputs.runsOf(tracker, experiment), runIds, experiment);

    // Params: shared when every run has the same value; any difference or absence makes a column.
    Set<String> allParams = new TreeSet<>();
    runs.forEach(r -> allParams.addAll(r.params().keySet()));
    SortedMap<String, String> shared = new TreeMap<>();
    List<String> differing = new ArrayList<>();
    for (String key : allParams) {
      String first = runs.get(0).params().get(key);
      boolean same = runs.stream().allMatch(r -> Objects.equals(r.params().get(key), first));
      if (same) {
        shared.put(key, first);
      } else {
        differing.add(key);
      }
    }

    // Protocol tags: shared ones are stated once, differing ones become columns beside the params.
    Set<String> allProtocol = new TreeSet<>();
    runs.forEach(r -> r.tags().keySet().stream().filter(k -> k.startsWith(PROTOCOL_PREFIX))
        .forEach(k -> allProtocol.add(k.substring(PROTOCOL_PREFIX.length()))));
    SortedMap<String, String> sharedProtocol = new TreeMap<>();
    List<String> differingProtocol = new ArrayList<>();
    for (String key : allProtocol) {
      String first = runs.get(0).tags().get(PROTOCOL_PREFIX + key);
      if (runs.stream().allMatch(r -> Objects.equals(r.tags().get(PROTOCOL_PREFIX + key), first))) {
        sharedProtocol.put(key, first);
      } else {
        differingProtocol.add(key);
      }
    }

    Set<String> logged = new TreeSet<>();
    runs.forEach(r -> logged.addAll(r.metrics().keySet()));
    LinkedHashSet<String> columns = new LinkedHashSet<>();
    if (sortBy != null) {
      requireLogged(sortBy, logged, experiment, runs);
      columns.add(sortBy); // the sort key leads, so the order is visible
    }
    if (metrics.isEmpty()) {
      // Every metric any run logged: keeping only those all runs logged hid a column whenever one run
      // (a KILLED or FAILED one) ended before logging it. Missing values show as such, with a note.
      // System metrics are left to MLflow's System metrics tab: a last sample of the machine says little.
      logged.stream().filter(m -> !m.startsWith(SYSTEM_PREFIX)).forEach(columns::add);
    } else {
      for (String m : metrics) {
        requireLogged(m, logged, experiment, runs);
      }
      if (sortBy != null && metrics.contains(sortBy)) {
        columns.clear(); // chosen columns keep their order
      }
      columns.addAll(metrics);
    }

    List<RunInfo> sorted = new ArrayList<>(runs);
    if (sortBy != null) {
      sorted.sort(byMetric(sortBy, order));
    }
    return new Comparison(experiment, List.copyOf(sorted), shared, List.copyOf(differing), sharedProtocol,
        List.copyOf(differingProtocol), List.copyOf(columns), sortBy, order);
  }

  /** For each metric column some runs lack, those runs in row order; columns in table order. */
  java.util.LinkedHashMap<String, List<RunInfo>> missingMetrics() {
    java.util.LinkedHashMap<String, List<RunInfo>> missing = new java.util.LinkedHashMap<>();
    for (String m : metricColumns) {
      List<RunInfo> lacking = runs.stream().filter(r -> !r.metrics().containsKey(m)).toList();
      if (!lacking.isEmpty()) {
        missing.put(m, lacking);
      }
    }
    return missing;
  }

  /** The runs asked for, in the order asked, each by full id or unique prefix; all when none asked. */
  private static List<RunInfo> select(List<RunInfo> runs, List<String> ids, String experiment) {
    if (ids.isEmpty()) {
      return runs;
    }
    List<RunInfo> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String id : ids) {
      List<RunInfo> matches = runs.stream().filter(r -> r.runId().equals(id)).toList();
      if (matches.isEmpty()) {
        matches = runs.stream().filter(r -> r.runId().startsWith(id)).toList();
      }
      if (matches.size() == 1) {
        if (!out.contains(matches.get(0))) {
          out.add(matches.get(0));
        }
      } else {
        problems.add(matches.isEmpty() ? "'" + id + "' matches no run" : "'" + id + "' matches " + matches.size() + " runs");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("cannot select runs of experiment '" + experiment + "': "
          + String.join("; ", problems) + " (runs: "
          + String.join(", ", runs.stream().map(r -> r.runId() + " " + r.runName()).toList()) + ")");
    }
    return out;
  }

  private static void requireLogged(String metric, Set<String> logged, String experiment, List<RunInfo> runs) {
    if (!runs.isEmpty() && !logged.contains(metric)) {
      throw new IllegalArgumentException("no compared run of experiment '" + experiment + "' logged metric '"
          + metric + "'; logged metrics: " + (logged.isEmpty() ? "none" : String.join(", ", logged)));
    }
  }

  /**
   * Numbers in {@code order}, then NaN, then runs without the metric; ties keep the previous order
   * (start order or the order asked for), since List.sort is stable.
   */
  private static Comparator<RunInfo> byMetric(String metric, Order order) {
    Comparator<Double> values = order == Order.ASCENDING ? Comparator.naturalOrder() : Comparator.reverseOrder();
    return (a, b) -> {
      Double x = a.metrics().get(metric);
      Double y = b.metrics().get(metric);
      int cx = kind(x);
      int cy = kind(y);
      if (cx != cy) {
        return Integer.compare(cx, cy);
      }
      return cx == 0 ? values.compare(x, y) : 0;
    };
  }

  private static int kind(Double v) {
    return v == null ? 2 : v.isNaN() ? 1 : 0;
  }
}
