package io.genlab.runner.sweep;

import io.genlab.runner.sweep.SweepPlan.PlannedTrial;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Trackers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The params MLflow's compare and parallel-coordinates views line sweeps and trials up by: a parent run's
 * search space, objective, trial count, seeds and ASHA settings ({@code sweep.grid.loss.config.beta},
 * {@code sweep.objective.metric}, ...), and in every trial's run each swept value under the same key, its spec
 * path. A param is written once: a re-run of an edited sweep adds the params it lacks and names the ones that
 * changed in a tag. Stateless and thread-safe.
 */
final class SweepParams {
  /** Set on a parent whose sweep was re-run with params other than those it logged first. */
  static final String EDITED_TAG = "genlab.sweep.edited";
  /** The most characters of a param value ({@link TrackedRun#logParam}). */
  private static final int MAX_VALUE = 6000;
  /** The most characters of a param key. */
  private static final int MAX_KEY = 250;

  private SweepParams() {}

  /**
   * The params of a sweep's parent run, in a stable order; values redacted, keys valid MLflow keys.
   *
   * @param plan the resolved sweep
   */
  static Map<String, String> parent(SweepPlan plan) {
    SweepDefinition sweep = plan.definition();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("sweep.trials", Integer.toString(plan.trials().size()));
    sweep.grid().forEach((path, values) -> put(params, "sweep.grid." + key(path), values));
    if (sweep.random() != null) {
      params.put("sweep.random.trials", Integer.toString(sweep.random().trials()));
      params.put("sweep.random.seed", Long.toString(sweep.random().seed()));
      sweep.random().params().forEach((path, distribution) ->
          put(params, "sweep.random.params." + key(path), distribution.toMap()));
    }
    if (!sweep.seeds().isEmpty()) {
      put(params, "sweep.seeds", sweep.seeds());
    }
    if (sweep.objective() != null) {
      params.put("sweep.objective.metric", sweep.objective().metric());
      params.put("sweep.objective.mode", sweep.objective().mode().label());
    }
    if (sweep.asha() != null) {
      AshaConfig asha = sweep.asha();
      params.put("sweep.asha.metric", asha.metric());
      params.put("sweep.asha.mode", asha.mode().label());
      params.put("sweep.asha.minEpochs", Integer.toString(asha.minEpochs()));
      params.put("sweep.asha.reductionFactor", Integer.toString(asha.reductionFactor()));
      params.put("sweep.asha.maxEpochs", Integer.toString(asha.maxEpochs()));
    }
    params.replaceAll((k, v) -> Trackers.redacted(v));
    return params;
  }

  /**
   * Logs {@link #parent} on a sweep's parent run, which may hold params of an earlier invocation: those it
   * lacks are added; those whose value changed keep their first value, and the tag {@link #EDITED_TAG} says
   * which changed and to what (the parent's {@code sweep/sweep.yaml} holds the latest definition).
   *
   * @param logged the parent run as it stands, its params those logged so far
   * @param invocation this invocation's number, from 1
   */
  static void logParent(TrackedRun parent, RunInfo logged, SweepPlan plan, int invocation) {
    Map<String, String> missing = new LinkedHashMap<>();
    List<String> changed = new ArrayList<>();
    parent(plan).forEach((key, value) -> {
      String first = logged.params().get(key);
      if (first == null) {
        missing.put(key, value);
      } else if (!first.equals(value)) {
        changed.add(key + " " + first + " -> " + value);
      }
    });
    parent.logParams(missing);
    if (!changed.isEmpty()) {
      parent.setTag(EDITED_TAG, "invocation " + invocation + " ran a changed sweep (params keep their first "
          + "values; sweep/sweep.yaml holds this one): " + String.join("; ", changed));
    }
  }

  /**
   * The params a trial's run needs so that every trial holds each swept value under the same key: the swept
   * spec paths that the run's own params (its resolved spec, flattened) lack, e.g. a swept list entry
   * ({@code metrics[0].config.limit} as {@code metrics.0.config.limit}) or a swept section
   * ({@code training.optimizer}). Swept paths that are already params keep their resolved value.
   *
   * @param logged the params the trial's run holds
   */
  static Map<String, String> trial(PlannedTrial trial, Map<String, String> logged) {
    Map<String, String> params = new LinkedHashMap<>();
    trial.trial().overrides().forEach((path, value) -> {
      String key = key(path);
      if (!logged.containsKey(key)) {
        put(params, key, value);
      }
    });
    params.replaceAll((k, v) -> Trackers.redacted(v));
    return params;
  }

  /**
   * The param key of a spec path: {@code metrics[1].config.samples} is {@code metrics.1.config.samples}, as MLflow
   * keys hold no brackets; other swept paths ({@code loss.config.beta}) are keys as they are.
   */
  static String key(String path) {
    return path.replaceAll("\\[(\\d+)]", ".$1");
  }

  /** Adds {@code value} as flow YAML, unless the key is too long for MLflow; a long value is shortened. */
  private static void put(Map<String, String> params, String key, Object value) {
    if (key.length() > MAX_KEY) {
      return; // a spec path of hundreds of characters; the whole definition is in sweep/sweep.yaml
    }
    String text = value instanceof String s ? s : flow(value);
    if (text.length() > MAX_VALUE) {
      String more = value instanceof List<?> l ? " (" + l.size() + " values; see sweep/sweep.yaml)" : " (see sweep/sweep.yaml)";
      text = text.substring(0, MAX_VALUE - more.length() - 3) + "..." + more;
    }
    params.put(key, text);
  }

  /** {@code value} as one line of flow YAML: {@code [0.5, 1.0]}, {@code {logUniform: [1.0e-4, 0.003]}}. */
  private static String flow(Object value) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
    options.setSplitLines(false);
    options.setWidth(Integer.MAX_VALUE);
    return new Yaml(options).dump(Values.plain(value)).strip();
  }
}
