package io.genlab.tracking.internal.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.Trackers;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * The requests genlab makes to an MLflow tracking server: the tracking API through the MLflow Java
 * client, artifacts over plain HTTP through the server's {@code mlflow-artifacts} proxy (the client's own
 * upload runs the Python {@code mlflow} command).
 *
 * <p>What the client leaves out is added here: a timeout on every request (the client sets none), retries
 * with backoff for transient failures only (the client repeats any error three times at once and never
 * retries a refused connection), batches split to the server's limits, and errors that name the request.
 * Batches go over plain HTTP, sent once: the client's blind repeats would log a batch twice when only its
 * answer was lost. Safe for concurrent use.
 */
final class ServerApi implements AutoCloseable {
  /** The server's limits for one {@code runs/log-batch} request (MLflow's {@code validation.py}). */
  static final int MAX_BATCH_METRICS = 1000;
  static final int MAX_BATCH_PARAMS = 100;
  static final int MAX_BATCH_TAGS = 100;
  static final int MAX_BATCH_ENTITIES = 1000;
  /** The server refuses a log-batch body over 1 MB; stay well below it. */
  static final int MAX_BATCH_BYTES = 800_000;
  private static final int HISTORY_PAGE = 25_000;
  private static final int SEARCH_PAGE = 1000;
  private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";

  private final String base;
  private final ServerCredentials credentials;
  private final Duration timeout;
  private final Backoff backoff;
  private final HttpClient http;
  private final ExecutorService requests;
  private volatile MlflowClient client;
  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
  private final java.util.concurrent.atomic.AtomicLong requestCount = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong requestCpuNanos = new java.util.concurrent.atomic.AtomicLong();

  ServerApi(URI uri, ServerCredentials credentials, Duration timeout, Backoff backoff) {
    String s = uri.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.credentials = credentials;
    this.timeout = timeout;
    this.backoff = backoff;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL);
    if (credentials.insecureTls()) {
      builder.sslContext(trustingEverything());
      SSLParameters parameters = new SSLParameters();
      parameters.setEndpointIdentificationAlgorithm(null);
      builder.sslParameters(parameters);
    }
    this.http = builder.build();
    this.requests = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "genlab-tracking-request");
      t.setDaemon(true);
      return t;
    });
    this.client = newClient();
  }

  /** The server's address, for messages; it never holds credentials (those come from the environment). */
  String uri() {
    return base;
  }

  private MlflowClient newClient() {
    return new MlflowClient(new BasicMlflowHostCreds(base, credentials.username(), credentials.password(),
        credentials.token(), credentials.insecureTls()));
  }

  // ---------------------------------------------------------------- experiments

  /** The active experiment {@code name}, created when missing. */
  Service.Experiment activeExperiment(String name) throws ServerException {
    Optional<Service.Experiment> found = experiment(name);
    if (found.isEmpty()) {
      try {
        call("create experiment '" + name + "'", c -> c.createExperiment(name));
      } catch (ServerException e) {
        if (e.isTransient() || e.status() / 100 != 4) {
          throw e;
        }
        // Another process (a parallel trial) created it first: read it below.
      }
      found = experiment(name);
      if (found.isEmpty()) {
        throw new ServerException(base + ": experiment '" + name + "' was created but cannot be found", 0, true, null);
      }
    }
    if (!"active".equals(found.get().getLifecycleStage())) {
      throw new ServerException("experiment '" + name + "' on " + base + " is deleted; restore it in the MLflow UI"
          + " or use another experiment name", 0, false, null);
    }
    return found.get();
  }

  /** The id of the active experiment {@code name}, created when missing. */
  String experimentId(String name) throws ServerException {
    return activeExperiment(name).getExperimentId();
  }

  /** The name of the experiment with id {@code experimentId}. */
  String experimentName(String experimentId) throws ServerException {
    return call("read experiment " + experimentId, c -> c.getExperiment(experimentId)).getName();
  }

  /** The experiment named {@code name}, active or deleted, or empty. */
  Optional<Service.Experiment> experiment(String name) throws ServerException {
    return call("find experiment '" + name + "'", c -> c.getExperimentByName(name));
  }

  /** The names of the active experiments. */
  List<String> experimentNames() throws ServerException {
    return call("list experiments", c -> {
      List<String> names = new ArrayList<>();
      var page = c.searchExperiments(null, Service.ViewType.ACTIVE_ONLY, SEARCH_PAGE, List.of());
      while (true) {
        for (Service.Experiment e : page.getItems()) {
          names.add(e.getName());
        }
        if (!page.hasNextPage()) {
          return names;
        }
        page = (org.mlflow.tracking.ExperimentsPage) page.getNextPage();
      }
    });
  }

  // ---------------------------------------------------------------- runs

  /** Creates a run; {@code tags} go with the request, so the run is never seen without them. */
  Service.RunInfo createRun(String experimentId, String runName, long startTime, String user,
      List<Service.RunTag> tags) throws ServerException {
    Service.CreateRun request = Service.CreateRun.newBuilder().setExperimentId(experimentId).setRunName(runName)
        .setStartTime(startTime).setUserId(user).addAllTags(tags).build();
    return call("create run '" + runName + "'", c -> c.createRun(request));
  }

  /** The run with that id, or empty when the server has none. */
  Optional<Service.Run> run(String runId) throws ServerException {
    try {
      return Optional.of(call("read run " + runId, c -> c.getRun(runId)));
    } catch (ServerException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Every active run of the experiments matching {@code filter} (MLflow's search syntax, may be empty). */
  List<Service.Run> searchRuns(List<String> experimentIds, String filter) throws ServerException {
    List<Service.Run> runs = new ArrayList<>();
    String token = null;
    do {
      String pageToken = token;
      RunsPage page = call("search runs", c -> c.searchRuns(experimentIds, filter, Service.ViewType.ACTIVE_ONLY,
          SEARCH_PAGE, List.of("attributes.start_time ASC"), pageToken));
      runs.addAll(page.getItems());
      token = page.getNextPageToken().orElse(null);
    } while (token != null && !token.isEmpty());
    return runs;
  }

  /** Sets a run's status, end time ({@code null}: left as it is) and name. */
  void updateRun(String runId, RunStatus status, Long endTime, String runName) throws ServerException {
    JsonObject body = new JsonObject();
    body.addProperty("run_id", runId);
    body.addProperty("run_uuid", runId);
    body.addProperty("status", status.name());
    if (endTime != null) {
      body.addProperty("end_time", endTime);
    }
    if (runName != null) {
      body.addProperty("run_name", runName);
    }
    call("update run " + runId, c -> c.sendPost("runs/update", body.toString()));
  }

  /**
   * Every point of a metric, in the order logged, read page by page.
   */
  List<MetricPoint> metricHistory(String runId, String key) throws ServerException {
    List<MetricPoint> points = new ArrayList<>();
    String token = "";
    do {
      String path = "metrics/get-history?run_id=" + encode(runId) + "&metric_key=" + encode(key)
          + "&max_results=" + HISTORY_PAGE + (token.isEmpty() ? "" : "&page_token=" + encode(token));
      JsonObject page = JsonParser.parseString(call("read metric '" + key + "' of run " + runId,
          c -> c.sendGet(path))).getAsJsonObject();
      if (page.has("metrics")) {
        for (JsonElement m : page.getAsJsonArray("metrics")) {
          JsonObject o = m.getAsJsonObject();
          points.add(new MetricPoint(o.get("timestamp").getAsLong(), number(o.get("value")),
              o.has("step") ? o.get("step").getAsLong() : 0));
        }
      }
      token = page.has("next_page_token") ? page.get("next_page_token").getAsString() : "";
    } while (!token.isEmpty());
    return points;
  }

  /** Protobuf's JSON writes NaN and infinities as strings. */
  private static double number(JsonElement value) {
    return value.getAsJsonPrimitive().isString() ? Double.parseDouble(value.getAsString()) : value.getAsDouble();
  }

  /**
   * Logs metrics, params and tags in as few {@code runs/log-batch} requests as the server's limits allow;
   * params and tags go before the metrics that follow them.
   */
  void logBatch(String runId, List<Service.Metric> metrics, List<Service.Param> params, List<Service.RunTag> tags)
      throws ServerException {
    int m = 0;
    int p = 0;
    int t = 0;
    while (m < metrics.size() || p < params.size() || t < tags.size()) {
      int bytes = 0;
      List<Service.Param> ps = new ArrayList<>();
      while (p < params.size() && ps.size() < MAX_BATCH_PARAMS && bytes + size(params.get(p)) < MAX_BATCH_BYTES) {
        bytes += size(params.get(p));
        ps.add(params.get(p++));
      }
      List<Service.RunTag> ts = new ArrayList<>();
      while (t < tags.size() && ts.size() < MAX_BATCH_TAGS && bytes + size(tags.get(t)) < MAX_BATCH_BYTES) {
        bytes += size(tags.get(t));
        ts.add(tags.get(t++));
      }
      List<Service.Metric> ms = new ArrayList<>();
      int room = MAX_BATCH_ENTITIES - ps.size() - ts.size();
      while (m < metrics.size() && ms.size() < Math.min(MAX_BATCH_METRICS, room)
          && bytes + size(metrics.get(m)) < MAX_BATCH_BYTES) {
        bytes += size(metrics.get(m));
        ms.add(metrics.get(m++));
      }
      String what = "log " + ms.size() + " metrics, " + ps.size() + " params and " + ts.size() + " tags to run "
          + runId + describeFirst(ps, ts);
      String body = batchJson(runId, ms, ps, ts);
      URI target = URI.create(base + "/api/2.0/mlflow/runs/log-batch");
      // Sent once, never retried here: a batch whose answer was lost may have been applied, and sending it
      // again would log its points twice (the client's own loop repeats any failed request three times).
      // The caller reads what the server holds before sending more.
      try {
        once(() -> {
          HttpResponse<String> r = http.send(authorized(HttpRequest.newBuilder(target))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
              HttpResponse.BodyHandlers.ofString());
          checkStatus(r.statusCode(), r.body());
          return null;
        });
      } catch (ServerException e) {
        throw new ServerException(base + ": cannot " + what + ": " + e.getMessage(), e.status(), e.isTransient(), e);
      }
    }
  }

  /** A log-batch request as MLflow's protobuf JSON: int64 as numbers, NaN and infinities as strings. */
  private static String batchJson(String runId, List<Service.Metric> metrics, List<Service.Param> params,
      List<Service.RunTag> tags) {
    JsonObject body = new JsonObject();
    body.addProperty("run_id", runId);
    JsonArray ms = new JsonArray();
    for (Service.Metric m : metrics) {
      JsonObject o = new JsonObject();
      o.addProperty("key", m.getKey());
      double v = m.getValue();
      if (Double.isFinite(v)) {
        o.addProperty("value", v);
      } else {
        o.addProperty("value", Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
      }
      o.addProperty("timestamp", m.getTimestamp());
      o.addProperty("step", m.getStep());
      ms.add(o);
    }
    body.add("metrics", ms);
    JsonArray ps = new JsonArray();
    params.forEach(p -> ps.add(keyValue(p.getKey(), p.getValue())));
    body.add("params", ps);
    JsonArray ts = new JsonArray();
    tags.forEach(t -> ts.add(keyValue(t.getKey(), t.getValue())));
    body.add("tags", ts);
    return body.toString();
  }

  /** {@code {"key": key, "value": value}}, the JSON of MLflow's params, tags and input tags. */
  static JsonObject keyValue(String key, String value) {
    JsonObject o = new JsonObject();
    o.addProperty("key", key);
    o.addProperty("value", value);
    return o;
  }

  /** Names the first param and tag of a batch, so that a refusal says which key and value it could be. */
  private static String describeFirst(List<Service.Param> params, List<Service.RunTag> tags) {
    if (params.size() + tags.size() != 1) {
      return "";
    }
    return params.isEmpty() ? " (tag '" + tags.get(0).getKey() + "' = '" + Trackers.redacted(shorten(tags.get(0).getValue())) + "')"
        : " (param '" + params.get(0).getKey() + "' = '" + Trackers.redacted(shorten(params.get(0).getValue())) + "')";
  }

  private static String shorten(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }

  // JSON size upper bounds: keys, values and the punctuation around them.
  private static int size(Service.Param p) {
    return 40 + 2 * (p.getKey().length() + p.getValue().length());
  }

  private static int size(Service.RunTag t) {
    return 40 + 2 * (t.getKey().length() + t.getValue().length());
  }

  private static int size(Service.Metric m) {
    return 100 + 2 * m.getKey().length();
  }

  /** Logs dataset inputs with {@code runs/log-inputs}; {@code datasets} is the request's list as JSON. */
  void logInputs(String runId, JsonArray datasets) throws ServerException {
    JsonObject body = new JsonObject();
    body.addProperty("run_id", runId);
    body.add("datasets", datasets);
    call("log " + datasets.size() + " dataset inputs to run " + runId, c -> c.sendPost("runs/log-inputs", body.toString()));
  }

  // ---------------------------------------------------------------- artifacts (mlflow-artifacts proxy)

  /** Uploads a file to {@code <root>/<path>}, where root is a run's {@code mlflow-artifacts:} URI. */
  void putArtifact(String artifactRoot, String path, Path file) throws ServerException {
    URI target = artifactUri(artifactRoot, path);
    callHttp("upload artifact '" + path + "'", () -> {
      HttpResponse<String> r = http.send(authorized(HttpRequest.newBuilder(target))
          .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
      checkStatus(r.statusCode(), r.body());
      return null;
    });
  }

  /**
   * The bytes of {@code <root>/<path>}, or empty when the server has no such artifact. The proxy answers a
   * missing file with a 500, as for a failure, so the file's folder is listed first.
   */
  Optional<byte[]> getArtifact(String artifactRoot, String path) throws ServerException {
    int slash = path.lastIndexOf('/');
    String folder = slash < 0 ? "" : path.substring(0, slash);
    String name = path.substring(slash + 1);
    boolean listed = list(artifactRoot, folder).stream().anyMatch(f -> !f.directory() && f.path().equals(name));
    if (!listed) {
      return Optional.empty();
    }
    URI target = artifactUri(artifactRoot, path);
    return callHttp("download artifact '" + path + "'", () -> {
      HttpResponse<byte[]> r = http.send(authorized(HttpRequest.newBuilder(target)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() == 404) {
        return Optional.empty();
      }
      checkStatus(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
      return Optional.of(r.body());
    });
  }

  /** A file or folder in an artifact listing, named relative to the listed folder. */
  record ArtifactFile(String path, boolean directory, long size) {}

  /** The files and folders directly in {@code folder} ({@code ""} for the root) of a run's artifacts. */
  List<ArtifactFile> list(String artifactRoot, String folder) throws ServerException {
    String root = proxyPath(artifactRoot);
    String listed = folder.isEmpty() ? root : root + "/" + folder;
    URI target = URI.create(base + ARTIFACTS + "?path=" + encode(listed));
    JsonObject answer = callHttp("list artifacts of '" + listed + "'", () -> {
      HttpResponse<String> r = http.send(authorized(HttpRequest.newBuilder(target)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      checkStatus(r.statusCode(), r.body());
      return JsonParser.parseString(r.body().isBlank() ? "{}" : r.body()).getAsJsonObject();
    });
    List<ArtifactFile> files = new ArrayList<>();
    if (answer.has("files")) {
      for (JsonElement e : answer.getAsJsonArray("files")) {
        JsonObject f = e.getAsJsonObject();
        // The proxy names entries relative to the listed folder.
        files.add(new ArtifactFile(f.get("path").getAsString(), f.has("is_dir") && f.get("is_dir").getAsBoolean(),
            f.has("file_size") ? f.get("file_size").getAsLong() : -1));
      }
    }
    return files;
  }

  /**
   * The proxy's path for a run's artifact root: {@code mlflow-artifacts:/1/abc/artifacts} (or with this
   * server as host) gives {@code 1/abc/artifacts}.
   *
   * @throws ServerException for a root this server's proxy does not serve
   */
  String proxyPath(String artifactRoot) throws ServerException {
    URI root = URI.create(artifactRoot);
    if (!"mlflow-artifacts".equals(root.getScheme())) {
      throw new ServerException("artifact root " + Trackers.redacted(artifactRoot) + " is not served by the"
          + " mlflow-artifacts proxy", 0, false, null);
    }
    if (root.getAuthority() != null && !base.endsWith("//" + root.getAuthority())) {
      throw new ServerException("artifact root " + Trackers.redacted(artifactRoot) + " names another server than "
          + base, 0, false, null);
    }
    String path = root.getPath();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    return path;
  }

  private URI artifactUri(String artifactRoot, String path) throws ServerException {
    StringBuilder url = new StringBuilder(base).append(ARTIFACTS);
    for (String segment : (proxyPath(artifactRoot) + "/" + path).split("/")) {
      url.append('/').append(encode(segment).replace("+", "%20"));
    }
    return URI.create(url.toString());
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    request.timeout(timeout);
    credentials.authorization().ifPresent(a -> request.header("Authorization", a));
    return request;
  }

  private void checkStatus(int status, String body) throws ServerException {
    if (status / 100 != 2) {
      throw failure(status, body, null);
    }
  }

  /** How many requests were made (tries included). */
  long requests() {
    return requestCount.get();
  }

  /** The CPU time the threads making requests spent on them (the HTTP client's own threads not counted). */
  long requestCpuNanos() {
    return requestCpuNanos.get();
  }

  // ---------------------------------------------------------------- calls, timeouts, retries

  @FunctionalInterface
  private interface ClientCall<T> {
    T apply(MlflowClient client) throws Exception;
  }

  private <T> T call(String what, ClientCall<T> request) throws ServerException {
    return callHttp(what, () -> request.apply(client));
  }

  /** Runs {@code request} with a timeout, retrying transient failures with {@link #backoff}. */
  private <T> T callHttp(String what, Callable<T> request) throws ServerException {
    for (int failures = 1; ; failures++) {
      try {
        return once(request);
      } catch (ServerException e) {
        if (!e.isTransient() || failures >= backoff.attempts()) {
          throw new ServerException(base + ": cannot " + what + ": " + e.getMessage(), e.status(), e.isTransient(), e);
        }
        try {
          Thread.sleep(backoff.delay(failures).toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new ServerException(base + ": cannot " + what + ": interrupted", 0, true, interrupted);
        }
      }
    }
  }

  private <T> T once(Callable<T> request) throws ServerException {
    requestCount.incrementAndGet();
    Future<T> answer = requests.submit(() -> {
      long start = THREADS.getCurrentThreadCpuTime();
      try {
        return request.call();
      } finally {
        requestCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - start);
      }
    });
    try {
      return answer.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      // The client has no timeouts of its own: drop its connections so the stuck request ends too.
      MlflowClient stuck = client;
      client = newClient();
      stuck.close();
      throw new ServerException("no answer within " + timeout.toSeconds() + " s", 0, true, e);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new ServerException("interrupted", 0, true, e);
    } catch (ExecutionException e) {
      throw classify(e.getCause());
    }
  }

  private static ServerException classify(Throwable e) {
    if (e instanceof ServerException s) {
      return s;
    }
    if (e instanceof MlflowHttpException h) {
      return failure(h.getStatusCode(), h.getBodyMessage(), h);
    }
    Throwable cause = e;
    while (cause != null && !(cause instanceof IOException)) {
      cause = cause.getCause();
    }
    if (cause != null) {
      String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      return new ServerException("no answer (" + Trackers.redacted(message) + ")", 0, true, e);
    }
    if (e instanceof MlflowClientException) {
      return new ServerException("unexpected answer: " + Trackers.redacted(String.valueOf(e.getMessage())), 0, false, e);
    }
    return new ServerException("unexpected failure: " + Trackers.redacted(String.valueOf(e)), 0, false, e);
  }

  /** An HTTP error: 408, 429 and 5xx are transient; MLflow's error body gives the reason. */
  private static ServerException failure(int status, String body, Throwable cause) {
    boolean transientFailure = status == 408 || status == 429 || status >= 500;
    String reason = body == null ? "" : body.strip();
    try {
      JsonObject error = JsonParser.parseString(reason).getAsJsonObject();
      reason = (error.has("error_code") ? error.get("error_code").getAsString() + ": " : "")
          + (error.has("message") ? error.get("message").getAsString() : "");
    } catch (RuntimeException notJson) {
      reason = reason.length() > 300 ? reason.substring(0, 300) + "..." : reason;
    }
    String hint = status == 401 ? " (the server wants credentials: set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME"
        + " and MLFLOW_TRACKING_PASSWORD)" : status == 403 ? " (the credentials given may not do this)" : "";
    return new ServerException("HTTP " + status + (reason.isEmpty() ? "" : " " + Trackers.redacted(reason)) + hint,
        status, transientFailure, cause);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static SSLContext trustingEverything() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS without certificate checks", e);
    }
  }

  @Override
  public void close() {
    requests.shutdownNow();
    client.close();
  }
}
