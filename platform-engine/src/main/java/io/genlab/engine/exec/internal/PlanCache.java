package io.genlab.engine.exec.internal;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The compiled plans of one graph, by wanted variables and placeholder shapes.
 *
 * <p>A request is served by a plan compiled for exactly its shapes whose outputs include every
 * wanted variable, so asking for fewer outputs (a training step without its diagnostics) reuses the
 * plan of the larger request. Holds at most {@value #CAPACITY} plans and drops the least recently
 * used beyond that. Not thread-safe.
 */
public final class PlanCache {
  static final int CAPACITY = 8;
  private final SameDiff graph;
  private final boolean rewrites;
  private final Parallel parallel;
  private final java.util.function.Consumer<String> notices;
  private final LinkedHashMap<Key, Plan> plans = new LinkedHashMap<>(16, 0.75f, true);

  private record Key(Set<String> wanted, String shapes) {}

  /**
   * An empty cache over {@code graph}; {@code rewrites} as {@link PlanCompiler#compile}.
   *
   * @param parallel the threads of the plans' Java kernels
   * @param notices receives what the compiler noticed about each new plan (see {@link Plan#notes})
   */
  public PlanCache(SameDiff graph, boolean rewrites, Parallel parallel, java.util.function.Consumer<String> notices) {
    this.graph = graph;
    this.rewrites = rewrites;
    this.parallel = parallel;
    this.notices = notices;
  }

  /** An empty cache over another graph with this cache's settings. */
  public PlanCache on(SameDiff other) {
    return new PlanCache(other, rewrites, parallel, notices);
  }

  /**
   * A plan yielding {@code wanted} for feeds of these shapes, compiled (and run once) when none is cached.
   *
   * @throws UnsupportedGraphException when the graph cannot be planned
   */
  public Plan plan(Set<String> wanted, Map<String, INDArray> feeds) {
    String shapes = shapes(feeds);
    for (Map.Entry<Key, Plan> e : plans.entrySet()) {
      if (e.getKey().shapes().equals(shapes) && e.getKey().wanted().containsAll(wanted)) {
        return plans.get(e.getKey());
      }
    }
    // A larger request replaces the smaller plans it covers.
    plans.keySet().removeIf(k -> k.shapes().equals(shapes) && wanted.containsAll(k.wanted()));
    Plan plan = PlanCompiler.compile(graph, wanted, feeds, rewrites, parallel);
    plan.notes().forEach(notices);
    plans.put(new Key(Set.copyOf(wanted), shapes), plan);
    if (plans.size() > CAPACITY) {
      Iterator<Key> eldest = plans.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
    return plan;
  }

  /** Drops every plan; their arrays are freed once nothing else holds them. */
  public void clear() {
    plans.clear();
  }

  /** The number of plans held. */
  public int size() {
    return plans.size();
  }

  private static String shapes(Map<String, INDArray> feeds) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(feeds).forEach((name, value) -> b.append(name).append(Arrays.toString(value.shape())).append(';'));
    return b.toString();
  }
}
