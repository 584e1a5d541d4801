package io.genlab.runner.run;

import io.genlab.api.ComponentKind;
import io.genlab.api.Dataset;
import io.genlab.api.Examples;
import io.genlab.api.Loss;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.engine.config.ConfigBinder;
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
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.nd4j.linalg.factory.Nd4j;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs one resolved experiment end to end: data, model, training with progress and checkpoints,
 * metrics, sample grids, and everything logged to the tracker. Not thread-safe; {@link #requestStop}
 * may be called from another thread (a Ctrl-C hook).
 */
public final class ExperimentRunner {
  private static final int EVALUATION_BATCH = 500;
  private final PluginRegistry registry;
  private final GraphExecutor.Factory executors;
  private final PrintStream console;
  private final AtomicBoolean stop = new AtomicBoolean();

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

  public ExperimentRunner(PluginRegistry registry, GraphExecutor.Factory executors, PrintStream console) {
    this.registry = registry;
    this.executors = executors;
    this.console = console;
  }

  /** Asks the run to end as KILLED after the current iteration, keeping its last checkpoint. */
  public void requestStop() {
    stop.set(true);
  }

  /**
   * Runs {@code spec}, logging to {@code tracker}.
   *
   * @param specText the spec file as the user wrote it (logged as an artifact), or {@code null}
   * @throws IOException when data cannot be loaded or the store cannot be written (before the run starts)
   */
  public Result run(ExperimentSpec spec, String specText, Tracker tracker) throws IOException {
    Nd4j.getEnvironment().setMaxThreads(spec.threads());
    Nd4j.factory().blas().setMaxThreads(spec.threads());
    RandomSource seed = RandomSource.seeded(spec.seed());

    Dataset dataset = create(ComponentKind.DATASET, Dataset.class, spec.data().dataset());
    Path dataDir = spec.data().directory() != null ? Path.of(spec.data().directory())
        : System.getenv("GENLAB_DATA_DIR") != null ? Path.of(System.getenv("GENLAB_DATA_DIR")) : null;
    var dataContext = new Dataset.DataContext(cacheDirectory(), dataDir, spec.data().offline(), seed.derive("data"));
    console.printf("loading %s ...%n", spec.data().dataset().name());
    Examples train = excludeClasses(dataset.load(Dataset.Split.TRAIN, dataContext), spec.data().excludeClasses());
    Examples test = dataset.load(Dataset.Split.TEST, dataContext);
    String sha256 = sha256(train, test);
    Binarization binarize = spec.training().binarize();
    // Metrics need one fixed binary test set when training sees binary data: Bernoulli draws with a
    // seed of their own (or the threshold), identical for every run with the same seed.
    Examples evalTest = binarize == Binarization.NONE ? test
        : (binarize == Binarization.THRESHOLD ? Binarization.THRESHOLD : Binarization.FIXED).applyOnce(test, seed.derive("test-binarize"));
    var info = binarize == Binarization.NONE ? train.info() : train.info().withBinary(true);

    Model model = create(ComponentKind.MODEL, Model.class, spec.model());
    Loss loss = create(ComponentKind.LOSS, Loss.class, spec.loss());
    ModelSession session = ModelSession.build(model, loss, info, seed.derive("init"), executors, EVALUATION_BATCH);
    Trainer trainer = new Trainer(session, spec.training(), seed.derive("train"));
    trainerRef = trainer;

    Map<String, String> tags = new LinkedHashMap<>(Provenance.tags());
    tags.put("genlab.seed", Long.toString(spec.seed()));
    tags.put("genlab.dataset", spec.data().dataset().name());
    tags.put("genlab.dataset.sha256", sha256);
    tags.put("genlab.dataset.train_examples", Integer.toString(train.count()));
    tags.put("genlab.dataset.test_examples", Integer.toString(test.count()));
    tags.put("genlab.plugins", registry.plugins().stream().map(p -> p.id() + "=" + p.version()).collect(Collectors.joining(",")));
    tags.put("genlab.model", spec.model().name());
    tags.put("genlab.loss", spec.loss().name());
    tags.put("genlab.threads", Integer.toString(spec.threads()));
    TrackedRun run = tracker.startRun(spec.experiment(), spec.name(), tags);
    console.printf("run %s in experiment '%s' (%s)%n", run.runId(), spec.experiment(), tracker.describe());
    try {
      run.logParams(params(spec.resolved()));
      String resolvedYaml = yaml(spec.resolved());
      run.writeArtifact("spec/resolved.yaml", resolvedYaml.getBytes(StandardCharsets.UTF_8));
      if (specText != null) {
        run.writeArtifact("spec/spec.yaml", specText.getBytes(StandardCharsets.UTF_8));
      }
      run.setTag("mlflow.note.content", "genlab run of `" + spec.model().name() + "` + `" + spec.loss().name()
          + "` on `" + spec.data().dataset().name() + "`, seed " + spec.seed()
          + ". Redo it with `./genlab run` on the logged `spec/resolved.yaml` at the logged git commit.");
      return train(spec, run, session, trainer, train, evalTest);
    } catch (RuntimeException | IOException | Error e) {
      run.setTag("genlab.failure", String.valueOf(e));
      run.end(RunStatus.FAILED);
      throw e;
    }
  }

  private Result train(ExperimentSpec spec, TrackedRun run, ModelSession session, Trainer trainer,
      Examples train, Examples test) throws IOException {
    Progress progress = new Progress(run, spec, trainer.totalIterations(train), train.count());
    try {
      trainer.run(train, progress);
    } catch (TrainingFailedException e) {
      run.setTag("genlab.failure", String.valueOf(e.getMessage()));
      run.setTag("mlflow.note.content", "**FAILED**: " + e.getMessage());
      run.end(RunStatus.FAILED);
      console.printf("run %s FAILED: %s%n", run.runId(), e.getMessage());
      return new Result(run.runId(), Outcome.FAILED, Map.of(), e.getMessage());
    }
    progress.logThroughput();
    saveCheckpoint(run, trainer);
    if (trainer.stopped() || stop.get()) {
      return killed(run, trainer);
    }
    long step = trainer.state().iteration();
    Map<String, Double> results = new LinkedHashMap<>();
    RandomSource seed = RandomSource.seeded(spec.seed());
    for (int i = 0; i < spec.metrics().size() && !stop.get(); i++) {
      ComponentRef ref = spec.metrics().get(i);
      console.printf("evaluating %s ...%n", ref.name());
      Metric metric = create(ComponentKind.METRIC, Metric.class, ref);
      Map<String, Double> values = metric.evaluate(session,
          new Metric.EvaluationContext(train, test, seed.derive("metric").derive(i)));
      values.forEach((k, v) -> {
        run.logMetric(k, v, step);
        results.put(k, v);
        console.printf("  %-28s %.4f%n", k, v);
      });
    }
    for (int i = 0; i < spec.samplers().size() && !stop.get(); i++) {
      ComponentRef ref = spec.samplers().get(i);
      Sampler sampler = create(ComponentKind.SAMPLER, Sampler.class, ref);
      var context = new Sampler.SamplingContext(train, test, seed.derive("sampler").derive(i));
      sampler.fit(session, context);
      Samples samples = sampler.sample(session, context);
      String name = "samples/" + ref.name() + (countOf(spec.samplers(), ref.name()) > 1 ? "-" + i : "") + ".png";
      run.writeArtifact(name, SampleGrid.png(samples, session.data()));
      console.printf("wrote %s (%d samples)%n", name, samples.count());
    }
    if (stop.get()) {
      return killed(run, trainer);
    }
    run.end(RunStatus.FINISHED);
    console.printf("run %s FINISHED in experiment '%s'%n", run.runId(), spec.experiment());
    return new Result(run.runId(), Outcome.FINISHED, results, "");
  }

  private Result killed(TrackedRun run, Trainer trainer) {
    String why = "stopped by the user at iteration " + trainer.state().iteration() + "; the checkpoint of that "
        + "iteration is kept in artifacts/checkpoints/last.ckpt";
    run.setTag("genlab.killed", why);
    run.end(RunStatus.KILLED);
    console.printf("run %s KILLED: %s%n", run.runId(), why);
    return new Result(run.runId(), Outcome.KILLED, Map.of(), why);
  }

  private static long countOf(List<ComponentRef> refs, String name) {
    return refs.stream().filter(r -> r.name().equals(name)).count();
  }

  private void saveCheckpoint(TrackedRun run, Trainer trainer) throws IOException {
    var dir = run.artifactDirectory();
    if (dir.isPresent()) {
      trainer.saveCheckpoint(dir.get().resolve("checkpoints").resolve("last.ckpt"));
    } else {
      Path tmp = Files.createTempDirectory("genlab-ckpt").resolve("last.ckpt");
      trainer.saveCheckpoint(tmp);
      run.logArtifact(tmp, "checkpoints");
      Files.deleteIfExists(tmp);
    }
  }

  /** Logs scalars, prints progress, checkpoints per epoch and relays stop requests. */
  private final class Progress implements TrainingListener {
    private final TrackedRun run;
    private final ExperimentSpec spec;
    private final long total;
    private final int logEvery;
    private final int batchSize;
    private long startNanos;
    private long startIteration;
    private long lastPrint;
    private long warmNanos;
    private long warmIteration = -1;
    private long lastIteration;

    Progress(TrackedRun run, ExperimentSpec spec, long total, int trainCount) {
      this.run = run;
      this.spec = spec;
      this.total = total;
      this.logEvery = spec.training().logEvery();
      this.batchSize = spec.training().batchSize();
    }

    @Override
    public void onStart(TrainingState state, long totalIterations) {
      startNanos = System.nanoTime();
      startIteration = state.iteration();
      console.printf("training %d iterations (%d epochs, batch %d, %d threads)%n", totalIterations,
          spec.training().epochs(), batchSize, spec.threads());
    }

    @Override
    public void onIteration(TrainingState state, Map<String, Double> scalars) {
      lastIteration = state.iteration();
      if (state.iteration() - startIteration == WARMUP_ITERATIONS) {
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
      means.forEach((k, v) -> run.logMetric("epoch/" + k, v, state.epoch()));
      if (state.epoch() % spec.training().checkpointEvery() == 0 && trainerRef != null) {
        try {
          saveCheckpoint(run, trainerRef);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("cannot write the checkpoint of epoch " + state.epoch(), e);
        }
      }
    }

    @Override
    public boolean stopRequested() {
      return stop.get();
    }

    /**
     * Logs steady-state training throughput (after {@value #WARMUP_ITERATIONS} warm-up iterations, as
     * the JIT needs them) and the process's peak resident memory.
     */
    void logThroughput() {
      if (warmIteration >= 0 && lastIteration > warmIteration) {
        double seconds = (System.nanoTime() - warmNanos) / 1e9;
        double rate = (lastIteration - warmIteration) * (double) batchSize / seconds;
        run.logMetric("perf/train_examples_per_second", rate, lastIteration);
        console.printf("steady-state throughput: %.0f examples/s%n", rate);
      }
      peakRssMegabytes().ifPresent(mb -> run.logMetric("perf/peak_rss_mb", mb, lastIteration));
    }
  }

  private static final int WARMUP_ITERATIONS = 150;

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

  private Trainer trainerRef;

  private static String duration(long seconds) {
    return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
        : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
  }

  private <T> T create(ComponentKind kind, Class<T> type, ComponentRef ref) {
    return registry.create(kind, type, ref.name(), ref.config(), ref.path()).component();
  }

  private static Path cacheDirectory() {
    String env = System.getenv("GENLAB_CACHE_DIR");
    return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "genlab");
  }

  private static Examples excludeClasses(Examples examples, List<Integer> exclude) {
    if (exclude.isEmpty()) {
      return examples;
    }
    if (examples.labels() == null) {
      throw new io.genlab.engine.config.InvalidConfigException("data.excludeClasses",
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
      String key = prefix + "." + ref.get("name");
      ConfigBinder.flatten(Map.of(key, ref.get("config"))).forEach((k, v) -> params.put(k, String.valueOf(v)));
    }
  }

  static String yaml(Map<String, Object> resolved) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setSplitLines(false);
    return new Yaml(options).dump(resolved);
  }
}
