package io.genlab.runner.sweep;

import io.genlab.reports.Cells;
import io.genlab.runner.sweep.SweepRunner.Outcome;
import io.genlab.runner.sweep.SweepRunner.TrialResult;
import io.genlab.runner.sweep.SweepRunner.TrialState;
import io.genlab.tracking.RunTags;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Trackers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The end of a sweep: a table of trials (swept values, status, metrics, training time) and the best
 * trial per final metric, printed and logged on the parent run. Stateless; thread-safe.
 */
final class SweepSummary {
  /** The prefix of the parent's tags naming the best trial by the sweep's objective. */
  private static final String BEST_TRIAL = RunTags.SWEEP_BEST_TRIAL_PREFIX;

  private SweepSummary() {}

  /**
   * The metrics compared across trials: the objective's, then every final {@code test/...} metric. A
   * metric's direction is the objective's when it is the objective, else higher-is-better only for
   * scores named {@code auroc}, {@code auc} or {@code accuracy}: genlab's other final metrics are
   * losses, NLLs and errors.
   */
  static Map<String, Objective.Mode> comparedMetrics(SweepDefinition sweep, List<TrialResult> results) {
    Map<String, Objective.Mode> out = new LinkedHashMap<>();
    if (sweep.objective() != null) {
      out.put(sweep.objective().metric(), sweep.objective().mode());
    }
    for (TrialResult r : results) {
      for (String key : r.metrics().keySet()) {
        if (key.startsWith("test/") && !out.containsKey(key)) {
          String lower = key.toLowerCase(Locale.ROOT);
          boolean higher = lower.contains("auroc") || lower.contains("auc") || lower.contains("accuracy");
          out.put(key, higher ? Objective.Mode.MAX : Objective.Mode.MIN);
        }
      }
    }
    return out;
  }

  /** The best finished trial for {@code metric}, if any trial finished with a number for it. */
  static Optional<TrialResult> best(List<TrialResult> results, String metric, Objective.Mode mode) {
    TrialResult best = null;
    for (TrialResult r : results) {
      Double v = r.metrics().get(metric);
      if (r.state() == TrialState.FINISHED && v != null && !v.isNaN()
          && (best == null || mode.better(v, best.metrics().get(metric)))) {
        best = r;
      }
    }
    return Optional.ofNullable(best);
  }

  static String markdown(SweepPlan plan, List<TrialResult> results) {
    Set<String> swept = new LinkedHashSet<>();
    plan.trials().forEach(t -> swept.addAll(t.trial().overrides().keySet()));
    Map<String, Objective.Mode> metrics = comparedMetrics(plan.definition(), results);
    List<String> header = new ArrayList<>(List.of("trial"));
    swept.forEach(path -> header.add(Cells.markdown(path.replace(".config.", "."))));
    header.add("status");
    metrics.forEach((k, mode) -> header.add(Cells.markdown(k) + " (" + mode.label() + ")"));
    header.add("train s");
    header.add("run");
    List<List<String>> rows = new ArrayList<>();
    for (TrialResult r : results) {
      List<String> row = new ArrayList<>();
      row.add(Integer.toString(r.trial().trial().index()));
      swept.forEach(path -> row.add(Cells.markdown(Values.show(r.trial().trial().overrides().get(path)))));
      row.add(status(r));
      metrics.keySet().forEach(k -> row.add(r.metrics().containsKey(k) ? format(r.metrics().get(k)) : ""));
      row.add(r.trainSeconds() > 0 ? String.format(Locale.ROOT, "%.1f", r.trainSeconds()) : "");
      row.add(r.runId() == null ? "" : Cells.markdown(r.runId().substring(0, Math.min(8, r.runId().length()))));
      rows.add(row);
    }
    StringBuilder out = new StringBuilder();
    out.append(line(header)).append(line(header.stream().map(h -> "---").toList()));
    rows.forEach(row -> out.append(line(row)));
    out.append('\n');
    metrics.forEach((k, mode) -> best(results, k, mode).ifPresent(b -> out.append("best ").append(Cells.markdown(k))
        .append(" (").append(mode.label()).append("): ").append(format(b.metrics().get(k))).append(", trial ")
        .append(b.trial().trial().index()).append(" (").append(Cells.markdown(b.trial().trial().label())).append(")\n")));
    long failed = results.stream().filter(r -> r.state() == TrialState.FAILED).count();
    if (failed > 0) {
      out.append(failed).append(failed == 1 ? " trial" : " trials").append(" failed: ");
      out.append(String.join("; ", results.stream().filter(r -> r.state() == TrialState.FAILED)
          .map(r -> r.trial().trial().index() + " (" + Cells.markdown(shorten(r.note())) + ")").toList())).append('\n');
    }
    return out.toString();
  }

  private static String status(TrialResult r) {
    if (r.state() == TrialState.EARLY_STOPPED) {
      // "rung 3 epochs: ..." -> "stopped@3"
      String note = r.note() == null ? "" : r.note();
      return note.startsWith("rung ") ? "stopped@" + note.substring(5, note.indexOf(' ', 5)) : "stopped";
    }
    return r.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String shorten(String s) {
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, Math.abs(v) >= 1000 ? "%.1f" : "%.4f", v);
  }

  private static String line(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  /**
   * Logs the summary on the parent: counts, best trials (per metric, and by the objective as
   * {@code genlab.sweep.best_trial.*} tags: run id, index, swept values, objective value), wall and training
   * times, the table. Metrics take the invocation number as their step, so that a re-run sweep adds points
   * rather than repeating one.
   */
  static void log(TrackedRun parent, SweepPlan plan, Outcome outcome, int invocation) {
    List<TrialResult> results = outcome.results();
    for (TrialState state : TrialState.values()) {
      long n = results.stream().filter(r -> r.state() == state).count();
      parent.setTag("genlab.sweep.trials." + state.name().toLowerCase(Locale.ROOT), Long.toString(n));
    }
    comparedMetrics(plan.definition(), results).forEach((k, mode) -> best(results, k, mode).ifPresent(b -> {
      parent.logMetric("best/" + k, b.metrics().get(k), invocation);
      parent.setTag("genlab.sweep.best." + k, "trial " + b.trial().trial().index() + " (" + b.trial().trial().label()
          + "), run " + b.runId());
    }));
    Objective objective = plan.definition().objective();
    if (objective != null) {
      // Tags, not params: a re-run of the sweep may find a better trial.
      best(results, objective.metric(), objective.mode()).ifPresent(b -> {
        parent.setTag(BEST_TRIAL + "run_id", b.runId());
        parent.setTag(BEST_TRIAL + "index", Integer.toString(b.trial().trial().index()));
        parent.setTag(BEST_TRIAL + "params", Trackers.redacted(b.trial().trial().label()));
        parent.setTag(BEST_TRIAL + "objective", objective.metric() + " (" + objective.mode().label() + ") = "
            + b.metrics().get(objective.metric()));
      });
    }
    double trainSum = results.stream().mapToDouble(TrialResult::trainSeconds).sum();
    parent.setTag("genlab.sweep.last_wall_seconds", String.format(Locale.ROOT, "%.1f", outcome.wallSeconds()));
    parent.setTag("genlab.sweep.trial_train_seconds", String.format(Locale.ROOT, "%.1f", trainSum));
    parent.setTag("genlab.sweep.failures", results.stream().filter(r -> r.state() == TrialState.FAILED)
        .map(r -> Integer.toString(r.trial().trial().index())).reduce((a, b) -> a + "," + b).orElse("none"));
    parent.writeArtifact("sweep/summary.md", outcome.summary().getBytes(StandardCharsets.UTF_8));
    parent.setTag("mlflow.note.content", "genlab sweep " + Cells.code(plan.definition().name()) + "\n\n"
        + outcome.summary());
  }
}
