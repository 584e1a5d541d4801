package io.genlab.tracking.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.genlab.tracking.DatasetInput;
import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.StoreFileException;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * A {@link Tracker} writing MLflow's local file store, readable by {@code mlflow ui
 * --backend-store-uri <root>}.
 *
 * <p>Thread-safe; several processes may share a store as long as each writes its own runs. Two
 * processes creating the same experiment name at the same instant may create it twice (MLflow's own
 * file store has the same race); readers then use the lower id.
 *
 * @since 0.1
 */
@API(status = INTERNAL, since = "0.1")
public final class FileStoreTracker implements Tracker {
  static final String DEFAULT_EXPERIMENT_ID = "0";
  static final String DEFAULT_EXPERIMENT_NAME = "Default";
  static final String TRASH = ".trash";
  static final String[] RUN_FOLDERS = {"metrics", "params", "artifacts", "tags"};
  static final String TAG_RUN_NAME = "mlflow.runName";
  /** Folders of an experiment that are not runs, as MLflow reserves them. */
  static final java.util.Set<String> RESERVED_EXPERIMENT_FOLDERS = java.util.Set.of("tags", DatasetFiles.DATASETS,
      "traces", "models");

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  private final Path root;
  private final Clock clock;
  // Serialises find-or-create of experiments within this process; across processes see class doc.
  private final Object experimentLock = new Object();

  /**
   * Opens the store in {@code root}; the first run started creates it, {@code .trash/} and experiment
   * {@code 0} ({@code Default}) when missing, so that opening a store to read or check it writes nothing.
   *
   * @throws UncheckedIOException wrapping a {@link StoreFileException} if {@code root} exists and is not a folder
   */
  public FileStoreTracker(Path root) {
    this(root, Clock.systemUTC());
  }

  /**
   * As {@link #FileStoreTracker(Path)}, taking times from {@code clock} (for tests).
   *
   * @throws UncheckedIOException wrapping a {@link StoreFileException} if {@code root} exists and is not a folder
   */
  public FileStoreTracker(Path root, Clock clock) {
    this.root = root.toAbsolutePath().normalize();
    this.clock = Objects.requireNonNull(clock, "clock");
    if (Files.exists(this.root) && !Files.isDirectory(this.root)) {
      throw Stores.unusable(this.root, "the tracking store is a file, not a folder; point the tracking URI at a"
          + " folder (created when missing)");
    }
  }

  /** Creates the store, {@code .trash/} and the Default experiment when missing. */
  private void ensureStore() throws IOException {
    synchronized (experimentLock) {
      Files.createDirectories(root);
      Files.createDirectories(root.resolve(TRASH));
      ensureDefaultExperiment();
    }
  }

  @Override
  public void checkCanStartRun(String experimentName) {
    // The nearest existing folder: the store, or the parent a missing store would be created in.
    Path existing = root;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing)) {
      throw Stores.unusable(existing == null ? root : existing, "not a folder, so the tracking store "
          + root + " cannot be created in it");
    }
    probe(existing);
    String name = experimentName == null ? DEFAULT_EXPERIMENT_NAME : experimentName;
    for (Experiment e : activeExperiments()) {
      if (e.name().equals(name)) {
        probe(e.dir());
        return;
      }
    }
  }

  /** Creates and deletes a file in {@code dir}, leaving nothing behind, to show that runs can be written there. */
  private static void probe(Path dir) {
    Path probe = null;
    try {
      probe = Files.createTempFile(dir, AtomicFiles.TEMP_PREFIX, ".probe");
    } catch (IOException e) {
      String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
          : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
          : "no file can be created in it";
      throw Stores.unusable(dir, "the folder is not writable (" + why + "), so no run can be recorded in it;"
          + " make it writable or choose another tracking URI");
    } finally {
      if (probe != null) {
        try {
          Files.deleteIfExists(probe);
        } catch (IOException e) {
          // The probe is named like a temporary file, which every reader of the store skips.
        }
      }
    }
  }

  /** The store's absolute folder. */
  public Path root() {
    return root;
  }

  @Override
  public String describe() {
    return "MLflow file store at " + Trackers.redacted(root.toString());
  }

  @Override
  public String toString() {
    return describe();
  }

  long now() {
    return clock.millis();
  }

  // ---------------------------------------------------------------- writers

  @Override
  public TrackedRun startRun(String experimentName, String runName, Map<String, String> tags) {
    return startRun(experimentName, runName, tags, UUID.randomUUID().toString().replace("-", ""), null);
  }

  /**
   * Starts a run as {@link #startRun(String, String, Map)} does, under an id chosen by the caller: a tracking
   * server's spool records a run under the id the server gave it.
   *
   * @param runId the new run's id, which no run in the store has
   * @param startTime the start time in milliseconds, or {@code null} for now
   * @throws IllegalArgumentException if {@code runId} is not a valid run id or is taken
   */
  public TrackedRun startRun(String experimentName, String runName, Map<String, String> tags, String runId,
      Long startTime) {
    if (!Trackers.isRunId(runId)) {
      throw new IllegalArgumentException("not a run id: '" + runId + "'");
    }
    if (findRunDir(runId).isPresent()) {
      throw new IllegalArgumentException("run '" + runId + "' already exists in " + describe());
    }
    String expName = experimentName == null ? DEFAULT_EXPERIMENT_NAME : experimentName;
    if (expName.isBlank()) {
      throw new IllegalArgumentException("experiment name must not be blank");
    }
    Map<String, String> callerTags = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach((k, v) -> callerTags.put(Keys.check(k, "tag"), Objects.requireNonNull(v, () -> "value of tag '" + k + "'")));
    }
    String callerRunName = callerTags.get(TAG_RUN_NAME);
    if (runName != null && callerRunName != null && !runName.equals(callerRunName)) {
      throw new IllegalArgumentException(
          "run name '" + runName + "' disagrees with tag " + TAG_RUN_NAME + " '" + callerRunName + "'");
    }
    String name = runName != null ? runName : callerRunName != null ? callerRunName : "run-" + runId.substring(0, 8);
    try {
      ensureStore();
      Experiment exp = findOrCreateExperiment(expName);
      Path runDir = exp.dir().resolve(runId);
      Files.createDirectory(runDir);
      for (String folder : RUN_FOLDERS) {
        Files.createDirectory(runDir.resolve(folder));
      }
      long start = startTime != null ? startTime : now();
      RunMeta meta = new RunMeta(
          fileUri(runDir.resolve("artifacts")), null, exp.id(), RunMeta.ACTIVE, runId, name, start,
          RunStatus.RUNNING, userName());
      meta.write(runDir);
      FileStoreRun run = new FileStoreRun(this, runDir, meta);
      Map<String, String> all = new LinkedHashMap<>();
      all.put(TAG_RUN_NAME, name);
      all.put("mlflow.user", userName());
      all.put("mlflow.source.name", defaultSourceName());
      all.put("mlflow.source.type", "LOCAL");
      all.putAll(callerTags);
      all.forEach(run::writeTag);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a run in " + describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public TrackedRun openRun(String runId) {
    Objects.requireNonNull(runId, "runId");
    Path runDir = findRunDir(runId).orElseThrow(() -> new IllegalArgumentException(
        "no run '" + runId + "' in " + describe()));
    try {
      RunMeta meta = RunMeta.read(runDir);
      if (!meta.isActive()) {
        throw new IllegalStateException("run '" + runId + "' in " + describe() + " is deleted; restore it first");
      }
      // Read and check everything before the first write, so that a corrupt run is refused unchanged.
      readRun(runDir);
      for (Path metric : files(runDir.resolve("metrics")).values()) {
        // Reopening trims and appends to metric files: none may lead out of the run.
        Stores.requireInside(metric, runDir);
        MetricLines.readAll(metric);
      }
      if (meta.status() != RunStatus.RUNNING || meta.endTime() != null) {
        meta = meta.withStatus(RunStatus.RUNNING, null);
        meta.write(runDir);
      }
      MetricLines.dropIncompleteLastLines(runDir.resolve("metrics"));
      return new FileStoreRun(this, runDir, meta);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reopen run '" + runId + "' in " + describe() + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- readers

  @Override
  public Optional<byte[]> readArtifact(String runId, String artifactPath) {
    Objects.requireNonNull(runId, "runId");
    Keys.checkArtifactPath(artifactPath, false);
    Path runDir = findRunDir(runId).orElseThrow(() -> new IllegalArgumentException(
        "no run '" + runId + "' in " + describe()));
    Path file = runDir.resolve("artifacts").resolve(artifactPath);
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      Stores.requireInside(file, runDir);
      return Optional.of(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact '" + artifactPath + "' of run '" + runId + "' in "
          + describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> listArtifacts(String runId, String directory) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(directory, "directory");
    if (!directory.isEmpty()) {
      Keys.checkArtifactPath(directory, false);
    }
    Path runDir = findRunDir(runId).orElseThrow(() -> new IllegalArgumentException(
        "no run '" + runId + "' in " + describe()));
    Path folder = runDir.resolve("artifacts").resolve(directory);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (var files = Files.list(folder)) {
      Stores.requireInside(folder, runDir);
      String prefix = directory.isEmpty() ? "" : directory + "/";
      return files.filter(Files::isRegularFile).map(f -> prefix + f.getFileName()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list artifacts '" + directory + "' of run '" + runId + "' in "
          + describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> experimentNames() {
    return activeExperiments().stream().map(Experiment::name).distinct().toList();
  }

  @Override
  public List<RunInfo> runs(String experimentName) {
    Objects.requireNonNull(experimentName, "experimentName");
    Experiment exp = activeExperiments().stream()
        .filter(e -> e.name().equals(experimentName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "no experiment '" + experimentName + "' in " + describe() + "; existing experiments: "
                + String.join(", ", experimentNames())));
    List<RunInfo> runs = new ArrayList<>();
    List<Path> dirs;
    try {
      dirs = list(exp.dir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list runs of " + exp.dir() + ": " + e.getMessage(), e);
    }
    for (Path runDir : dirs) {
      if (Files.isRegularFile(runDir.resolve(RunMeta.FILE))) {
        readRun(runDir).ifPresent(runs::add);
      }
    }
    runs.sort(Comparator.comparingLong(RunInfo::startTime).thenComparing(RunInfo::runId));
    return runs;
  }

  @Override
  public Optional<RunInfo> run(String runId) {
    Objects.requireNonNull(runId, "runId");
    return findRunDir(runId).flatMap(this::readRun);
  }

  @Override
  public List<MetricPoint> metricHistory(String runId, String key) {
    Objects.requireNonNull(runId, "runId");
    Keys.check(key, "metric");
    Path runDir = findRunDir(runId).orElseThrow(() -> new IllegalArgumentException(
        "no run '" + runId + "' in " + describe()));
    Path file = runDir.resolve("metrics").resolve(key);
    try {
      return Files.isRegularFile(file) ? MetricLines.readAll(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<DatasetInput> datasetInputs(String runId) {
    Objects.requireNonNull(runId, "runId");
    Path runDir = findRunDir(runId).orElseThrow(() -> new IllegalArgumentException(
        "no run '" + runId + "' in " + describe()));
    try {
      return DatasetFiles.read(runDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dataset inputs of run '" + runId + "' in " + describe() + ": "
          + e.getMessage(), e);
    }
  }

  private Optional<RunInfo> readRun(Path runDir) {
    try {
      RunMeta meta = RunMeta.read(runDir);
      if (!meta.isActive()) {
        return Optional.empty();
      }
      Map<String, String> tags = readValues(runDir.resolve("tags"));
      Map<String, Double> metrics = new TreeMap<>();
      Path metricsDir = runDir.resolve("metrics");
      for (var e : files(metricsDir).entrySet()) {
        Stores.requireInside(e.getValue(), runDir);
        MetricLines.readLast(e.getValue()).ifPresent(p -> metrics.put(e.getKey(), p.value()));
      }
      String name = meta.runName() != null ? meta.runName() : tags.getOrDefault(TAG_RUN_NAME, "");
      return Optional.of(new RunInfo(
          meta.runId(), meta.experimentId(), name, meta.status(), meta.startTime(), meta.endTime(),
          readValues(runDir.resolve("params")), tags, metrics));
    } catch (NoSuchFileException e) {
      return Optional.empty(); // deleted while we read it
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read run " + runDir + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> readValues(Path dir) throws IOException {
    Map<String, String> values = new TreeMap<>();
    for (var e : files(dir).entrySet()) {
      Stores.requireInside(e.getValue(), dir);
      values.put(e.getKey(), Stores.readText(e.getValue()));
    }
    return values;
  }

  /** Key ({@code /}-separated path relative to {@code dir}) to file, for every file below {@code dir}. */
  private static Map<String, Path> files(Path dir) throws IOException {
    Map<String, Path> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        String key = dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
        if (!p.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX)) {
          out.put(key, p);
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- experiments

  /** An experiment folder and its meta.yaml. */
  private record Experiment(String id, String name, String lifecycleStage, Path dir) {}

  private void ensureDefaultExperiment() throws IOException {
    // As MLflow: a Default moved to .trash stays deleted.
    if (Files.exists(root.resolve(TRASH).resolve(DEFAULT_EXPERIMENT_ID))) {
      return;
    }
    Path dir = root.resolve(DEFAULT_EXPERIMENT_ID);
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      // Another process (or an earlier run) created it; write meta.yaml only if it never got one.
    }
    if (!Files.exists(dir.resolve("meta.yaml"))) {
      writeExperimentMeta(dir, DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME);
    }
  }

  private Experiment findOrCreateExperiment(String name) throws IOException {
    synchronized (experimentLock) {
      List<Experiment> all = experimentsIn(root);
      for (Experiment e : all) {
        if (e.name().equals(name) && RunMeta.ACTIVE.equals(e.lifecycleStage())) {
          return e;
        }
      }
      all.addAll(experimentsIn(root.resolve(TRASH)));
      for (Experiment e : all) {
        if (e.name().equals(name)) {
          throw new IllegalStateException("experiment '" + name + "' exists in " + describe()
              + " but is deleted (id " + e.id() + "); restore it or choose another name");
        }
      }
      BigInteger id = maxId(root).max(maxId(root.resolve(TRASH))).add(BigInteger.ONE);
      while (true) {
        Path dir = root.resolve(id.toString());
        try {
          // createDirectory is atomic: whoever creates the folder owns the id.
          Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
          id = id.add(BigInteger.ONE);
          continue;
        }
        writeExperimentMeta(dir, id.toString(), name);
        return new Experiment(id.toString(), name, RunMeta.ACTIVE, dir);
      }
    }
  }

  private void writeExperimentMeta(Path dir, String id, String name) throws IOException {
    long now = now();
    Map<String, Object> m = new HashMap<>();
    m.put("artifact_location", fileUri(dir));
    m.put("creation_time", now);
    m.put("experiment_id", id);
    m.put("last_update_time", now);
    m.put("lifecycle_stage", RunMeta.ACTIVE);
    m.put("name", name);
    AtomicFiles.write(dir.resolve("meta.yaml"), FlatYaml.write(m).getBytes(StandardCharsets.UTF_8), dir);
  }

  private List<Experiment> activeExperiments() {
    try {
      return experimentsIn(root).stream().filter(e -> RunMeta.ACTIVE.equals(e.lifecycleStage())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list experiments in " + describe() + ": " + e.getMessage(), e);
    }
  }

  /** Experiments with a readable meta.yaml in {@code parent}, by numeric id. */
  private List<Experiment> experimentsIn(Path parent) throws IOException {
    List<Experiment> out = new ArrayList<>();
    for (Path dir : list(parent)) {
      String id = dir.getFileName().toString();
      Path meta = dir.resolve("meta.yaml");
      // A folder without meta.yaml is being created by another process (or was abandoned): skip it.
      if (!DIGITS.matcher(id).matches() || !Files.isRegularFile(meta)) {
        continue;
      }
      Map<String, String> m;
      try {
        m = FlatYaml.parse(Stores.readText(meta));
      } catch (NoSuchFileException e) {
        continue;
      } catch (IllegalArgumentException e) {
        throw Stores.unusable(meta, "not an experiment's meta.yaml: " + e.getMessage());
      }
      String name = m.get("name");
      if (name == null) {
        throw Stores.unusable(meta, "not an experiment's meta.yaml: it has no 'name'");
      }
      out.add(new Experiment(id, name, m.getOrDefault("lifecycle_stage", RunMeta.ACTIVE), dir));
    }
    out.sort(Comparator.comparing(e -> new BigInteger(e.id())));
    return out;
  }

  private static BigInteger maxId(Path parent) throws IOException {
    BigInteger max = BigInteger.ZERO;
    for (Path dir : list(parent)) {
      String name = dir.getFileName().toString();
      if (DIGITS.matcher(name).matches()) {
        max = max.max(new BigInteger(name));
      }
    }
    return max;
  }

  /**
   * Appends {@code point} to metric {@code key} of {@code run}, a run of this store, with the point's own
   * timestamp: copying a run between stores keeps when each value was logged.
   */
  public void logMetricAt(TrackedRun run, String key, MetricPoint point) {
    if (!(run instanceof FileStoreRun r)) {
      throw new IllegalArgumentException("not a run of " + describe() + ": " + run);
    }
    r.logMetricAt(key, point.value(), point.step(), point.timestamp());
  }

  /** The folder of run {@code runId}'s artifacts, or empty when the store has no such run. */
  public Optional<Path> artifactFolder(String runId) {
    return findRunDir(runId).map(runDir -> runDir.resolve("artifacts"));
  }

  /** The name of the experiment holding run {@code runId}, or empty when the store has no such run. */
  public Optional<String> experimentNameOf(String runId) {
    return findRunDir(runId).flatMap(runDir -> activeExperiments().stream()
        .filter(e -> e.dir().equals(runDir.getParent())).map(Experiment::name).findFirst());
  }

  @Override
  public List<String> runIds() {
    List<String> ids = new ArrayList<>();
    try {
      for (Path expDir : list(root)) {
        if (DIGITS.matcher(expDir.getFileName().toString()).matches()) {
          for (Path runDir : list(expDir)) {
            if (Trackers.isRunId(runDir.getFileName().toString()) && Files.isRegularFile(runDir.resolve(RunMeta.FILE))) {
              ids.add(runDir.getFileName().toString());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search " + describe() + ": " + e.getMessage(), e);
    }
    return ids;
  }

  private Optional<Path> findRunDir(String runId) {
    if (!Trackers.isRunId(runId) || RESERVED_EXPERIMENT_FOLDERS.contains(runId)) {
      return Optional.empty();
    }
    try {
      for (Path expDir : list(root)) {
        Path runDir = expDir.resolve(runId);
        if (!DIGITS.matcher(expDir.getFileName().toString()).matches() || !Files.isDirectory(runDir)) {
          continue;
        }
        Stores.requireInside(runDir, root);
        if (!Files.isRegularFile(runDir.resolve(RunMeta.FILE))) {
          throw Stores.unusable(runDir, "the run's folder has no meta.yaml, so neither genlab nor MLflow can read it;"
              + " restore its meta.yaml or move the folder out of the store");
        }
        return Optional.of(runDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search " + describe() + ": " + e.getMessage(), e);
    }
    return Optional.empty();
  }

  /** The sub-folders of {@code dir}, sorted by name; none if it does not exist. */
  private static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
    }
  }

  // ---------------------------------------------------------------- helpers

  /** {@code file:///abs/path} without the trailing slash Path.toUri adds for existing folders. */
  static String fileUri(Path p) {
    String uri = p.toAbsolutePath().normalize().toUri().toString();
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }

  static String userName() {
    return System.getProperty("user.name", "unknown");
  }

  /**
   * What MLflow shows as the run's source: the main class or jar of this JVM, as MLflow shows the
   * entry-point script. Callers may override {@code mlflow.source.name} through tags.
   */
  public static String defaultSourceName() {
    String cmd = System.getProperty("sun.java.command", "").strip();
    return cmd.isEmpty() ? "java" : cmd.split("\\s+", 2)[0];
  }
}
