package io.genlab.runner.run;

import io.genlab.api.DisplayText;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares a run with its reproduction, metric by metric over whole histories (values and steps,
 * not timestamps). Timing metrics ({@code perf/...}) and system metrics ({@code system/...}, see {@link
 * SystemMetricsSampler}) are left out: they measure the machine, not the result. Stateless; thread-safe.
 */
public final class Reproduction {
  /** Tags whose values change the last bits of a result; a reproduction warns when they differ. */
  public static final List<String> BIT_RELEVANT_TAGS = List.of("genlab.git.commit", "genlab.git.dirty",
      "genlab.nd4j.backend", "genlab.nd4j.max_threads", "genlab.omp_num_threads",
      "genlab.openblas_coretype", "genlab.threads",
      "genlab.java.version", "genlab.nd4j.version", "genlab.plugins", "genlab.dataset.sha256");

  private Reproduction() {}

  /** How one metric compares. */
  public enum Verdict { IDENTICAL, DIFFERENT, MISSING, EXTRA }

  /**
   * One metric's comparison.
   *
   * @param key the metric key
   * @param verdict identical, different, missing from the reproduction, or only in the reproduction
   * @param detail where and by how much it differs, or the number of points compared
   */
  public record MetricComparison(String key, Verdict verdict, String detail) {}

  /**
   * Refuses, before anything is trained, a run whose reproduction could not be compared with it: one that
   * has not ended or was stopped (its metrics end where it stopped, so a whole reproduction always
   * "differs"), and an evaluation run (its logged spec is the trained run's, so the training would be redone
   * and compared with metrics it never logged).
   *
   * @throws InvalidConfigException naming the run and what to do instead
   */
  public static void requireReproducible(RunInfo run) {
    String place = "run " + run.runId();
    String evaluated = run.tags().get(ExperimentRunner.EVALUATES_TAG);
    if (evaluated != null) {
      throw new InvalidConfigException(place, "is an evaluation of run "
          + DisplayText.line(evaluated) + ", not a trained run; reproduce that run, or evaluate it "
          + "again with genlab evaluate");
    }
    switch (run.status()) {
      case RUNNING, SCHEDULED -> throw new InvalidConfigException(place, "is "
          + run.status() + " (still training, or its process died before it could end the run); wait for it, or "
          + "finish it with genlab resume " + run.runId() + ", then reproduce it");
      case KILLED -> throw new InvalidConfigException(place, "was KILLED before it ended, "
          + "so its metrics stop where it stopped; finish it with genlab resume " + run.runId()
          + ", then reproduce it");
      default -> { }
    }
  }

  /** Every metric of either run but {@code perf/...} and {@code system/...}, in key order. */
  public static List<MetricComparison> compare(Tracker tracker, String originalId, String reproducedId) {
    RunInfo original = tracker.run(originalId).orElseThrow();
    RunInfo reproduced = tracker.run(reproducedId).orElseThrow();
    TreeSet<String> keys = new TreeSet<>(original.metrics().keySet());
    keys.addAll(reproduced.metrics().keySet());
    List<MetricComparison> out = new ArrayList<>();
    for (String key : keys) {
      if (!comparable(key)) {
        continue;
      }
      if (!reproduced.metrics().containsKey(key)) {
        out.add(new MetricComparison(key, Verdict.MISSING, "not logged by the reproduction"));
      } else if (!original.metrics().containsKey(key)) {
        out.add(new MetricComparison(key, Verdict.EXTRA, "not logged by the original"));
      } else {
        out.add(compareHistories(key, tracker.metricHistory(originalId, key), tracker.metricHistory(reproducedId, key)));
      }
    }
    return out;
  }

  /** Whether {@code key} measures the result, not the machine (timings, system metrics): what a reproduction compares. */
  public static boolean comparable(String key) {
    return !key.startsWith("perf/") && !key.startsWith(SystemMetricsSampler.PREFIX);
  }

  static MetricComparison compareHistories(String key, List<MetricPoint> a, List<MetricPoint> b) {
    if (a.size() != b.size()) {
      return new MetricComparison(key, Verdict.DIFFERENT, a.size() + " points in the original, " + b.size()
          + " in the reproduction");
    }
    int first = -1;
    double maxDiff = 0;
    for (int i = 0; i < a.size(); i++) {
      MetricPoint p = a.get(i);
      MetricPoint q = b.get(i);
      boolean same = p.step() == q.step()
          && Double.doubleToLongBits(p.value()) == Double.doubleToLongBits(q.value());
      if (!same) {
        first = first < 0 ? i : first;
        maxDiff = Math.max(maxDiff, Math.abs(p.value() - q.value()));
      }
    }
    if (first < 0) {
      return new MetricComparison(key, Verdict.IDENTICAL, a.size() + (a.size() == 1 ? " point" : " points"));
    }
    MetricPoint p = a.get(first);
    MetricPoint q = b.get(first);
    return new MetricComparison(key, Verdict.DIFFERENT, String.format(
        "first at step %d: %s vs %s; max |difference| %.3g", p.step(), p.value(), q.value(), maxDiff)
        + (p.step() != q.step() ? " (steps " + p.step() + " vs " + q.step() + ")" : ""));
  }

  /** The bit-relevant tags whose values differ between {@code original} and {@code now}: key to [then, now]. */
  public static Map<String, List<String>> provenanceDifferences(Map<String, String> original, Map<String, String> now) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (String key : BIT_RELEVANT_TAGS) {
      String then = original.get(key);
      String current = now.get(key);
      if (then != null && current != null && !then.equals(current)) {
        out.put(key, List.of(then, current));
      }
    }
    return out;
  }
}
