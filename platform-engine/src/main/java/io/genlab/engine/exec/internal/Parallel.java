package io.genlab.engine.exec.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * The threads Java kernels split their work over: the run's thread count, as libnd4j's and OpenBLAS's
 * own. Work is cut into contiguous parts by index, each part computed by one thread with its own
 * scratch arrays, so every value is computed the same way whatever the thread count (kernels that sum
 * across parts would not be; none does). Thread-safe; its threads are daemons.
 */
public final class Parallel {
  private final int threads;
  private final ForkJoinPool pool;
  private final Scratch[] scratch;

  /** Work split over {@code threads} threads (1: the calling thread alone). */
  public Parallel(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, found " + threads);
    }
    this.threads = threads;
    this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    this.scratch = new Scratch[threads];
    for (int i = 0; i < threads; i++) {
      scratch[i] = new Scratch();
    }
  }

  /** The calling thread alone. */
  public static Parallel single() {
    return new Parallel(1);
  }

  /** The number of threads. */
  public int threads() {
    return threads;
  }

  /** A part of the work: items {@code [from, to)} with that part's scratch arrays. */
  @FunctionalInterface
  interface Part {
    void run(int from, int to, Scratch scratch);
  }

  /** Runs {@code part} over {@code [0, count)} cut into at most {@link #threads()} contiguous parts. */
  void forEach(int count, Part part) {
    int parts = Math.min(threads, count);
    if (parts <= 1) {
      part.run(0, count, scratch[0]);
      return;
    }
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts];
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) count * p / parts);
      int to = (int) ((long) count * (p + 1) / parts);
      Scratch own = scratch[p];
      tasks[p] = pool.submit(() -> part.run(from, to, own));
    }
    for (ForkJoinTask<?> task : tasks) {
      task.join();
    }
  }

  /**
   * Runs {@code part} over {@code [0, count)} on the calling thread alone when {@code count} is below
   * {@code minCount} (handing small work to another thread costs more than it saves), otherwise as
   * {@link #forEach}.
   */
  void forEach(int count, int minCount, Part part) {
    if (count < minCount) {
      part.run(0, count, scratch[0]);
    } else {
      forEach(count, part);
    }
  }

  /** Runs {@code task} for each index of {@code [0, count)} over the threads (no scratch). */
  void forEachIndex(int count, IntConsumer task) {
    forEach(count, (from, to, s) -> {
      for (int i = from; i < to; i++) {
        task.accept(i);
      }
    });
  }
}
