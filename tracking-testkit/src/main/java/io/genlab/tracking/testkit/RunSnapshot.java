package io.genlab.tracking.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A run on the fake server, copied at one moment, with everything logged to it.
 *
 * @param runId the run id (32 hex characters)
 * @param experimentId the experiment's id
 * @param runName the run's name (also its {@code mlflow.runName} tag)
 * @param userId the user id the client sent, {@code ""} if none
 * @param status {@code RUNNING}, {@code SCHEDULED}, {@code FINISHED}, {@code FAILED} or {@code
 *     KILLED}
 * @param startTime milliseconds since the epoch, as the client sent it (0 if it sent none)
 * @param endTime milliseconds since the epoch, or {@code null} if never set
 * @param artifactUri where the run's artifacts go
 * @param lifecycleStage {@code active} or {@code deleted}
 * @param params the params, in the order first logged
 * @param tags the tags, in the order first set
 * @param latestMetrics each metric's latest point as MLflow defines it ({@link
 *     MetricPoint#isLaterThan})
 * @param metricHistory each metric's points in the order received, duplicates kept; empty in the
 *     copies the server makes to answer requests
 * @param datasetInputs the dataset inputs, in the order first logged
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record RunSnapshot(
    String runId,
    String experimentId,
    String runName,
    String userId,
    String status,
    long startTime,
    Long endTime,
    String artifactUri,
    String lifecycleStage,
    Map<String, String> params,
    Map<String, String> tags,
    Map<String, MetricPoint> latestMetrics,
    Map<String, List<MetricPoint>> metricHistory,
    List<DatasetInputSnapshot> datasetInputs) {
  public RunSnapshot {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    latestMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(latestMetrics));
    Map<String, List<MetricPoint>> history = new LinkedHashMap<>();
    metricHistory.forEach((key, points) -> history.put(key, List.copyOf(points)));
    metricHistory = Collections.unmodifiableMap(history);
    datasetInputs = List.copyOf(datasetInputs);
  }

  /** The points logged for {@code key}, in the order received; empty if none. */
  public List<MetricPoint> metricHistory(String key) {
    return metricHistory.getOrDefault(key, List.of());
  }

  /** Whether the run is deleted. */
  public boolean isDeleted() {
    return "deleted".equals(lifecycleStage);
  }
}
