package io.genlab.runner.launch;

import io.genlab.tracking.Trackers;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One trial to start. Everything here ends up on a process's command line, so the compact constructor
 * checks what the store or the spec could have shaped: the run id and the options. Immutable.
 *
 * @param index the trial's index in its sweep, {@code >= 0} (a job array task's index)
 * @param runId the tracked run the trial continues, a {@link Trackers#isRunId run id} (it comes from the store,
 *     which may be shared), never {@code null}
 * @param trackingUri the store holding the run, absolute, without control characters, never {@code null}
 * @param threads the compute threads the trial may use (sweeps split the cores between parallel trials), {@code > 0}
 * @param jvmOptions options for the trial's JVM, e.g. {@code -Xmx2g}, each allowed by {@link TrialJvmOptions},
 *     never {@code null}
 * @param logFile where the trial's console output goes, never {@code null}
 */
public record TrialRequest(int index, String runId, String trackingUri, int threads, List<String> jvmOptions, Path logFile) {
  /** @throws IllegalArgumentException when a value could change the trial's command line */
  public TrialRequest {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(trackingUri, "trackingUri");
    Objects.requireNonNull(logFile, "logFile");
    if (!Trackers.isRunId(runId)) {
      throw new IllegalArgumentException("not a run id a trial can continue: '" + runId + "'");
    }
    if (trackingUri.isEmpty() || trackingUri.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("the tracking URI is empty or holds control characters");
    }
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, found " + index);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be > 0, found " + threads);
    }
    jvmOptions = TrialJvmOptions.require(List.copyOf(jvmOptions));
  }
}
