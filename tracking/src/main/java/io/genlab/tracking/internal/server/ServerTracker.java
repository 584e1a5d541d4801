package io.genlab.tracking.internal.server;

import io.genlab.tracking.DatasetInput;
import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.SyncSummary;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import io.genlab.tracking.internal.FileStoreTracker;
import io.genlab.tracking.internal.Keys;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.mlflow.api.proto.Service;

/**
 * An MLflow tracking server as genlab's {@link Tracker}: runs are written to a local {@link Spool} first
 * and sent in the background, so a server that is slow, down at the start or gone mid-run never stops
 * training; what could not be sent waits in the spool for the server (or {@code genlab sync}).
 *
 * <p>Readers see the spool's runs as written (they are the newest) and the server's other runs. A run the
 * server created has the same id in the spool; a run started while the server was away keeps its local
 * id, and the server's copy is tagged {@value RunPush#SOURCE_RUN_TAG} with it, so either id finds it.
 * Safe for concurrent use.
 */
public final class ServerTracker implements Tracker {
  /** How long closing waits for the last records to reach a server that answers. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

  private final ServerApi api;
  private final Spool spool;
  private final Pusher pusher;
  private final Consumer<String> notices;
  private volatile boolean warnedOffline;

  /**
   * Connects to the server at {@code uri} (nothing is sent until a run starts).
   *
   * @param uri the server, {@code http(s)://host:port[/path]}, without credentials
   * @param env where to read {@code MLFLOW_TRACKING_TOKEN} and the other variables MLflow's clients read
   * @param spoolBase the folder holding the spools of all servers
   * @param requestTimeout how long one request may take
   * @param sendEvery how often the background sender sends what was logged
   * @param notices where to say that the server is away or back, one line each
   */
  public ServerTracker(URI uri, Map<String, String> env, Path spoolBase, Duration requestTimeout, Duration sendEvery,
      Consumer<String> notices) {
    this.api = new ServerApi(uri, ServerCredentials.fromEnvironment(env), requestTimeout, Backoff.REQUEST);
    this.spool = new Spool(Spool.folderFor(spoolBase, uri));
    this.notices = notices;
    this.pusher = new Pusher(new RunPush(api, spool.store(), spool), sendEvery, notices, spool.folder().toString());
  }

  /** The spool's folder, where runs wait while the server is away. */
  public Path spoolFolder() {
    return spool.folder();
  }

  /**
   * Sends every run of the spool the server lacks anything of, in start order (parents before their
   * children), and says how much went; the runs the server refuses are listed in the summary.
   *
   * @throws UncheckedIOException when the server cannot be reached
   */
  public SyncSummary sendSpooled() {
    return new StoreSync(api, spool.store(), spool).sendAll();
  }

  // ---------------------------------------------------------------- writers

  @Override
  public TrackedRun startRun(String experimentName, String runName, Map<String, String> tags) {
    String name = experimentName == null ? "Default" : experimentName;
    FileStoreTracker store = spool.store();
    TrackedRun spooled;
    try {
      Service.Experiment experiment = api.activeExperiment(name);
      if (!experiment.getArtifactLocation().isEmpty()) {
        ArtifactRoots.check(experiment.getArtifactLocation(), api.uri());
      }
      String wanted = runName != null ? runName : tags == null ? null : tags.get("mlflow.runName");
      long start = System.currentTimeMillis();
      Service.RunInfo created = api.createRun(experiment.getExperimentId(), wanted == null ? "" : wanted, start, "", List.of());
      ArtifactRoots.check(created.getArtifactUri(), api.uri());
      spooled = store.startRun(experimentName, runName, tags, created.getRunId(), start);
    } catch (ServerException e) {
      if (!e.isTransient()) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
      warnOffline(e);
      spooled = store.startRun(experimentName, runName, tags);
    }
    pusher.changed(spooled.runId(), null);
    pusher.wake();
    return new ServerRun(spooled, pusher);
  }

  @Override
  public TrackedRun openRun(String runId) {
    String local = localId(runId).orElseGet(() -> pull(runId));
    TrackedRun spooled = spool.store().openRun(local);
    pusher.changed(local, null);
    pusher.wake();
    return new ServerRun(spooled, pusher);
  }

  /** The spool's id of a run named by its spool id or its server id, if the spool has it. */
  private Optional<String> localId(String runId) {
    if (spool.store().run(runId).isPresent()) {
      return Optional.of(runId);
    }
    try {
      return api.run(runId).map(r -> sourceRunId(r)).filter(id -> spool.store().run(id).isPresent());
    } catch (ServerException e) {
      return Optional.empty();
    }
  }

  private static String sourceRunId(Service.Run run) {
    return run.getData().getTagsList().stream().filter(t -> t.getKey().equals(RunPush.SOURCE_RUN_TAG))
        .map(Service.RunTag::getValue).findFirst().orElse("");
  }

  /**
   * Copies a server run the spool does not have (started on another machine) into the spool under its
   * server id, params, tags and metrics, so that it can go on here; artifacts stay on the server.
   */
  private String pull(String runId) {
    try {
      Service.Run run = api.run(runId).orElseThrow(() -> new IllegalArgumentException(
          "no run '" + runId + "' in " + describe()));
      if (!"active".equals(run.getInfo().getLifecycleStage())) {
        throw new IllegalStateException("run '" + runId + "' in " + describe() + " is deleted; restore it first");
      }
      String experiment = api.experimentName(run.getInfo().getExperimentId());
      RunInfo info = info(run);
      TrackedRun copy = spool.store().startRun(experiment, info.runName(), info.tags(), runId, info.startTime());
      copy.logParams(info.params());
      for (Service.Metric latest : run.getData().getMetricsList()) {
        for (MetricPoint p : api.metricHistory(runId, latest.getKey())) {
          spool.store().logMetricAt(copy, latest.getKey(), p);
        }
      }
      // Ended as the server has it, or KILLED until reopened (RUNNING elsewhere, or SCHEDULED for this process).
      copy.end(info.status().isTerminal() ? info.status() : RunStatus.KILLED);
      return runId;
    } catch (ServerException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- readers

  @Override
  public List<String> experimentNames() {
    Set<String> names = new LinkedHashSet<>();
    try {
      names.addAll(api.experimentNames());
    } catch (ServerException e) {
      unreachableForReading(e);
    }
    names.addAll(spool.store().experimentNames());
    return List.copyOf(names);
  }

  @Override
  public List<RunInfo> runs(String experimentName) {
    FileStoreTracker store = spool.store();
    List<RunInfo> runs = new ArrayList<>();
    boolean spooled = store.experimentNames().contains(experimentName);
    if (spooled) {
      runs.addAll(store.runs(experimentName));
    }
    Set<String> local = new java.util.HashSet<>();
    runs.forEach(r -> local.add(r.runId()));
    try {
      Optional<Service.Experiment> experiment = api.experiment(experimentName);
      if (experiment.isPresent() && "active".equals(experiment.get().getLifecycleStage())) {
        for (Service.Run run : api.searchRuns(List.of(experiment.get().getExperimentId()), "")) {
          if (!local.contains(run.getInfo().getRunId()) && !local.contains(sourceRunId(run))) {
            runs.add(info(run));
          }
        }
      } else if (!spooled) {
        throw new IllegalArgumentException("no experiment '" + experimentName + "' in " + describe()
            + "; existing experiments: " + String.join(", ", experimentNames()));
      }
    } catch (ServerException e) {
      if (!spooled) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
      unreachableForReading(e);
    }
    runs.sort(java.util.Comparator.comparingLong(RunInfo::startTime).thenComparing(RunInfo::runId));
    return runs;
  }

  @Override
  public Optional<RunInfo> run(String runId) {
    Optional<RunInfo> spooled = spool.store().run(runId);
    if (spooled.isPresent()) {
      return spooled;
    }
    try {
      Optional<Service.Run> run = api.run(runId);
      if (run.isPresent() && spool.store().run(sourceRunId(run.get())).isPresent()) {
        return spool.store().run(sourceRunId(run.get()));
      }
      return run.filter(r -> "active".equals(r.getInfo().getLifecycleStage())).map(ServerTracker::info);
    } catch (ServerException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  @Override
  public List<MetricPoint> metricHistory(String runId, String key) {
    Optional<String> local = localId(runId);
    if (local.isPresent()) {
      return spool.store().metricHistory(local.get(), key);
    }
    try {
      if (api.run(runId).isEmpty()) {
        throw new IllegalArgumentException("no run '" + runId + "' in " + describe());
      }
      return api.metricHistory(runId, key);
    } catch (ServerException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> readArtifact(String runId, String artifactPath) {
    Keys.checkArtifactPath(artifactPath, false);
    Optional<String> local = localId(runId);
    if (local.isPresent()) {
      Optional<byte[]> bytes = spool.store().readArtifact(local.get(), artifactPath);
      if (bytes.isPresent()) {
        return bytes;
      }
    }
    try {
      // A run pulled from the server (another machine wrote it) has the server's id and its artifacts there;
      // a run started here while the server was away has every artifact in the spool. Reading never
      // creates the run on the server.
      Optional<Service.Run> found = api.run(local.orElse(runId));
      if (found.isEmpty()) {
        if (local.isPresent()) {
          return Optional.empty();
        }
        throw new IllegalArgumentException("no run '" + runId + "' in " + describe());
      }
      Service.Run run = found.get();
      String root = run.getInfo().getArtifactUri();
      ArtifactRoots.check(root, api.uri());
      if (root.startsWith("file:")) {
        Path file = Path.of(URI.create(root)).resolve(artifactPath);
        return java.nio.file.Files.isRegularFile(file) ? Optional.of(java.nio.file.Files.readAllBytes(file))
            : Optional.empty();
      }
      return api.getArtifact(root, artifactPath);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  @Override
  public List<String> listArtifacts(String runId, String directory) {
    Keys.checkArtifactPath(directory, true);
    Optional<String> local = localId(runId);
    if (local.isPresent()) {
      List<String> spooled = spool.store().listArtifacts(local.get(), directory);
      if (!spooled.isEmpty()) {
        return spooled;
      }
    }
    try {
      // As readArtifact: the spool first, then the server's copy (runs another machine wrote, or sent ones).
      Optional<Service.Run> found = api.run(local.orElse(runId));
      if (found.isEmpty()) {
        if (local.isPresent()) {
          return List.of();
        }
        throw new IllegalArgumentException("no run '" + runId + "' in " + describe());
      }
      String root = found.get().getInfo().getArtifactUri();
      ArtifactRoots.check(root, api.uri());
      String prefix = directory.isEmpty() ? "" : directory + "/";
      List<String> paths = new ArrayList<>();
      if (root.startsWith("file:")) {
        Path folder = Path.of(URI.create(root)).resolve(directory);
        if (java.nio.file.Files.isDirectory(folder)) {
          try (var files = java.nio.file.Files.list(folder)) {
            files.filter(java.nio.file.Files::isRegularFile).forEach(f -> paths.add(prefix + f.getFileName()));
          }
        }
      } else {
        for (ServerApi.ArtifactFile f : api.list(root, directory)) {
          // The proxy names entries relative to the listed folder; some servers give the whole path.
          String name = f.path().substring(f.path().lastIndexOf('/') + 1);
          if (!f.directory() && !name.isEmpty()) {
            paths.add(prefix + name);
          }
        }
      }
      java.util.Collections.sort(paths);
      return paths;
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  @Override
  public List<DatasetInput> datasetInputs(String runId) {
    Optional<String> local = localId(runId);
    if (local.isPresent()) {
      return spool.store().datasetInputs(local.get());
    }
    try {
      Service.Run run = api.run(runId).orElseThrow(() -> new IllegalArgumentException(
          "no run '" + runId + "' in " + describe()));
      List<DatasetInput> inputs = new ArrayList<>();
      for (Service.DatasetInput input : run.getInputs().getDatasetInputsList()) {
        Map<String, String> tags = new java.util.TreeMap<>();
        input.getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
        String context = tags.remove(DatasetInput.CONTEXT_TAG);
        Service.Dataset d = input.getDataset();
        inputs.add(new DatasetInput(d.getName(), d.getDigest(), d.getSourceType(), d.getSource(),
            d.hasSchema() ? d.getSchema() : null, d.hasProfile() ? d.getProfile() : null, context, tags));
      }
      inputs.sort(java.util.Comparator.comparing(DatasetInput::name)
          .thenComparing(i -> String.valueOf(i.context())));
      return inputs;
    } catch (ServerException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  @Override
  public void checkCanStartRun(String experimentName) {
    spool.store().checkCanStartRun(experimentName);
    try {
      Optional<Service.Experiment> experiment = api.experiment(experimentName == null ? "Default" : experimentName);
      if (experiment.isPresent()) {
        if (!"active".equals(experiment.get().getLifecycleStage())) {
          throw new ServerException("experiment '" + experimentName + "' on " + api.uri() + " is deleted; restore it"
              + " in the MLflow UI or use another experiment name", 0, false, null);
        }
        ArtifactRoots.check(experiment.get().getArtifactLocation(), api.uri());
      }
    } catch (ServerException e) {
      if (!e.isTransient()) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
      // The run would be spooled: not a reason to refuse it.
      notices.accept("warning: " + e.getMessage() + "; a run would be recorded in " + spool.folder()
          + " and sent when the server answers");
    }
  }

  @Override
  public List<String> runIds() {
    return spool.store().runIds();
  }

  @Override
  public String describe() {
    return "MLflow tracking server at " + Trackers.redacted(api.uri());
  }

  @Override
  public String toString() {
    return describe();
  }

  /** Sends what is pending now, waiting at most {@code wait}; whether everything went. */
  boolean sendNow(Duration wait) {
    return pusher.flush(wait).isEmpty();
  }

  /** Sends what is still pending (waiting up to a minute while the server answers) and stops sending. */
  @Override
  public void close() {
    Set<String> left = pusher.flush(CLOSE_WAIT);
    pusher.close();
    api.close();
    RunPush.Sent sent = pusher.total();
    if (sent.metrics() + sent.params() + sent.tags() + sent.artifacts() > 0) {
      // What tracking cost this process, beside training: the sender's and the requests' CPU time.
      notices.accept(String.format(java.util.Locale.ROOT, "sent to %s: %d metric points, %d params, %d tags, %d artifact"
          + " files in %d requests (%.2f s of CPU)", Trackers.redacted(api.uri()), sent.metrics(), sent.params(),
          sent.tags(), sent.artifacts(), api.requests(), (pusher.senderCpuNanos() + api.requestCpuNanos()) / 1e9));
    }
    if (!left.isEmpty()) {
      notices.accept("warning: " + left.size() + " run(s) not yet on " + Trackers.redacted(api.uri()) + " are kept in "
          + spool.folder() + "; send them with `genlab sync --tracking-uri " + Trackers.redacted(api.uri()) + "`");
    }
  }

  private void warnOffline(ServerException e) {
    if (!warnedOffline) {
      warnedOffline = true;
      notices.accept("warning: " + e.getMessage() + "; recording runs in " + spool.folder()
          + " until the server answers (or `genlab sync`)");
    }
  }

  private void unreachableForReading(ServerException e) {
    if (!e.isTransient()) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    warnOffline(e);
  }

  static RunInfo info(Service.Run run) {
    Service.RunInfo i = run.getInfo();
    Map<String, String> params = new HashMap<>();
    run.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
    Map<String, String> tags = new HashMap<>();
    run.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
    Map<String, Double> metrics = new HashMap<>();
    run.getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
    return new RunInfo(i.getRunId(), i.getExperimentId(), i.getRunName(), RunStatus.valueOf(i.getStatus().name()),
        i.getStartTime(), i.hasEndTime() && i.getEndTime() > 0 ? i.getEndTime() : null, params, tags, metrics);
  }
}
