package io.genlab.tracking.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code runs/search} and {@code experiments/search}: the supported filters, order and paging. */
class RunSearchTests {
  private static FakeMlflowServer server;
  private static Rest rest;
  private static String experimentId;
  private static final List<String> runs = new ArrayList<>();

  @BeforeAll
  static void start() {
    server = new FakeMlflowServer().start();
    rest = new Rest(server);
    experimentId = rest.experiment("search");
    // Four runs: r0..r3, started at 1000..4000; r0-r2 are children of sweep 's'; r3 finished.
    for (int i = 0; i < 4; i++) {
      String create =
          "{\"experiment_id\": \""
              + experimentId
              + "\", \"run_name\": \"r"
              + i
              + "\", \"start_time\": "
              + (1000 * (i + 1))
              + "}";
      String runId =
          rest.post("runs/create", create)
              .json()
              .getAsJsonObject("run")
              .getAsJsonObject("info")
              .get("run_id")
              .getAsString();
      runs.add(runId);
      String batch =
          "{\"run_id\": \""
              + runId
              + "\", \"metrics\": [{\"key\": \"loss\", \"value\": "
              + (i == 1 ? "\"NaN\"" : String.valueOf(10 - i))
              + ", \"timestamp\": 1, \"step\": 0}],"
              + " \"params\": [{\"key\": \"lr\", \"value\": \"0."
              + i
              + "\"}], \"tags\": "
              + (i < 3 ? "[{\"key\": \"mlflow.parentRunId\", \"value\": \"s\"}]" : "[]")
              + "}";
      assertThat(rest.post("runs/log-batch", batch).status()).isEqualTo(200);
    }
    rest.post("runs/update", "{\"run_id\": \"" + runs.get(3) + "\", \"status\": \"FINISHED\"}");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> search(String filter, String... orderBy) {
    return search(filter, 1000, null, orderBy).ids;
  }

  private record Result(List<String> ids, String nextPageToken) {}

  private static Result search(String filter, int maxResults, String pageToken, String... orderBy) {
    JsonObject body = new JsonObject();
    JsonArray ids = new JsonArray();
    ids.add(experimentId);
    body.add("experiment_ids", ids);
    body.addProperty("filter", filter);
    body.addProperty("max_results", maxResults);
    if (pageToken != null) {
      body.addProperty("page_token", pageToken);
    }
    JsonArray order = new JsonArray();
    for (String clause : orderBy) {
      order.add(clause);
    }
    body.add("order_by", order);
    Rest.Reply reply = rest.post("runs/search", body);
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    List<String> found = new ArrayList<>();
    JsonObject json = reply.json();
    if (json.has("runs")) {
      for (JsonElement run : json.getAsJsonArray("runs")) {
        found.add(run.getAsJsonObject().getAsJsonObject("info").get("run_id").getAsString());
      }
    }
    return new Result(
        found, json.has("next_page_token") ? json.get("next_page_token").getAsString() : null);
  }

  @Test
  void theDefaultOrderIsNewestFirst() {
    assertThat(search("")).containsExactly(runs.get(3), runs.get(2), runs.get(1), runs.get(0));
  }

  @Test
  void tagsFilterWithOrWithoutBackquotes() {
    assertThat(search("tags.`mlflow.parentRunId` = 's'"))
        .containsExactly(runs.get(2), runs.get(1), runs.get(0));
    assertThat(search("tags.mlflow.parentRunId = \"s\"")).hasSize(3);
    assertThat(search("tag.\"mlflow.parentRunId\" != 's'")).isEmpty();
    assertThat(search("tags.`mlflow.parentRunId` = 'other'")).isEmpty();
  }

  @Test
  void paramsStatusNameAndIdFilterAndCombine() {
    assertThat(search("params.lr = '0.2'")).containsExactly(runs.get(2));
    assertThat(search("attributes.status = 'FINISHED'")).containsExactly(runs.get(3));
    assertThat(search("status != 'FINISHED' and params.lr = '0.1'")).containsExactly(runs.get(1));
    assertThat(search("attributes.run_name = 'r0'")).containsExactly(runs.get(0));
    assertThat(search("attributes.run_id = '" + runs.get(1) + "'")).containsExactly(runs.get(1));
    assertThat(search("attributes.run_id IN ('" + runs.get(0) + "', '" + runs.get(3) + "')"))
        .containsExactly(runs.get(3), runs.get(0));
    assertThat(search("run_id NOT IN ('" + runs.get(0) + "') AND tags.`mlflow.parentRunId` = 's'"))
        .containsExactly(runs.get(2), runs.get(1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "metrics.loss < 5",
        "tags.x LIKE 'a%'",
        "attributes.start_time > 0",
        "params.lr = 0.1",
        "tags.a = 'x' OR tags.b = 'y'",
        "tags.a = 'x' tags.b = 'y'",
        "datasets.name = 'mnist'",
        "bogus.key = 'x'",
        "params.lr IN ('0.1')",
        "tags.a = 'unterminated"
      })
  void anythingElseIsRefusedNotIgnored(String filter) {
    JsonObject body = new JsonObject();
    JsonArray ids = new JsonArray();
    ids.add(experimentId);
    body.add("experiment_ids", ids);
    body.addProperty("filter", filter);
    Rest.Reply reply = rest.post("runs/search", body);
    assertThat(reply.status()).as(reply.text()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void orderByMetricsParamsAndAttributesWithMissingAndNanLast() {
    assertThat(search("", "metrics.loss ASC"))
        .containsExactly(runs.get(3), runs.get(2), runs.get(0), runs.get(1));
    assertThat(search("", "metrics.loss DESC"))
        .containsExactly(runs.get(0), runs.get(2), runs.get(3), runs.get(1));
    assertThat(search("", "params.lr"))
        .containsExactly(runs.get(0), runs.get(1), runs.get(2), runs.get(3));
    assertThat(search("", "attributes.start_time ASC")).first().isEqualTo(runs.get(0));
    assertThat(search("", "tags.`mlflow.parentRunId` DESC", "attributes.run_name DESC"))
        .containsExactly(runs.get(2), runs.get(1), runs.get(0), runs.get(3));
  }

  @Test
  void pagesCoverEveryRunOnce() {
    Result first = search("", 3, null);
    assertThat(first.ids()).hasSize(3);
    assertThat(first.nextPageToken()).isNotNull();
    Result second = search("", 3, first.nextPageToken());
    assertThat(second.ids()).containsExactly(runs.get(0));
    assertThat(second.nextPageToken()).isNull();
  }

  @Test
  void maxResultsAndPageTokensAreChecked() {
    String body = "{\"experiment_ids\": [\"" + experimentId + "\"], \"max_results\": ";
    assertThat(rest.post("runs/search", body + "50000}").status()).isEqualTo(200);
    assertThat(rest.post("runs/search", body + "50001}").status()).isEqualTo(400);
    assertThat(rest.post("runs/search", body + "1, \"page_token\": \"garbage!\"}").status())
        .isEqualTo(400);
  }

  @Test
  void deletedRunsShowOnlyWhenAsked() {
    String extra = rest.run(experimentId);
    rest.post("runs/delete", "{\"run_id\": \"" + extra + "\"}");
    String body = "{\"experiment_ids\": [\"" + experimentId + "\"], \"run_view_type\": ";
    assertThat(rest.post("runs/search", body + "\"DELETED_ONLY\"}").json().getAsJsonArray("runs"))
        .hasSize(1);
    assertThat(rest.post("runs/search", body + "\"ALL\"}").json().getAsJsonArray("runs"))
        .hasSize(5);
    assertThat(search("")).doesNotContain(extra);
    rest.post("runs/restore", "{\"run_id\": \"" + extra + "\"}");
    rest.post("runs/delete", "{\"run_id\": \"" + extra + "\"}");
  }

  @Test
  void experimentsSearchByNameAndPages() {
    for (int i = 0; i < 3; i++) {
      rest.experiment("paged-" + i);
    }
    Rest.Reply byName =
        rest.get("experiments/search?max_results=10&filter=name%20%3D%20%27paged-1%27");
    assertThat(byName.json().getAsJsonArray("experiments")).hasSize(1);
    JsonObject first = rest.post("experiments/search", "{\"max_results\": 2}").json();
    assertThat(first.getAsJsonArray("experiments")).hasSize(2);
    // Newest first: the three just made.
    assertThat(
            first.getAsJsonArray("experiments").get(0).getAsJsonObject().get("name").getAsString())
        .startsWith("paged-");
    assertThat(first.has("next_page_token")).isTrue();
    assertThat(rest.post("experiments/search", "{\"max_results\": 0}").status()).isEqualTo(400);
    assertThat(
            rest.post("experiments/search", "{\"max_results\": 1, \"filter\": \"name LIKE 'p%'\"}")
                .status())
        .isEqualTo(400);
  }
}
