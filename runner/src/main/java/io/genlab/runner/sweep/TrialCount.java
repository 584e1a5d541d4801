package io.genlab.runner.sweep;

import io.genlab.engine.config.InvalidConfigException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How many trials a sweep has, computed from its definition by arithmetic alone (grid value counts times random
 * configurations times seeds, in {@link BigInteger}), so that a sweep too large to run is refused before any
 * trial is expanded or any spec resolved: a grid of 1000 x 1000 x 1000 x 1000 costs four multiplications.
 * Stateless and thread-safe.
 */
public final class TrialCount {
  /** The limit when {@code sweep.maxTrials} is not given. */
  public static final int DEFAULT_LIMIT = 10_000;
  /** The highest {@code sweep.maxTrials}: each trial is a process and a run in the store. */
  public static final int MAX_LIMIT = 1_000_000;

  private TrialCount() {}

  /**
   * Refuses a raw {@code sweep:} section (as loaded from YAML, overrides applied) whose trials are more than its
   * {@code maxTrials} (or {@link #DEFAULT_LIMIT}). Parts that are malformed count as one value each and are
   * reported by {@link SweepDefinition#parse}; so is a malformed {@code maxTrials}, which skips this check.
   *
   * @param section the section, may be {@code null} or not a mapping (then nothing is checked)
   * @throws InvalidConfigException at {@code sweep} naming the count, the limit and how to raise it
   */
  public static void check(Object section) {
    if (!(section instanceof Map<?, ?> map)) {
      return;
    }
    Object limitValue = map.get("maxTrials");
    Long limit = limitValue == null ? Long.valueOf(DEFAULT_LIMIT) : Values.integral(limitValue);
    if (limit == null || limit < 1 || limit > MAX_LIMIT) {
      return;
    }
    List<String> factors = new ArrayList<>();
    BigInteger count = BigInteger.ONE;
    if (map.get("grid") instanceof Map<?, ?> grid && !grid.isEmpty()) {
      List<String> sizes = new ArrayList<>();
      for (Object values : grid.values()) {
        int size = values instanceof List<?> list && !list.isEmpty() ? list.size() : 1;
        sizes.add(Integer.toString(size));
        count = count.multiply(BigInteger.valueOf(size));
      }
      factors.add("grid " + String.join(" x ", sizes));
    }
    if (map.get("random") instanceof Map<?, ?> random) {
      BigInteger trials = positive(random.get("trials"));
      count = count.multiply(trials);
      factors.add(trials + " random configurations");
    }
    if (map.get("seeds") instanceof List<?> seeds && !seeds.isEmpty()) {
      count = count.multiply(BigInteger.valueOf(seeds.size()));
      factors.add(seeds.size() + " seeds");
    }
    if (count.compareTo(BigInteger.valueOf(limit)) > 0) {
      String found = "the sweep has " + count + " trials (" + String.join(" x ", factors) + "), more than the limit of "
          + limit + (limitValue == null ? "" : " set by sweep.maxTrials");
      throw new InvalidConfigException("sweep", count.compareTo(BigInteger.valueOf(MAX_LIMIT)) > 0
          ? found + "; sweep fewer values: sweep.maxTrials can raise the limit to " + MAX_LIMIT + " at most"
          : found + "; sweep fewer values, or raise the limit with sweep.maxTrials: " + count + " in the spec or "
              + "--set sweep.maxTrials=" + count);
    }
  }

  /** The trials of a parsed definition, exactly. */
  static BigInteger of(SweepDefinition sweep) {
    BigInteger count = BigInteger.ONE;
    for (List<Object> values : sweep.grid().values()) {
      count = count.multiply(BigInteger.valueOf(values.size()));
    }
    if (sweep.random() != null) {
      count = count.multiply(BigInteger.valueOf(sweep.random().trials()));
    }
    return count.multiply(BigInteger.valueOf(Math.max(1, sweep.seeds().size())));
  }

  /** A positive integral YAML value of any size; 1 for anything else (reported by parsing). */
  private static BigInteger positive(Object value) {
    Long integral = value instanceof BigInteger ? null : Values.integral(value);
    BigInteger n = value instanceof BigInteger b ? b : integral == null ? null : BigInteger.valueOf(integral);
    return n == null || n.signum() <= 0 ? BigInteger.ONE : n;
  }
}
