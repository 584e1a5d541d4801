package io.genlab.tracking.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.URI;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * How a {@link FakeMlflowServer} behaves where real servers differ by their configuration.
 *
 * @param artifactRoot the default artifact root: new experiments' artifact location is this plus
 *     {@code /<experiment_id>}, and a run's artifact URI that plus {@code /<run_id>/artifacts};
 *     {@code mlflow-artifacts:/} by default, as {@code mlflow server} with artifact serving
 * @param serveArtifacts whether the artifact proxy ({@code /api/2.0/mlflow-artifacts/...}) answers;
 *     without it every proxy request answers 503, as {@code mlflow server --no-serve-artifacts}
 * @param truncateLongValues whether param values over 6000 and tag values over 8000 characters are
 *     cut to that length, as MLflow 2.17 does by default ({@code
 *     MLFLOW_TRUNCATE_LONG_VALUES=true}); by default the fake refuses them with
 *     INVALID_PARAMETER_VALUE, as MLflow does with that variable false, so a client sending them
 *     fails a test instead of losing data
 * @param metricHistoryPageSize 0 (the default) to answer a metric's whole history in one response
 *     and ignore {@code max_results} and {@code page_token}, as MLflow 2.17's server does; or the
 *     largest page to answer, with a {@code next_page_token} after each but the last, as MLflow 3's
 *     server pages, so a client's paging can be tested
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record FakeServerOptions(
    String artifactRoot,
    boolean serveArtifacts,
    boolean truncateLongValues,
    int metricHistoryPageSize) {

  public FakeServerOptions {
    if (artifactRoot == null || !artifactRoot.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      throw new IllegalArgumentException(
          "artifactRoot must be a URI with a scheme, such as mlflow-artifacts:/, file:///tmp/a or"
              + " s3://bucket/path; got "
              + artifactRoot);
    }
    if (metricHistoryPageSize < 0) {
      throw new IllegalArgumentException(
          "metricHistoryPageSize must be 0 (no paging) or positive, got " + metricHistoryPageSize);
    }
  }

  /** A server as {@code mlflow server} starts by default: it proxies artifacts. */
  public static FakeServerOptions defaults() {
    return new FakeServerOptions("mlflow-artifacts:/", true, false, 0);
  }

  /**
   * A server started with {@code --no-serve-artifacts --default-artifact-root file://<dir>}: runs'
   * artifact URIs are {@code file:} URIs under {@code dir}, where clients write the files
   * themselves, and the artifact proxy answers 503.
   */
  public FakeServerOptions withLocalArtifactRoot(Path dir) {
    URI uri = dir.toAbsolutePath().normalize().toUri();
    return new FakeServerOptions(uri.toString(), false, truncateLongValues, metricHistoryPageSize);
  }

  /**
   * A server whose runs' artifacts go to another store, e.g. {@code s3://bucket/mlflow}, which the
   * fake only names; the artifact proxy answers 503.
   */
  public FakeServerOptions withArtifactRoot(String uri) {
    return new FakeServerOptions(uri, false, truncateLongValues, metricHistoryPageSize);
  }

  public FakeServerOptions withTruncateLongValues(boolean truncate) {
    return new FakeServerOptions(artifactRoot, serveArtifacts, truncate, metricHistoryPageSize);
  }

  public FakeServerOptions withMetricHistoryPageSize(int pageSize) {
    return new FakeServerOptions(artifactRoot, serveArtifacts, truncateLongValues, pageSize);
  }
}
