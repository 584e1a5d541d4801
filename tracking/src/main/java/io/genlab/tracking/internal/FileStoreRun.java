package io.genlab.tracking.internal;

import io.genlab.tracking.DatasetInput;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run in MLflow's file store. Thread-safe: every method that writes holds the run's lock, so that a
 * sampler thread's metric and the training thread's tag never race on the run's files (a param's
 * check-then-write, meta.yaml's read-modify-write).
 */
final class FileStoreRun implements TrackedRun {
  private final FileStoreTracker store;
  private final Path runDir;
  private final String runId;
  private final String experimentId;

  FileStoreRun(FileStoreTracker store, Path runDir, RunMeta meta) {
    this.store = store;
    this.runDir = runDir;
    this.runId = meta.runId();
    this.experimentId = meta.experimentId();
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public String experimentId() {
    return experimentId;
  }

  @Override
  public synchronized void logParam(String key, String value) {
    logParams(Map.of(Objects.requireNonNull(key, "param key must not be null"),
        Objects.requireNonNull(value, () -> "value of param '" + key + "' must not be null")));
  }

  @Override
  public synchronized void logParams(Map<String, String> params) {
    Objects.requireNonNull(params, "params");
    // Check everything first so that a bad or conflicting param leaves the run unchanged.
    Map<String, String> toWrite = new LinkedHashMap<>();
    try {
      for (var e : params.entrySet()) {
        String key = Keys.check(e.getKey(), "param");
        String value = Objects.requireNonNull(e.getValue(), () -> "value of param '" + key + "' must not be null");
        if (Keys.length(value) > Keys.MAX_PARAM_VALUE_LENGTH) {
          throw new IllegalArgumentException("value of param '" + key + "' must be at most "
              + Keys.MAX_PARAM_VALUE_LENGTH + " characters, found " + Keys.length(value));
        }
        Path file = paramFile(key);
        if (Files.exists(file)) {
          String old = Files.readString(file, StandardCharsets.UTF_8);
          if (!old.equals(value)) {
            throw new IllegalArgumentException("param '" + key + "' of run " + runId + " is already '"
                + old + "' and cannot change to '" + value + "': params are written once (log a metric or"
                + " tag for values that change)");
          }
        } else {
          toWrite.put(key, value);
        }
      }
      for (var e : toWrite.entrySet()) {
        Path file = paramFile(e.getKey());
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, e.getValue().getBytes(StandardCharsets.UTF_8), runDir);
      }
    } catch (IOException e) {
      throw io("log params", e);
    }
  }

  private Path paramFile(String key) {
    return runDir.resolve("params").resolve(key);
  }

  @Override
  public synchronized void logMetric(String key, double value, long step) {
    logMetricAt(key, value, step, store.now());
  }

  /** Appends a point logged at {@code timestamp}, e.g. one copied from another store. */
  synchronized void logMetricAt(String key, double value, long step, long timestamp) {
    Keys.check(key, "metric");
    Path root = runDir.resolve("metrics");
    Path file = root.resolve(key);
    // The file store keeps each key as a file, so no key may also be the folder of another.
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException("metric key '" + key + "' cannot be logged: metrics named '" + key
          + "/...' already exist in run " + runId + ", and MLflow's file store cannot hold both");
    }
    for (Path prefix = file.getParent(); !prefix.equals(root); prefix = prefix.getParent()) {
      if (Files.isRegularFile(prefix)) {
        throw new IllegalArgumentException("metric key '" + key + "' cannot be logged: '"
            + root.relativize(prefix).toString().replace(java.io.File.separatorChar, '/') + "' is already a metric of run "
            + runId + ", and MLflow's file store cannot hold a key inside another");
      }
    }
    try {
      Files.createDirectories(file.getParent());
      AtomicFiles.append(file, MetricLines.format(timestamp, value, step));
    } catch (IOException e) {
      throw io("log metric '" + key + "'", e);
    }
  }

  @Override
  public synchronized void setTag(String key, String value) {
    Keys.check(key, "tag");
    Objects.requireNonNull(value, () -> "value of tag '" + key + "' must not be null");
    try {
      writeTag(key, value);
      if (key.equals(FileStoreTracker.TAG_RUN_NAME)) {
        // MLflow keeps run_name and the tag in step; so does its own set_tag.
        RunMeta.read(runDir).withRunName(Keys.truncate(value, Keys.MAX_TAG_VALUE_LENGTH)).write(runDir);
      }
    } catch (IOException e) {
      throw io("set tag '" + key + "'", e);
    }
  }

  /** Writes a checked tag; the temporary file goes to the run folder, which MLflow never lists. */
  synchronized void writeTag(String key, String value) {
    Path file = runDir.resolve("tags").resolve(key);
    try {
      Files.createDirectories(file.getParent());
      String v = Keys.truncate(value, Keys.MAX_TAG_VALUE_LENGTH);
      AtomicFiles.write(file, v.getBytes(StandardCharsets.UTF_8), runDir);
    } catch (IOException e) {
      throw io("set tag '" + key + "'", e);
    }
  }

  @Override
  public synchronized void logArtifact(Path localFile, String artifactDir) {
    Objects.requireNonNull(localFile, "localFile");
    Keys.checkArtifactPath(artifactDir, true);
    if (!Files.isRegularFile(localFile)) {
      throw new IllegalArgumentException("cannot log artifact " + localFile + ": not a regular file");
    }
    Path dir = artifactRoot().resolve(artifactDir);
    try {
      Files.createDirectories(dir);
      // The temporary file sits next to the target: an artifact folder may be a mount of its own.
      AtomicFiles.copy(localFile, dir.resolve(localFile.getFileName().toString()), dir);
    } catch (IOException e) {
      throw io("log artifact " + localFile, e);
    }
  }

  @Override
  public synchronized void writeArtifact(String artifactPath, byte[] bytes) {
    Keys.checkArtifactPath(artifactPath, false);
    Objects.requireNonNull(bytes, "bytes");
    Path target = artifactRoot().resolve(artifactPath);
    try {
      Files.createDirectories(target.getParent());
      AtomicFiles.write(target, bytes, target.getParent());
    } catch (IOException e) {
      throw io("write artifact '" + artifactPath + "'", e);
    }
  }

  @Override
  public synchronized void logInputs(List<DatasetInput> inputs) {
    Objects.requireNonNull(inputs, "inputs");
    for (DatasetInput input : inputs) {
      Objects.requireNonNull(input, "inputs must not hold null");
    }
    try {
      DatasetFiles.write(runDir, runId, inputs);
    } catch (IOException e) {
      throw io("log dataset inputs", e);
    }
  }

  private Path artifactRoot() {
    return runDir.resolve("artifacts");
  }

  @Override
  public Optional<Path> artifactDirectory() {
    return Optional.of(artifactRoot());
  }

  @Override
  public synchronized void markScheduled() {
    try {
      RunMeta.read(runDir).withStatus(RunStatus.SCHEDULED, null).write(runDir);
    } catch (IOException e) {
      throw io("mark the run scheduled", e);
    }
  }

  @Override
  public synchronized void end(RunStatus status) {
    Objects.requireNonNull(status, "status");
    if (!status.isTerminal()) {
      throw new IllegalArgumentException("cannot end run " + runId + " with status " + status
          + ": use FINISHED, FAILED or KILLED");
    }
    try {
      RunMeta.read(runDir).withStatus(status, store.now()).write(runDir);
    } catch (IOException e) {
      throw io("end run", e);
    }
  }

  @Override
  public String toString() {
    return "run " + runId + " in " + store.describe();
  }

  private UncheckedIOException io(String what, IOException e) {
    return new UncheckedIOException("cannot " + what + " in run " + runId + " (" + store.describe() + "): "
        + e.getMessage(), e);
  }
}
