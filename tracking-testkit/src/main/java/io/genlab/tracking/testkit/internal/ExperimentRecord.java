package io.genlab.tracking.testkit.internal;

import io.genlab.tracking.testkit.ExperimentSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/** An experiment's mutable state; guarded by {@link TrackingState}'s lock. */
final class ExperimentRecord {
  final String id;
  String name;
  final String artifactLocation;
  String lifecycleStage = "active";
  final long creationTime;
  long lastUpdateTime;
  final Map<String, String> tags = new LinkedHashMap<>();

  /**
   * Datasets logged to the experiment's runs, by name and digest, as MLflow's SQL store keeps them.
   */
  final Map<String, DatasetRecord> datasets = new LinkedHashMap<>();

  ExperimentRecord(String id, String name, String artifactLocation, long now) {
    this.id = id;
    this.name = name;
    this.artifactLocation = artifactLocation;
    this.creationTime = now;
    this.lastUpdateTime = now;
  }

  boolean isActive() {
    return lifecycleStage.equals("active");
  }

  ExperimentSnapshot snapshot() {
    return new ExperimentSnapshot(
        id, name, artifactLocation, lifecycleStage, creationTime, lastUpdateTime, tags);
  }

  record DatasetRecord(
      String name, String digest, String sourceType, String source, String schema, String profile) {
    String key() {
      return name + "\u0000" + digest;
    }
  }
}
