package io.genlab.runner.launch;

import java.io.IOException;
import java.util.Optional;

/**
 * Starts sweep trials somewhere isolated from the sweep and from each other: local processes, or the tasks of a
 * Slurm job array. A trial is a tracked run that already holds its resolved
 * spec; the launched process continues it with {@code genlab trial <run-id>}, so everything a
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

  /**
   * Whether this launcher queues trials and throttles them itself (a cluster scheduler): the sweep then launches
   * every pending trial at once and hands them over with {@link #submit}; otherwise (the default) it launches
   * one whenever a running trial ends, at most its parallelism at a time, and each {@link #launch} starts one.
   */
  default boolean queues() {
    return false;
  }

  /**
   * Hands over the trials launched since the last call; a scheduler's launcher submits them here, as one job
   * array. The default does nothing: {@link #launch} started them.
   *
   * @return what was submitted, to keep with the sweep's parent run, or empty
   * @throws IOException when the scheduler refused them (none of them will run then)
   */
  default Optional<Submission> submit() throws IOException {
    return Optional.empty();
  }

  /** Whether launched trials go on when the sweep's process exits, so that {@code sweep --detach} may return. */
  default boolean detachable() {
    return false;
  }

  /**
   * A submission to a scheduler.
   *
   * @param jobId the scheduler's id of it, e.g. a Slurm job id
   * @param script the batch script submitted
   * @param concludingJobId a job that ends the sweep's parent run once the trials are over, whoever watches
   *     (none when {@code null})
   */
  record Submission(String jobId, String script, String concludingJobId) {}
}
