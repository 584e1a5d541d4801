package io.genlab.tracking.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * The load the fake server has seen since it first started: requests and body bytes, in all and by
 * endpoint.
 *
 * @param uptime time since the server first started
 * @param total all requests
 * @param byEndpoint requests by endpoint, e.g. {@code POST runs/log-batch}, sorted by name
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record ServerStats(Duration uptime, Counts total, Map<String, Counts> byEndpoint) {
  public ServerStats {
    byEndpoint = Collections.unmodifiableMap(new TreeMap<>(byEndpoint));
  }

  /**
   * Counts for a set of requests.
   *
   * @param requests how many
   * @param errors how many were answered with a status of 400 or more, or dropped
   * @param bytesIn request body bytes
   * @param bytesOut response body bytes
   */
  public record Counts(long requests, long errors, long bytesIn, long bytesOut) {}

  /** Requests per second over the uptime. */
  public double requestsPerSecond() {
    double seconds = uptime.toNanos() / 1e9;
    return seconds <= 0 ? 0 : total.requests() / seconds;
  }

  /** A few lines for a person: totals, rate, then one line per endpoint. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "fake MLflow server: %d requests in %.1f s (%.1f requests/s), %d errors, %s in, %s"
                + " out%n",
            total.requests(),
            uptime.toNanos() / 1e9,
            requestsPerSecond(),
            total.errors(),
            bytes(total.bytesIn()),
            bytes(total.bytesOut())));
    byEndpoint.forEach(
        (endpoint, counts) ->
            out.append(
                String.format(
                    Locale.ROOT,
                    "  %-45s %8d requests %6d errors %10s in %10s out%n",
                    endpoint,
                    counts.requests(),
                    counts.errors(),
                    bytes(counts.bytesIn()),
                    bytes(counts.bytesOut()))));
    return out.toString();
  }

  private static String bytes(long count) {
    if (count < 10_000) {
      return count + " B";
    }
    if (count < 10_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", count / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f MB", count / 1e6);
  }
}
