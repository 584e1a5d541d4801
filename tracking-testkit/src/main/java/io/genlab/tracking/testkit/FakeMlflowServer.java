package io.genlab.tracking.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.sun.net.httpserver.HttpServer;
import io.genlab.tracking.testkit.internal.ArtifactApi;
import io.genlab.tracking.testkit.internal.ArtifactStore;
import io.genlab.tracking.testkit.internal.AuthPolicy;
import io.genlab.tracking.testkit.internal.Faults;
import io.genlab.tracking.testkit.internal.HttpDispatch;
import io.genlab.tracking.testkit.internal.RequestJournal;
import io.genlab.tracking.testkit.internal.TrackingApi;
import io.genlab.tracking.testkit.internal.TrackingState;
import io.genlab.tracking.testkit.internal.Validation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;

/**
 * An MLflow tracking server in the test's own process, for tests of code that talks to one: it
 * speaks the REST subset genlab uses, as MLflow 2.17's server does, and refuses what that server
 * refuses, so that a client's mistake fails a test instead of a user's run.
 *
 * <h2>What it follows</h2>
 *
 * MLflow's REST API reference and its server's handlers, stores and {@code validation.py} (2.17):
 *
 * <ul>
 *   <li>Under {@code /api/2.0/mlflow/}: {@code experiments/} {@code create}, {@code get}, {@code
 *       get-by-name}, {@code search}, {@code set-experiment-tag}, {@code delete}, {@code restore},
 *       {@code update}; {@code runs/} {@code create}, {@code update}, {@code get}, {@code delete},
 *       {@code restore}, {@code search}, {@code log-batch}, {@code log-metric}, {@code
 *       log-parameter}, {@code set-tag}, {@code delete-tag}, {@code log-inputs}; {@code
 *       metrics/get-history}; {@code artifacts/list}; plus {@code /health} and {@code /version}.
 *       Each takes the HTTP methods MLflow's {@code service.proto} gives it (GET with query
 *       parameters, or POST with a JSON body and {@code Content-Type: application/json}); another
 *       method answers 405, an unknown path 404.
 *   <li>Requests are read as protobuf's JSON parser reads them (int64 as numbers or strings, enums
 *       by name or number, {@code "NaN"} and {@code "Infinity"} for doubles, unknown fields
 *       ignored); answers are MLflow's JSON (int64 as numbers, enums by name, NaN as {@code "NaN"},
 *       empty lists left out). Errors are {@code {"error_code", "message"}} with MLflow's status:
 *       INVALID_PARAMETER_VALUE, RESOURCE_ALREADY_EXISTS and INVALID_STATE 400,
 *       RESOURCE_DOES_NOT_EXIST 404.
 *   <li>Validation: key characters ({@code [/\w.\- :]}), at most 250 characters, no key that
 *       resolves to another path ({@code ..}, leading or doubled {@code /}); param values at most
 *       6000 characters, run tag values 8000, experiment names 500, experiment tag values 5000; a
 *       batch at most 1000 metrics, 100 params, 100 tags, 1000 in all and 1 MB; metric value,
 *       timestamp (not negative) and key required, step 0 if absent; a param never changed (the
 *       same value again is fine); nothing logged to a deleted run; run status one of MLflow's
 *       five; experiment names unique (deleted ones too); run and experiment id formats; dataset
 *       name 500, digest 36, source 64 KiB, schema 1 MiB, profile 16 MiB, input tag key 255 and
 *       value 500 characters; search {@code max_results} at most 50000.
 *   <li>Metric points are stored as sent, never deduplicated, so a point sent twice shows twice in
 *       the history; a run's metrics are the latest point per key (largest step, then timestamp,
 *       then value). A metric's history comes in one response, as MLflow 2.17 answers it, unless
 *       {@link FakeServerOptions#metricHistoryPageSize()} asks for MLflow 3's paging.
 *   <li>Search: {@code runs/search} filters with AND-joined equality clauses on tags, params, run
 *       status, name and id ({@code run_id IN (...)} too), orders by attributes, metrics, params
 *       and tags, and pages with MLflow's tokens; see {@code RunSearch} for the exact subset.
 *       {@code experiments/search} filters by name and tags. Clauses outside the subset are refused
 *       with 400, never ignored.
 *   <li>The artifact proxy of {@code mlflow server} ({@code /api/2.0/mlflow-artifacts/artifacts}):
 *       upload with PUT, download with GET, list with {@code GET ...?path=}, DELETE; path traversal
 *       refused; runs' artifact URIs {@code mlflow-artifacts:/<exp>/<run>/artifacts}. Or, by {@link
 *       FakeServerOptions}, a server whose runs write {@code file:} URIs themselves, or name
 *       another store such as {@code s3://}, with the proxy answering 503.
 * </ul>
 *
 * <h2>What it leaves out</h2>
 *
 * Traces, logged models, the model registry, dataset search, bulk metric history and multipart
 * uploads (they answer 501 NOT_IMPLEMENTED), the {@code /ajax-api} prefix (404), persistence (state
 * lives as long as this object, across {@link #stop()} and {@link #start()}), users and permissions
 * beyond one credential, and MLflow's web UI. Where MLflow's stores differ, it follows the SQL
 * store, except that it keeps duplicate metric points; it refuses a run without an experiment id
 * (MLflow files it under {@code Default}), keys ending in a newline, and, unless asked to truncate,
 * over-long values.
 *
 * <h2>Test controls</h2>
 *
 * Start and stop ({@link #stop()} refuses connections until {@link #start()} or {@link #restart()}
 * binds the same port again, with all data kept); injected failures ({@link #failNext}, {@link
 * #failMatching}, {@link #failNextAfterHandling}, {@link #dropNext}) and delays ({@link
 * #delayNext}); credentials ({@link #requireBasicAuth}, {@link #requireBearerToken}); the request
 * log ({@link #requests()}) and load counters ({@link #stats()}, {@link #summary()}); and views of
 * the stored data ({@link #experimentByName}, {@link #runsOf}, {@link #run}, {@link #runArtifact}).
 *
 * <p>Thread-safe: requests are served concurrently, and every method may be called from any thread.
 * It listens on the loopback address only. Parameters and return values are never {@code null}
 * unless stated.
 *
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public final class FakeMlflowServer implements AutoCloseable {
  private static final String NO_DELAY = "sun.net.httpserver.nodelay";
  private final FakeServerOptions options;
  private final TrackingState state;
  private final ArtifactStore artifacts = new ArtifactStore();
  private final Faults faults = new Faults();
  private final AuthPolicy auth = new AuthPolicy();
  private final RequestJournal journal = new RequestJournal();
  private final HttpDispatch dispatch;
  private HttpServer server;
  private ExecutorService executor;
  private int port = -1;

  /** A server as {@code mlflow server} starts by default; call {@link #start()} next. */
  public FakeMlflowServer() {
    this(FakeServerOptions.defaults());
  }

  /** A server configured by {@code options}; call {@link #start()} next. */
  public FakeMlflowServer(FakeServerOptions options) {
    this.options = options;
    this.state =
        new TrackingState(
            new Validation(options.truncateLongValues()),
            options.artifactRoot(),
            options.metricHistoryPageSize());
    this.dispatch =
        new HttpDispatch(
            new TrackingApi(state, artifacts),
            new ArtifactApi(artifacts, options.serveArtifacts()),
            faults,
            auth,
            journal);
  }

  // ----- lifecycle

  /**
   * Starts listening: on a free port the first time, on the same port after {@link #stop()}.
   *
   * @return this server
   * @throws IllegalStateException if it is running
   * @throws UncheckedIOException if the port cannot be bound
   */
  public synchronized FakeMlflowServer start() {
    return start(port < 0 ? 0 : port);
  }

  /**
   * Starts listening on {@code port} of the loopback address (0: a free port).
   *
   * @return this server
   * @throws IllegalStateException if it is running
   * @throws UncheckedIOException if the port cannot be bound
   */
  public synchronized FakeMlflowServer start(int port) {
    // The JDK's server writes headers and body separately; with Nagle's algorithm on, the body then
    // waits for the client's delayed ACK, 40 ms per request. Read once, when its first server
    // starts.
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
    if (server != null) {
      throw new IllegalStateException("The fake MLflow server is already running at " + uri());
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "fake-mlflow-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      HttpServer bound =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
      bound.createContext("/", dispatch);
      bound.setExecutor(pool);
      bound.start();
      this.server = bound;
      this.executor = pool;
      this.port = bound.getAddress().getPort();
      journal.started();
      return this;
    } catch (IOException e) {
      pool.shutdownNow();
      throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port, e);
    }
  }

  /**
   * Stops listening, as a server that went away: connections are refused and requests in progress
   * are cut, but all data is kept for {@link #start()} or {@link #restart()}. Does nothing if it is
   * not running.
   */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
      executor = null;
    }
  }

  /** Stops, then starts again on the same port with all data kept. */
  public synchronized FakeMlflowServer restart() {
    stop();
    return start();
  }

  /** Whether it is listening. */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /**
   * The port it listens (or last listened) on.
   *
   * @throws IllegalStateException if it was never started
   */
  public synchronized int port() {
    if (port < 0) {
      throw new IllegalStateException("The fake MLflow server was never started");
    }
    return port;
  }

  /** The tracking URI to give a client, {@code http://127.0.0.1:<port>}. */
  public String uri() {
    return "http://127.0.0.1:" + port();
  }

  /** Stops it; same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** The options it was made with. */
  public FakeServerOptions options() {
    return options;
  }

  // ----- failures and delays

  /**
   * Answers the next {@code count} requests with {@code httpStatus} (400 to 599) and MLflow's error
   * body for it (503 TEMPORARILY_UNAVAILABLE, 429 REQUEST_LIMIT_EXCEEDED, else INTERNAL_ERROR and
   * the like), without handling them.
   */
  public void failNext(int count, int httpStatus) {
    faults.add(Faults.Kind.FAIL, null, count, httpStatus, null, null);
  }

  /**
   * As {@link #failNext(int, int)}, with a {@code Retry-After} header of {@code retryAfter} (whole
   * seconds, rounded up).
   */
  public void failNext(int count, int httpStatus, Duration retryAfter) {
    faults.add(Faults.Kind.FAIL, null, count, httpStatus, retryAfter, null);
  }

  /**
   * Answers the next {@code count} requests whose path matches {@code pathPattern} (a regular
   * expression found anywhere in the path, e.g. {@code "runs/log-batch"}) with {@code httpStatus},
   * without handling them; other requests pass.
   */
  public void failMatching(String pathPattern, int count, int httpStatus) {
    faults.add(Faults.Kind.FAIL, pathPattern, count, httpStatus, null, null);
  }

  /**
   * Handles the next {@code count} requests (their changes are kept) but answers {@code httpStatus}
   * instead of the result, as when a server's answer is lost: a client that retries such a request
   * must not log its data twice.
   */
  public void failNextAfterHandling(int count, int httpStatus) {
    faults.add(Faults.Kind.FAIL_AFTER_HANDLING, null, count, httpStatus, null, null);
  }

  /** Closes the connection of the next {@code count} requests without an answer or handling. */
  public void dropNext(int count) {
    faults.add(Faults.Kind.DROP, null, count, 0, null, null);
  }

  /** Waits {@code delay} before handling the next request, e.g. to test a client's timeout. */
  public void delayNext(Duration delay) {
    delayNext(1, delay);
  }

  /** Waits {@code delay} before handling each of the next {@code count} requests. */
  public void delayNext(int count, Duration delay) {
    faults.add(Faults.Kind.DELAY, null, count, 0, null, delay);
  }

  /** Forgets every failure and delay not yet used. */
  public void clearFaults() {
    faults.clear();
  }

  // ----- credentials

  /**
   * Demands HTTP Basic credentials on every request: none (or another scheme) answers 401 with
   * {@code WWW-Authenticate: Basic realm="mlflow"}, wrong ones 403.
   */
  public void requireBasicAuth(String user, String password) {
    auth.requireBasic(user, password);
  }

  /** Demands {@code Authorization: Bearer <token>} on every request: none 401, a wrong one 403. */
  public void requireBearerToken(String token) {
    auth.requireBearer(token);
  }

  /** Demands no credentials (the default). */
  public void allowAnonymous() {
    auth.allowAnonymous();
  }

  // ----- requests and load

  /** Every request received so far (while logging is on), oldest first. */
  public List<RecordedRequest> requests() {
    return journal.requests();
  }

  /** The logged requests whose path contains {@code pathPart}, e.g. {@code "runs/log-batch"}. */
  public List<RecordedRequest> requests(String pathPart) {
    return journal.requests().stream().filter(r -> r.path().contains(pathPart)).toList();
  }

  /** Empties the request log; the counters of {@link #stats()} are kept. */
  public void clearRequests() {
    journal.clear();
  }

  /**
   * Whether each request is kept in {@link #requests()} (on by default); off for long load runs,
   * where only the counters are needed.
   */
  public void setRequestLogging(boolean on) {
    journal.setLogging(on);
  }

  /** Requests and body bytes since the first start, in all and by endpoint. */
  public ServerStats stats() {
    return journal.stats();
  }

  /** {@link #stats()} for a person: totals, requests per second, one line per endpoint. */
  public String summary() {
    return stats().describe();
  }

  // ----- the stored data

  /** Every experiment, {@code Default} (id 0) and deleted ones included, in id order. */
  public List<ExperimentSnapshot> experiments() {
    return state.experiments();
  }

  /** The experiment with that name, active or deleted, if any. */
  public Optional<ExperimentSnapshot> experimentByName(String name) {
    return state.experimentByName(name);
  }

  /**
   * Every run of the experiment with that name, deleted ones too, in creation order, with full
   * metric histories; empty if there is no such experiment.
   */
  public List<RunSnapshot> runsOf(String experimentName) {
    return experimentByName(experimentName)
        .map(e -> state.runsOf(e.experimentId()))
        .orElse(List.of());
  }

  /** The run with that id, with its full metric histories, if any. */
  public Optional<RunSnapshot> run(String runId) {
    return state.findRun(runId);
  }

  /**
   * The bytes of a file in the artifact proxy's store, by its path there (e.g. {@code
   * 1/<run_id>/artifacts/model.bin}), if any.
   */
  public Optional<byte[]> artifact(String path) {
    return artifacts.find(path);
  }

  /** Every file's path in the artifact proxy's store, sorted. */
  public List<String> artifactPaths() {
    return artifacts.paths();
  }

  /**
   * The bytes of a run's artifact by its path in the run's artifact directory: from the proxy's
   * store for {@code mlflow-artifacts:} URIs, from the disk for {@code file:} URIs; empty if there
   * is no such run or file, or the run's artifacts are elsewhere.
   */
  public Optional<byte[]> runArtifact(String runId, String relativePath) {
    Optional<RunSnapshot> run = state.findRun(runId);
    if (run.isEmpty()) {
      return Optional.empty();
    }
    String root = run.get().artifactUri();
    String base = ArtifactStore.storePath(root);
    if (base != null) {
      return artifacts.find(base + "/" + relativePath);
    }
    if (root.startsWith("file:")) {
      Path file = Path.of(URI.create(root)).resolve(relativePath);
      try {
        return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Optional.empty();
  }

  // ----- standalone

  /**
   * Runs a fake server until the process is killed, for load measurements: {@code args[0]} is the
   * port (default 5000). Prints its URI on one line when it listens, and the request summary when
   * the process ends. Requests are counted but not logged, to keep memory flat.
   */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    FakeMlflowServer server = new FakeMlflowServer();
    server.setRequestLogging(false);
    server.start(port);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.print(server.summary());
                  System.out.flush();
                  server.stop();
                },
                "fake-mlflow-summary"));
    System.out.println(server.uri());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
