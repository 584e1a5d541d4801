package io.genlab.runner.run;

import io.genlab.api.ComponentKind;
import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Dataset;
import io.genlab.api.DisplayText;
import io.genlab.api.Examples;
import io.genlab.api.Loss;
import io.genlab.api.LikelihoodUnits;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.SampleMetric;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.engine.config.ConfigBinder;
import io.genlab.engine.config.ConfigProblem;
import io.genlab.engine.config.Suggestions;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.exec.GraphExecutor;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.engine.train.Binarization;
import io.genlab.engine.train.ModelSession;
import io.genlab.engine.train.Trainer;
import io.genlab.engine.train.TrainingFailedException;
import io.genlab.engine.train.TrainingListener;
import io.genlab.engine.train.TrainingState;
import io.genlab.runner.spec.ComponentRef;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.runner.spec.Overrides;
import io.genlab.runner.spec.SpecResolver;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs one resolved experiment end to end: data, model, training with progress and checkpoints,
 * metrics, sample grids, and everything logged to the tracker. Not thread-safe; {@link #requestStop}
 * may be called from another thread (a Ctrl-C hook).
 */
public final class ExperimentRunner {
  private static final int EVALUATION_BATCH = 500;
  /** The artifact path of a run's latest checkpoint. */
  public static final String CHECKPOINT = "checkpoints/last.ckpt";
  /** The artifact path of a run's resolved spec, what resume and reproduce redo. */
  public static final String RESOLVED_SPEC = "spec/resolved.yaml";
  /** The tag saying why early stopping ended a run; its presence marks the run as stopped early. */
  public static final String EARLY_STOPPED_TAG = "genlab.early_stopped";
  private final PluginRegistry registry;
  private final PrintStream console;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Optional<java.time.Duration> systemMetricsEvery = SystemMetricsSampler.interval(System.getenv()); // genlab#16 system metrics

  /** How a run ended. */
  public enum Outcome { FINISHED, FAILED, KILLED }

  /**
   * The result of a run.
   *
   * @param runId the tracked run's id
   * @param outcome how it ended
   * @param metrics the evaluated metrics (empty unless FINISHED)
   * @param message why it failed or was killed, else empty
   */
  public record Result(String runId, Outcome outcome, Map<String, Double> metrics, String message) {}

  /** A runner over {@code registry}'s plugins; each spec's {@code engine} section picks its executor. */
  public ExperimentRunner(PluginRegistry registry, PrintStream console) {
    this.registry = registry;
    this.console = console;
  }

  /** Asks the run to end as KILLED after the current iteration, keeping its last checkpoint. */
  public void requestStop() {
    stop.set(true);
  }

  /**
   * Runs {@code spec} as a new run of {@code tracker}.
   *
   * @param specText the spec file as the user wrote it (logged as an artifact), or {@code null}
   * @throws IOException when data cannot be loaded or the store cannot be written (before the run starts)
   */
  public Result run(ExperimentSpec spec, String specText, Tracker tracker) throws IOException {
    return run(spec, specText, tracker, Map.of());
  }

  /** As {@link #run(ExperimentSpec, String, Tracker)}, setting {@code tags} on the new run (a reproduction's origin). */
  public Result run(ExperimentSpec spec, String specText, Tracker tracker, Map<String, String> tags) throws IOException {
    Prepared prepared = preflight(spec, tracker);
    TrackedRun run = tracker.startRun(spec.experiment(), spec.name(), tags);
    console.printf("run %s in experiment '%s' (%s)%n", run.runId(), DisplayText.line(spec.experiment()),
        DisplayText.line(tracker.describe()));
    try {
      describe(run, spec, specText);
    } catch (RuntimeException | Error e) {
      markFailed(run, e);
      throw e;
    }
    return execute(prepared, run, Map.of(), Optional.empty(), EarlyStopping.NEVER);
  }

  /**
   * Checks everything {@link #run} checks before it starts a run, writing nothing: the spec's data (read
   * and checked by the dataset), the model, loss, metrics and trainer built from it, and that the store
   * can record a run in the spec's experiment. What {@code --dry-run} does.
   *
   * @throws InvalidConfigException or {@link IOException} naming what is wrong
   */
  public void check(ExperimentSpec spec, Tracker tracker) throws IOException {
    preflight(spec, tracker);
  }

  /** The checks before a run starts, shared by {@link #run} and {@link #check} so that they cannot drift apart. */
  private Prepared preflight(ExperimentSpec spec, Tracker tracker) throws IOException {
    Prepared prepared = prepare(spec);
    tracker.checkCanStartRun(spec.experiment());
    return prepared;
  }

  /**
   * Continues a tracked run from its last checkpoint in the same run, or starts its training when it
   * has none (a sweep trial created by its parent). The run's own {@code spec/resolved.yaml} says what
   * to run; metric points at steps the run already has are not logged again.
   *
   * @param earlyStopping decides at epoch ends whether the run goes on (sweeps); {@link EarlyStopping#NEVER} otherwise
   * @throws InvalidConfigException when the run does not exist, has no resolved spec, or its data changed
   * @throws IOException when data cannot be loaded or the store cannot be read or written
   */
  public Result resume(String runId, Tracker tracker, EarlyStopping earlyStopping) throws IOException {
    Optional<Resumption> resumption = prepareResume(runId, tracker);
    if (resumption.isEmpty()) {
      return new Result(runId, Outcome.FINISHED, tracker.run(runId).orElseThrow().metrics(), "already finished");
    }
    Resumption r = resumption.get();
    TrackedRun run = ContinuedRun.open(tracker, r.info());
    console.printf("%s run %s in experiment '%s' (%s)%n", r.fromCheckpoint()
        ? "resuming from iteration " + r.prepared().trainer().state().iteration() + ":" : "starting",
        DisplayText.line(runId), DisplayText.line(r.spec().experiment()), DisplayText.line(tracker.describe()));
    return execute(r.prepared(), run, r.info().tags(), r.fromCheckpoint()
        ? Optional.of(r.prepared().trainer().state().iteration()) : Optional.empty(), earlyStopping);
  }

  /**
   * Checks everything {@link #resume} checks before it changes the run, writing nothing: the run, its
   * logged spec, data, model and checkpoint, its metric histories, and that the store is writable. What
   * {@code resume --dry-run} does.
   *
   * @return the iteration the run would resume from (0 without a checkpoint), or empty when it already finished
   */
  public Optional<Long> checkResume(String runId, Tracker tracker) throws IOException {
    Optional<Resumption> resumption = prepareResume(runId, tracker);
    if (resumption.isPresent()) {
      ContinuedRun.lastSteps(tracker, resumption.get().info());
      tracker.checkCanStartRun(resumption.get().spec().experiment());
    }
    return resumption.map(r -> r.prepared().trainer().state().iteration());
  }

  /** What {@link #resume} has checked and loaded before it reopens the run. */
  private record Resumption(RunInfo info, ExperimentSpec spec, Prepared prepared, boolean fromCheckpoint) {}

  /** The checks and loading shared by {@link #resume} and {@link #checkResume}; empty when the run already finished. */
  private Optional<Resumption> prepareResume(String runId, Tracker tracker) throws IOException {
    RunInfo info = requireRun(tracker, runId);
    if (info.tags().containsKey("genlab.sweep.name") && !info.tags().containsKey("mlflow.parentRunId")) {
      throw new InvalidConfigException("run " + runId, "this is the parent run of sweep '"
          + info.tags().get("genlab.sweep.name") + "', which trains nothing itself; continue the sweep with ./genlab "
          + "sweep <its spec> (a re-run continues its interrupted trials), or resume one of its trials");
    }
    if (info.status() == RunStatus.FINISHED) {
      console.printf("run %s already FINISHED; nothing to resume%n", DisplayText.line(runId));
      return Optional.empty();
    }
    ExperimentSpec spec = loggedSpec(tracker, runId);
    Prepared prepared = prepare(spec);
    requireSameData(info, prepared, "started", "; resume it where its data are unchanged");
    Optional<byte[]> checkpoint = tracker.readArtifact(runId, CHECKPOINT);
    if (checkpoint.isPresent()) {
      restore(prepared, checkpoint.get(), runId);
    }
    return Optional.of(new Resumption(info, spec, prepared, checkpoint.isPresent()));
  }

  /** The keys an evaluation spec may hold: what it changes about how a trained run is evaluated. */
  public static final java.util.Set<String> EVALUATION_KEYS = java.util.Set.of("name", "samplers", "metrics");
  /** The tag naming the trained run an evaluation run evaluates. */
  public static final String EVALUATES_TAG = "genlab.evaluates";

  /**
   * Evaluates the last checkpoint of a trained run with other samplers and metrics, without training:
   * a new run, nested under the trained one in MLflow, logs them. {@code evaluation} holds what
   * replaces the run's own sections ({@link #EVALUATION_KEYS}: {@code samplers}, {@code metrics}, and
   * the new run's {@code name}); an absent section keeps the run's own.
   *
   * @param evaluationText the evaluation spec as the user wrote it (logged as an artifact), or {@code null}
   * @throws InvalidConfigException when the run does not exist, has no checkpoint, its data changed, or
   *     the evaluation spec is invalid (nothing is written then)
   */
  public Result evaluate(String runId, Map<String, Object> evaluation, List<String> overrides, String evaluationText,
      Tracker tracker) throws IOException {
    EvaluationPlan plan = prepareEvaluation(runId, evaluation, overrides, tracker);
    ExperimentSpec spec = plan.spec();
    Prepared prepared = plan.prepared();
    TrackedRun run = tracker.startRun(spec.experiment(), spec.name(),
        Map.of(EVALUATES_TAG, runId, "mlflow.parentRunId", runId));
    console.printf("evaluation run %s of run %s (iteration %d) in experiment '%s' (%s)%n", run.runId(),
        DisplayText.line(runId), prepared.trainer().state().iteration(), DisplayText.line(spec.experiment()),
        DisplayText.line(tracker.describe()));
    try {
      describe(run, spec, evaluationText);
      tagProvenance(run, prepared, Map.of());
      DataInputs.log(run, prepared.inputs(), console); // genlab#16 dataset inputs
      run.setTag("mlflow.note.content", "Evaluation of the checkpoint of run `" + runId + "` (iteration "
          + prepared.trainer().state().iteration() + ") with other samplers or metrics; nothing was trained.");
      Evaluation evaluationStep = new Evaluation(spec, run, prepared.session(), prepared.train(), prepared.evalTest());
      Map<String, Double> results = evaluationStep.evaluate(prepared.trainer().state().iteration(), "samples/");
      if (stop.get()) {
        run.setTag("genlab.killed", "stopped by the user during evaluation");
        run.end(RunStatus.KILLED);
        return new Result(run.runId(), Outcome.KILLED, Map.of(), "stopped by the user during evaluation");
      }
      run.end(RunStatus.FINISHED);
      console.printf("evaluation run %s FINISHED%n", run.runId());
      return new Result(run.runId(), Outcome.FINISHED, results, "");
    } catch (RuntimeException | IOException | Error e) {
      markFailed(run, e);
      throw e;
    }
  }

  /**
   * Checks everything {@link #evaluate} checks before it creates the evaluation run, writing nothing: the
   * run and its checkpoint, the evaluation spec and overrides, data, model, and that the store can record
   * the run. What {@code evaluate --dry-run} does.
   *
   * @return the resolved spec of the evaluation run
   */
  public ExperimentSpec checkEvaluation(String runId, Map<String, Object> evaluation, List<String> overrides,
      Tracker tracker) throws IOException {
    return prepareEvaluation(runId, evaluation, overrides, tracker).spec();
  }

  /** What {@link #evaluate} has checked and loaded (the checkpoint restored) before it creates its run. */
  private record EvaluationPlan(ExperimentSpec spec, Prepared prepared) {}

  /** The checks and loading shared by {@link #evaluate} and {@link #checkEvaluation}. */
  private EvaluationPlan prepareEvaluation(String runId, Map<String, Object> evaluation, List<String> overrides,
      Tracker tracker) throws IOException {
    RunInfo info = requireRun(tracker, runId);
    List<ConfigProblem> unknown = new ArrayList<>();
    for (String key : evaluation.keySet()) {
      notForEvaluation(key, key).ifPresent(unknown::add);
    }
    if (!unknown.isEmpty()) {
      throw new InvalidConfigException(unknown);
    }
    byte[] checkpoint = tracker.readArtifact(runId, CHECKPOINT).orElseThrow(() -> new InvalidConfigException(
        "run " + runId, "the run has no " + CHECKPOINT + " artifact, so there is no trained model to evaluate"));
    Map<String, Object> raw = rawLoggedSpec(tracker, runId);
    raw.putAll(evaluation);
    if (!evaluation.containsKey("name")) {
      raw.put("name", info.runName() + "-evaluation");
    }
    for (String override : overrides) {
      Optional<ConfigProblem> problem = notForEvaluation(override.split("[.=\\[]", 2)[0].trim(), "--set " + override);
      if (problem.isPresent()) {
        throw new InvalidConfigException(List.of(problem.get()));
      }
      Overrides.apply(raw, override);
    }
    ExperimentSpec spec = new SpecResolver(registry).resolve(raw, List.of(), "run-" + runId);
    Prepared prepared = preflight(spec, tracker);
    requireSameData(info, prepared, "was trained", "");
    restore(prepared, checkpoint, runId);
    return new EvaluationPlan(spec, prepared);
  }

  /**
   * The run with id {@code runId}, refused as bad input when the id is malformed (never used as a path)
   * or names no run (with the closest existing id as a hint).
   *
   * @throws InvalidConfigException naming the id and what is allowed
   */
  public static RunInfo requireRun(Tracker tracker, String runId) {
    if (!Trackers.isRunId(runId)) {
      throw new InvalidConfigException("run id", "'" + runId + "' is not a run id; expected MLflow's 32 hexadecimal"
          + " characters (letters, digits, '_' and '-' are accepted, at most 64, starting with a letter or digit)");
    }
    return tracker.run(runId).orElseThrow(() -> {
      List<String> ids = tracker.runIds();
      String hint = ids.stream().filter(id -> id.startsWith(runId)).findFirst()
          .or(() -> Suggestions.closest(runId, ids)).map(id -> "; did you mean '" + id + "'?").orElse("");
      return new InvalidConfigException("run " + runId, "no such run in " + tracker.describe() + hint);
    });
  }

  /** Fails unless the loaded data have the SHA-256 the run logged (when it logged one). */
  private static void requireSameData(RunInfo info, Prepared prepared, String since, String advice) {
    String loggedSha = info.tags().get("genlab.dataset.sha256");
    if (loggedSha != null && !loggedSha.equals(prepared.sha256())) {
      throw new InvalidConfigException("data", "the data of run " + info.runId() + " changed since it " + since
          + ": SHA-256 " + loggedSha + " then, " + prepared.sha256() + " now" + advice);
    }
  }

  private static void restore(Prepared prepared, byte[] checkpoint, String runId) throws IOException {
    prepared.trainer().restoreCheckpoint(new ByteArrayInputStream(checkpoint), "run " + runId + " " + CHECKPOINT);
  }

  /** Why {@code key} (at {@code path}) cannot be part of an evaluation, or empty when it can. */
  private static Optional<ConfigProblem> notForEvaluation(String key, String path) {
    return EVALUATION_KEYS.contains(key) ? Optional.empty() : Optional.of(new ConfigProblem(path,
        "an evaluation sets only " + new java.util.TreeSet<>(EVALUATION_KEYS) + "; '" + key
            + "' belongs to the trained run. " + Suggestions.hint(key, EVALUATION_KEYS)));
  }

  /**
   * Ends {@code run} as FAILED with the reason tagged. The end is attempted even when the tag cannot be
   * written (a full disk), so that the run does not stay RUNNING; what fails here is added to {@code e}.
   */
  private static void markFailed(TrackedRun run, Throwable e) {
    try {
      run.setTag("genlab.failure", describeFailure(e));
    } catch (RuntimeException tagFailed) {
      e.addSuppressed(tagFailed);
    }
    try {
      run.end(RunStatus.FAILED);
    } catch (RuntimeException endFailed) {
      e.addSuppressed(endFailed);
    }
  }

  /**
   * What went wrong, with what to do about it where genlab knows: running out of memory usually means the
   * launcher's cap on ND4J's off-heap memory, not the machine's.
   */
  public static String describeFailure(Throwable e) {
    if (e instanceof OutOfMemoryError) {
      return e + " -- ND4J's off-heap memory is capped by -Dorg.bytedeco.javacpp.maxphysicalbytes (the genlab "
          + "launcher's default: three quarters of the machine's memory) and the heap by -Xmx (a quarter, at most "
          + "8g); raise them, e.g. GENLAB_JAVA_OPTS='-Xmx6g -Dorg.bytedeco.javacpp.maxphysicalbytes=20g' "
          + "./genlab ..., or lower training.batchSize";
    }
    return String.valueOf(e);
  }

  /** The resolved spec a run logged, re-resolved against today's plugins. */
  public ExperimentSpec loggedSpec(Tracker tracker, String runId) {
    return loggedSpec(tracker, runId, Map.of());
  }

  /** As {@link #loggedSpec(Tracker, String)}, with values changed at dotted spec paths (a new run name). */
  public ExperimentSpec loggedSpec(Tracker tracker, String runId, Map<String, Object> changes) {
    Map<String, Object> raw = rawLoggedSpec(tracker, runId);
    changes.forEach((path, value) -> Overrides.set(raw, path, value));
    return new SpecResolver(registry).resolve(raw, List.of(), "run-" + runId);
  }

  private static Map<String, Object> rawLoggedSpec(Tracker tracker, String runId) {
    byte[] yaml = tracker.readArtifact(runId, RESOLVED_SPEC).orElseThrow(() -> new InvalidConfigException(
        "run " + runId, "the run has no " + RESOLVED_SPEC + " artifact, so it was not made by genlab and cannot be redone"));
    Map<String, Object> spec = SpecResolver.parse(new String(yaml, StandardCharsets.UTF_8), "run " + runId + " " + RESOLVED_SPEC);
    // Runs logged before the engine section existed ran on SameDiff's interpreter; redo them on it.
    spec.putIfAbsent("engine", new java.util.LinkedHashMap<>(Map.of("executor", "samediff")));
    return spec;
  }

  /**
   * Logs what makes a run redoable before it trains: the resolved spec as params and as {@code
   * spec/resolved.yaml}, the user's spec text, and a note. Sweeps call it for the trials they create.
   * Credentials in URIs (a tracking URI's password or token) are logged as {@code ***} in all three.
   */
  public static void describe(TrackedRun run, ExperimentSpec spec, String specText) {
    Map<String, Object> resolved = redacted(spec.resolved());
    run.logParams(params(resolved));
    run.writeArtifact(RESOLVED_SPEC, SpecResolver.dump(resolved).getBytes(StandardCharsets.UTF_8));
    if (specText != null) {
      run.writeArtifact("spec/spec.yaml", Trackers.redacted(specText).getBytes(StandardCharsets.UTF_8));
    }
    run.setTag("genlab.experiment", spec.experiment());
    run.setTag("genlab.seed", Long.toString(spec.seed()));
    run.setTag("genlab.threads", Integer.toString(spec.threads()));
    run.setTag("mlflow.note.content", "genlab run of `" + spec.model().name() + "` + `" + spec.loss().name()
        + "` on `" + spec.data().dataset().name() + "`, seed " + spec.seed()
        + ". Redo it with `./genlab reproduce <run-id>`, or `./genlab run` on the logged `spec/resolved.yaml`"
        + " at the logged git commit.");
  }

  /**
   * {@code value} (a resolved spec, or a part of it) with every text passed through {@link Trackers#redacted}:
   * a store shared with others must not hold the password of the tracking server or a data URL's token.
   */
  @SuppressWarnings("unchecked")
  static <T> T redacted(T value) {
    if (value instanceof String s) {
      return (T) Trackers.redacted(s);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, redacted(v)));
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      return (T) list.stream().map(ExperimentRunner::redacted).collect(Collectors.toList());
    }
    return value;
  }

  /** Everything built from a spec before any run is touched: data, model, trainer. */
  private record Prepared(ExperimentSpec spec, Examples train, Examples evalTest, String sha256, int testCount,
      ModelSession session, Trainer trainer, Map<String, String> protocol, List<io.genlab.tracking.DatasetInput> inputs) {} // genlab#16 dataset inputs: + inputs

  private Prepared prepare(ExperimentSpec spec) throws IOException {
    Nd4j.getEnvironment().setMaxThreads(spec.threads());
    Nd4j.factory().blas().setMaxThreads(spec.threads());
    RandomSource seed = RandomSource.seeded(spec.seed());
    Dataset dataset = create(ComponentKind.DATASET, Dataset.class, spec.data().dataset());
    Path dataDir = spec.data().directory() != null ? Path.of(spec.data().directory())
        : System.getenv("GENLAB_DATA_DIR") != null ? Path.of(System.getenv("GENLAB_DATA_DIR")) : null;
    var dataContext = new Dataset.DataContext(cacheDirectory(), dataDir, spec.data().offline(), seed.derive("data"));
    console.printf("loading %s ...%n", DisplayText.line(spec.data().dataset().name()));
    Examples train = excludeClasses(dataset.load(Dataset.Split.TRAIN, dataContext), spec.data().excludeClasses());
    Examples test = dataset.load(Dataset.Split.TEST, dataContext);
    requireExamples(train, "training", spec);
    requireExamples(test, "test", spec);
    String sha256 = sha256(train, test);
    List<io.genlab.tracking.DatasetInput> inputs = DataInputs.of(spec.data().dataset().name(), dataset, train, test); // genlab#16 dataset inputs
    Binarization binarize = spec.training().binarize();
    // Metrics need one fixed binary test set when training sees binary data: Bernoulli draws with a
    // seed of their own (or the threshold), identical for every run with the same seed.
    Examples evalTest = binarize == Binarization.NONE ? test
        : (binarize == Binarization.THRESHOLD ? Binarization.THRESHOLD : Binarization.FIXED).applyOnce(test, seed.derive("test-binarize"));
    var info = binarize == Binarization.NONE ? train.info() : train.info().withBinary(true);
    Model model = create(ComponentKind.MODEL, Model.class, spec.model());
    Loss loss = create(ComponentKind.LOSS, Loss.class, spec.loss());
    GraphExecutor.Factory executors = spec.engine().factory(spec.threads(), line -> console.println(line));
    ModelSession session;
    try {
      session = ModelSession.build(model, loss, info, seed.derive("init"), executors, EVALUATION_BATCH);
    } catch (ConfigException e) {
      // What a model needs of its data (image sides, labels, value range) is known only once both are loaded.
      throw new InvalidConfigException(modelPath(e.field()), e.getMessage());
    }
    requireFitsData(spec, model, info);
    Map<String, String> protocol = protocolOf(spec, session); // before a run exists, like every spec check
    Trainer trainer = new Trainer(session, spec.training(), seed.derive("train"));
    try {
      trainer.totalIterations(train); // fails now, before a run exists, when a batch exceeds the data
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("training.batchSize", e.getMessage());
    }
    return new Prepared(spec, train, evalTest, sha256, test.count(), session, trainer, protocol, inputs); // genlab#16 dataset inputs: + inputs
  }

  /**
   * Fails, naming each, when a sampler or metric cannot work with the loaded data (a class label beyond the
   * data's classes, labels the data lack): known only once the data are loaded, and found before a run exists.
   */
  private void requireFitsData(ExperimentSpec spec, Model model, DataInfo data) {
    List<ConfigProblem> problems = new ArrayList<>();
    for (ComponentRef ref : spec.samplers()) {
      create(ComponentKind.SAMPLER, Sampler.class, ref).incompatibility(model, data)
          .ifPresent(why -> problems.add(new ConfigProblem(ref.path(), why)));
    }
    for (ComponentRef ref : spec.metrics()) {
      create(ComponentKind.METRIC, Metric.class, ref).incompatibility(model, data)
          .ifPresent(why -> problems.add(new ConfigProblem(ref.path(), why)));
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }

  /** The spec path of a field a model names when it is built: spec paths stay, a config field gets model.config. */
  private static String modelPath(String field) {
    return field == null || field.isEmpty() ? "model" : field.equals("model") || field.startsWith("model.")
        || field.startsWith("training.") || field.startsWith("data") ? field : "model.config." + field;
  }

  /** Refuses a split without examples: training and metrics need at least one (an empty file, all classes excluded). */
  private static void requireExamples(Examples split, String which, ExperimentSpec spec) {
    if (split.count() == 0) {
      throw new InvalidConfigException("data", "the " + which + " split of dataset '" + spec.data().dataset().name()
          + "' holds no examples" + (which.equals("training") && !spec.data().excludeClasses().isEmpty()
              ? " after excludeClasses " + spec.data().excludeClasses() : "") + "; a run needs at least one");
    }
  }

  /**
   * How the spec's likelihood metrics measure, as genlab.protocol.* tags (Metric#protocol), known from the
   * built model before any training. Refuses metrics that disagree (a density's nats beside a discrete
   * model's): one run carries one protocol.
   */
  private Map<String, String> protocolOf(ExperimentSpec spec, ModelSession session) {
    String binarization = LikelihoodUnits.PROTOCOL_TAG_PREFIX + "binarization";
    Map<String, String> tags = new LinkedHashMap<>(Map.of(binarization, spec.training().binarize().describe()));
    Map<String, String> measuredBy = new HashMap<>(Map.of(binarization, "training.binarize"));
    for (ComponentRef ref : spec.metrics()) {
      create(ComponentKind.METRIC, Metric.class, ref).protocol(session).forEach((key, value) -> {
        String tag = LikelihoodUnits.PROTOCOL_TAG_PREFIX + key;
        String before = tags.putIfAbsent(tag, value);
        if (before == null) {
          measuredBy.put(tag, "metric '" + ref.name() + "'");
        } else if (!before.equals(value)) {
          throw new InvalidConfigException("metrics." + ref.name(), "metric '" + ref.name() + "' measures with "
              + tag + "=" + value + ", but " + measuredBy.get(tag) + " of this run sets " + tag + "=" + before
              + "; evaluate them in separate runs so that each number carries its own protocol");
        }
      });
    }
    return tags;
  }


  /** Tags what this process ran with; a resumed run keeps its first values and records changed ones. */
  private void tagProvenance(TrackedRun run, Prepared p, Map<String, String> existing) {
    ExperimentSpec spec = p.spec();
    Map<String, String> tags = new LinkedHashMap<>(Provenance.tags());
    tags.put("genlab.dataset", spec.data().dataset().name());
    tags.put("genlab.dataset.sha256", p.sha256());
    tags.put("genlab.dataset.train_examples", Integer.toString(p.train().count()));
    tags.put("genlab.dataset.test_examples", Integer.toString(p.testCount()));
    tags.put("genlab.plugins", registry.plugins().stream().map(pl -> pl.id() + "=" + pl.version()).collect(Collectors.joining(",")));
    tags.put("genlab.model", spec.model().name());
    tags.put("genlab.loss", spec.loss().name());
    tags.putAll(p.protocol());
    tags.forEach((key, value) -> {
      String before = existing.get(key);
      if (before == null) {
        run.setTag(key, value);
      } else if (!before.equals(value)) {
        console.printf("warning: %s was %s when the run started and is %s now; the resumed part is tagged %s%n",
            DisplayText.line(key), DisplayText.line(before), DisplayText.line(value),
            DisplayText.line("genlab.resumed." + key));
        run.setTag("genlab.resumed." + key, value);
      }
    });
  }

  private Result execute(Prepared p, TrackedRun run, Map<String, String> existingTags, Optional<Long> resumedAt,
      EarlyStopping earlyStopping) throws IOException {
    try {
      tagProvenance(run, p, existingTags);
      DataInputs.log(run, p.inputs(), console); // genlab#16 dataset inputs
      resumedAt.ifPresent(iteration -> run.setTag("genlab.resumed", "from iteration " + iteration + " (checkpoint "
          + CHECKPOINT + ")"));
      return train(p.spec(), run, p.session(), p.trainer(), p.train(), p.evalTest(), earlyStopping);
    } catch (RuntimeException | IOException | Error e) {
      markFailed(run, e);
      throw e;
    }
  }

  private Result train(ExperimentSpec spec, TrackedRun run, ModelSession session, Trainer trainer,
      Examples train, Examples test, EarlyStopping earlyStopping) throws IOException {
    Evaluation evaluation = new Evaluation(spec, run, session, train, test);
    Progress progress = new Progress(run, spec, trainer, trainer.totalIterations(train), earlyStopping, evaluation);
    long trainStart = System.nanoTime();
    try (var sampler = SystemMetricsSampler.start(run, () -> trainer.state().iteration(), systemMetricsEvery, console)) { // genlab#16 system metrics
      trainer.run(train, progress);
    } catch (TrainingFailedException e) {
      run.setTag("genlab.failure", String.valueOf(e.getMessage()));
      run.setTag("mlflow.note.content", "**FAILED**: " + e.getMessage());
      run.end(RunStatus.FAILED);
      console.printf("run %s FAILED: %s%n", run.runId(), DisplayText.line(e.getMessage()));
      return new Result(run.runId(), Outcome.FAILED, Map.of(), e.getMessage());
    }
    progress.logThroughput((System.nanoTime() - trainStart) / 1e9);
    saveCheckpoint(run, trainer);
    if (progress.earlyStop != null) {
      run.setTag(EARLY_STOPPED_TAG, progress.earlyStop);
      run.end(RunStatus.FINISHED);
      console.printf("run %s stopped early: %s%n", run.runId(), DisplayText.line(progress.earlyStop));
      return new Result(run.runId(), Outcome.FINISHED, Map.of(), progress.earlyStop);
    }
    if (trainer.stopped() || stop.get()) {
      return killed(run, trainer);
    }
    // Training is over: its plans' activations and gradients are not needed to evaluate.
    session.executor().releaseTrainingMemory();
    Map<String, Double> results = evaluation.evaluate(trainer.state().iteration(), "samples/");
    if (stop.get()) {
      return killed(run, trainer);
    }
    run.end(RunStatus.FINISHED);
    console.printf("run %s FINISHED in experiment '%s'%n", run.runId(), DisplayText.line(spec.experiment()));
    return new Result(run.runId(), Outcome.FINISHED, results, "");
  }

  /** Evaluates the spec's metrics and draws its samplers' grids, at the end of training and every evaluateEvery epochs. */
  private final class Evaluation {
    private final ExperimentSpec spec;
    private final TrackedRun run;
    private final ModelSession session;
    private final Examples train;
    private final Examples test;

    Evaluation(ExperimentSpec spec, TrackedRun run, ModelSession session, Examples train, Examples test) {
      this.spec = spec;
      this.run = run;
      this.session = session;
      this.train = train;
      this.test = test;
    }

    /**
     * Logs every metric at {@code step} and writes every sampler's grid under {@code artifactDirectory};
     * each evaluation draws from the same seeded sources, so evaluations differ only by the model.
     */
    Map<String, Double> evaluate(long step, String artifactDirectory) throws IOException {
      Map<String, Double> results = new LinkedHashMap<>();
      RandomSource seed = RandomSource.seeded(spec.seed());
      List<SampleMetric> sampleMetrics = new ArrayList<>();
      List<Integer> sampleMetricIndices = new ArrayList<>();
      for (int i = 0; i < spec.metrics().size() && !stop.get(); i++) {
        ComponentRef ref = spec.metrics().get(i);
        Metric metric = create(ComponentKind.METRIC, Metric.class, ref);
        if (metric instanceof SampleMetric sampleMetric) {
          sampleMetrics.add(sampleMetric);
          sampleMetricIndices.add(i);
          continue;
        }
        console.printf("evaluating %s ...%n", DisplayText.line(ref.name()));
        int index = i;
        log(asBadInput(ref, () -> metric.evaluate(session, metricContext(seed, index))), "", step, results);
      }
      for (int i = 0; i < spec.samplers().size() && !stop.get(); i++) {
        ComponentRef ref = spec.samplers().get(i);
        String label = SpecResolver.samplerLabel(spec.samplers(), i);
        Sampler sampler = create(ComponentKind.SAMPLER, Sampler.class, ref);
        var context = new Sampler.SamplingContext(train, test, seed.derive("sampler").derive(i));
        asBadInput(ref, () -> {
          sampler.fit(session, context);
          return null;
        });
        long gridStart = System.nanoTime();
        Samples samples = asBadInput(ref, () -> sampler.sample(session, context));
        double gridSeconds = (System.nanoTime() - gridStart) / 1e9;
        String name = artifactDirectory + label + ".png";
        run.writeArtifact(name, SampleGrid.png(samples, session.data(), test));
        for (var figure : samples.figures().entrySet()) {
          run.writeArtifact(artifactDirectory + label + "-" + figure.getKey() + ".png",
              SampleGrid.png(figure.getValue(), session.data(), test));
        }
        console.printf("wrote %s (%d samples)%n", DisplayText.line(name), samples.count());
        // Under perf/, with the other timings and out of the results: reproductions compare everything else bit for bit.
        String speedKey = "perf/" + label + "/samples_per_second";
        if (sampleMetrics.isEmpty() || !sampler.representative() || stop.get()) {
          double rate = samples.count() / Math.max(gridSeconds, 1e-9);
          run.logMetric(speedKey, rate, step);
          console.printf("  %-36s %.1f%n", DisplayText.line(speedKey), rate);
          continue;
        }
        int count = sampleMetrics.stream().mapToInt(SampleMetric::sampleCount).max().orElseThrow();
        console.printf("drawing %d samples from %s for %s ...%n", count, DisplayText.line(label), DisplayText.line(
            sampleMetricIndices.stream().map(k -> spec.metrics().get(k).name()).collect(Collectors.joining(", "))));
        // A grid of enough samples is reused: a sampler's first samples are its grid's (Sampler#sample(.., count)).
        boolean reuse = samples.count() >= count;
        long start = System.nanoTime();
        Samples drawn = reuse ? Samples.concat(List.of(samples), count)
            : asBadInput(ref, () -> sampler.sample(session, context, count));
        // The larger of the two draws times the sampler better.
        double rate = reuse ? samples.count() / Math.max(gridSeconds, 1e-9)
            : count / Math.max((System.nanoTime() - start) / 1e9, 1e-9);
        run.logMetric(speedKey, rate, step);
        console.printf("  %-36s %.1f%n", DisplayText.line(speedKey), rate);
        for (int k = 0; k < sampleMetrics.size() && !stop.get(); k++) {
          SampleMetric sampleMetric = sampleMetrics.get(k);
          int index = sampleMetricIndices.get(k);
          log(asBadInput(spec.metrics().get(index), () -> sampleMetric.evaluate(drawn, metricContext(seed, index))),
              label + "/", step, results);
        }
      }
      return results;
    }

    /**
     * {@code work}'s result; a config rule the component checks only against the trained model and its data
     * (a class label beyond the data's classes) is bad input at the component's spec path, not a defect.
     */
    private <T> T asBadInput(ComponentRef ref, java.util.function.Supplier<T> work) {
      try {
        return work.get();
      } catch (ConfigException e) {
        String field = e.field();
        throw new InvalidConfigException(field == null || field.isEmpty() || field.contains(".") ? ref.path()
            : ref.path() + ".config." + field, e.getMessage());
      }
    }

    /** The context of metric {@code index}: the same seeded source at every evaluation. */
    private Metric.EvaluationContext metricContext(RandomSource seed, int index) {
      return new Metric.EvaluationContext(train, test, seed.derive("metric").derive(index), cacheDirectory());
    }

    private void log(Map<String, Double> values, String prefix, long step, Map<String, Double> results) {
      values.forEach((k, v) -> {
        run.logMetric(prefix + k, v, step);
        results.put(prefix + k, v);
        // Small values (an invertibility error of 1e-7) would read as 0.0000 in fixed notation.
        console.printf(v != 0 && Math.abs(v) < 1e-3 ? "  %-36s %.3e%n" : "  %-36s %.4f%n",
            DisplayText.line(prefix + k), v);
      });
    }
  }

  private Result killed(TrackedRun run, Trainer trainer) {
    String why = "stopped by the user at iteration " + trainer.state().iteration() + "; the checkpoint of that "
        + "iteration is kept in artifacts/" + CHECKPOINT + "; continue with ./genlab resume " + run.runId();
    run.setTag("genlab.killed", why);
    run.end(RunStatus.KILLED);
    console.printf("run %s KILLED: %s%n", run.runId(), DisplayText.line(why));
    return new Result(run.runId(), Outcome.KILLED, Map.of(), why);
  }

  private static void saveCheckpoint(TrackedRun run, Trainer trainer) throws IOException {
    var dir = run.artifactDirectory();
    if (dir.isPresent()) {
      trainer.saveCheckpoint(dir.get().resolve(CHECKPOINT));
    } else {
      Path tmp = Files.createTempDirectory("genlab-ckpt").resolve("last.ckpt");
      trainer.saveCheckpoint(tmp);
      run.logArtifact(tmp, "checkpoints");
      Files.deleteIfExists(tmp);
    }
  }

  /** Logs scalars, prints progress, checkpoints per epoch, asks early stopping and relays stop requests. */
  private final class Progress implements TrainingListener {
    private final TrackedRun run;
    private final ExperimentSpec spec;
    private final Trainer trainer;
    private final long total;
    private final int logEvery;
    private final int batchSize;
    private final EarlyStopping earlyStopping;
    private final Evaluation evaluation;
    private final long warmupIterations;
    /** Why early stopping ended training, or null. */
    String earlyStop;
    private long startNanos;
    private long startIteration;
    private long lastPrint;
    private long warmNanos;
    /** Time spent in evaluations during training after warm-up, left out of the throughput. */
    private long evaluationNanos;
    private long warmIteration = -1;
    private long lastIteration;

    Progress(TrackedRun run, ExperimentSpec spec, Trainer trainer, long total, EarlyStopping earlyStopping,
        Evaluation evaluation) {
      this.evaluation = evaluation;
      this.warmupIterations = (WARMUP_STEPS + trainer.stepsPerIteration() - 1) / trainer.stepsPerIteration();
      this.run = run;
      this.spec = spec;
      this.trainer = trainer;
      this.total = total;
      this.logEvery = spec.training().logEvery();
      this.batchSize = spec.training().batchSize();
      this.earlyStopping = earlyStopping;
    }

    @Override
    public void onStart(TrainingState state, long totalIterations) {
      startNanos = System.nanoTime();
      startIteration = state.iteration();
      lastIteration = state.iteration();
      // From the JVM's start: the overhead a fresh trial process pays before its first step.
      double startup = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
      run.logMetric("perf/startup_seconds", startup, state.iteration());
      console.printf("training %d iterations (%d epochs, batch %d, %d threads)%n", totalIterations,
          spec.training().epochs(), batchSize, spec.threads());
    }

    @Override
    public void onIteration(TrainingState state, Map<String, Double> scalars) {
      lastIteration = state.iteration();
      if (state.iteration() - startIteration == warmupIterations) {
        warmNanos = System.nanoTime();
        warmIteration = state.iteration();
      }
      if (state.iteration() % logEvery == 0) {
        scalars.forEach((k, v) -> run.logMetric(k, v, state.iteration()));
      }
      long now = System.nanoTime();
      if (now - lastPrint > 2_000_000_000L || state.iteration() == total) {
        lastPrint = now;
        double seconds = (now - startNanos) / 1e9;
        double perSecond = (state.iteration() - startIteration) / Math.max(seconds, 1e-9);
        long eta = (long) ((total - state.iteration()) / Math.max(perSecond, 1e-9));
        String first = scalars.keySet().stream().filter(k -> k.startsWith("loss/")).findFirst()
            .orElse(scalars.keySet().iterator().next());
        console.printf("epoch %d/%d  iter %d/%d  %s %.4f  %.0f examples/s  ETA %s%n", state.epoch() + 1,
            spec.training().epochs(), state.iteration(), total, first, scalars.get(first), perSecond * batchSize,
            duration(eta));
      }
    }

    @Override
    public void onEpochEnd(TrainingState state, Map<String, Double> means) {
      Map<String, Double> epochMetrics = new LinkedHashMap<>();
      means.forEach((k, v) -> epochMetrics.put("epoch/" + k, v));
      epochMetrics.forEach((k, v) -> run.logMetric(k, v, state.epoch()));
      if (state.epoch() % spec.training().checkpointEvery() == 0) {
        try {
          saveCheckpoint(run, trainer);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("cannot write the checkpoint of epoch " + state.epoch(), e);
        }
      }
      int every = spec.training().evaluateEvery();
      if (every > 0 && state.epoch() % every == 0 && state.epoch() < spec.training().epochs() && state.iteration() < total) {
        try {
          long evaluationStart = System.nanoTime();
          evaluation.evaluate(state.iteration(), String.format("samples/epoch-%04d/", state.epoch()));
          if (warmIteration >= 0) {
            evaluationNanos += System.nanoTime() - evaluationStart;
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("cannot write the samples of epoch " + state.epoch(), e);
        }
      }
      earlyStop = earlyStopping.stopAfterEpoch(state.epoch(), epochMetrics, run).orElse(null);
    }

    @Override
    public boolean stopRequested() {
      return stop.get() || earlyStop != null;
    }

    /**
     * Logs steady-state training throughput (after {@value #WARMUP_STEPS} warm-up optimiser steps, as
     * the JIT needs them; evaluations during training left out) and the process's peak resident memory.
     */
    void logThroughput(double trainSeconds) {
      run.logMetric("perf/train_seconds", trainSeconds, lastIteration);
      if (warmIteration >= 0 && lastIteration > warmIteration) {
        double seconds = (System.nanoTime() - warmNanos - evaluationNanos) / 1e9;
        double rate = (lastIteration - warmIteration) * (double) batchSize / seconds;
        run.logMetric("perf/train_examples_per_second", rate, lastIteration);
        console.printf("steady-state throughput: %.0f examples/s%n", rate);
      }
      peakRssMegabytes().ifPresent(mb -> run.logMetric("perf/peak_rss_mb", mb, lastIteration));
    }
  }

  private static final int WARMUP_STEPS = 150;

  /** VmHWM from /proc (Linux): the peak resident set, heap and off-heap ND4J buffers together. */
  private static java.util.Optional<Double> peakRssMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return java.util.Optional.of(Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no peak memory to report
    }
    return java.util.Optional.empty();
  }

  private static String duration(long seconds) {
    return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
        : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
  }

  private <T> T create(ComponentKind kind, Class<T> type, ComponentRef ref) {
    return registry.create(kind, type, ref.name(), ref.config(), ref.path()).component();
  }

  /** Where datasets and metrics keep what they download or compute once: GENLAB_CACHE_DIR, else ~/.cache/genlab. */
  private static Path cacheDirectory() {
    String env = System.getenv("GENLAB_CACHE_DIR");
    return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "genlab");
  }

  private static Examples excludeClasses(Examples examples, List<Integer> exclude) {
    if (exclude.isEmpty()) {
      return examples;
    }
    if (examples.labels() == null) {
      throw new InvalidConfigException("data.excludeClasses",
          "the dataset has no labels, so no classes can be excluded");
    }
    int size = examples.info().exampleSize();
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < examples.count(); i++) {
      if (!exclude.contains(examples.labels()[i])) {
        keep.add(i);
      }
    }
    float[] values = new float[keep.size() * size];
    int[] labels = new int[keep.size()];
    for (int k = 0; k < keep.size(); k++) {
      System.arraycopy(examples.values(), keep.get(k) * size, values, k * size, size);
      labels[k] = examples.labels()[keep.get(k)];
    }
    return new Examples(examples.info(), values, labels, keep.size());
  }

  /** SHA-256 over the loaded values and labels of both splits (little-endian floats). */
  static String sha256(Examples... splits) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Examples e : splits) {
        ByteBuffer buffer = ByteBuffer.allocate(e.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(e.values());
        digest.update(buffer);
        if (e.labels() != null) {
          ByteBuffer labels = ByteBuffer.allocate(e.labels().length * 4).order(ByteOrder.LITTLE_ENDIAN);
          labels.asIntBuffer().put(e.labels());
          digest.update(labels);
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The resolved spec flattened to MLflow params: dotted keys, lists as their YAML flow form. */
  static Map<String, String> params(Map<String, Object> resolved) {
    Map<String, String> params = new LinkedHashMap<>();
    Map<String, Object> copy = new LinkedHashMap<>(resolved);
    List<?> metrics = (List<?>) copy.remove("metrics");
    List<?> samplers = (List<?>) copy.remove("samplers");
    ConfigBinder.flatten(copy).forEach((k, v) -> params.put(k, String.valueOf(v)));
    indexed("metrics", metrics, params);
    indexed("samplers", samplers, params);
    return params;
  }

  @SuppressWarnings("unchecked")
  private static void indexed(String prefix, List<?> refs, Map<String, String> params) {
    for (int i = 0; i < refs.size(); i++) {
      Map<String, Object> ref = (Map<String, Object>) refs.get(i);
      // Sampler labels keep two samplers of the same name apart (ddim with 10 and with 50 steps).
      String key = prefix + "." + (ref.get("label") != null ? ref.get("label") : ref.get("name"));
      ConfigBinder.flatten(Map.of(key, ref.get("config"))).forEach((k, v) -> params.put(k, String.valueOf(v)));
    }
  }
}
