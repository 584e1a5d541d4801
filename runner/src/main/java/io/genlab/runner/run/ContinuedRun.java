package io.genlab.runner.run;

import io.genlab.tracking.DatasetInput;
import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A reopened run that drops metric points at steps it already has: the iterations a resumed run
 * replays from its last checkpoint were logged before the interruption, with the same values, so
 * logging them again would only duplicate steps. System metrics ({@link SystemMetricsSampler#PREFIX})
 * are samples of the machine in time, not replayed values: they are all kept. Thread-safe when the run
 * it wraps is (the steps it compares with are read once, before).
 */
final class ContinuedRun implements TrackedRun {
  private final TrackedRun delegate;
  private final Map<String, Long> lastStep;

  private ContinuedRun(TrackedRun delegate, Map<String, Long> lastStep) {
    this.delegate = delegate;
    this.lastStep = lastStep;
  }

  /**
   * Reads the last step of each of the run's metrics, then reopens it: a history that does not parse
   * refuses the resume before the run is changed.
   */
  static ContinuedRun open(Tracker tracker, RunInfo info) {
    Map<String, Long> last = lastSteps(tracker, info);
    return new ContinuedRun(tracker.openRun(info.runId()), Map.copyOf(last));
  }

  /** The last logged step of each of the run's metrics, reading (and so checking) every metric history. */
  static Map<String, Long> lastSteps(Tracker tracker, RunInfo info) {
    Map<String, Long> last = new HashMap<>();
    for (String key : info.metrics().keySet()) {
      tracker.metricHistory(info.runId(), key).stream().mapToLong(MetricPoint::step).max()
          .ifPresent(step -> last.put(key, step));
    }
    return last;
  }

  @Override
  public void logMetric(String key, double value, long step) {
    Long last = lastStep.get(key);
    if (last == null || step > last || key.startsWith(SystemMetricsSampler.PREFIX)) {
      delegate.logMetric(key, value, step);
    }
  }

  @Override
  public String runId() {
    return delegate.runId();
  }

  @Override
  public String experimentId() {
    return delegate.experimentId();
  }

  @Override
  public void logParam(String key, String value) {
    delegate.logParam(key, value);
  }

  @Override
  public void logParams(Map<String, String> params) {
    delegate.logParams(params);
  }

  @Override
  public void setTag(String key, String value) {
    delegate.setTag(key, value);
  }

  @Override
  public void logInputs(List<DatasetInput> inputs) {
    delegate.logInputs(inputs);
  }

  @Override
  public void logArtifact(Path localFile, String artifactDir) {
    delegate.logArtifact(localFile, artifactDir);
  }

  @Override
  public void writeArtifact(String artifactPath, byte[] bytes) {
    delegate.writeArtifact(artifactPath, bytes);
  }

  @Override
  public Optional<Path> artifactDirectory() {
    return delegate.artifactDirectory();
  }

  @Override
  public void end(RunStatus status) {
    delegate.end(status);
  }
}
