package io.genlab.tracking.internal.server;

import java.util.HashSet;
import java.util.Set;

/**
 * What changed in a run since it was last sent, so that the sender reads only that: the metrics logged, the
 * artifacts written, or anything else (params, tags, inputs, status: everything is compared). Not thread-safe.
 */
final class Changes {
  final Set<String> metrics = new HashSet<>();
  boolean artifacts;
  boolean everything;

  static Changes everything() {
    Changes c = new Changes();
    c.everything = true;
    return c;
  }

  /** Adds {@code other}'s changes to these. */
  void add(Changes other) {
    metrics.addAll(other.metrics);
    artifacts |= other.artifacts;
    everything |= other.everything;
  }
}
