package io.genlab.tracking.testkit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain HTTP calls to a fake server, for the tests that check status codes and JSON shapes. */
final class Rest {
  /** One answer: status, body, and the body as JSON when it is JSON. */
  record Reply(int status, byte[] body, HttpResponse<byte[]> response) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonObject json() {
      return JsonParser.parseString(text()).getAsJsonObject();
    }

    String errorCode() {
      return json().get("error_code").getAsString();
    }

    String message() {
      return json().get("message").getAsString();
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  Rest(FakeMlflowServer server) {
    this.base = server.uri();
  }

  /** POSTs JSON to {@code /api/2.0/mlflow/<endpoint>}. */
  Reply post(String endpoint, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + endpoint))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply post(String endpoint, JsonElement json) {
    return post(endpoint, json.toString());
  }

  /** GETs {@code /api/2.0/mlflow/<endpointAndQuery>}. */
  Reply get(String endpointAndQuery) {
    return send(
        HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + endpointAndQuery))
            .timeout(TIMEOUT)
            .GET());
  }

  /** Any request to a path of the server. */
  Reply send(String method, String path, byte[] body, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  /** Sends a request as built; give it a timeout. */
  Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates an experiment and returns its id. */
  String experiment(String name) {
    Reply reply = post("experiments/create", "{\"name\": \"" + name + "\"}");
    if (reply.status() != 200) {
      throw new IllegalStateException(reply.text());
    }
    return reply.json().get("experiment_id").getAsString();
  }

  /** Creates a run in the experiment and returns its id. */
  String run(String experimentId) {
    Reply reply =
        post("runs/create", "{\"experiment_id\": \"" + experimentId + "\", \"start_time\": 1000}");
    if (reply.status() != 200) {
      throw new IllegalStateException(reply.text());
    }
    return reply.json().getAsJsonObject("run").getAsJsonObject("info").get("run_id").getAsString();
  }
}
