package io.genlab.reports;

import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunTags;
import io.genlab.tracking.Tracker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an HTML report shows, read from a tracker and independent of the page: runs grouped by seed,
 * metric histories, paper values, sample grids and sweeps. Everything in it is run data, untrusted.
 */
record ReportData(
    String experiment,
    List<RunInfo> runs,
    List<SeedGroups.Group> groups,
    List<String> finalMetrics,
    Map<String, Map<String, List<MetricPoint>>> curves,
    Map<String, PaperValue> paper,
    List<Grid> grids,
    List<Sweep> sweeps,
    List<String> notes) {
  /** A published value of a metric, to compare runs with. */
  record PaperValue(String metric, double value, String source) {}

  /** A PNG sample grid of a run. */
  record Grid(RunInfo run, String path, byte[] png) {}

  /** A sweep: its parent run, its trials and the params they differ in, and the metric it optimised. */
  record Sweep(RunInfo parent, String name, List<RunInfo> trials, List<String> sweptParams, String objective) {}

  /** Limits that keep a report small whatever the store holds. */
  record Limits(int maxGridRuns, int maxGridBytes, int maxPointsPerCurve) {}

  /**
   * Reads the report's data; with {@code sweepParent} (a run id) only that sweep's parent and trials.
   *
   * @throws IllegalArgumentException if the experiment does not exist
   */
  static ReportData gather(Tracker tracker, String experiment, String sweepParent, Limits limits) {
    List<RunInfo> all = ReportInputs.runsOf(tracker, experiment);
    if (sweepParent != null) {
      all = all.stream()
          .filter(r -> r.runId().equals(sweepParent) || sweepParent.equals(r.tags().get(RunTags.PARENT_RUN_ID)))
          .toList();
    }
    List<String> notes = new ArrayList<>();
    // A sweep's parent trains nothing: it is shown with its sweep, not as a run.
    List<RunInfo> runs = all.stream().filter(r -> !isSweepParent(r)).toList();
    List<SeedGroups.Group> groups = SeedGroups.of(runs);

    Set<String> finals = new TreeSet<>();
    runs.forEach(r -> r.metrics().keySet().stream().filter(m -> !m.startsWith(Comparison.SYSTEM_PREFIX))
        .forEach(finals::add));

    Map<String, Map<String, List<MetricPoint>>> curves = new TreeMap<>();
    for (String metric : finals) {
      if (metric.startsWith("perf/")) {
        continue; // timings, not learning curves
      }
      Map<String, List<MetricPoint>> byRun = new LinkedHashMap<>();
      boolean curve = false;
      for (RunInfo r : runs) {
        if (r.metrics().containsKey(metric)) {
          List<MetricPoint> points = thin(tracker.metricHistory(r.runId(), metric), limits.maxPointsPerCurve());
          byRun.put(r.runId(), points);
          curve |= points.size() > 1;
        }
      }
      if (curve) {
        curves.put(metric, byRun);
      }
    }

    Map<String, PaperValue> paper = new TreeMap<>();
    for (RunInfo r : runs) {
      r.tags().forEach((k, v) -> {
        if (k.startsWith(RunTags.PAPER_PREFIX) && !k.endsWith(RunTags.PAPER_SOURCE_SUFFIX)) {
          String metric = k.substring(RunTags.PAPER_PREFIX.length());
          try {
            double value = Double.parseDouble(v);
            PaperValue known = paper.get(metric);
            if (known == null && Double.isFinite(value)) {
              String source = r.tags().getOrDefault(k + RunTags.PAPER_SOURCE_SUFFIX, "");
              paper.put(metric, new PaperValue(metric, value, source));
            } else if (known != null && known.value() != value) {
              notes.add("run " + r.runName() + " names another paper value of " + metric + " (" + v + "); the table "
                  + "shows the first run's, " + known.value());
            }
          } catch (NumberFormatException e) {
            notes.add("run " + r.runName() + " has a paper value of " + metric + " that is not a number: " + v);
          }
        }
      });
    }

    return new ReportData(experiment, runs, groups, tableMetrics(finals, paper.keySet(), notes), curves, paper,
        grids(tracker, runs, limits, notes), sweeps(all), notes);
  }

  /**
   * The final table's columns: the test metrics ({@code test/...}, what papers report) and any metric a paper
   * value names, when runs logged test metrics; else every metric but timings ({@code perf/...}). Training
   * metrics are in the learning curves either way.
   */
  static List<String> tableMetrics(Set<String> finals, Set<String> paperMetrics, List<String> notes) {
    List<String> tested = finals.stream().filter(m -> m.startsWith("test/") || paperMetrics.contains(m)).toList();
    if (tested.isEmpty()) {
      return finals.stream().filter(m -> !m.startsWith("perf/")).toList();
    }
    int others = finals.size() - tested.size();
    if (others > 0) {
      notes.add("the table shows the final test metrics; " + others + " training, timing and other metrics are in "
          + "the learning curves or the Markdown report (genlab report without --html)");
    }
    return tested;
  }

  private static boolean isSweepParent(RunInfo r) {
    return r.tags().containsKey(RunTags.SWEEP_NAME) && !r.tags().containsKey(RunTags.PARENT_RUN_ID);
  }

  /** At most {@code max} points, evenly spaced, the last always kept; histories are logged every few steps. */
  static List<MetricPoint> thin(List<MetricPoint> points, int max) {
    if (points.size() <= max) {
      return points;
    }
    List<MetricPoint> out = new ArrayList<>(max);
    double stride = (points.size() - 1) / (double) (max - 1);
    for (int i = 0; i < max; i++) {
      out.add(points.get((int) Math.round(i * stride)));
    }
    return out;
  }

  /**
   * The final grid of each sampler (the {@code samples/*.png} files) of the latest runs that have grids,
   * at most {@code maxGridRuns} of them; listing is cheap, only the grids shown are read.
   */
  private static List<Grid> grids(Tracker tracker, List<RunInfo> runs, Limits limits, List<String> notes) {
    Map<RunInfo, List<String>> withGrids = new LinkedHashMap<>();
    for (RunInfo r : runs) {
      try {
        List<String> pngs = tracker.listArtifacts(r.runId(), "samples").stream().filter(p -> p.endsWith(".png")).toList();
        if (!pngs.isEmpty()) {
          withGrids.put(r, pngs);
        }
      } catch (RuntimeException e) {
        notes.add("cannot list the samples of run " + r.runName() + ": " + e.getMessage());
      }
    }
    List<RunInfo> shown = new ArrayList<>(withGrids.keySet());
    if (shown.size() > limits.maxGridRuns()) {
      notes.add("sample grids of the latest " + limits.maxGridRuns() + " of " + shown.size()
          + " runs with grids are shown");
      shown = shown.subList(shown.size() - limits.maxGridRuns(), shown.size());
    }
    List<Grid> grids = new ArrayList<>();
    for (RunInfo r : shown) {
      for (String path : withGrids.get(r)) {
        Optional<byte[]> png = tracker.readArtifact(r.runId(), path);
        if (png.isEmpty()) {
          continue;
        }
        if (png.get().length > limits.maxGridBytes() || !isPng(png.get())) {
          notes.add("sample grid " + path + " of run " + r.runName() + " is left out: "
              + (isPng(png.get()) ? png.get().length + " bytes, more than " + limits.maxGridBytes() : "not a PNG"));
          continue;
        }
        grids.add(new Grid(r, path, png.get()));
      }
    }
    return grids;
  }

  private static boolean isPng(byte[] bytes) {
    return bytes.length > 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
  }

  private static List<Sweep> sweeps(List<RunInfo> all) {
    List<Sweep> sweeps = new ArrayList<>();
    for (RunInfo parent : all) {
      if (!isSweepParent(parent)) {
        continue;
      }
      List<RunInfo> trials = all.stream()
          .filter(r -> parent.runId().equals(r.tags().get(RunTags.PARENT_RUN_ID))).toList();
      if (trials.isEmpty()) {
        continue;
      }
      Set<String> keys = new TreeSet<>();
      trials.forEach(t -> keys.addAll(t.params().keySet()));
      List<String> swept = keys.stream().filter(k -> trials.stream().map(t -> t.params().get(k)).distinct().count() > 1)
          .toList();
      sweeps.add(new Sweep(parent, parent.tags().get(RunTags.SWEEP_NAME), trials, swept, objective(parent, trials)));
    }
    return sweeps;
  }

  /** ASHA's metric, else the metric of the parent's best-trial tag ("metric (min) = v"), else a test metric. */
  private static String objective(RunInfo parent, List<RunInfo> trials) {
    for (RunInfo t : trials) {
      String asha = t.tags().get(RunTags.ASHA_PREFIX + "metric");
      if (asha != null) {
        return asha;
      }
    }
    String best = parent.tags().get(RunTags.SWEEP_BEST_TRIAL_PREFIX + "objective");
    if (best != null && best.contains(" (")) {
      return best.substring(0, best.indexOf(" ("));
    }
    return trials.stream().flatMap(t -> t.metrics().keySet().stream()).filter(m -> m.startsWith("test/"))
        .sorted().findFirst().orElse(null);
  }
}
