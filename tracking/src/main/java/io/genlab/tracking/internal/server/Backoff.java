package io.genlab.tracking.internal.server;

import java.time.Duration;

/**
 * Waits between attempts: exponential from {@code initial}, at most {@code max}; {@code attempts} counts
 * the first try. Deterministic (no jitter): one client per process talks to the server, so there is no
 * herd to spread. Immutable and thread-safe.
 *
 * @param initial the wait after the first failure, positive
 * @param max the longest wait, at least {@code initial}
 * @param attempts how many tries in all, at least 1
 */
record Backoff(Duration initial, Duration max, int attempts) {

  /** For a single request: four tries within about two seconds, then the request counts as failed. */
  static final Backoff REQUEST = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(1), 4);

  /** For the spool's sender between passes: 1 s doubling to 30 s, for as long as the process lives. */
  static final Backoff SENDER = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Integer.MAX_VALUE);

  Backoff {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial must be positive, found " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max must be at least initial (" + initial + "), found " + max);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, found " + attempts);
    }
  }

  /** The wait after failed attempt {@code failures} (1 for the first failure). */
  Duration delay(int failures) {
    long millis = initial.toMillis();
    for (int i = 1; i < failures && millis < max.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }
}
