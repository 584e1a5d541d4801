package io.genlab.tracking.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An experiment on the fake server, copied at one moment.
 *
 * @param experimentId the id ({@code 0} is {@code Default})
 * @param name the name, unique on the server
 * @param artifactLocation where its runs' artifacts go, e.g. {@code mlflow-artifacts:/1}
 * @param lifecycleStage {@code active} or {@code deleted}
 * @param creationTime milliseconds since the epoch
 * @param lastUpdateTime milliseconds since the epoch
 * @param tags the experiment's tags, in the order first set
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record ExperimentSnapshot(
    String experimentId,
    String name,
    String artifactLocation,
    String lifecycleStage,
    long creationTime,
    long lastUpdateTime,
    Map<String, String> tags) {
  public ExperimentSnapshot {
    Objects.requireNonNull(experimentId, "experimentId");
    Objects.requireNonNull(name, "name");
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /** Whether the experiment is deleted (MLflow keeps deleted experiments and their names). */
  public boolean isDeleted() {
    return "deleted".equals(lifecycleStage);
  }
}
