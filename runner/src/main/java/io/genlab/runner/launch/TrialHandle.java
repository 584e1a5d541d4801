package io.genlab.runner.launch;

import java.util.concurrent.CompletableFuture;

/** A started trial: its end, and a way to stop it. Thread-safe. */
public interface TrialHandle {
  /** Completes with the trial's exit code when it ends, however it ends. */
  CompletableFuture<Integer> exit();

  /**
   * Asks the trial to stop: it ends its run as KILLED after the current iteration, keeping its
   * checkpoint, so that re-running the sweep continues it.
   */
  void stop();
}
