package io.genlab.tracking;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Where runs are recorded: starts and reopens runs for writers, lists runs for readers.
 *
 * <p>This is the seam between genlab and MLflow: a local file store or a tracking server (see {@link
 * Trackers#open}), so callers must not assume files behind it. Implementations are safe for concurrent use by several
 * threads; the file store may also be shared by several processes, each writing its own runs.
 * Parameters and return values are never {@code null} unless stated.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Tracker extends AutoCloseable {

  /**
   * Starts a run in the named experiment, creating the experiment when it does not exist.
   *
   * <p>Sets the system tags the MLflow UI reads ({@code mlflow.runName}, {@code mlflow.user},
   * {@code mlflow.source.name}, {@code mlflow.source.type}), then {@code tags}, which may override
   * all of them but {@code mlflow.runName}.
   *
   * @param experimentName the experiment name, or {@code null} for MLflow's {@code Default}
   * @param runName the display name, or {@code null} to take {@code tags}' {@code mlflow.runName} or
   *     else derive one from the run id
   * @param tags tags to set on the run, may be {@code null} or empty
   * @return the new run, with status {@link RunStatus#RUNNING}
   * @throws IllegalArgumentException if a tag key is invalid, or {@code runName} and {@code tags}'
   *     {@code mlflow.runName} disagree
   * @throws IllegalStateException if an experiment with that name exists but is deleted
   * @throws java.io.UncheckedIOException if the store cannot be written
   */
  TrackedRun startRun(String experimentName, String runName, Map<String, String> tags);

  /**
   * Reopens an existing run to continue logging to it, e.g. when a training resumes.
   *
   * <p>Like MLflow's {@code start_run(run_id=...)}, the run's status becomes {@link
   * RunStatus#RUNNING} again and its end time is cleared; what was logged before is kept.
   *
   * @param runId the id of the run
   * @throws IllegalArgumentException if no run has that id; the message names the id and the store
   * @throws IllegalStateException if the run is deleted
   */
  TrackedRun openRun(String runId);

  /** The names of the active experiments, in id order. */
  List<String> experimentNames();

  /**
   * The active runs of an experiment, in start order.
   *
   * @throws IllegalArgumentException if there is no such active experiment; the message lists the
   *     existing experiments
   */
  List<RunInfo> runs(String experimentName);

  /** The active run with that id, or empty when there is none. */
  Optional<RunInfo> run(String runId);

  /**
   * Every value logged for a metric of a run, in the order logged.
   *
   * @return the points, empty when the run never logged {@code key}
   * @throws IllegalArgumentException if no run has that id, or {@code key} is not a valid key
   */
  List<MetricPoint> metricHistory(String runId, String key);

  /**
   * The bytes of one artifact of a run, e.g. its {@code spec/resolved.yaml} or a checkpoint, so that a
   * run can be resumed or redone from what it logged.
   *
   * @param artifactPath the artifact's {@code /}-separated relative path
   * @return the bytes, or empty when the run has no artifact at that path
   * @throws IllegalArgumentException if no run has that id or the path is not relative and normalized
   * @throws UnsupportedOperationException if this tracker cannot read artifacts back
   * @since 0.2
   */
  default Optional<byte[]> readArtifact(String runId, String artifactPath) {
    throw new UnsupportedOperationException(describe() + " cannot read artifacts back");
  }

  /**
   * The files directly inside one artifact folder of a run (not its subfolders), as {@code /}-separated
   * artifact paths sorted by name, e.g. the sample grids under {@code samples/} that a report shows.
   *
   * @param directory the folder's relative path, e.g. {@code samples}; empty for the run's top folder
   * @return the paths, empty when the folder does not exist or this tracker cannot list artifacts (the default)
   * @throws IllegalArgumentException if no run has that id (trackers that can list) or the path is not relative
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  default List<String> listArtifacts(String runId, String directory) {
    return List.of();
  }

  /**
   * The datasets logged to a run with {@link TrackedRun#logInputs}, sorted by name, then context, then
   * digest; what a sync copies from one store to another.
   *
   * @return the inputs, empty when the run has none or this tracker cannot read them back (the default)
   * @throws IllegalArgumentException if no run has that id (trackers that can read inputs)
   * @throws java.io.UncheckedIOException wrapping a {@link StoreFileException} naming a dataset or input
   *     file that does not parse
   * @since 0.5
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  default List<DatasetInput> datasetInputs(String runId) {
    return List.of();
  }

  /**
   * Checks, leaving nothing behind, that {@link #startRun} could record a run in {@code experimentName}:
   * the store is reachable and its folders (or, for a store not yet created, the folder it would be
   * created in) are writable. Commands call it before they start a run, and {@code --dry-run} calls it.
   *
   * @param experimentName the experiment, or {@code null} for {@code Default}
   * @throws java.io.UncheckedIOException naming the folder (a {@link StoreFileException}) when it is not
   * @since 0.2
   */
  default void checkCanStartRun(String experimentName) {}

  /**
   * The ids of the runs in the store, for did-you-mean hints; empty when this tracker cannot list them.
   *
   * @since 0.2
   */
  default List<String> runIds() {
    return List.of();
  }

  /** Where this tracker records, for logs and error messages, e.g. {@code MLflow file store at /abs/mlruns}. */
  String describe();

  /**
   * Releases what the tracker holds; a tracking server's first sends what is still pending (waiting a while
   * for a server that answers) and says where the rest waits. The file store holds nothing.
   */
  @Override
  default void close() {}
}
