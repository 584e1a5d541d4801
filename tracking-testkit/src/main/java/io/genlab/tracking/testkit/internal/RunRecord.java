package io.genlab.tracking.testkit.internal;

import io.genlab.tracking.testkit.DatasetInputSnapshot;
import io.genlab.tracking.testkit.MetricPoint;
import io.genlab.tracking.testkit.RunSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's mutable state; guarded by {@link TrackingState}'s lock. */
final class RunRecord {
  final String runId;
  final String experimentId;
  String runName;
  final String userId;
  String status = "RUNNING";
  final long startTime;
  Long endTime;
  final String artifactUri;
  String lifecycleStage = "active";
  Long deletedTime;
  final Map<String, String> params = new LinkedHashMap<>();
  final Map<String, String> tags = new LinkedHashMap<>();
  final Map<String, List<MetricPoint>> metrics = new LinkedHashMap<>();
  final Map<String, MetricPoint> latest = new LinkedHashMap<>();

  /** Inputs by dataset name and digest: MLflow links a dataset to a run once. */
  final Map<String, Input> inputs = new LinkedHashMap<>();

  RunRecord(
      String runId,
      String experimentId,
      String runName,
      String userId,
      long startTime,
      String artifactUri) {
    this.runId = runId;
    this.experimentId = experimentId;
    this.runName = runName;
    this.userId = userId;
    this.startTime = startTime;
    this.artifactUri = artifactUri;
  }

  boolean isActive() {
    return lifecycleStage.equals("active");
  }

  /** Appends a point (never deduplicated) and keeps the latest per key as MLflow defines it. */
  void append(MetricPoint point) {
    metrics.computeIfAbsent(point.key(), k -> new ArrayList<>()).add(point);
    MetricPoint current = latest.get(point.key());
    if (current == null || point.isLaterThan(current)) {
      latest.put(point.key(), point);
    }
  }

  RunSnapshot snapshot(boolean withHistory) {
    List<DatasetInputSnapshot> datasetInputs = new ArrayList<>();
    for (Input input : inputs.values()) {
      ExperimentRecord.DatasetRecord d = input.dataset();
      datasetInputs.add(
          new DatasetInputSnapshot(
              d.name(),
              d.digest(),
              d.sourceType(),
              d.source(),
              d.schema(),
              d.profile(),
              input.tags()));
    }
    return new RunSnapshot(
        runId,
        experimentId,
        runName,
        userId,
        status,
        startTime,
        endTime,
        artifactUri,
        lifecycleStage,
        params,
        tags,
        latest,
        withHistory ? metrics : Map.of(),
        datasetInputs);
  }

  record Input(ExperimentRecord.DatasetRecord dataset, Map<String, String> tags) {}
}
