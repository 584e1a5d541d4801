package io.genlab.tracking.testkit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Failures and delays a test asked for, each for a number of requests, optionally only for paths
 * matching a pattern; consumed in the order they were asked for.
 *
 * <p>Thread-safe: every method holds this object's lock, so two concurrent requests never consume
 * the same failure.
 */
public final class Faults {
  /** What a fault does to a request it applies to. */
  public enum Kind {
    /** Answers an error instead of handling the request. */
    FAIL,
    /** Handles the request (its changes are kept), then answers an error instead of the result. */
    FAIL_AFTER_HANDLING,
    /** Closes the connection without answering, before handling the request. */
    DROP,
    /** Waits before handling the request. */
    DELAY
  }

  /** One fault; {@code path} {@code null} matches every request. */
  record Fault(Kind kind, Pattern path, int status, Duration retryAfter, Duration delay) {}

  /** A fault and how many more requests it applies to. */
  private static final class Pending {
    final Fault fault;
    int remaining;

    Pending(Fault fault, int remaining) {
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  private final List<Pending> faults = new ArrayList<>();

  public synchronized void add(
      Kind kind, String pathPattern, int count, int status, Duration retryAfter, Duration delay) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    if (kind != Kind.DROP && kind != Kind.DELAY && (status < 400 || status > 599)) {
      throw new IllegalArgumentException(
          "httpStatus must be an error status from 400 to 599, got " + status);
    }
    Pattern pattern = pathPattern == null ? null : Pattern.compile(pathPattern);
    faults.add(new Pending(new Fault(kind, pattern, status, retryAfter, delay), count));
  }

  public synchronized void clear() {
    faults.clear();
  }

  /**
   * Takes the first fault of one of the kinds that applies to the path, using up one of its count.
   */
  synchronized Optional<Fault> take(String path, Kind... kinds) {
    for (Iterator<Pending> it = faults.iterator(); it.hasNext(); ) {
      Pending pending = it.next();
      Fault fault = pending.fault;
      if (List.of(kinds).contains(fault.kind())
          && (fault.path() == null || fault.path().matcher(path).find())) {
        if (--pending.remaining == 0) {
          it.remove();
        }
        return Optional.of(fault);
      }
    }
    return Optional.empty();
  }

  /** The answer of a FAIL or FAIL_AFTER_HANDLING fault: MLflow's error body for that status. */
  static HttpReply reply(Fault fault) {
    ErrorCode code = ErrorCode.forHttpStatus(fault.status());
    HttpReply reply =
        new HttpReply(
            fault.status(),
            HttpReply.contentType("application/json"),
            Json.error(code, "Failure injected by the test (HTTP " + fault.status() + ")"));
    if (fault.retryAfter() != null) {
      long seconds = Math.max(0, (fault.retryAfter().toMillis() + 999) / 1000);
      reply = reply.withHeader("Retry-After", Long.toString(seconds));
    }
    return reply;
  }
}
