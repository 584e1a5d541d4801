package io.genlab.runner.launch;

import java.nio.file.Path;
import java.util.List;

/**
 * One trial to start.
 *
 * @param runId the tracked run the trial continues, never {@code null}
 * @param trackingUri the store holding the run, absolute, never {@code null}
 * @param threads the compute threads the trial may use (sweeps split the cores between parallel trials)
 * @param jvmOptions options for the trial's JVM, e.g. {@code -Xmx2g}, never {@code null}
 * @param logFile where the trial's console output goes, never {@code null}
 */
public record TrialRequest(String runId, String trackingUri, int threads, List<String> jvmOptions, Path logFile) {
  public TrialRequest {
    jvmOptions = List.copyOf(jvmOptions);
  }
}
