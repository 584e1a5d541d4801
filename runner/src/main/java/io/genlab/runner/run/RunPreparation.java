package io.genlab.runner.run;

import io.genlab.api.ComponentKind;
import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Dataset;
import io.genlab.api.DisplayText;
import io.genlab.api.Examples;
import io.genlab.api.LikelihoodUnits;
import io.genlab.api.Loss;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.Sampler;
import io.genlab.engine.config.ConfigProblem;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.exec.GraphExecutor;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.engine.train.Binarization;
import io.genlab.engine.train.ModelSession;
import io.genlab.engine.train.Trainer;
import io.genlab.runner.spec.ComponentRef;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.tracking.Tracker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import io.genlab.tracking.DatasetInput;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds what a run needs from its spec before any run is touched: the data loaded and checked, the model,
 * loss and trainer, and the protocol of its metrics. What only the loaded data and the built model can tell
 * (a model that does not fit the data, a sampler asking for a class the data lack, a batch larger than the
 * data) is refused here as bad input, so that it is found before a run exists, with and without
 * {@code --dry-run} alike. Not thread-safe: it sets ND4J's thread count to the spec's.
 */
final class RunPreparation {
  /** Examples per batch when metrics and samplers run the model. */
  private static final int EVALUATION_BATCH = 500;
  private final PluginRegistry registry;
  private final PrintStream console;
  /**
   * The splits this preparation loaded last, by what defines them: a run and the runs it refers to (a first stage
   * trained on the same data) load the same dataset, which is read once. One entry, so memory stays bounded.
   */
  private LoadedData lastLoaded;

  /** Splits as {@link #prepare} loads them, and what defines them (the dataset, where from, the seed). */
  private record LoadedData(DataKey key, Examples train, Examples test) {}

  private record DataKey(ComponentRef dataset, Path directory, boolean offline, List<Integer> excludeClasses,
      long seed) {}

  RunPreparation(PluginRegistry registry, PrintStream console) {
    this.registry = registry;
    this.console = console;
  }

  /**
   * What a new run of {@code spec} needs, checked, and that the store can record a run in the spec's
   * experiment: everything a run checks before it starts, and all that {@code --dry-run} checks.
   *
   * @throws InvalidConfigException or {@link IOException} naming what is wrong
   */
  PreparedRun forNewRun(ExperimentSpec spec, Tracker tracker) throws IOException {
    PreparedRun prepared = prepare(spec, tracker, List.of());
    tracker.checkCanStartRun(spec.experiment());
    return prepared;
  }

  /**
   * The spec's data, model and trainer, checked, with the runs it refers to loaded from {@code tracker} (its first
   * stage, its samplers' references); nothing is written.
   *
   * @param chain the runs being loaded that led here (a referenced run being prepared), the outermost first
   */
  PreparedRun prepare(ExperimentSpec spec, Tracker tracker, List<String> chain) throws IOException {
    Nd4j.getEnvironment().setMaxThreads(spec.threads());
    Nd4j.factory().blas().setMaxThreads(spec.threads());
    RandomSource seed = RandomSource.seeded(spec.seed());
    Dataset dataset = create(ComponentKind.DATASET, Dataset.class, spec.data().dataset());
    Path dataDir = spec.data().directory() != null ? Path.of(spec.data().directory())
        : System.getenv("GENLAB_DATA_DIR") != null ? Path.of(System.getenv("GENLAB_DATA_DIR")) : null;
    var key = new DataKey(spec.data().dataset(), dataDir, spec.data().offline(), spec.data().excludeClasses(),
        spec.seed());
    if (lastLoaded == null || !lastLoaded.key().equals(key)) {
      var dataContext = new Dataset.DataContext(cacheDirectory(), dataDir, spec.data().offline(), seed.derive("data"));
      console.printf("loading %s ...%n", DisplayText.line(spec.data().dataset().name()));
      lastLoaded = new LoadedData(key, excludeClasses(dataset.load(Dataset.Split.TRAIN, dataContext),
          spec.data().excludeClasses()), dataset.load(Dataset.Split.TEST, dataContext));
    }
    Examples train = lastLoaded.train();
    Examples test = lastLoaded.test();
    requireExamples(train, "training", spec);
    requireExamples(test, "test", spec);
    String sha256 = sha256(train, test);
    List<DatasetInput> inputs = DataInputs.of(spec.data().dataset().name(), dataset, train, test);
    TrackedRunModels runs = new TrackedRunModels(new LoggedRunPreparation(registry, console, this), tracker,
        spec.threads(), chain);
    // The referenced runs load (and check) before this run's model is built; each sets ND4J's threads to this run's.
    LatentSpace latent = spec.firstStageRun() == null ? null : latentSpace(spec, runs, train, test);
    if (latent != null) {
      train = latent.train();
      test = latent.test();
    }
    checkRunReferences(spec, runs);
    Nd4j.getEnvironment().setMaxThreads(spec.threads());
    Nd4j.factory().blas().setMaxThreads(spec.threads());
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
    requireFitsData(spec, model, info, train, evalTest, latent);
    Map<String, String> protocol = protocolOf(spec, session); // before a run exists, like every spec check
    if (latent != null) {
      protocol.put(LikelihoodUnits.PROTOCOL_TAG_PREFIX + "space", "latent:" + spec.firstStageRun());
    }
    Trainer trainer = new Trainer(session, spec.training(), seed.derive("train"));
    try {
      trainer.totalIterations(train); // fails now, before a run exists, when a batch exceeds the data
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("training.batchSize", e.getMessage());
    }
    return new PreparedRun(spec, train, evalTest, sha256, test.count(), session, trainer, protocol, inputs, runs,
        runs.checkpointDigests(), latent);
  }

  /**
   * The first stage of {@code spec} loaded and both splits encoded through it; a bad reference is refused at
   * {@code firstStage.run}.
   */
  private LatentSpace latentSpace(ExperimentSpec spec, TrackedRunModels runs, Examples train, Examples test) {
    String id = spec.firstStageRun();
    LoggedRunPreparation.TrainedRun firstStage = referenced(runs, id, LatentSpace.SPEC_PATH, "the first stage");
    List<String> codecModels = codecModels();
    LatentSpace.requireCodec(id, firstStage.spec().model().name(), firstStage.model(), codecModels);
    console.printf("encoding %d + %d examples through the first stage, run %s (%s) ...%n", train.count(),
        test.count(), DisplayText.line(id), DisplayText.line(firstStage.spec().model().name()));
    long start = System.nanoTime();
    LatentSpace latent = LatentSpace.encode(id, firstStage.spec().model().name(), firstStage.checkpointSha256(),
        firstStage.model(), codecModels, train, test);
    console.printf("latents of shape %s (the model sees vectors of %d), scale factor %.6g (encoded in %.1f s)%n",
        java.util.Arrays.toString(latent.latentShape()), latent.train().info().exampleSize(), latent.scale(),
        (System.nanoTime() - start) / 1e9);
    return latent;
  }

  /** Loads every run a sampler refers to, refusing a bad reference at the sampler's config field that names it. */
  private void checkRunReferences(ExperimentSpec spec, TrackedRunModels runs) {
    for (ComponentRef ref : spec.samplers()) {
      Sampler sampler = create(ComponentKind.SAMPLER, Sampler.class, ref);
      for (String id : sampler.runReferences()) {
        referenced(runs, id, io.genlab.runner.spec.SpecResolver.referencePath(ref, id), "a run this sampler loads");
      }
    }
  }

  /**
   * Run {@code id} loaded; what is wrong with it (malformed id, no such run, no checkpoint, a model that does not
   * build) is one problem at {@code path}, naming the id.
   */
  private static LoggedRunPreparation.TrainedRun referenced(TrackedRunModels runs, String id, String path,
      String role) {
    if (!io.genlab.tracking.Trackers.isRunId(id)) {
      throw new InvalidConfigException(path, io.genlab.runner.spec.SpecResolver.notARunId(id));
    }
    try {
      return runs.trainedRun(id);
    } catch (InvalidConfigException e) {
      String why = e.problems().stream().map(p -> p.path().equals("run " + id) ? p.message()
          : p.path() + ": " + p.message()).collect(java.util.stream.Collectors.joining("; "));
      throw new InvalidConfigException(path, "run '" + id + "', " + role + ", cannot be loaded: " + why);
    } catch (java.io.UncheckedIOException e) {
      // The referenced run's data are missing or unreadable here: bad input, like this run's own data.
      throw new InvalidConfigException(path, "run '" + id + "', " + role + ", cannot be loaded: its data cannot be "
          + "read: " + e.getCause().getMessage());
    }
  }

  /** The registered models that can be first stages at their default configs, for messages. */
  private List<String> codecModels() {
    List<String> names = new ArrayList<>();
    for (String name : new java.util.TreeSet<>(registry.components(ComponentKind.MODEL).keySet())) {
      try {
        if (registry.create(ComponentKind.MODEL, Model.class, name, Map.of(), "model").component()
            .as(io.genlab.api.LatentCodec.class).isPresent()) {
          names.add(name);
        }
      } catch (RuntimeException e) {
        // a model that needs config to be created is left out of the hint
      }
    }
    return names;
  }

  /**
   * Fails, naming each, when a sampler or metric cannot work with the loaded data (a class label beyond the
   * data's classes, labels the data lack): known only once the data are loaded, and found before a run exists.
   */
  private void requireFitsData(ExperimentSpec spec, Model model, DataInfo data, Examples train, Examples test,
      LatentSpace latent) {
    DataInfo sampleData = latent == null ? data : latent.pixelTrain().info();
    List<ConfigProblem> problems = new ArrayList<>();
    for (ComponentRef ref : spec.samplers()) {
      create(ComponentKind.SAMPLER, Sampler.class, ref).incompatibility(model, data)
          .ifPresent(why -> problems.add(new ConfigProblem(ref.path(), why)));
    }
    for (ComponentRef ref : spec.metrics()) {
      Metric metric = create(ComponentKind.METRIC, Metric.class, ref);
      // Sample metrics judge decoded samples of a latent run, against the data as loaded.
      boolean judgesSamples = metric instanceof io.genlab.api.SampleMetric;
      metric.incompatibility(model, judgesSamples ? sampleData : data,
              judgesSamples && latent != null ? latent.pixelTrain() : train,
              judgesSamples && latent != null ? latent.pixelTest() : test)
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

  private <T> T create(ComponentKind kind, Class<T> type, ComponentRef ref) {
    return registry.create(kind, type, ref.name(), ref.config(), ref.path()).component();
  }

  /** Where datasets and metrics keep what they download or compute once: GENLAB_CACHE_DIR, else ~/.cache/genlab. */
  static Path cacheDirectory() {
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
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < examples.count(); i++) {
      if (!exclude.contains(examples.labels()[i])) {
        keep.add(i);
      }
    }
    // select() copies labels and factors (since 0.6) with the values, so no component is dropped here.
    return examples.select(keep.stream().mapToInt(Integer::intValue).toArray());
  }

  /** SHA-256 of {@code bytes} in hexadecimal (a checkpoint's digest). */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
}
