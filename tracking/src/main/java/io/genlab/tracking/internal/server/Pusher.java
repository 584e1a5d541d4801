package io.genlab.tracking.internal.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Sends the spool's runs to the server on a background thread, so that training never waits for the
 * network: what was logged since the last pass goes out every {@code interval} in as few requests as the
 * server's limits allow. While the server does not answer, passes back off (1 s doubling to 30 s) and the
 * runs wait in the spool; one line says so, and one says when the server answers again. A changed
 * artifact of a running run goes at most every 30 s (a checkpoint is rewritten every epoch; the spool
 * keeps the newest), everything at once when a run ends or the tracker closes.
 *
 * <p>A request the server refuses for good (a 4xx) is kept as the run's {@link #refusal}, which the run's
 * next logging call reports. Thread-safe.
 */
final class Pusher implements AutoCloseable {
  private final RunPush push;
  private final Duration interval;
  private final Consumer<String> notices;
  private final String spoolFolder;
  private final Thread thread;
  private final Object lock = new Object();
  /** Runs with something to send, and what changed in each. */
  private final Map<String, Changes> pending = new LinkedHashMap<>();
  /** Runs whose changed artifacts wait for their next upload slot, to when (System.nanoTime). */
  private final Map<String, Long> heldBack = new LinkedHashMap<>();
  private final Map<String, ServerException> refusals = new ConcurrentHashMap<>();
  private volatile boolean offline;
  private volatile boolean closed;
  /** A pass is wanted now (a run ended, a flush): don't wait for the interval. */
  private boolean urgent;
  /** Sending everything now, held-back artifacts included. */
  private boolean settling;
  private boolean busy;
  private int failures;
  private RunPush.Sent total = RunPush.Sent.NOTHING;
  private volatile long senderCpuNanos;
  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  Pusher(RunPush push, Duration interval, Consumer<String> notices, String spoolFolder) {
    this.push = push;
    this.interval = interval;
    this.notices = notices;
    this.spoolFolder = spoolFolder;
    this.thread = new Thread(this::loop, "genlab-tracking-sender");
    thread.setDaemon(true);
    thread.start();
  }

  /** Notes that run {@code runId} changed: metric {@code metricKey}, or anything else when {@code null}. */
  void changed(String runId, String metricKey) {
    synchronized (lock) {
      Changes c = pending.computeIfAbsent(runId, id -> new Changes());
      if (metricKey == null) {
        c.everything = true;
      } else {
        c.metrics.add(metricKey);
      }
    }
  }

  /** Notes that an artifact of run {@code runId} was written. */
  void artifactWritten(String runId) {
    synchronized (lock) {
      pending.computeIfAbsent(runId, id -> new Changes()).artifacts = true;
    }
  }

  /** Asks for a pass now instead of at the next interval. */
  void wake() {
    synchronized (lock) {
      urgent = true;
      lock.notifyAll();
    }
  }

  /** What the server refused of run {@code runId} for good, if anything. */
  Optional<ServerException> refusal(String runId) {
    return Optional.ofNullable(refusals.get(runId));
  }

  /** The CPU time of the sending thread so far (comparing, reading the spool; requests are counted apart). */
  long senderCpuNanos() {
    return senderCpuNanos;
  }

  /** Whether the last pass found the server unreachable. */
  boolean offline() {
    return offline;
  }

  /** Everything sent so far. */
  RunPush.Sent total() {
    synchronized (lock) {
      return total;
    }
  }

  /**
   * Sends everything pending, waiting at most {@code wait}; gives up at once while the server is
   * unreachable after one more try.
   *
   * @return the runs still waiting in the spool (empty when all were sent)
   */
  Set<String> flush(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (lock) {
      // A server already away gets one more try; one that goes away now gets three.
      int triesWhileOffline = offline ? 1 : 3;
      int failuresBefore = failures;
      settling = true;
      urgent = true;
      heldBack.keySet().forEach(id -> pending.computeIfAbsent(id, x -> new Changes()).artifacts = true);
      heldBack.clear();
      lock.notifyAll();
      while ((!pending.isEmpty() || !heldBack.isEmpty() || busy) && System.nanoTime() < deadline) {
        if (offline && failures - failuresBefore >= triesWhileOffline) {
          break;
        }
        try {
          lock.wait(Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        if (offline && failures == failuresBefore) {
          urgent = true; // retry now rather than after the backoff
          lock.notifyAll();
        }
      }
      settling = false;
      Set<String> left = new java.util.HashSet<>(pending.keySet());
      left.addAll(heldBack.keySet());
      return left;
    }
  }

  private void loop() {
    while (true) {
      Map<String, Changes> work;
      boolean settle;
      synchronized (lock) {
        // One pass per interval (per backoff step while the server is away), sooner only when asked.
        long waitUntil = System.nanoTime() + (offline ? Backoff.SENDER.delay(failures) : interval).toNanos();
        while (!urgent && !closed && System.nanoTime() < waitUntil) {
          try {
            lock.wait(Math.max(1, (waitUntil - System.nanoTime()) / 1_000_000));
          } catch (InterruptedException e) {
            return;
          }
        }
        urgent = false;
        settle = settling || closed;
        for (var it = heldBack.entrySet().iterator(); it.hasNext(); ) {
          var held = it.next();
          if (settle || System.nanoTime() - held.getValue() >= 0) {
            pending.computeIfAbsent(held.getKey(), id -> new Changes()).artifacts = true;
            it.remove();
          }
        }
        if (closed && pending.isEmpty()) {
          return;
        }
        work = new LinkedHashMap<>(pending);
        pending.clear();
        busy = !work.isEmpty();
      }
      Map<String, Changes> failed = new LinkedHashMap<>();
      Map<String, Long> held = new LinkedHashMap<>();
      RunPush.Sent sent = RunPush.Sent.NOTHING;
      boolean unreachable = false;
      ServerException cause = null;
      for (var run : work.entrySet()) {
        if (unreachable || refusals.containsKey(run.getKey())) {
          if (unreachable) {
            failed.put(run.getKey(), run.getValue());
          }
          continue;
        }
        try {
          RunPush.Sent pushed = push.push(run.getKey(), run.getValue(), settle);
          if (pushed == null) {
            failed.put(run.getKey(), run.getValue()); // being sent by another thread: again next pass
          } else {
            sent = sent.plus(pushed);
            if (pushed.deferred()) {
              held.put(run.getKey(), System.nanoTime() + RunPush.ARTIFACT_RESEND_NANOS);
            }
          }
        } catch (ServerException e) {
          if (e.isTransient()) {
            unreachable = true;
            cause = e;
            failed.put(run.getKey(), Changes.everything());
          } else {
            refusals.put(run.getKey(), e);
            notices.accept("error: the tracking server refused run " + run.getKey() + ": " + e.getMessage());
          }
        } catch (RuntimeException e) {
          refusals.put(run.getKey(), new ServerException(String.valueOf(e.getMessage()), 0, false, e));
          notices.accept("error: cannot send run " + run.getKey() + " to the tracking server: " + e);
        }
      }
      senderCpuNanos = THREADS.getCurrentThreadCpuTime();
      synchronized (lock) {
        total = total.plus(sent);
        for (var f : failed.entrySet()) {
          pending.computeIfAbsent(f.getKey(), id -> new Changes()).add(f.getValue());
        }
        held.forEach(heldBack::putIfAbsent);
        if (unreachable) {
          if (!offline) {
            notices.accept("warning: " + cause.getMessage() + "; the run goes on and is kept in " + spoolFolder
                + " until the server answers (or `genlab sync`)");
          }
          offline = true;
          failures++;
        } else if (offline) {
          offline = false;
          failures = 0;
          notices.accept("tracking server answers again: sent what was kept while it was away");
        }
        busy = false;
        lock.notifyAll();
      }
    }
  }

  /** Stops the sender, waiting briefly for a request in flight to end so that no send outlives the tracker. */
  @Override
  public void close() {
    closed = true;
    wake();
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
