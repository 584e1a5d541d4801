package io.genlab.tracking.testkit.internal;

import io.genlab.tracking.testkit.DatasetInputSnapshot;
import io.genlab.tracking.testkit.ExperimentSnapshot;
import io.genlab.tracking.testkit.MetricPoint;
import io.genlab.tracking.testkit.RunSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The fake server's tracking data: experiments and runs in memory, changed as MLflow 2.17's
 * tracking store changes them and refused as it refuses.
 *
 * <p>Where MLflow's file store and SQL store differ, this follows the SQL store (sequential
 * experiment ids from 1, a changed param refused with INVALID_PARAMETER_VALUE also inside a batch,
 * a batch applied all or nothing, datasets linked to a run once) except for one thing: metric
 * points are never deduplicated, as in the file store, so a client that sends a point twice is seen
 * doing it. Run status may change in any direction, as in MLflow; only deleted runs refuse changes.
 *
 * <p>Thread-safe: every method holds this object's lock.
 */
public final class TrackingState {
  public static final String DEFAULT_EXPERIMENT_ID = "0";
  static final List<String> RUN_STATUSES =
      List.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");
  static final List<String> VIEW_TYPES = List.of("ACTIVE_ONLY", "DELETED_ONLY", "ALL");
  private static final String RUN_NAME_TAG = "mlflow.runName";

  private final Validation validation;
  private final String artifactRoot;
  private final int metricHistoryPageSize;
  private final Map<String, ExperimentRecord> experiments = new LinkedHashMap<>();
  private final Map<String, RunRecord> runs = new LinkedHashMap<>();
  private final Random names = new Random();
  private long nextExperimentId = 1;

  /**
   * @param validation MLflow's rules, truncating or not
   * @param artifactRoot the default artifact root, e.g. {@code mlflow-artifacts:/}
   * @param metricHistoryPageSize 0 to answer a metric's whole history at once (MLflow 2.17), or the
   *     largest page to answer, with a next-page token (MLflow 3)
   */
  public TrackingState(Validation validation, String artifactRoot, int metricHistoryPageSize) {
    this.validation = validation;
    this.artifactRoot = artifactRoot;
    this.metricHistoryPageSize = metricHistoryPageSize;
    long now = System.currentTimeMillis();
    experiments.put(
        DEFAULT_EXPERIMENT_ID,
        new ExperimentRecord(
            DEFAULT_EXPERIMENT_ID,
            "Default",
            appendToUri(artifactRoot, DEFAULT_EXPERIMENT_ID),
            now));
  }

  /** {@code mlflow.utils.uri.append_to_uri_path}, for the URIs the fake makes. */
  static String appendToUri(String base, String... parts) {
    StringBuilder out = new StringBuilder(base);
    for (String part : parts) {
      if (out.charAt(out.length() - 1) != '/') {
        out.append('/');
      }
      out.append(part);
    }
    return out.toString();
  }

  // ----- experiments

  public synchronized String createExperiment(
      String name, String artifactLocation, Map<String, String> tags) {
    Validation.experimentName(name);
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      Validation.experimentTag(tag.getKey(), tag.getValue());
    }
    for (ExperimentRecord existing : experiments.values()) {
      if (existing.name.equals(name)) {
        throw new MlflowError(
            ErrorCode.RESOURCE_ALREADY_EXISTS,
            existing.isActive()
                ? "Experiment '" + name + "' already exists."
                : "Experiment '"
                    + name
                    + "' already exists in deleted state. You can restore the"
                    + " experiment, or permanently delete the experiment in order to use this"
                    + " experiment name again.");
      }
    }
    String id = Long.toString(nextExperimentId++);
    String location =
        artifactLocation == null || artifactLocation.isEmpty()
            ? appendToUri(artifactRoot, id)
            : artifactLocation;
    ExperimentRecord experiment =
        new ExperimentRecord(id, name, location, System.currentTimeMillis());
    experiment.tags.putAll(tags);
    experiments.put(id, experiment);
    return id;
  }

  public synchronized ExperimentSnapshot experiment(String id) {
    return experimentRecord(id).snapshot();
  }

  /** The experiment with that name, active or deleted. */
  public synchronized Optional<ExperimentSnapshot> experimentByName(String name) {
    return experiments.values().stream()
        .filter(e -> e.name.equals(name))
        .findFirst()
        .map(ExperimentRecord::snapshot);
  }

  public synchronized List<ExperimentSnapshot> experiments() {
    return experiments.values().stream().map(ExperimentRecord::snapshot).toList();
  }

  public synchronized Page<ExperimentSnapshot> searchExperiments(
      String viewType, long maxResults, String filter, List<String> orderBy, String pageToken) {
    Validation.maxResults("max_results", maxResults);
    Predicate<ExperimentSnapshot> matches = ExperimentSearch.filter(filter);
    List<ExperimentSnapshot> found = new ArrayList<>();
    for (ExperimentRecord experiment : experiments.values()) {
      if (inView(viewType, experiment.lifecycleStage) && matches.test(experiment.snapshot())) {
        found.add(experiment.snapshot());
      }
    }
    return Page.of(ExperimentSearch.sort(found, orderBy), pageToken, (int) maxResults);
  }

  public synchronized void setExperimentTag(String id, String key, String value) {
    Validation.experimentTag(key, value);
    ExperimentRecord experiment = activeExperiment(id);
    experiment.tags.put(key, value);
  }

  public synchronized void deleteExperiment(String id) {
    if (id.equals(DEFAULT_EXPERIMENT_ID)) {
      throw MlflowError.invalid(
          "Cannot delete the default experiment '0'. This is an internally reserved experiment.");
    }
    ExperimentRecord experiment = activeExperiment(id);
    long now = System.currentTimeMillis();
    experiment.lifecycleStage = "deleted";
    experiment.lastUpdateTime = now;
    for (RunRecord run : runs.values()) {
      if (run.experimentId.equals(id) && run.isActive()) {
        run.lifecycleStage = "deleted";
        run.deletedTime = now;
      }
    }
  }

  public synchronized void restoreExperiment(String id) {
    ExperimentRecord experiment = experimentRecord(id);
    if (experiment.isActive()) {
      throw MlflowError.invalid(
          "Cannot restore an active experiment. The experiment "
              + id
              + " must be in the 'deleted' state.");
    }
    experiment.lifecycleStage = "active";
    experiment.lastUpdateTime = System.currentTimeMillis();
    for (RunRecord run : runs.values()) {
      if (run.experimentId.equals(id) && !run.isActive()) {
        run.lifecycleStage = "active";
        run.deletedTime = null;
      }
    }
  }

  public synchronized void renameExperiment(String id, String newName) {
    Validation.experimentName(newName);
    ExperimentRecord experiment = activeExperiment(id);
    if (experiments.values().stream().anyMatch(e -> e != experiment && e.name.equals(newName))) {
      throw new MlflowError(
          ErrorCode.RESOURCE_ALREADY_EXISTS, "Experiment '" + newName + "' already exists.");
    }
    experiment.name = newName;
    experiment.lastUpdateTime = System.currentTimeMillis();
  }

  private ExperimentRecord experimentRecord(String id) {
    Validation.experimentId(id);
    ExperimentRecord experiment = experiments.get(id);
    if (experiment == null) {
      throw MlflowError.notFound("No Experiment with id=" + id + " exists");
    }
    return experiment;
  }

  private ExperimentRecord activeExperiment(String id) {
    ExperimentRecord experiment = experimentRecord(id);
    if (!experiment.isActive()) {
      throw MlflowError.invalid(
          "The experiment "
              + id
              + " must be in the 'active' state. Current state is "
              + experiment.lifecycleStage
              + ".");
    }
    return experiment;
  }

  // ----- runs

  public synchronized RunSnapshot createRun(
      String experimentId,
      String userId,
      String runName,
      long startTime,
      Map<String, String> tags) {
    ExperimentRecord experiment = activeExperiment(experimentId);
    Map<String, String> checked = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      String path = "tags[" + i++ + "]";
      Validation.key(path + ".key", tag.getKey(), path + ".key");
      checked.put(tag.getKey(), validation.tagValue(path + ".value", tag.getValue()));
    }
    String nameTag = checked.get(RUN_NAME_TAG);
    if (runName != null && !runName.isEmpty() && nameTag != null && !nameTag.equals(runName)) {
      throw MlflowError.invalid(
          "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different"
              + " values (run_name='"
              + runName
              + "', mlflow.runName='"
              + nameTag
              + "').");
    }
    String name =
        runName != null && !runName.isEmpty() ? runName : nameTag != null ? nameTag : randomName();
    checked.putIfAbsent(RUN_NAME_TAG, name);
    String runId = UUID.randomUUID().toString().replace("-", "");
    RunRecord run =
        new RunRecord(
            runId,
            experiment.id,
            name,
            userId,
            startTime,
            appendToUri(experiment.artifactLocation, runId, "artifacts"));
    run.tags.putAll(checked);
    runs.put(runId, run);
    return run.snapshot(false);
  }

  /** Updates what is given (non-null); as MLflow, any status may follow any other. */
  public synchronized RunSnapshot updateRun(
      String runId, String status, Long endTime, String runName) {
    RunRecord run = activeRun(runId);
    if (status != null) {
      run.status = status;
    }
    if (endTime != null) {
      run.endTime = endTime;
    }
    if (runName != null && !runName.isEmpty()) {
      run.runName = runName;
      run.tags.put(RUN_NAME_TAG, runName);
    }
    return run.snapshot(false);
  }

  public synchronized void deleteRun(String runId) {
    RunRecord run = runRecord(runId);
    run.lifecycleStage = "deleted";
    run.deletedTime = System.currentTimeMillis();
  }

  public synchronized void restoreRun(String runId) {
    RunRecord run = runRecord(runId);
    run.lifecycleStage = "active";
    run.deletedTime = null;
  }

  /** A run, active or deleted; {@code withHistory} copies every metric point too. */
  public synchronized RunSnapshot run(String runId, boolean withHistory) {
    return runRecord(runId).snapshot(withHistory);
  }

  public synchronized Optional<RunSnapshot> findRun(String runId) {
    return Optional.ofNullable(runs.get(runId)).map(r -> r.snapshot(true));
  }

  /** All runs of an experiment, deleted ones too, in creation order, with metric histories. */
  public synchronized List<RunSnapshot> runsOf(String experimentId) {
    return runs.values().stream()
        .filter(r -> r.experimentId.equals(experimentId))
        .map(r -> r.snapshot(true))
        .toList();
  }

  public synchronized Page<RunSnapshot> searchRuns(
      List<String> experimentIds,
      String filter,
      String viewType,
      int maxResults,
      List<String> orderBy,
      String pageToken) {
    if (maxResults > Validation.SEARCH_MAX_RESULTS_THRESHOLD) {
      throw MlflowError.invalid(
          "Invalid value for request parameter max_results. It must be at most "
              + Validation.SEARCH_MAX_RESULTS_THRESHOLD
              + ", but got value "
              + maxResults);
    }
    if (maxResults < 1) {
      throw MlflowError.invalidValue("max_results", maxResults, "It must be a positive integer");
    }
    Predicate<RunSnapshot> matches = RunSearch.filter(filter);
    Set<String> wanted = new HashSet<>(experimentIds);
    List<RunSnapshot> found = new ArrayList<>();
    for (RunRecord run : runs.values()) {
      if (wanted.contains(run.experimentId) && inView(viewType, run.lifecycleStage)) {
        RunSnapshot snapshot = run.snapshot(false);
        if (matches.test(snapshot)) {
          found.add(snapshot);
        }
      }
    }
    return Page.of(RunSearch.sort(found, orderBy), pageToken, maxResults);
  }

  /** The points of a metric in the order received, paged only if this state was told to. */
  public synchronized Page<MetricPoint> metricHistory(
      String runId, String key, Integer maxResults, String pageToken) {
    RunRecord run = runRecord(runId);
    List<MetricPoint> points = run.metrics.getOrDefault(key, List.of());
    if (metricHistoryPageSize <= 0) {
      return new Page<>(points, null);
    }
    int size =
        maxResults == null || maxResults <= 0
            ? metricHistoryPageSize
            : Math.min(maxResults, metricHistoryPageSize);
    return Page.of(points, pageToken, size);
  }

  // ----- logging

  public record KeyValue(String key, String value) {}

  /**
   * Logs a batch all or nothing, after MLflow's checks: keys and values, the batch limits, no param
   * key twice, the run active, no param changed.
   */
  public synchronized void logBatch(
      String runId, List<MetricPoint> metrics, List<KeyValue> params, List<KeyValue> tags) {
    Validation.runId(runId);
    for (int i = 0; i < metrics.size(); i++) {
      checkMetric("metrics[" + i + "].", metrics.get(i));
    }
    List<KeyValue> checkedParams = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      KeyValue param = params.get(i);
      Validation.key("params[" + i + "].key", param.key(), "Param key");
      checkedParams.add(new KeyValue(param.key(), validation.paramValue(param.value())));
    }
    List<KeyValue> checkedTags = new ArrayList<>();
    for (int i = 0; i < tags.size(); i++) {
      KeyValue tag = tags.get(i);
      String path = "tags[" + i + "]";
      Validation.key(path + ".key", tag.key(), path + ".key");
      checkedTags.add(new KeyValue(tag.key(), validation.tagValue(path + ".value", tag.value())));
    }
    Validation.batchLimits(metrics.size(), params.size(), tags.size());
    List<String> duplicates = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (KeyValue param : checkedParams) {
      if (!seen.add(param.key())) {
        duplicates.add(param.key());
      }
    }
    if (!duplicates.isEmpty()) {
      throw MlflowError.invalid(
          "Duplicate parameter keys have been submitted: "
              + duplicates
              + ". Please ensure the request contains only one param value per param key.");
    }
    RunRecord run = activeRun(runId);
    for (KeyValue param : checkedParams) {
      checkParamUnchanged(run, param);
    }
    checkedParams.forEach(p -> run.params.putIfAbsent(p.key(), p.value()));
    metrics.forEach(run::append);
    checkedTags.forEach(t -> setTagOn(run, t.key(), t.value()));
  }

  public synchronized void logMetric(String runId, MetricPoint point) {
    Validation.runId(runId);
    checkMetric("", point);
    activeRun(runId).append(point);
  }

  public synchronized void logParam(String runId, String key, String value) {
    Validation.runId(runId);
    Validation.key("key", key, "Param key");
    KeyValue param = new KeyValue(key, validation.paramValue(value));
    RunRecord run = activeRun(runId);
    checkParamUnchanged(run, param);
    run.params.putIfAbsent(key, param.value());
  }

  public synchronized void setTag(String runId, String key, String value) {
    Validation.runId(runId);
    Validation.key("key", key, "key");
    String checked = validation.tagValue("value", value);
    setTagOn(activeRun(runId), key, checked);
  }

  public synchronized void deleteTag(String runId, String key) {
    RunRecord run = activeRun(runId);
    if (run.tags.remove(key) == null) {
      throw MlflowError.notFound("No tag with name: " + key + " in run with id " + runId);
    }
  }

  /**
   * Links datasets to a run; a dataset (by name and digest) already in the experiment is reused as
   * it was first logged, and one already linked to the run is not linked again.
   */
  public synchronized void logInputs(String runId, List<DatasetInputSnapshot> datasets) {
    Validation.runId(runId);
    Validation.batchLimit("datasets", Validation.MAX_DATASETS_PER_BATCH, datasets.size());
    for (DatasetInputSnapshot input : datasets) {
      DatasetLimits.check(input);
    }
    RunRecord run = activeRun(runId);
    ExperimentRecord experiment = experiments.get(run.experimentId);
    for (DatasetInputSnapshot input : datasets) {
      ExperimentRecord.DatasetRecord dataset =
          new ExperimentRecord.DatasetRecord(
              input.name(),
              input.digest(),
              input.sourceType(),
              input.source(),
              input.schema(),
              input.profile());
      ExperimentRecord.DatasetRecord stored =
          experiment.datasets.computeIfAbsent(dataset.key(), k -> dataset);
      run.inputs.putIfAbsent(stored.key(), new RunRecord.Input(stored, input.tags()));
    }
  }

  private static void checkMetric(String prefix, MetricPoint point) {
    Validation.key(prefix + "key", point.key(), "Metric name");
    Validation.metricTimestamp(prefix + "timestamp", point.key(), point.timestamp(), point.value());
  }

  private static void checkParamUnchanged(RunRecord run, KeyValue param) {
    String old = run.params.get(param.key());
    if (old != null && !old.equals(param.value())) {
      throw MlflowError.invalid(
          "Changing param values is not allowed. Param with key='"
              + param.key()
              + "' was already logged with value='"
              + old
              + "' for run ID='"
              + run.runId
              + "'. Attempted logging new value '"
              + param.value()
              + "'.");
    }
  }

  private static void setTagOn(RunRecord run, String key, String value) {
    run.tags.put(key, value);
    if (key.equals(RUN_NAME_TAG)) {
      run.runName = value;
    }
  }

  private RunRecord runRecord(String runId) {
    Validation.runId(runId);
    RunRecord run = runs.get(runId);
    if (run == null) {
      throw MlflowError.notFound("Run with id=" + runId + " not found");
    }
    return run;
  }

  private RunRecord activeRun(String runId) {
    RunRecord run = runRecord(runId);
    if (!run.isActive()) {
      throw MlflowError.invalid(
          "The run "
              + runId
              + " must be in the 'active' state. Current state is "
              + run.lifecycleStage
              + ".");
    }
    return run;
  }

  private static boolean inView(String viewType, String lifecycleStage) {
    return switch (viewType) {
      case "ALL" -> true;
      case "DELETED_ONLY" -> lifecycleStage.equals("deleted");
      default -> lifecycleStage.equals("active");
    };
  }

  private String randomName() {
    List<String> adjectives =
        List.of("bold", "calm", "eager", "fancy", "gentle", "merry", "proud", "quiet", "swift");
    List<String> nouns =
        List.of("ant", "bass", "crow", "doe", "eel", "fox", "gnu", "hen", "owl", "ray", "yak");
    return adjectives.get(names.nextInt(adjectives.size()))
        + "-"
        + nouns.get(names.nextInt(nouns.size()))
        + "-"
        + names.nextInt(1000);
  }
}
