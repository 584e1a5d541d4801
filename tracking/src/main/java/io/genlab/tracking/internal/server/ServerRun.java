package io.genlab.tracking.internal.server;

import io.genlab.tracking.DatasetInput;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run of a tracking server: written to the spool at once, sent by the {@link Pusher} in the background.
 * A refusal by the server (a 4xx) surfaces at the next call. Thread-safe as the spool's runs are.
 */
final class ServerRun implements TrackedRun {
  private final TrackedRun spooled;
  private final Pusher pusher;

  ServerRun(TrackedRun spooled, Pusher pusher) {
    this.spooled = spooled;
    this.pusher = pusher;
  }

  private void checkNotRefused() {
    pusher.refusal(spooled.runId()).ifPresent(e -> {
      throw new UncheckedIOException(e.getMessage(), e);
    });
  }

  @Override
  public String runId() {
    return spooled.runId();
  }

  @Override
  public String experimentId() {
    return spooled.experimentId();
  }

  @Override
  public void logParam(String key, String value) {
    checkNotRefused();
    spooled.logParam(key, value);
    pusher.changed(runId(), null);
  }

  @Override
  public void logParams(Map<String, String> params) {
    checkNotRefused();
    spooled.logParams(params);
    pusher.changed(runId(), null);
  }

  @Override
  public void logMetric(String key, double value, long step) {
    checkNotRefused();
    spooled.logMetric(key, value, step);
    pusher.changed(runId(), key);
  }

  @Override
  public void setTag(String key, String value) {
    checkNotRefused();
    spooled.setTag(key, value);
    pusher.changed(runId(), null);
  }

  @Override
  public void logArtifact(Path localFile, String artifactDir) {
    checkNotRefused();
    spooled.logArtifact(localFile, artifactDir);
    pusher.artifactWritten(runId());
  }

  @Override
  public void writeArtifact(String artifactPath, byte[] bytes) {
    checkNotRefused();
    spooled.writeArtifact(artifactPath, bytes);
    pusher.artifactWritten(runId());
  }

  @Override
  public void logInputs(List<DatasetInput> inputs) {
    checkNotRefused();
    spooled.logInputs(inputs);
    pusher.changed(runId(), null);
  }

  /** Empty: artifacts live on the server; writing through this run is what sends them. */
  @Override
  public Optional<Path> artifactDirectory() {
    return Optional.empty();
  }

  @Override
  public void markScheduled() {
    spooled.markScheduled();
    pusher.changed(runId(), null);
    pusher.wake();
    checkNotRefused();
  }

  @Override
  public void end(RunStatus status) {
    spooled.end(status);
    pusher.changed(runId(), null);
    pusher.wake();
    checkNotRefused();
  }
}
