package io.genlab.tracking.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genlab.tracking.testkit.RecordedRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Takes each HTTP exchange through the fake's steps: read the body, wait and fail as the test asked
 * ({@link Faults}), check credentials ({@link AuthPolicy}), answer through the tracking or artifact
 * API (or MLflow's {@code /health} and {@code /version}), record the request ({@link
 * RequestJournal}).
 *
 * <p>Thread-safe; the HTTP server calls it from its pool's threads.
 */
public final class HttpDispatch implements HttpHandler {
  /** What {@code GET /version} answers: the MLflow release the fake follows. */
  public static final String MLFLOW_VERSION = "2.17.2";

  private final TrackingApi tracking;
  private final ArtifactApi artifacts;
  private final Faults faults;
  private final AuthPolicy auth;
  private final RequestJournal journal;

  public HttpDispatch(
      TrackingApi tracking,
      ArtifactApi artifacts,
      Faults faults,
      AuthPolicy auth,
      RequestJournal journal) {
    this.tracking = tracking;
    this.artifacts = artifacts;
    this.faults = faults;
    this.auth = auth;
    this.journal = journal;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Instant received = Instant.now();
    HttpCall call = read(exchange);
    String endpoint = endpointName(call);
    HttpReply reply = null;
    try {
      Optional<Faults.Fault> delay = faults.take(call.path(), Faults.Kind.DELAY);
      if (delay.isPresent()) {
        Thread.sleep(delay.get().delay().toMillis());
      }
      Optional<Faults.Fault> early = faults.take(call.path(), Faults.Kind.FAIL, Faults.Kind.DROP);
      if (early.isPresent() && early.get().kind() == Faults.Kind.DROP) {
        return;
      }
      if (early.isPresent()) {
        reply = Faults.reply(early.get());
      } else {
        reply = auth.check(call);
        if (reply == null) {
          reply = route(call);
          Optional<Faults.Fault> late = faults.take(call.path(), Faults.Kind.FAIL_AFTER_HANDLING);
          if (late.isPresent()) {
            reply = Faults.reply(late.get());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      reply = HttpReply.error(ErrorCode.INTERNAL_ERROR, "The fake MLflow server failed: " + e);
    } finally {
      // Recorded before the client can read the answer, so a test sees it once the call returns.
      journal.record(
          endpoint,
          new RecordedRequest(
              received,
              call.method(),
              call.path(),
              call.rawQuery(),
              call.headers(),
              call.body(),
              reply == null ? 0 : reply.status()),
          reply == null || call.method().equals("HEAD") ? 0 : reply.body().length);
      // Without an answer, closing the exchange drops the connection.
      try {
        if (reply != null) {
          send(exchange, call, reply);
        }
      } finally {
        exchange.close();
      }
    }
  }

  private HttpReply route(HttpCall call) {
    String path = call.path();
    if (path.startsWith(TrackingApi.PREFIX)) {
      return tracking.handle(asGet(call));
    }
    if (path.startsWith(ArtifactApi.PREFIX)) {
      return artifacts.handle(asGet(call));
    }
    if (path.equals("/health") || path.equals("/version")) {
      return call.method().equals("GET") || call.method().equals("HEAD")
          ? HttpReply.text(200, path.equals("/health") ? "OK" : MLFLOW_VERSION)
          : HttpReply.methodNotAllowed("GET, HEAD, OPTIONS");
    }
    return HttpReply.notFound();
  }

  /** Flask answers HEAD as GET without the body. */
  private static HttpCall asGet(HttpCall call) {
    return call.method().equals("HEAD")
        ? new HttpCall("GET", call.path(), call.rawQuery(), call.headers(), call.body())
        : call;
  }

  private static HttpCall read(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    String query = exchange.getRequestURI().getRawQuery();
    return new HttpCall(
        exchange.getRequestMethod().toUpperCase(Locale.ROOT),
        exchange.getRequestURI().getPath(),
        query == null ? "" : query,
        Map.copyOf(headers),
        body);
  }

  private static void send(HttpExchange exchange, HttpCall call, HttpReply reply)
      throws IOException {
    reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    boolean noBody = reply.body().length == 0 || call.method().equals("HEAD");
    // -1: no body; 0 would mean a chunked body.
    exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body());
      }
    }
  }

  /** The endpoint a request counts under, e.g. {@code POST runs/log-batch}. */
  static String endpointName(HttpCall call) {
    String route = TrackingApi.routeName(call.path());
    if (route == null) {
      route = ArtifactApi.routeName(call.path());
    }
    if (route == null) {
      route =
          call.path().equals("/health") || call.path().equals("/version") ? call.path() : "(other)";
    }
    return call.method() + " " + route;
  }
}
