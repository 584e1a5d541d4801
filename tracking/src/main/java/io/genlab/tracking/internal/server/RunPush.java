package io.genlab.tracking.internal.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.genlab.tracking.DatasetInput;
import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.RunTags;
import io.genlab.tracking.Trackers;
import io.genlab.tracking.internal.AtomicFiles;
import io.genlab.tracking.internal.FileStoreTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.mlflow.api.proto.Service;

/**
 * Sends a tracking server what it lacks of runs recorded in a local file store (the spool, or a user's
 * {@code ./mlruns}), by comparing the two: params and tags missing or different, the metric points past
 * those the server holds, artifacts whose content it has not received, then the run's status.
 *
 * <p>Because it compares instead of replaying a log of calls, sending again after any failure (a lost
 * answer, a crash, a killed process) sends each point exactly once: how many points the server holds is
 * recorded in the spool ({@link SentPoints}, written ahead of each batch), and read from the server
 * again whenever a send may have been cut short. Processes sharing a spool send a run one at a time
 * ({@link PushLock}). A local run that the server does not know
 * is created there, tagged {@value #SOURCE_RUN_TAG} with the local id so that it is found again; {@code
 * mlflow.parentRunId} tags are mapped to the parents' server ids. Thread-safe (one push at a time).
 */
final class RunPush {
  /** The server-side tag naming the local run a server run was created from. */
  static final String SOURCE_RUN_TAG = "genlab.sourceRunId";

  /** How long a changed artifact of a running run waits after its last upload: a checkpoint every epoch. */
  static final long ARTIFACT_RESEND_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

  /**
   * What one push sent.
   *
   * @param deferred whether a changed artifact was held back (uploaded recently): push again later
   */
  record Sent(int metrics, int params, int tags, int artifacts, boolean status, boolean deferred) {
    static final Sent NOTHING = new Sent(0, 0, 0, 0, false, false);

    Sent plus(Sent o) {
      return new Sent(metrics + o.metrics, params + o.params, tags + o.tags, artifacts + o.artifacts, status || o.status,
          deferred || o.deferred);
    }
  }

  /** What the server holds of one run, as far as this push knows. */
  private static final class ServerState {
    final String serverId;
    final String artifactRoot;
    final Map<String, String> params = new HashMap<>();
    final Map<String, String> tags = new HashMap<>();
    /** The dataset inputs the server has, by name, digest and context. */
    final Set<String> inputs = new HashSet<>();
    RunStatus status;
    Long endTime;
    String runName;

    ServerState(Service.Run run) {
      Service.RunInfo info = run.getInfo();
      serverId = info.getRunId();
      artifactRoot = info.getArtifactUri();
      RunInfo asInfo = ServerTracker.info(run);
      params.putAll(asInfo.params());
      tags.putAll(asInfo.tags());
      for (Service.DatasetInput input : run.getInputs().getDatasetInputsList()) {
        String context = input.getTagsList().stream().filter(t -> t.getKey().equals(DatasetInput.CONTEXT_TAG))
            .map(Service.InputTag::getValue).findFirst().orElse(null);
        inputs.add(inputKey(input.getDataset().getName(), input.getDataset().getDigest(), context));
      }
      status = RunStatus.valueOf(info.getStatus().name());
      endTime = info.hasEndTime() && info.getEndTime() > 0 ? info.getEndTime() : null;
      runName = info.getRunName();
    }
  }

  private final ServerApi api;
  private final FileStoreTracker source;
  private final Spool spool;
  private final Map<String, ServerState> states = new HashMap<>();
  private final Map<String, String> experimentIds = new HashMap<>();
  /** When this process last uploaded each artifact (run id and path), by System.nanoTime. */
  private final Map<String, Long> uploadedAt = new HashMap<>();

  RunPush(ServerApi api, FileStoreTracker source, Spool spool) {
    this.api = api;
    this.source = source;
    this.spool = spool;
  }

  /**
   * Sends what the server lacks of local run {@code localId}.
   *
   * @param changes what changed since the last push, or {@code null} to compare everything
   * @param settle whether to send every changed artifact now; otherwise one of a running run uploaded
   *     less than 30 s ago waits (a checkpoint rewritten every epoch would be uploaded every epoch)
   * @return what was sent, or {@code null} when another thread of this process is sending the run (try later)
   * @throws ServerException when the server did not take it; what was sent stays sent
   */
  synchronized Sent push(String localId, Changes changes, boolean settle) throws ServerException {
    Optional<PushLock> lock;
    try {
      lock = spool.lock(localId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock run " + localId + " in " + spool.folder() + ": " + e.getMessage(), e);
    }
    if (lock.isEmpty()) {
      return null;
    }
    try (PushLock held = lock.get()) {
      return pushOnce(localId, changes == null ? Changes.everything() : changes, settle);
    } catch (ServerException | RuntimeException e) {
      // The server may have applied part of it: read its state again before the next push.
      states.remove(localId);
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unlock run " + localId + " in " + spool.folder() + ": " + e.getMessage(), e);
    }
  }

  private Sent pushOnce(String localId, Changes changes, boolean settle) throws ServerException {
    // Only metrics or artifacts changed since a push that knew the server's side: read just those (the
    // sender's common case, once a second while training), not every param, tag and input of the run.
    boolean known = states.containsKey(localId);
    ServerState s = state(localId);
    SentPoints sentPoints = spool.sentPoints(localId);
    Optional<Map<String, Integer>> recorded = sentPoints.load();
    if (known && !changes.everything && recorded.isPresent()) {
      int sent = sendMetrics(localId, s, changes.metrics, recorded, sentPoints, List.of(), List.of());
      int[] artifacts = changes.artifacts ? pushArtifacts(localId, s, settle) : new int[2];
      return new Sent(sent, 0, 0, artifacts[0], false, artifacts[1] > 0);
    }
    RunInfo local = source.run(localId).orElseThrow(() -> new IllegalArgumentException(
        "no run '" + localId + "' in " + source.describe()));

    List<Service.Param> params = new ArrayList<>();
    for (var p : local.params().entrySet()) {
      String there = s.params.get(p.getKey());
      if (there == null) {
        params.add(Service.Param.newBuilder().setKey(p.getKey()).setValue(p.getValue()).build());
      } else if (!there.equals(p.getValue())) {
        throw new ServerException(api.uri() + ": run " + s.serverId + " has param '" + p.getKey() + "' = '"
            + Trackers.redacted(there) + "', but local run " + localId + " has '" + Trackers.redacted(p.getValue())
            + "'; MLflow never changes a param", 0, false, null);
      }
    }
    List<Service.RunTag> tags = new ArrayList<>();
    for (var t : local.tags().entrySet()) {
      String value = t.getKey().equals(RunTags.PARENT_RUN_ID) ? parentServerId(t.getValue()) : t.getValue();
      if (!value.equals(s.tags.get(t.getKey()))) {
        tags.add(Service.RunTag.newBuilder().setKey(t.getKey()).setValue(value).build());
      }
    }
    Set<String> keys = recorded.isPresent() && known ? changes.metrics : local.metrics().keySet();
    int metrics = sendMetrics(localId, s, keys, recorded, sentPoints, params, tags);
    params.forEach(p -> s.params.put(p.getKey(), p.getValue()));
    tags.forEach(t -> s.tags.put(t.getKey(), t.getValue()));

    pushInputs(localId, s);
    int[] artifacts = pushArtifacts(localId, s, settle || local.status().isTerminal());

    boolean status = false;
    boolean ended = local.endTime() != null && !local.endTime().equals(s.endTime);
    if (local.status() != s.status || ended || !local.runName().equals(s.runName)) {
      api.updateRun(s.serverId, local.status(), local.endTime(), local.runName());
      s.status = local.status();
      s.endTime = local.endTime() != null ? local.endTime() : s.endTime;
      s.runName = local.runName();
      status = true;
    }
    return new Sent(metrics, params.size(), tags.size(), artifacts[0], status, artifacts[1] > 0);
  }

  /**
   * Sends the points of metrics {@code keys} past those the server holds, with {@code params} and {@code tags},
   * in as few batches as the limits allow; returns how many points went. Without a {@code recorded} count
   * (first push, or one cut short) the server says what it holds.
   */
  private int sendMetrics(String localId, ServerState s, Set<String> keys, Optional<Map<String, Integer>> recorded,
      SentPoints sentPoints, List<Service.Param> params, List<Service.RunTag> tags) throws ServerException {
    Map<String, Integer> counts = new HashMap<>(recorded.orElse(Map.of()));
    List<Service.Metric> metrics = new ArrayList<>();
    for (String key : keys) {
      int sent = recorded.isPresent() ? counts.getOrDefault(key, 0) : api.metricHistory(s.serverId, key).size();
      List<MetricPoint> history = source.metricHistory(localId, key);
      for (MetricPoint p : history.subList(Math.min(sent, history.size()), history.size())) {
        metrics.add(Service.Metric.newBuilder().setKey(key).setValue(p.value()).setTimestamp(p.timestamp())
            .setStep(p.step()).build());
      }
      counts.put(key, Math.max(sent, history.size()));
    }
    try {
      if (!metrics.isEmpty() || !params.isEmpty() || !tags.isEmpty()) {
        if (!metrics.isEmpty()) {
          sentPoints.sending();
        }
        api.logBatch(s.serverId, metrics, params, tags);
      }
      if (!metrics.isEmpty() || recorded.isEmpty()) {
        sentPoints.sent(counts);
      }
    } catch (IOException e) {
      if (e instanceof ServerException se) {
        throw se;
      }
      throw new UncheckedIOException("cannot record what was sent of run " + localId + " in " + spool.folder() + ": "
          + e.getMessage(), e);
    }
    return metrics.size();
  }

  private String parentServerId(String localParent) throws ServerException {
    return source.run(localParent).isPresent() ? state(localParent).serverId : localParent;
  }

  /** What the server has of {@code localId}: the same id when the server created it, else found by tag, else new. */
  private ServerState state(String localId) throws ServerException {
    ServerState known = states.get(localId);
    if (known != null) {
      return known;
    }
    RunInfo local = source.run(localId).orElseThrow(() -> new IllegalArgumentException(
        "no run '" + localId + "' in " + source.describe()));
    Optional<Service.Run> found = api.run(localId);
    if (found.isEmpty()) {
      String experimentId = experimentId(source.experimentNameOf(localId).orElseThrow());
      List<Service.Run> tagged = api.searchRuns(List.of(experimentId),
          "tags.`" + SOURCE_RUN_TAG + "` = '" + localId + "'");
      found = tagged.isEmpty() ? Optional.empty() : Optional.of(tagged.get(0));
      if (found.isEmpty()) {
        Service.RunInfo created = api.createRun(experimentId, local.runName(), local.startTime(),
            local.tags().getOrDefault("mlflow.user", ""),
            List.of(Service.RunTag.newBuilder().setKey(SOURCE_RUN_TAG).setValue(localId).build()));
        found = api.run(created.getRunId());
        if (found.isEmpty()) {
          throw new ServerException(api.uri() + ": run " + created.getRunId() + " was created but cannot be read",
              0, true, null);
        }
      }
    }
    ServerState s = new ServerState(found.get());
    ArtifactRoots.check(s.artifactRoot, api.uri());
    states.put(localId, s);
    return s;
  }

  private String experimentId(String name) throws ServerException {
    String id = experimentIds.get(name);
    if (id == null) {
      id = api.experimentId(name);
      experimentIds.put(name, id);
    }
    return id;
  }

  /** Logs the dataset inputs the server's run lacks (compared by name, digest and context). */
  private void pushInputs(String localId, ServerState s) throws ServerException {
    JsonArray missing = new JsonArray();
    for (DatasetInput input : source.datasetInputs(localId)) {
      if (s.inputs.add(inputKey(input.name(), input.digest(), input.context()))) {
        missing.add(inputJson(input));
      }
    }
    if (!missing.isEmpty()) {
      try {
        api.logInputs(s.serverId, missing);
      } catch (ServerException e) {
        s.inputs.clear(); // read again with the run's state
        throw e;
      }
    }
  }

  private static String inputKey(String name, String digest, String context) {
    return name + "\u0000" + digest + "\u0000" + context;
  }

  /** One entry of a {@code runs/log-inputs} request, as MLflow's protobuf JSON. */
  private static JsonObject inputJson(DatasetInput input) {
    JsonObject dataset = new JsonObject();
    dataset.addProperty("name", input.name());
    dataset.addProperty("digest", input.digest());
    dataset.addProperty("source_type", input.sourceType());
    dataset.addProperty("source", input.source());
    if (input.schema() != null) {
      dataset.addProperty("schema", input.schema());
    }
    if (input.profile() != null) {
      dataset.addProperty("profile", input.profile());
    }
    JsonArray tags = new JsonArray();
    input.inputTags().forEach((key, value) -> tags.add(ServerApi.keyValue(key, value)));
    JsonObject entry = new JsonObject();
    entry.add("tags", tags);
    entry.add("dataset", dataset);
    return entry;
  }

  /**
   * Sends the artifacts whose content the server has not received, but (unless {@code now}) not one uploaded
   * less than {@link #ARTIFACT_RESEND_NANOS} ago; returns how many were sent and how many wait.
   */
  private int[] pushArtifacts(String localId, ServerState s, boolean now) throws ServerException {
    Optional<Path> folder = source.artifactFolder(localId);
    if (folder.isEmpty() || !Files.isDirectory(folder.get())) {
      return new int[2];
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder.get())) {
      files = walk.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the artifacts of run " + localId + " in " + folder.get(), e);
    }
    if (files.isEmpty()) {
      return new int[2];
    }
    ArtifactLedger ledger = spool.ledger(localId);
    int sent = 0;
    int waiting = 0;
    for (Path file : files) {
      String path = folder.get().relativize(file).toString().replace('\\', '/');
      try {
        if (ledger.unchangedSinceSent(path, file)) {
          continue;
        }
        // Held back before hashing: a checkpoint of megabytes is rewritten every epoch.
        Long last = uploadedAt.get(localId + "/" + path);
        if (!now && last != null && System.nanoTime() - last < ARTIFACT_RESEND_NANOS) {
          waiting++;
          continue;
        }
        String sha = ledger.changed(path, file);
        if (sha == null) {
          continue;
        }
        if (s.artifactRoot.startsWith("file:")) {
          Path target = Path.of(URI.create(s.artifactRoot)).resolve(path);
          Files.createDirectories(target.getParent());
          Path temp = target.resolveSibling(AtomicFiles.TEMP_PREFIX + target.getFileName());
          Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
          api.putArtifact(s.artifactRoot, path, file);
        }
        ledger.sent(path, file, sha);
        uploadedAt.put(localId + "/" + path, System.nanoTime());
        sent++;
      } catch (java.nio.file.NoSuchFileException gone) {
        // replaced while being read (a checkpoint being rewritten): the next push sends the new one
      } catch (IOException e) {
        if (e instanceof ServerException se) {
          throw se;
        }
        throw new UncheckedIOException("cannot send artifact '" + path + "' of run " + localId + ": " + e.getMessage(), e);
      }
    }
    return new int[] {sent, waiting};
  }
}
