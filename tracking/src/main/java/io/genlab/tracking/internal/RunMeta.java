package io.genlab.tracking.internal;

import io.genlab.tracking.RunStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A run's {@code meta.yaml}: the keys and types MLflow 2.x and 3.x read. */
record RunMeta(
    String artifactUri,
    Long endTime,
    String experimentId,
    String lifecycleStage,
    String runId,
    String runName,
    long startTime,
    RunStatus status,
    String userId) {

  static final String FILE = "meta.yaml";
  static final String ACTIVE = "active";

  /** The same meta with another status and end time. */
  RunMeta withStatus(RunStatus newStatus, Long newEndTime) {
    return new RunMeta(artifactUri, newEndTime, experimentId, lifecycleStage, runId, runName, startTime, newStatus, userId);
  }

  RunMeta withRunName(String newRunName) {
    return new RunMeta(artifactUri, endTime, experimentId, lifecycleStage, runId, newRunName, startTime, status, userId);
  }

  boolean isActive() {
    return ACTIVE.equals(lifecycleStage);
  }

  String toYaml() {
    Map<String, Object> m = new HashMap<>();
    m.put("artifact_uri", artifactUri);
    m.put("deleted_time", null);
    m.put("end_time", endTime);
    m.put("entry_point_name", "");
    m.put("experiment_id", experimentId);
    m.put("lifecycle_stage", lifecycleStage);
    m.put("run_id", runId);
    m.put("run_name", runName);
    // MLflow 2.x readers still construct RunInfo from run_uuid.
    m.put("run_uuid", runId);
    m.put("source_name", "");
    m.put("source_type", 4); // SourceType.LOCAL
    m.put("source_version", "");
    m.put("start_time", startTime);
    m.put("status", status.code());
    m.put("tags", List.of()); // kept for old MLflow readers; tags live in tags/
    m.put("user_id", userId);
    return FlatYaml.write(m);
  }

  void write(Path runDir) throws IOException {
    AtomicFiles.write(runDir.resolve(FILE), toYaml().getBytes(StandardCharsets.UTF_8), runDir);
  }

  /**
   * Reads a run's meta.yaml, as written here or by MLflow.
   *
   * @throws java.io.UncheckedIOException wrapping a {@link io.genlab.tracking.StoreFileException} naming
   *     the file when it does not parse or a required key is missing or malformed
   */
  static RunMeta read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    Map<String, String> m;
    try {
      m = FlatYaml.parse(Stores.readText(file));
    } catch (IllegalArgumentException e) {
      throw Stores.unusable(file, "not a run's meta.yaml: " + e.getMessage());
    }
    try {
      String runId = m.get("run_id") != null ? m.get("run_id") : require(m, "run_uuid");
      String end = m.get("end_time");
      String stage = m.get("lifecycle_stage");
      return new RunMeta(
          m.getOrDefault("artifact_uri", ""),
          end == null ? null : Long.valueOf(end),
          require(m, "experiment_id"),
          stage == null ? ACTIVE : stage,
          runId,
          m.get("run_name"),
          Long.parseLong(require(m, "start_time")),
          RunStatus.fromCode(Integer.parseInt(require(m, "status"))),
          m.getOrDefault("user_id", ""));
    } catch (IllegalArgumentException e) {
      throw Stores.unusable(file, "not a run's meta.yaml: " + e.getMessage()
          + "; expected run_id, experiment_id, start_time and status (1 to 5) as MLflow writes them");
    }
  }

  private static String require(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing '" + key + "'");
    }
    return v;
  }
}
