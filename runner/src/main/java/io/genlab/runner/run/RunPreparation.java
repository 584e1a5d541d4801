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
    PreparedRun prepared = prepare(spec);
    tracker.checkCanStartRun(spec.experiment());
    return prepared;
  }

  /** The spec's data, model and trainer, checked; nothing is written. */
  PreparedRun prepare(ExperimentSpec spec) throws IOException {
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
    List<DatasetInput> inputs = DataInputs.of(spec.data().dataset().name(), dataset, train, test);
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
    return new PreparedRun(spec, train, evalTest, sha256, test.count(), session, trainer, protocol, inputs);
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
