package io.genlab.tracking.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.genlab.tracking.testkit.DatasetInputSnapshot;
import io.genlab.tracking.testkit.ExperimentSnapshot;
import io.genlab.tracking.testkit.MetricPoint;
import io.genlab.tracking.testkit.RunSnapshot;
import java.util.Collection;
import java.util.Map;

/**
 * MLflow's entities in the JSON its server writes ({@code message_to_json}): proto field names,
 * int64 as JSON numbers, enums by name, NaN and infinities as the strings {@code "NaN"}, {@code
 * "Infinity"}, {@code "-Infinity"}, fields never set and empty lists left out.
 */
final class ResponseShapes {
  private ResponseShapes() {}

  static JsonObject experiment(ExperimentSnapshot e) {
    JsonObject out = new JsonObject();
    out.addProperty("experiment_id", e.experimentId());
    out.addProperty("name", e.name());
    out.addProperty("artifact_location", e.artifactLocation());
    out.addProperty("lifecycle_stage", e.lifecycleStage());
    out.addProperty("last_update_time", e.lastUpdateTime());
    out.addProperty("creation_time", e.creationTime());
    addKeyValues(out, "tags", e.tags());
    return out;
  }

  static JsonObject runInfo(RunSnapshot r) {
    JsonObject out = new JsonObject();
    out.addProperty("run_id", r.runId());
    out.addProperty("run_uuid", r.runId());
    out.addProperty("run_name", r.runName());
    out.addProperty("experiment_id", r.experimentId());
    out.addProperty("user_id", r.userId());
    out.addProperty("status", r.status());
    out.addProperty("start_time", r.startTime());
    // MLflow's RunInfo.to_proto sets end_time only when it is truthy.
    if (r.endTime() != null && r.endTime() != 0) {
      out.addProperty("end_time", r.endTime());
    }
    out.addProperty("artifact_uri", r.artifactUri());
    out.addProperty("lifecycle_stage", r.lifecycleStage());
    return out;
  }

  static JsonObject run(RunSnapshot r) {
    JsonObject data = new JsonObject();
    addArray(
        data, "metrics", r.latestMetrics().values().stream().map(ResponseShapes::metric).toList());
    addKeyValues(data, "params", r.params());
    addKeyValues(data, "tags", r.tags());
    JsonObject inputs = new JsonObject();
    addArray(
        inputs,
        "dataset_inputs",
        r.datasetInputs().stream().map(ResponseShapes::datasetInput).toList());
    JsonObject out = new JsonObject();
    out.add("info", runInfo(r));
    out.add("data", data);
    out.add("inputs", inputs);
    return out;
  }

  static JsonObject metric(MetricPoint m) {
    JsonObject out = new JsonObject();
    out.addProperty("key", m.key());
    out.add("value", doubleValue(m.value()));
    out.addProperty("timestamp", m.timestamp());
    out.addProperty("step", m.step());
    return out;
  }

  static JsonPrimitive doubleValue(double value) {
    if (Double.isNaN(value)) {
      return new JsonPrimitive("NaN");
    }
    if (Double.isInfinite(value)) {
      return new JsonPrimitive(value > 0 ? "Infinity" : "-Infinity");
    }
    return new JsonPrimitive(value);
  }

  private static JsonObject datasetInput(DatasetInputSnapshot d) {
    JsonObject dataset = new JsonObject();
    dataset.addProperty("name", d.name());
    dataset.addProperty("digest", d.digest());
    dataset.addProperty("source_type", d.sourceType());
    dataset.addProperty("source", d.source());
    if (d.schema() != null) {
      dataset.addProperty("schema", d.schema());
    }
    if (d.profile() != null) {
      dataset.addProperty("profile", d.profile());
    }
    JsonObject out = new JsonObject();
    addKeyValues(out, "tags", d.tags());
    out.add("dataset", dataset);
    return out;
  }

  static JsonObject fileInfo(String path, boolean isDir, long size) {
    JsonObject out = new JsonObject();
    out.addProperty("path", path);
    out.addProperty("is_dir", isDir);
    if (!isDir) {
      out.addProperty("file_size", size);
    }
    return out;
  }

  private static void addKeyValues(JsonObject out, String name, Map<String, String> entries) {
    JsonArray array = new JsonArray();
    entries.forEach(
        (key, value) -> {
          JsonObject item = new JsonObject();
          item.addProperty("key", key);
          item.addProperty("value", value);
          array.add(item);
        });
    if (!array.isEmpty()) {
      out.add(name, array);
    }
  }

  static void addArray(JsonObject out, String name, Collection<JsonObject> items) {
    if (!items.isEmpty()) {
      JsonArray array = new JsonArray();
      items.forEach(array::add);
      out.add(name, array);
    }
  }
}
