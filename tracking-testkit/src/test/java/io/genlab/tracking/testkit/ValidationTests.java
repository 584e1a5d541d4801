package io.genlab.tracking.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each of MLflow's rules the fake enforces: a violation answers MLflow's status and error code. */
class ValidationTests {
  private static FakeMlflowServer server;
  private static Rest rest;
  private static String experimentId;
  private String runId;

  @BeforeAll
  static void start() {
    server = new FakeMlflowServer().start();
    rest = new Rest(server);
    experimentId = rest.experiment("validation");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void newRun() {
    runId = rest.run(experimentId);
  }

  private static void assertRefused(Rest.Reply reply, int status, String errorCode) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(status);
    assertThat(reply.errorCode()).as(reply.text()).isEqualTo(errorCode);
  }

  private static void assertInvalid(Rest.Reply reply) {
    assertRefused(reply, 400, "INVALID_PARAMETER_VALUE");
  }

  private static JsonObject metric(String key, Object value, Long timestamp, Long step) {
    JsonObject m = new JsonObject();
    m.addProperty("key", key);
    if (value instanceof Number n) {
      m.addProperty("value", n);
    } else if (value instanceof String s) {
      m.addProperty("value", s);
    } else if (value instanceof Boolean b) {
      m.addProperty("value", b);
    }
    if (timestamp != null) {
      m.addProperty("timestamp", timestamp);
    }
    if (step != null) {
      m.addProperty("step", step);
    }
    return m;
  }

  private static JsonObject keyValue(String key, String value) {
    JsonObject kv = new JsonObject();
    kv.addProperty("key", key);
    kv.addProperty("value", value);
    return kv;
  }

  private Rest.Reply batch(int metrics, int params, int tags) {
    JsonObject body = new JsonObject();
    body.addProperty("run_id", runId);
    JsonArray m = new JsonArray();
    for (int i = 0; i < metrics; i++) {
      m.add(metric("m" + i, i, 1L, 0L));
    }
    JsonArray p = new JsonArray();
    for (int i = 0; i < params; i++) {
      p.add(keyValue("p" + i, "v"));
    }
    JsonArray t = new JsonArray();
    for (int i = 0; i < tags; i++) {
      t.add(keyValue("t" + i, "v"));
    }
    body.add("metrics", m);
    body.add("params", p);
    body.add("tags", t);
    return rest.post("runs/log-batch", body);
  }

  private Rest.Reply logParam(String key, String value) {
    JsonObject body = new JsonObject();
    body.addProperty("run_id", runId);
    body.addProperty("key", key);
    body.addProperty("value", value);
    return rest.post("runs/log-parameter", body);
  }

  private Rest.Reply logMetric(JsonObject metric) {
    metric.addProperty("run_id", runId);
    return rest.post("runs/log-metric", metric);
  }

  private Rest.Reply setTag(String key, String value) {
    JsonObject body = new JsonObject();
    body.addProperty("run_id", runId);
    body.addProperty("key", key);
    body.addProperty("value", value);
    return rest.post("runs/set-tag", body);
  }

  static Stream<String> badKeys() {
    return Stream.of(
        "loss!",
        "a/../b",
        "../up",
        "/abs",
        "a//b",
        "dir/",
        "./x",
        "tab\there",
        "line\n",
        "x".repeat(251));
  }

  @ParameterizedTest
  @MethodSource("badKeys")
  void badKeysAreRefusedForMetricsParamsAndTags(String key) {
    assertInvalid(logMetric(metric(key, 1.0, 1L, 0L)));
    assertInvalid(logParam(key, "v"));
    assertInvalid(setTag(key, "v"));
    assertThat(server.run(runId).orElseThrow().params()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"loss", "eval/fid", "system/cpu_utilization_percentage", "a b:c-d.e_f", "ü"})
  void goodKeysPass(String key) {
    assertThat(logMetric(metric(key, 1.0, 1L, 0L)).status()).isEqualTo(200);
    assertThat(logParam(key, "v").status()).isEqualTo(200);
    assertThat(setTag(key, "v").status()).isEqualTo(200);
  }

  @Test
  void anEmptyOrMissingKeyIsRefused() {
    assertInvalid(logParam("", "v"));
    JsonObject noKey = new JsonObject();
    noKey.addProperty("run_id", runId);
    noKey.addProperty("value", "v");
    assertInvalid(rest.post("runs/set-tag", noKey));
  }

  @Test
  void keysOf250CharactersPassAnd251AreRefused() {
    assertThat(logParam("k".repeat(250), "v").status()).isEqualTo(200);
    assertInvalid(logParam("k".repeat(251), "v"));
  }

  @Test
  void paramValuesAreLimitedTo6000AndTagValuesTo8000Characters() {
    assertThat(logParam("ok", "v".repeat(6000)).status()).isEqualTo(200);
    Rest.Reply tooLong = logParam("long", "v".repeat(6001));
    assertInvalid(tooLong);
    assertThat(tooLong.message()).contains("6000");
    assertThat(setTag("ok", "v".repeat(8000)).status()).isEqualTo(200);
    assertInvalid(setTag("long", "v".repeat(8001)));
    JsonObject batch = new JsonObject();
    batch.addProperty("run_id", runId);
    JsonArray params = new JsonArray();
    params.add(keyValue("in-batch", "v".repeat(6001)));
    batch.add("params", params);
    assertInvalid(rest.post("runs/log-batch", batch));
    assertThat(server.run(runId).orElseThrow().params()).containsOnlyKeys("ok");
  }

  @Test
  void aServerThatTruncatesCutsLongValuesInstead() {
    try (FakeMlflowServer truncating =
        new FakeMlflowServer(FakeServerOptions.defaults().withTruncateLongValues(true)).start()) {
      Rest other = new Rest(truncating);
      String run = other.run(other.experiment("truncating"));
      JsonObject body = new JsonObject();
      body.addProperty("run_id", run);
      body.addProperty("key", "long");
      body.addProperty("value", "v".repeat(7000));
      assertThat(other.post("runs/log-parameter", body).status()).isEqualTo(200);
      assertThat(truncating.run(run).orElseThrow().params().get("long")).hasSize(6000);
    }
  }

  @Test
  void batchesAreLimitedAsMlflowDocuments() {
    assertThat(batch(1000, 0, 0).status()).isEqualTo(200);
    assertThat(batch(900, 50, 50).status()).isEqualTo(200);
    assertInvalid(batch(1001, 0, 0));
    assertInvalid(batch(0, 101, 0));
    assertInvalid(batch(0, 0, 101));
    Rest.Reply overall = batch(900, 50, 51);
    assertInvalid(overall);
    assertThat(overall.message()).contains("at most 1000 metrics, params, and tags");
  }

  @Test
  void aBatchBodyOverOneMegabyteIsRefused() {
    JsonObject body = new JsonObject();
    body.addProperty("run_id", runId);
    JsonArray tags = new JsonArray();
    for (int i = 0; i < 100; i++) {
      tags.add(keyValue("t" + i, "v".repeat(7990)));
    }
    body.add("tags", tags);
    JsonObject padding = new JsonObject();
    padding.addProperty("unknown_field", "x".repeat(300_000));
    body.add("ignored", padding);
    assertThat(body.toString().length()).isGreaterThan(1_000_000);
    Rest.Reply reply = rest.post("runs/log-batch", body);
    assertInvalid(reply);
    assertThat(reply.message()).contains("at most 1000000 bytes");
  }

  @Test
  void metricsNeedANumericValueAndANonNegativeTimestamp() {
    assertInvalid(logMetric(metric("m", null, 1L, 0L)));
    assertInvalid(logMetric(metric("m", "not a number", 1L, 0L)));
    assertInvalid(logMetric(metric("m", true, 1L, 0L)));
    assertInvalid(logMetric(metric("m", 1.0, null, 0L)));
    assertInvalid(logMetric(metric("m", 1.0, -1L, 0L)));
    JsonObject fractionalStep = metric("m", 1.0, 1L, null);
    fractionalStep.addProperty("step", 1.5);
    assertInvalid(logMetric(fractionalStep));
    JsonObject batch = new JsonObject();
    batch.addProperty("run_id", runId);
    JsonArray metrics = new JsonArray();
    metrics.add(metric("m", 1.0, null, 0L));
    batch.add("metrics", metrics);
    Rest.Reply missing = rest.post("runs/log-batch", batch);
    assertInvalid(missing);
    assertThat(missing.message()).contains("metrics[0].timestamp");
    assertThat(server.run(runId).orElseThrow().metricHistory()).isEmpty();
  }

  @Test
  void metricValuesAndIntegersComeAsProtobufJsonAllowsAndStepDefaultsToZero() {
    assertThat(logMetric(metric("nan", "NaN", 5L, null)).status()).isEqualTo(200);
    assertThat(logMetric(metric("inf", "-Infinity", 5L, 3L)).status()).isEqualTo(200);
    JsonObject asStrings = metric("s", "2.5", null, null);
    asStrings.addProperty("timestamp", "1700000000000");
    asStrings.addProperty("step", "7");
    assertThat(logMetric(asStrings).status()).isEqualTo(200);
    RunSnapshot run = server.run(runId).orElseThrow();
    assertThat(run.metricHistory("nan").get(0).value()).isNaN();
    assertThat(run.metricHistory("nan").get(0).step()).isZero();
    assertThat(run.metricHistory("inf").get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(run.metricHistory("s").get(0))
        .isEqualTo(new MetricPoint("s", 2.5, 1_700_000_000_000L, 7));
    // And they go back out as MLflow writes them: NaN as a string, int64 as numbers.
    JsonObject latest =
        rest.get("runs/get?run_id=" + runId)
            .json()
            .getAsJsonObject("run")
            .getAsJsonObject("data")
            .getAsJsonArray("metrics")
            .get(0)
            .getAsJsonObject();
    assertThat(latest.get("value").getAsString()).isEqualTo("NaN");
    assertThat(latest.get("timestamp").getAsJsonPrimitive().isNumber()).isTrue();
  }

  @Test
  void aParamKeepsItsFirstValue() {
    assertThat(logParam("lr", "0.1").status()).isEqualTo(200);
    assertThat(logParam("lr", "0.1").status()).isEqualTo(200);
    Rest.Reply changed = logParam("lr", "0.2");
    assertInvalid(changed);
    assertThat(changed.message())
        .isEqualTo(
            "Changing param values is not allowed. Param with key='lr' was already logged with"
                + " value='0.1' for run ID='"
                + runId
                + "'. Attempted logging new value '0.2'.");
  }

  @Test
  void aBatchWithAChangedParamLogsNothing() {
    logParam("lr", "0.1");
    JsonObject body = new JsonObject();
    body.addProperty("run_id", runId);
    JsonArray metrics = new JsonArray();
    metrics.add(metric("loss", 1.0, 1L, 0L));
    JsonArray params = new JsonArray();
    params.add(keyValue("lr", "0.2"));
    body.add("metrics", metrics);
    body.add("params", params);
    assertInvalid(rest.post("runs/log-batch", body));
    assertThat(server.run(runId).orElseThrow().metricHistory()).isEmpty();
  }

  @Test
  void aBatchMayNotNameAParamTwice() {
    JsonObject body = new JsonObject();
    body.addProperty("run_id", runId);
    JsonArray params = new JsonArray();
    params.add(keyValue("lr", "0.1"));
    params.add(keyValue("lr", "0.1"));
    body.add("params", params);
    Rest.Reply reply = rest.post("runs/log-batch", body);
    assertInvalid(reply);
    assertThat(reply.message()).contains("Duplicate parameter keys");
  }

  @Test
  void aDeletedRunTakesNothingUntilRestored() {
    JsonObject id = new JsonObject();
    id.addProperty("run_id", runId);
    assertThat(rest.post("runs/delete", id).status()).isEqualTo(200);
    assertInvalid(logParam("lr", "0.1"));
    assertInvalid(logMetric(metric("m", 1.0, 1L, 0L)));
    assertInvalid(setTag("t", "v"));
    assertInvalid(batch(1, 0, 0));
    JsonObject update = new JsonObject();
    update.addProperty("run_id", runId);
    update.addProperty("status", "FINISHED");
    assertInvalid(rest.post("runs/update", update));
    assertThat(
            rest.get("runs/get?run_id=" + runId)
                .json()
                .getAsJsonObject("run")
                .getAsJsonObject("info")
                .get("lifecycle_stage")
                .getAsString())
        .isEqualTo("deleted");
    assertThat(rest.post("runs/restore", id).status()).isEqualTo(200);
    assertThat(logParam("lr", "0.1").status()).isEqualTo(200);
  }

  @Test
  void runStatusIsOneOfMlflowsFive() {
    JsonObject update = new JsonObject();
    update.addProperty("run_id", runId);
    update.addProperty("status", "DONE");
    assertInvalid(rest.post("runs/update", update));
    update.addProperty("status", 3);
    update.addProperty("end_time", 99);
    Rest.Reply reply = rest.post("runs/update", update);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getAsJsonObject("run_info").get("status").getAsString())
        .isEqualTo("FINISHED");
    // As in MLflow, a finished run may run again (genlab's resume does this).
    update.addProperty("status", "RUNNING");
    assertThat(rest.post("runs/update", update).status()).isEqualTo(200);
    assertThat(server.run(runId).orElseThrow().status()).isEqualTo("RUNNING");
    assertThat(server.run(runId).orElseThrow().endTime()).isEqualTo(99L);
  }

  @Test
  void experimentNamesAreUniqueEvenWhenDeleted() {
    rest.experiment("unique");
    assertRefused(
        rest.post("experiments/create", "{\"name\": \"unique\"}"), 400, "RESOURCE_ALREADY_EXISTS");
    String deleted = rest.experiment("deleted-one");
    rest.post("experiments/delete", "{\"experiment_id\": \"" + deleted + "\"}");
    assertRefused(
        rest.post("experiments/create", "{\"name\": \"deleted-one\"}"),
        400,
        "RESOURCE_ALREADY_EXISTS");
    assertInvalid(rest.post("runs/create", "{\"experiment_id\": \"" + deleted + "\"}"));
    assertInvalid(rest.post("experiments/create", "{\"name\": \"\"}"));
    assertInvalid(rest.post("experiments/create", "{\"name\": \"" + "n".repeat(501) + "\"}"));
  }

  @Test
  void unknownIdsAreNotFound() {
    assertRefused(
        rest.get("runs/get?run_id=0123456789abcdef0123456789abcdef"),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    assertRefused(rest.get("experiments/get?experiment_id=12345"), 404, "RESOURCE_DOES_NOT_EXIST");
    assertRefused(
        rest.get("experiments/get-by-name?experiment_name=nope"), 404, "RESOURCE_DOES_NOT_EXIST");
    assertRefused(
        rest.post("runs/create", "{\"experiment_id\": \"12345\"}"), 404, "RESOURCE_DOES_NOT_EXIST");
    JsonObject tag = new JsonObject();
    tag.addProperty("run_id", runId);
    tag.addProperty("key", "never-set");
    assertRefused(rest.post("runs/delete-tag", tag), 404, "RESOURCE_DOES_NOT_EXIST");
    assertInvalid(rest.get("runs/get?run_id=..%2Fx"));
  }

  @Test
  void aRunNeedsAnExperimentAndOneName() {
    assertInvalid(rest.post("runs/create", "{\"start_time\": 1}"));
    Rest.Reply twoNames =
        rest.post(
            "runs/create",
            "{\"experiment_id\": \""
                + experimentId
                + "\", \"run_name\": \"a\", \"tags\":"
                + " [{\"key\": \"mlflow.runName\", \"value\": \"b\"}]}");
    assertInvalid(twoNames);
    assertThat(twoNames.message()).contains("run_name='a'").contains("mlflow.runName='b'");
  }

  @Test
  void datasetInputsAreLimitedAsInMlflow() {
    assertThat(logInputs("mnist", "d".repeat(36), "local", "{}", "value").status()).isEqualTo(200);
    assertInvalid(logInputs("mnist", "d".repeat(64), "local", "{}", "value"));
    assertInvalid(logInputs("n".repeat(501), "digest", "local", "{}", "value"));
    assertInvalid(logInputs("mnist", "digest", "local", "s".repeat(65_536), "value"));
    assertInvalid(logInputs("mnist", "digest", "local", null, "value"));
    assertInvalid(logInputs("mnist", "digest", "local", "{}", "v".repeat(501)));
    assertThat(server.run(runId).orElseThrow().datasetInputs()).hasSize(1);
  }

  private Rest.Reply logInputs(
      String name, String digest, String sourceType, String source, String contextValue) {
    JsonObject dataset = new JsonObject();
    dataset.addProperty("name", name);
    dataset.addProperty("digest", digest);
    dataset.addProperty("source_type", sourceType);
    if (source != null) {
      dataset.addProperty("source", source);
    }
    JsonObject input = new JsonObject();
    input.add("dataset", dataset);
    JsonArray tags = new JsonArray();
    tags.add(keyValue("mlflow.data.context", contextValue));
    input.add("tags", tags);
    JsonArray datasets = new JsonArray();
    datasets.add(input);
    JsonObject body = new JsonObject();
    body.addProperty("run_id", runId);
    body.add("datasets", datasets);
    return rest.post("runs/log-inputs", body);
  }

  @Test
  void requestsMustBeJsonWithItsContentType() {
    assertInvalid(rest.send("POST", "/api/2.0/mlflow/runs/log-parameter", "{}".getBytes(), null));
    assertInvalid(
        rest.send("POST", "/api/2.0/mlflow/runs/log-parameter", "{}".getBytes(), "text/plain"));
    assertInvalid(rest.post("runs/log-parameter", "{not json"));
    assertInvalid(
        rest.post(
            "runs/log-metric",
            "{\"run_id\": \"" + runId + "\", \"key\": \"m\", \"value\": NaN, \"timestamp\": 1}"));
    assertThat(
            rest.send(
                    "POST",
                    "/api/2.0/mlflow/runs/log-parameter",
                    ("{\"run_id\": \"" + runId + "\", \"key\": \"k\", \"value\": \"v\"}")
                        .getBytes(),
                    "application/json; charset=utf-8")
                .status())
        .isEqualTo(200);
  }

  @Test
  void pathsAndMethodsAreRoutedAsFlaskDoes() {
    assertThat(rest.get("runs/no-such-endpoint").status()).isEqualTo(404);
    assertThat(rest.send("GET", "/ajax-api/2.0/mlflow/runs/get", null, null).status())
        .isEqualTo(404);
    Rest.Reply wrongMethod = rest.get("runs/create");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.response().headers().firstValue("Allow"))
        .get()
        .asString()
        .contains("POST");
    assertThat(rest.post("runs/get", "{\"run_id\": \"" + runId + "\"}").status()).isEqualTo(405);
    assertRefused(rest.post("runs/log-model", "{}"), 501, "NOT_IMPLEMENTED");
    assertRefused(rest.get("registered-models/get?name=x"), 501, "NOT_IMPLEMENTED");
    assertThat(rest.send("GET", "/health", null, null).text()).isEqualTo("OK");
    assertThat(rest.send("GET", "/version", null, null).text()).isEqualTo("2.17.2");
  }
}
