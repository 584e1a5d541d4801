package io.genlab.runner.sweep;

import io.genlab.api.RandomSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a {@link SweepDefinition} into its trials. The expansion is a pure function of the definition: the
 * same definition always gives the same trials in the same order. Stateless and thread-safe.
 */
public final class TrialPlan {
  private TrialPlan() {}

  /**
   * The trials of a sweep, indexed {@code 0..n-1} in this order: each random configuration (outer) crossed with
   * the grid's cartesian product (inner, last grid key varying fastest), each of those crossed with every seed
   * (configuration-major). Random configuration {@code i} draws parameter {@code p} from
   * {@code RandomSource.seeded(random.seed()).derive("random-search").derive(i).derive(p)}, so adding a
   * parameter never changes another one's draws.
   *
   * @param sweep the sweep, not {@code null}
   * @return the trials, unmodifiable, never empty for a parsed definition
   * @throws IllegalArgumentException when the sweep has more than {@code sweep.maxTrials()} trials, which
   *     {@link TrialCount#check} refuses before a definition is parsed
   */
  public static List<Trial> expand(SweepDefinition sweep) {
    java.math.BigInteger count = TrialCount.of(sweep);
    if (count.compareTo(java.math.BigInteger.valueOf(sweep.maxTrials())) > 0) {
      throw new IllegalArgumentException("the sweep has " + count + " trials, more than its limit of "
          + sweep.maxTrials());
    }
    List<Map<String, Object>> points = gridPoints(sweep.grid());
    List<Trial> trials = new ArrayList<>();
    for (Map<String, Object> drawn : randomDraws(sweep.random())) {
      for (Map<String, Object> point : points) {
        Map<String, Object> config = new LinkedHashMap<>(point);
        config.putAll(drawn);
        if (sweep.seeds().isEmpty()) {
          trials.add(new Trial(trials.size(), config));
        }
        for (Long seed : sweep.seeds()) {
          Map<String, Object> seeded = new LinkedHashMap<>(config);
          seeded.put("seed", seed);
          trials.add(new Trial(trials.size(), seeded));
        }
      }
    }
    return List.copyOf(trials);
  }

  /** The grid's cartesian product in declared order, the last key varying fastest; one empty point for no grid. */
  private static List<Map<String, Object>> gridPoints(Map<String, List<Object>> grid) {
    List<Map<String, Object>> points = List.of(Map.of());
    for (Map.Entry<String, List<Object>> axis : grid.entrySet()) {
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> point : points) {
        for (Object value : axis.getValue()) {
          Map<String, Object> extended = new LinkedHashMap<>(point);
          extended.put(axis.getKey(), value);
          next.add(extended);
        }
      }
      points = next;
    }
    return points;
  }

  /** The random configurations in order; one empty configuration when there is no random search. */
  private static List<Map<String, Object>> randomDraws(RandomSearch random) {
    if (random == null) {
      return List.of(Map.of());
    }
    RandomSource search = RandomSource.seeded(random.seed()).derive("random-search");
    List<Map<String, Object>> draws = new ArrayList<>();
    for (int i = 0; i < random.trials(); i++) {
      RandomSource trial = search.derive(i);
      Map<String, Object> drawn = new LinkedHashMap<>();
      random.params().forEach((path, distribution) -> drawn.put(path, distribution.sample(trial.derive(path))));
      draws.add(drawn);
    }
    return draws;
  }
}
