package io.genlab.tracking.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One request the fake server received, and the status it answered.
 *
 * @param receivedAt when it arrived
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the path, percent-decoded, e.g. {@code /api/2.0/mlflow/runs/log-batch}
 * @param query the query string as sent, {@code ""} if none
 * @param headers the header values by lower-case name
 * @param body the body bytes (not copied: do not change them)
 * @param status the HTTP status answered; 0 if the connection was dropped without an answer
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record RecordedRequest(
    Instant receivedAt,
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    byte[] body,
    int status) {

  /** The first value of a header (any case), if it was sent. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> " + status;
  }
}
