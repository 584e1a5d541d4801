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

  /** Ends the trial at once (SIGKILL for a process): its run is left for the sweep to end. */
  void kill();

  /** The handle of a trial running as a local process; {@link #stop} sends it SIGTERM, {@link #kill} SIGKILL. */
  static TrialHandle of(Process process) {
    return new TrialHandle() {
      @Override
      public CompletableFuture<Integer> exit() {
        return process.onExit().thenApply(Process::exitValue);
      }

      @Override
      public void stop() {
        process.destroy(); // SIGTERM: the trial's stop handler ends the run as KILLED
      }

      @Override
      public void kill() {
        process.destroyForcibly();
      }
    };
  }
}
