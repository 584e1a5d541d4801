package io.genlab.runner.launch;

import java.io.IOException;

/**
 * Starts sweep trials somewhere isolated from the sweep and from each other: local processes now,
 * cluster schedulers such as Slurm later. A trial is a tracked run that already holds its resolved
 * spec; the launched process continues it with {@code genlab resume <run-id> --trial}, so everything a
 * trial needs travels through the tracking store. Implementations are used from one thread.
 */
public interface TrialLauncher {
  /**
   * Starts a trial and returns at once.
   *
   * @throws IOException when the trial cannot be started (nothing was started then)
   */
  TrialHandle launch(TrialRequest request) throws IOException;

  /** Where trials run, for logs, e.g. {@code local processes}. */
  String describe();
}
