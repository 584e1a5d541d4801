package io.genlab.tracking;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A run being recorded: params, metrics, tags and artifacts, then an end status.
 *
 * <p>Safe for concurrent use (since 0.5): several threads may log to one run at once, e.g. the training
 * loop and a sampler of system metrics; each call is recorded whole, once. Distinct runs may be logged to
 * concurrently, from threads or processes; one run must be written by one process. Logging after {@link #end} is
 * allowed, as in MLflow. Keys are checked the same way for params, metrics and tags: characters
 * {@code [/\w.\- :]} (ASCII word characters), at most 250 characters, not empty, no leading {@code
 * /}, no {@code ..}, no empty or {@code .} path segments; a {@code /} nests the key in the UI.
 * Parameters are never {@code null}.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface TrackedRun {

  /** The run id: 32 lowercase hex characters. */
  String runId();

  /** The id of the experiment holding the run. */
  String experimentId();

  /**
   * Records a param. A param is written once: logging the same value again does nothing.
   *
   * @throws IllegalArgumentException if the key is invalid, the value is longer than 6000
   *     characters (rejected rather than truncated: a param identifies the configuration), or the
   *     param already has a different value; the message names the key and both values
   */
  void logParam(String key, String value);

  /**
   * Records several params; either all are written or, when one is invalid or conflicts, none.
   *
   * @throws IllegalArgumentException as {@link #logParam}
   */
  void logParams(Map<String, String> params);

  /**
   * Appends a value to a metric's history, stamped with the current time.
   *
   * @param value the value; NaN and infinities are recorded as such
   * @param step the training step
   * @throws IllegalArgumentException if the key is invalid
   */
  void logMetric(String key, double value, long step);

  /**
   * Sets a tag, replacing its previous value. Values longer than 8000 characters are truncated to
   * 8000, as MLflow does: tags describe a run and must not fail it.
   *
   * <p>Setting {@code mlflow.runName} also renames the run.
   *
   * @throws IllegalArgumentException if the key is invalid
   */
  void setTag(String key, String value);

  /**
   * Copies a local file into the run's artifacts, replacing an artifact of the same path.
   *
   * @param localFile a regular file
   * @param artifactDir the artifact folder, {@code ""} for the root, {@code /}-separated, relative
   * @throws IllegalArgumentException if {@code localFile} is not a regular file or {@code
   *     artifactDir} is not a relative, normalized path
   */
  void logArtifact(Path localFile, String artifactDir);

  /**
   * Writes bytes as an artifact, replacing an artifact of the same path; readers never see it
   * half-written.
   *
   * @param artifactPath the artifact's {@code /}-separated relative path, e.g. {@code
   *     samples/epoch-10.png}
   * @throws IllegalArgumentException if {@code artifactPath} is empty or not a relative, normalized
   *     path
   */
  void writeArtifact(String artifactPath, byte[] bytes);

  /**
   * The local folder holding the run's artifacts, or empty for trackers that keep artifacts
   * elsewhere (a tracking server): use {@link #logArtifact} and {@link #writeArtifact} to stay
   * portable.
   */
  Optional<Path> artifactDirectory();

  /**
   * Records datasets the run used, as MLflow's {@code log_inputs} does: each dataset once per experiment
   * (identified by name and digest), each input once per run, so logging the same dataset again (a resumed
   * run) changes nothing; the first logging's input tags stay.
   *
   * @param inputs the datasets, checked by {@link DatasetInput}; may be empty
   * @throws UnsupportedOperationException if the run's tracker cannot record dataset inputs (the default)
   * @throws java.io.UncheckedIOException if the store cannot be written
   * @since 0.5
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  default void logInputs(List<DatasetInput> inputs) {
    throw new UnsupportedOperationException("run " + runId() + " (" + getClass().getName()
        + ") cannot record dataset inputs: its tracker does not support them");
  }

  /**
   * Marks the run {@link RunStatus#SCHEDULED}: queued for a process that has not started yet (a task waiting in a
   * cluster's queue), so that it does not show as running meanwhile. That process continues it with {@link
   * Tracker#openRun}, which makes it running; {@link #end} ends it, started or not.
   *
   * <p>The default does nothing, so that a tracker without a scheduled state leaves the run {@link
   * RunStatus#RUNNING}; genlab's file store and tracking-server trackers record it.
   *
   * @throws java.io.UncheckedIOException if the store cannot be written
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  default void markScheduled() {}

  /**
   * Ends the run: records {@code status} and the end time.
   *
   * @param status {@link RunStatus#FINISHED}, {@link RunStatus#FAILED} or {@link RunStatus#KILLED}
   * @throws IllegalArgumentException if {@code status} is not terminal
   */
  void end(RunStatus status);
}
