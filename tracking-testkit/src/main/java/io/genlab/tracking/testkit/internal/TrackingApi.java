package io.genlab.tracking.testkit.internal;

import com.google.gson.JsonObject;
import io.genlab.tracking.testkit.DatasetInputSnapshot;
import io.genlab.tracking.testkit.ExperimentSnapshot;
import io.genlab.tracking.testkit.MetricPoint;
import io.genlab.tracking.testkit.RunSnapshot;
import io.genlab.tracking.testkit.internal.TrackingState.KeyValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * MLflow's tracking REST API under {@code /api/2.0/mlflow/}: the endpoints genlab uses, each with
 * the HTTP methods MLflow 2.17's {@code service.proto} gives it, reading the request as MLflow's
 * handlers do (query parameters for GET, else a JSON body with {@code Content-Type:
 * application/json}) and answering in its JSON shapes.
 *
 * <p>Endpoints MLflow has but the fake does not (traces, logged models, the model registry, dataset
 * search, bulk metric history) answer 501 NOT_IMPLEMENTED naming the path, so a client using one
 * fails a test plainly; unknown paths answer 404 and known paths with another method 405, as Flask
 * does.
 */
public final class TrackingApi {
  public static final String PREFIX = "/api/2.0/mlflow/";
  private static final List<String> NOT_IMPLEMENTED =
      List.of(
          "runs/log-model",
          "metrics/get-history-bulk-interval",
          "metrics/get-history-bulk",
          "experiments/search-datasets",
          "traces",
          "registered-models/",
          "model-versions/");

  private record Route(Set<String> methods, Function<ProtoFields, JsonObject> handler) {}

  private final TrackingState state;
  private final ArtifactStore artifacts;
  private final Map<String, Route> routes = new LinkedHashMap<>();

  public TrackingApi(TrackingState state, ArtifactStore artifacts) {
    this.state = state;
    this.artifacts = artifacts;
    post("experiments/create", this::createExperiment);
    get("experiments/get", m -> experiment(state.experiment(m.requiredString("experiment_id"))));
    get("experiments/get-by-name", this::getExperimentByName);
    routes.put("experiments/search", new Route(Set.of("GET", "POST"), this::searchExperiments));
    post("experiments/set-experiment-tag", this::setExperimentTag);
    post(
        "experiments/delete",
        m -> empty(() -> state.deleteExperiment(m.requiredString("experiment_id"))));
    post(
        "experiments/restore",
        m -> empty(() -> state.restoreExperiment(m.requiredString("experiment_id"))));
    post("experiments/update", this::updateExperiment);
    post("runs/create", this::createRun);
    post("runs/update", this::updateRun);
    post("runs/delete", m -> empty(() -> state.deleteRun(m.requiredString("run_id"))));
    post("runs/restore", m -> empty(() -> state.restoreRun(m.requiredString("run_id"))));
    get("runs/get", m -> wrap("run", ResponseShapes.run(state.run(runId(m), false))));
    post("runs/search", this::searchRuns);
    post("runs/log-batch", this::logBatch);
    post("runs/log-metric", this::logMetric);
    post("runs/log-parameter", this::logParam);
    post("runs/set-tag", this::setTag);
    post(
        "runs/delete-tag",
        m -> empty(() -> state.deleteTag(m.requiredString("run_id"), m.requiredString("key"))));
    post("runs/log-inputs", this::logInputs);
    get("metrics/get-history", this::metricHistory);
    get("artifacts/list", this::listArtifacts);
  }

  private void get(String path, Function<ProtoFields, JsonObject> handler) {
    routes.put(path, new Route(Set.of("GET"), handler));
  }

  private void post(String path, Function<ProtoFields, JsonObject> handler) {
    routes.put(path, new Route(Set.of("POST"), handler));
  }

  /** The route's name for counting requests, e.g. {@code runs/log-batch}, or {@code null}. */
  public static String routeName(String path) {
    return path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : null;
  }

  /** Answers a request under {@link #PREFIX}. */
  public HttpReply handle(HttpCall call) {
    String name = call.path().substring(PREFIX.length());
    Route route = routes.get(name);
    if (route == null) {
      for (String known : NOT_IMPLEMENTED) {
        if (name.equals(known)
            || known.endsWith("/") && name.startsWith(known)
            || name.startsWith(known + "/")) {
          return HttpReply.error(
              ErrorCode.NOT_IMPLEMENTED,
              "The fake MLflow server does not implement " + call.path());
        }
      }
      return HttpReply.notFound();
    }
    if (!route.methods().contains(call.method())) {
      return HttpReply.methodNotAllowed(String.join(", ", route.methods()) + ", HEAD, OPTIONS");
    }
    try {
      if (name.equals("runs/log-batch")) {
        checkContentType(call);
        Validation.batchRequestSize(call.body().length);
      }
      return HttpReply.json(route.handler().apply(message(call)));
    } catch (MlflowError e) {
      return HttpReply.error(e);
    }
  }

  /** MLflow's {@code _get_request_message}: GET query parameters, else the JSON body. */
  static ProtoFields message(HttpCall call) {
    if (call.method().equals("GET") && !call.rawQuery().isEmpty()) {
      return ProtoFields.ofQuery(call.query());
    }
    checkContentType(call);
    return ProtoFields.of(Json.parseObject(call.body()));
  }

  /** MLflow's {@code _validate_content_type} for POST and PUT (since 2.10). */
  static void checkContentType(HttpCall call) {
    if (!call.method().equals("POST") && !call.method().equals("PUT")) {
      return;
    }
    String contentType = call.header("Content-Type");
    if (contentType == null) {
      throw MlflowError.invalid("Bad Request. Content-Type header is missing.");
    }
    if (!contentType.split(";")[0].trim().equals("application/json")) {
      throw MlflowError.invalid("Bad Request. Content-Type must be one of ['application/json'].");
    }
  }

  // ----- experiments

  private JsonObject createExperiment(ProtoFields m) {
    String name = m.requiredString("name");
    String location = m.string("artifact_location");
    if (location != null && location.startsWith("runs:")) {
      throw MlflowError.invalid(
          "Artifact location cannot be a runs:/ URI. Given: '" + location + "'");
    }
    if (location != null && (location.contains("#") || location.contains(";"))) {
      throw MlflowError.invalid("'artifact_location' URL can't include fragments or params.");
    }
    String id = state.createExperiment(name, location, keyValues(m, "tags"));
    JsonObject out = new JsonObject();
    out.addProperty("experiment_id", id);
    return out;
  }

  private JsonObject getExperimentByName(ProtoFields m) {
    String name = m.requiredString("experiment_name");
    return experiment(
        state
            .experimentByName(name)
            .orElseThrow(
                () -> MlflowError.notFound("Could not find experiment with name '" + name + "'")));
  }

  private static JsonObject experiment(ExperimentSnapshot e) {
    return wrap("experiment", ResponseShapes.experiment(e));
  }

  private JsonObject searchExperiments(ProtoFields m) {
    Long maxResults = m.int64("max_results");
    String viewType = m.enumName("view_type", TrackingState.VIEW_TYPES);
    Page<ExperimentSnapshot> page =
        state.searchExperiments(
            viewType == null ? "ACTIVE_ONLY" : viewType,
            maxResults == null ? 0 : maxResults,
            m.string("filter"),
            m.strings("order_by"),
            m.string("page_token"));
    JsonObject out = new JsonObject();
    ResponseShapes.addArray(
        out, "experiments", page.items().stream().map(ResponseShapes::experiment).toList());
    addToken(out, page);
    return out;
  }

  private JsonObject setExperimentTag(ProtoFields m) {
    String id = m.requiredString("experiment_id");
    String key = m.requiredString("key");
    state.setExperimentTag(id, key, m.stringOrEmpty("value"));
    return new JsonObject();
  }

  private JsonObject updateExperiment(ProtoFields m) {
    String id = m.requiredString("experiment_id");
    String newName = m.string("new_name");
    if (newName != null && !newName.isEmpty()) {
      state.renameExperiment(id, newName);
    } else {
      state.experiment(id);
    }
    return new JsonObject();
  }

  // ----- runs

  private JsonObject createRun(ProtoFields m) {
    // MLflow puts a run without experiment_id into Default; the fake refuses so the omission shows.
    String experimentId = m.requiredString("experiment_id");
    Long startTime = m.int64("start_time");
    RunSnapshot run =
        state.createRun(
            experimentId,
            m.stringOrEmpty("user_id"),
            m.string("run_name"),
            startTime == null ? 0 : startTime,
            keyValues(m, "tags"));
    return wrap("run", ResponseShapes.run(run));
  }

  private JsonObject updateRun(ProtoFields m) {
    RunSnapshot run =
        state.updateRun(
            runId(m),
            m.enumName("status", TrackingState.RUN_STATUSES),
            m.int64("end_time"),
            m.string("run_name"));
    return wrap("run_info", ResponseShapes.runInfo(run));
  }

  private JsonObject searchRuns(ProtoFields m) {
    Integer maxResults = m.int32("max_results");
    if (maxResults != null && maxResults > Validation.SEARCH_MAX_RESULTS_THRESHOLD) {
      throw MlflowError.invalidValue("max_results", maxResults, null);
    }
    String viewType = m.enumName("run_view_type", TrackingState.VIEW_TYPES);
    Page<RunSnapshot> page =
        state.searchRuns(
            m.strings("experiment_ids"),
            m.string("filter"),
            viewType == null ? "ACTIVE_ONLY" : viewType,
            maxResults == null ? 1000 : maxResults,
            m.strings("order_by"),
            m.string("page_token"));
    JsonObject out = new JsonObject();
    ResponseShapes.addArray(out, "runs", page.items().stream().map(ResponseShapes::run).toList());
    addToken(out, page);
    return out;
  }

  private JsonObject logBatch(ProtoFields m) {
    String runId = runId(m);
    List<MetricPoint> metrics = new ArrayList<>();
    for (ProtoFields metric : m.messages("metrics")) {
      metrics.add(metricPoint(metric));
    }
    List<KeyValue> paramsInOrder = new ArrayList<>();
    for (ProtoFields param : m.messages("params")) {
      paramsInOrder.add(new KeyValue(param.requiredString("key"), param.stringOrEmpty("value")));
    }
    List<KeyValue> tags = new ArrayList<>();
    for (ProtoFields tag : m.messages("tags")) {
      tags.add(new KeyValue(tag.requiredString("key"), tag.stringOrEmpty("value")));
    }
    state.logBatch(runId, metrics, paramsInOrder, tags);
    return new JsonObject();
  }

  private JsonObject logMetric(ProtoFields m) {
    state.logMetric(runId(m), metricPoint(m));
    return new JsonObject();
  }

  private static MetricPoint metricPoint(ProtoFields m) {
    String key = m.requiredString("key");
    Double value = m.dbl("value");
    if (value == null) {
      throw MlflowError.missing(m.path("value"));
    }
    long timestamp = m.requiredInt64("timestamp");
    Long step = m.int64("step");
    return new MetricPoint(key, value, timestamp, step == null ? 0 : step);
  }

  private JsonObject logParam(ProtoFields m) {
    state.logParam(runId(m), m.requiredString("key"), m.stringOrEmpty("value"));
    return new JsonObject();
  }

  private JsonObject setTag(ProtoFields m) {
    state.setTag(runId(m), m.requiredString("key"), m.stringOrEmpty("value"));
    return new JsonObject();
  }

  private JsonObject logInputs(ProtoFields m) {
    String runId = m.requiredString("run_id");
    List<DatasetInputSnapshot> inputs = new ArrayList<>();
    for (ProtoFields input : m.messages("datasets")) {
      ProtoFields dataset = input.message("dataset");
      if (dataset == null) {
        throw MlflowError.missing(input.path("dataset"));
      }
      Map<String, String> tags = new LinkedHashMap<>();
      for (ProtoFields tag : input.messages("tags")) {
        String value = tag.string("value");
        if (value == null) {
          throw MlflowError.missing(tag.path("value"));
        }
        tags.put(tag.requiredString("key"), value);
      }
      inputs.add(
          new DatasetInputSnapshot(
              dataset.requiredString("name"),
              dataset.requiredString("digest"),
              dataset.requiredString("source_type"),
              dataset.requiredString("source"),
              dataset.string("schema"),
              dataset.string("profile"),
              tags));
    }
    state.logInputs(runId, inputs);
    return new JsonObject();
  }

  private JsonObject metricHistory(ProtoFields m) {
    String runId = runId(m);
    Page<MetricPoint> page =
        state.metricHistory(
            runId, m.requiredString("metric_key"), m.int32("max_results"), m.string("page_token"));
    JsonObject out = new JsonObject();
    ResponseShapes.addArray(
        out, "metrics", page.items().stream().map(ResponseShapes::metric).toList());
    addToken(out, page);
    return out;
  }

  private JsonObject listArtifacts(ProtoFields m) {
    String path = m.string("path");
    String relative = path == null ? "" : ArtifactPaths.safe(path);
    RunSnapshot run = state.run(runId(m), false);
    String root = run.artifactUri();
    List<JsonObject> files = new ArrayList<>();
    String base = ArtifactStore.storePath(root);
    if (base != null) {
      String dir = relative.isEmpty() ? base : base + "/" + relative;
      for (ArtifactStore.Entry entry : artifacts.list(dir)) {
        String entryPath = relative.isEmpty() ? entry.name() : relative + "/" + entry.name();
        files.add(ResponseShapes.fileInfo(entryPath, entry.isDir(), entry.size()));
      }
    } else if (root.startsWith("file:")) {
      Path dir = Path.of(URI.create(root)).resolve(relative);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> children = Files.list(dir)) {
          for (Path child : children.sorted().toList()) {
            String entryPath =
                (relative.isEmpty() ? "" : relative + "/") + child.getFileName().toString();
            boolean isDir = Files.isDirectory(child);
            files.add(ResponseShapes.fileInfo(entryPath, isDir, isDir ? 0 : Files.size(child)));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    } else {
      throw new MlflowError(
          ErrorCode.NOT_IMPLEMENTED, "The fake MLflow server cannot list artifacts at " + root);
    }
    JsonObject out = new JsonObject();
    out.addProperty("root_uri", root);
    ResponseShapes.addArray(out, "files", files);
    return out;
  }

  // ----- helpers

  /**
   * {@code run_id}, or the older {@code run_uuid} when it is absent, as MLflow's handlers read it.
   */
  private static String runId(ProtoFields m) {
    String runId = m.string("run_id");
    if (runId == null || runId.isEmpty()) {
      runId = m.string("run_uuid");
    }
    if (runId == null || runId.isEmpty()) {
      throw MlflowError.missing(m.path("run_id"));
    }
    return runId;
  }

  private static Map<String, String> keyValues(ProtoFields m, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ProtoFields entry : m.messages(field)) {
      out.put(entry.requiredString("key"), entry.stringOrEmpty("value"));
    }
    return out;
  }

  private static JsonObject empty(Runnable action) {
    action.run();
    return new JsonObject();
  }

  private static JsonObject wrap(String name, JsonObject value) {
    JsonObject out = new JsonObject();
    out.add(name, value);
    return out;
  }

  private static void addToken(JsonObject out, Page<?> page) {
    if (page.nextPageToken() != null) {
      out.addProperty("next_page_token", page.nextPageToken());
    }
  }
}
