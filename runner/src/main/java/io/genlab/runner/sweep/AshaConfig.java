package io.genlab.runner.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Early stopping by asynchronous successive halving: at each rung (an epoch count) a trial continues only if
 * it ranks in the best {@code 1/reductionFactor} of the trials that reached that rung. Immutable and thread-safe.
 *
 * @param metric the metric compared at each rung, e.g. {@code epoch/loss/neg_elbo}; never {@code null}
 * @param mode whether lower or higher values are better; never {@code null}
 * @param minEpochs the first rung, {@code >= 1}
 * @param reductionFactor how much each rung thins the field, {@code >= 2}
 * @param maxEpochs the epoch budget of a trial that is never stopped, {@code > minEpochs}
 */
public record AshaConfig(String metric, Objective.Mode mode, int minEpochs, int reductionFactor, int maxEpochs) {
  static final Set<String> KEYS = Set.of("metric", "mode", "minEpochs", "reductionFactor", "maxEpochs");

  /** Checks the invariants that keep {@link #rungs()} finite; {@code sweep.asha} itself is validated by parsing. */
  public AshaConfig {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(mode, "mode");
    if (minEpochs < 1 || reductionFactor < 2) {
      throw new IllegalArgumentException("need minEpochs >= 1 and reductionFactor >= 2, found " + minEpochs
          + " and " + reductionFactor);
    }
  }

  /**
   * The epochs at which trials are compared: {@code minEpochs * reductionFactor^k} for {@code k = 0, 1, ...}
   * while below {@code maxEpochs}; e.g. min 1, factor 3, max 9 gives {@code [1, 3]}. Unmodifiable.
   */
  public List<Integer> rungs() {
    List<Integer> rungs = new ArrayList<>();
    for (long epochs = minEpochs; epochs < maxEpochs; epochs *= reductionFactor) {
      rungs.add((int) epochs);
    }
    return List.copyOf(rungs);
  }

  /** The canonical spec form, defaults included. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>(new Objective(metric, mode).toMap());
    map.put("minEpochs", minEpochs);
    map.put("reductionFactor", reductionFactor);
    map.put("maxEpochs", maxEpochs);
    return map;
  }

  /** Reads {@code sweep.asha}; {@code null} (with problems added) when it is invalid. */
  static AshaConfig parse(Object section, String path, int specEpochs, SectionReader in) {
    Map<String, Object> map = in.mapping(section, path,
        "asha must be a mapping {metric, mode, minEpochs, reductionFactor, maxEpochs}");
    if (map == null) {
      return null;
    }
    in.onlyKeys(map, path, KEYS);
    Objective target = Objective.read(map, path, in);
    int minEpochs = in.intAtLeast(map, path, "minEpochs", 1, 1, "");
    int reductionFactor = in.intAtLeast(map, path, "reductionFactor", 3, 2, "");
    boolean given = map.get("maxEpochs") != null;
    long maxEpochs = in.integer(map, path, "maxEpochs", specEpochs);
    String origin = given ? "" : " (defaulted to training.epochs)";
    if (maxEpochs <= minEpochs) {
      in.problem(path + ".maxEpochs", "maxEpochs must be > minEpochs (" + minEpochs + "), found " + maxEpochs + origin);
      return null;
    }
    if (maxEpochs > specEpochs) {
      in.problem(path + ".maxEpochs", "maxEpochs must be <= training.epochs (" + specEpochs + "), found " + maxEpochs);
      return null;
    }
    return target == null ? null
        : new AshaConfig(target.metric(), target.mode(), minEpochs, reductionFactor, (int) maxEpochs);
  }
}
