package io.genlab.tracking.testkit.internal;

import io.genlab.tracking.testkit.RecordedRequest;
import io.genlab.tracking.testkit.ServerStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The requests the fake received: a log of each (which can be switched off for long load runs) and
 * counters by endpoint (always kept).
 *
 * <p>Thread-safe.
 */
public final class RequestJournal {
  private static final class Counter {
    final LongAdder requests = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();

    ServerStats.Counts counts() {
      return new ServerStats.Counts(requests.sum(), errors.sum(), bytesIn.sum(), bytesOut.sum());
    }
  }

  private final List<RecordedRequest> log = new ArrayList<>();
  private final Map<String, Counter> byEndpoint = new ConcurrentHashMap<>();
  private volatile boolean logging = true;
  private volatile long firstStartNanos;

  /** Marks the first start; the uptime counts from it. */
  public void started() {
    if (firstStartNanos == 0) {
      firstStartNanos = System.nanoTime();
    }
  }

  public void setLogging(boolean logging) {
    this.logging = logging;
  }

  void record(String endpoint, RecordedRequest request, int bytesOut) {
    Counter counter = byEndpoint.computeIfAbsent(endpoint, k -> new Counter());
    counter.requests.increment();
    if (request.status() >= 400 || request.status() == 0) {
      counter.errors.increment();
    }
    counter.bytesIn.add(request.body().length);
    counter.bytesOut.add(bytesOut);
    if (logging) {
      synchronized (log) {
        log.add(request);
      }
    }
  }

  public List<RecordedRequest> requests() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  public void clear() {
    synchronized (log) {
      log.clear();
    }
  }

  public ServerStats stats() {
    long start = firstStartNanos;
    Duration uptime = start == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
    Map<String, ServerStats.Counts> counts = new TreeMap<>();
    long requests = 0;
    long errors = 0;
    long in = 0;
    long out = 0;
    for (Map.Entry<String, Counter> entry : byEndpoint.entrySet()) {
      ServerStats.Counts c = entry.getValue().counts();
      counts.put(entry.getKey(), c);
      requests += c.requests();
      errors += c.errors();
      in += c.bytesIn();
      out += c.bytesOut();
    }
    return new ServerStats(uptime, new ServerStats.Counts(requests, errors, in, out), counts);
  }
}
