package io.genlab.runner.spec;

import io.genlab.api.ComponentKind;
import io.genlab.api.Loss;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.Sampler;
import io.genlab.engine.config.ConfigBinder;
import io.genlab.engine.config.ConfigProblem;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.config.Suggestions;
import io.genlab.engine.exec.EngineConfig;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.engine.train.TrainingConfig;
import io.genlab.tracking.Trackers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Turns a YAML spec plus {@code --set path=value} overrides into a validated {@link ExperimentSpec}.
 *
 * <p>Every problem is collected and reported at once, each with its spec path, the allowed values and
 * a did-you-mean. Nothing runs until the whole spec is valid: components are created and checked
 * against each other (a loss that cannot train the model, a sampler that cannot sample it) here.
 * Stateless apart from the registry; thread-safe.
 */
public final class SpecResolver {
  static final Set<String> TOP_LEVEL = Set.of("name", "experiment", "seed", "threads", "data", "model", "loss",
      "training", "metrics", "samplers", "tracking", "engine", "firstStage", PaperFigure.KEY);
  /** The top-level key of a sweep section, which only {@code genlab sweep} reads. */
  public static final String SWEEP = "sweep";
  private static final Set<String> REF_KEYS = Set.of("name", "config");
  private static final Set<String> SAMPLER_KEYS = Set.of("name", "config", "label");
  private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  /** The keys of the {@code firstStage} section. */
  private static final Set<String> FIRST_STAGE_KEYS = Set.of("run");
  private static final Set<String> DATA_KEYS = Set.of("name", "config", "directory", "excludeClasses", "offline");
  /** The most compute threads a spec may ask for; more is a typo, not a machine. */
  static final int MAX_THREADS = 1024;
  private final PluginRegistry registry;

  public SpecResolver(PluginRegistry registry) {
    this.registry = registry;
  }

  /** Reads and resolves a spec file. */
  public ExperimentSpec resolve(Path specFile, List<String> overrides) throws IOException {
    String text = SpecText.read(specFile, "spec");
    String base = specFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    SpecYaml.Document doc = SpecYaml.mapping(text, specFile.toString());
    return resolve(deepCopy(doc.value()), overrides, base, doc.locations());
  }

  /**
   * Parses YAML text into a map (see {@link SpecYaml} for what is refused); {@code source} names the text in
   * errors, which give its line and column.
   */
  public static Map<String, Object> parse(String text, String source) {
    return deepCopy(SpecYaml.mapping(text, source).value());
  }

  /** Writes spec values as block YAML, the inverse of {@link #parse}: resolved specs, sweep definitions. */
  public static String dump(Map<String, Object> spec) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setSplitLines(false);
    return new Yaml(options).dump(spec);
  }

  /** Resolves an already parsed spec. */
  public ExperimentSpec resolve(Map<String, Object> raw, List<String> overrides, String defaultName) {
    return resolve(raw, overrides, defaultName, SpecLocations.NONE);
  }

  /**
   * Resolves a parsed spec; problems are placed at the {@code --set} that wrote their value, else in the file
   * by {@code locations}.
   *
   * @param raw the parsed spec (not changed)
   * @param overrides {@code path=value} arguments, applied in order
   * @param locations where {@code raw}'s values were written, {@link SpecLocations#NONE} when not from a file
   * @throws InvalidConfigException with every problem found
   */
  public ExperimentSpec resolve(Map<String, Object> raw, List<String> overrides, String defaultName,
      SpecLocations locations) {
    Map<String, Object> spec = deepCopy(raw);
    List<ConfigProblem> problems = new ArrayList<>();
    List<String> applied = new ArrayList<>();
    for (String override : overrides) {
      try {
        Overrides.apply(spec, override);
        applied.add(override);
      } catch (InvalidConfigException e) {
        problems.addAll(e.problems());
      }
    }
    try {
      return resolve(spec, defaultName, problems);
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException(e.problems().stream().map(p -> locations.place(p, applied)).toList());
    }
  }

  private ExperimentSpec resolve(Map<String, Object> spec, String defaultName, List<ConfigProblem> problems) {
    for (String key : spec.keySet()) {
      if (key.equals(SWEEP)) {
        problems.add(new ConfigProblem(key, "this spec defines a sweep: run it with ./genlab sweep <spec>"));
      } else if (!TOP_LEVEL.contains(key)) {
        problems.add(new ConfigProblem(key, "unknown top-level key '" + key + "'; " + Suggestions.hint(key, TOP_LEVEL)));
      }
    }
    String name = string(spec, "name", defaultName, problems);
    String experiment = string(spec, "experiment", defaultName, problems);
    long seed = number(spec, "seed", 0L, problems);
    long threadCount = number(spec, "threads", 1L, problems);
    if (threadCount < 1 || threadCount > MAX_THREADS) {
      problems.add(new ConfigProblem("threads", "threads must be from 1 to " + MAX_THREADS + ", found " + threadCount));
    }
    int threads = (int) Math.max(1, Math.min(threadCount, MAX_THREADS));

    Map<String, Object> dataMap = map(spec.get("data"), "data", problems);
    ComponentRef dataset = ref(spec.get("data"), "data", DATA_KEYS, problems);
    ComponentRef model = ref(spec.get("model"), "model", REF_KEYS, problems);
    ComponentRef loss = ref(spec.get("loss"), "loss", REF_KEYS, problems);
    List<ComponentRef> metrics = refs(spec.get("metrics"), "metrics", REF_KEYS, problems);
    List<ComponentRef> samplers = refs(spec.get("samplers"), "samplers", SAMPLER_KEYS, problems);
    checkLabels(samplers, problems);

    TrainingConfig training = TrainingConfig.DEFAULTS;
    try {
      training = ConfigBinder.bind(TrainingConfig.DEFAULTS, map(spec.get("training"), "training", problems), "training");
    } catch (InvalidConfigException e) {
      problems.addAll(e.problems());
    }

    EngineConfig engine = EngineConfig.DEFAULTS;
    try {
      engine = ConfigBinder.bind(EngineConfig.DEFAULTS, map(spec.get("engine"), "engine", problems), "engine");
    } catch (InvalidConfigException e) {
      problems.addAll(e.problems());
    }

    Map<String, Object> trackingMap = map(spec.get("tracking"), "tracking", problems);
    for (String key : trackingMap.keySet()) {
      if (!key.equals("uri")) {
        problems.add(new ConfigProblem("tracking." + key, "unknown key '" + key + "'; allowed: [uri]"));
      }
    }
    Object uriValue = trackingMap.get("uri");
    // Typed like every other string: a list or map (YAML reads an unquoted "file:" as one) was a folder name.
    String trackingUri = Trackers.uriOrDefault(uriValue == null ? null
        : (String) typed(uriValue, String.class, "tracking.uri", null, problems));

    String firstStageRun = firstStage(spec.get("firstStage"), problems);
    List<PaperFigure> paper = PaperFigure.parse(spec.get(PaperFigure.KEY), problems);
    if (firstStageRun != null && training.binarize() != io.genlab.engine.train.Binarization.NONE) {
      problems.add(new ConfigProblem("training.binarize", "a run on a first stage's latents trains on continuous "
          + "codes, which cannot be binarised; remove training.binarize (the first stage's own run binarises its data)"));
    }

    // Create every component: this validates names and configs, and lets us check compatibility.
    Map<String, Object> resolvedData = new LinkedHashMap<>();
    ComponentRef resolvedDataset = create(ComponentKind.DATASET, Object.class, dataset, problems);
    List<Integer> exclude = new ArrayList<>();
    Object ex = dataMap.get("excludeClasses");
    if (ex != null) {
      if (ex instanceof List<?> list && list.size() <= ConfigBinder.MAX_LIST
          && list.stream().allMatch(i -> i instanceof Integer n && n >= 0)) {
        list.forEach(i -> exclude.add((Integer) i));
      } else {
        problems.add(new ConfigProblem("data.excludeClasses", "excludeClasses must be a list of at most "
            + ConfigBinder.MAX_LIST + " class numbers (ints >= 0), found " + ex));
      }
    }
    Object directory = dataMap.get("directory");
    if (directory != null) {
      directory = typed(directory, String.class, "data.directory", null, problems);
    }
    Object offline = dataMap.getOrDefault("offline", false);
    offline = typed(offline, boolean.class, "data.offline", false, problems);
    Created<Model> createdModel = createTyped(ComponentKind.MODEL, Model.class, model, problems);
    Created<Loss> createdLoss = createTyped(ComponentKind.LOSS, Loss.class, loss, problems);
    List<ComponentRef> resolvedMetrics = new ArrayList<>();
    List<ComponentRef> resolvedSamplers = new ArrayList<>();
    if (createdModel != null) {
      Model m = createdModel.component();
      if (createdLoss != null) {
        createdLoss.component().incompatibility(m).ifPresent(why ->
            problems.add(new ConfigProblem("loss", "loss '" + loss.name() + "' cannot train model '" + model.name() + "': " + why)));
      }
      for (ComponentRef r : metrics) {
        Created<Metric> c = createTyped(ComponentKind.METRIC, Metric.class, r, problems);
        if (c != null) {
          c.component().incompatibility(m).ifPresent(why -> problems.add(new ConfigProblem(r.path(), why)));
          resolvedMetrics.add(c.ref());
        }
      }
      for (ComponentRef r : samplers) {
        Created<Sampler> c = createTyped(ComponentKind.SAMPLER, Sampler.class, r, problems);
        if (c != null) {
          c.component().incompatibility(m).ifPresent(why -> problems.add(new ConfigProblem(r.path(), why)));
          checkRunReferences(c, problems);
          resolvedSamplers.add(c.ref());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }

    Map<String, Object> resolved = new LinkedHashMap<>();
    resolved.put("name", name);
    resolved.put("experiment", experiment);
    resolved.put("seed", seed);
    resolved.put("threads", threads);
    resolvedData.put("name", resolvedDataset.name());
    resolvedData.put("config", resolvedDataset.config());
    resolvedData.put("directory", directory);
    resolvedData.put("excludeClasses", exclude);
    resolvedData.put("offline", offline);
    resolved.put("data", resolvedData);
    resolved.put("model", refMap(createdModel.ref()));
    resolved.put("loss", refMap(createdLoss.ref()));
    resolved.put("training", ConfigBinder.toMap(training));
    resolved.put("metrics", resolvedMetrics.stream().map(SpecResolver::refMap).toList());
    resolved.put("samplers", resolvedSamplers.stream().map(SpecResolver::refMap).toList());
    resolved.put("tracking", Map.of("uri", trackingUri));
    resolved.put("engine", ConfigBinder.toMap(engine));
    if (firstStageRun != null) {
      // Only when set: the resolved specs of runs on data stay as they were, so reproduce redoes them unchanged.
      resolved.put("firstStage", new LinkedHashMap<>(Map.of("run", firstStageRun)));
    }
    if (!paper.isEmpty()) {
      // Only when set, as firstStage; not a param (RunRecord leaves it out): it describes the paper, not the run.
      resolved.put(PaperFigure.KEY, paper.stream().map(PaperFigure::toMap).toList());
    }
    return new ExperimentSpec(name, experiment, seed, threads,
        new DataSpec(resolvedDataset, directory == null ? null : directory.toString(), List.copyOf(exclude), (Boolean) offline),
        createdModel.ref(), createdLoss.ref(), training, resolvedMetrics, resolvedSamplers, trackingUri, engine, firstStageRun, resolved);
  }

  private record Created<T>(ComponentRef ref, T component) {}

  /**
   * The run id of the {@code firstStage} section, or null without one; a malformed id is refused here, before it
   * can reach a store's paths.
   */
  private static String firstStage(Object value, List<ConfigProblem> problems) {
    if (value == null) {
      return null;
    }
    Map<String, Object> section = map(value, "firstStage", problems);
    for (String key : section.keySet()) {
      if (!FIRST_STAGE_KEYS.contains(key)) {
        problems.add(new ConfigProblem("firstStage." + key, "unknown key '" + key + "'; "
            + Suggestions.hint(key, FIRST_STAGE_KEYS)));
      }
    }
    Object run = section.get("run");
    if (run == null) {
      if (section.isEmpty() || section.containsKey("run")) {
        problems.add(new ConfigProblem("firstStage.run", "missing; name the run id of a trained first stage (an "
            + "autoencoder whose model encodes and decodes), e.g. firstStage: {run: <run-id>}"));
      }
      return null;
    }
    String id = (String) typed(run, String.class, "firstStage.run", null, problems);
    if (id != null && !Trackers.isRunId(id)) {
      problems.add(new ConfigProblem("firstStage.run", notARunId(id)));
      return null;
    }
    return id;
  }

  /**
   * Refuses a sampler's run reference that is not a run id, at the config field that holds it: ids are untrusted
   * text, checked before they reach a store.
   */
  private static void checkRunReferences(Created<Sampler> sampler, List<ConfigProblem> problems) {
    for (String id : sampler.component().runReferences()) {
      if (!Trackers.isRunId(id)) {
        problems.add(new ConfigProblem(referencePath(sampler.ref(), id), notARunId(id)));
      }
    }
  }

  /** The spec path of the config field of {@code ref} whose value is {@code runId}, else its config. */
  public static String referencePath(ComponentRef ref, String runId) {
    return ConfigBinder.flatten(ref.config()).entrySet().stream()
        .filter(e -> runId.equals(String.valueOf(e.getValue()))).map(e -> ref.path() + ".config." + e.getKey())
        .findFirst().orElse(ref.path() + ".config");
  }

  /** Why {@code id} is not a run id, and what one looks like. */
  public static String notARunId(String id) {
    return "'" + id + "' is not a run id; expected MLflow's 32 hexadecimal characters (letters, digits, '_' and '-' "
        + "are accepted, at most 64, starting with a letter or digit)";
  }

  private <T> Created<T> createTyped(ComponentKind kind, Class<T> type, ComponentRef ref, List<ConfigProblem> problems) {
    if (ref == null) {
      return null;
    }
    try {
      PluginRegistry.Created<T> c = registry.create(kind, type, ref.name(), ref.config(), ref.path());
      return new Created<>(new ComponentRef(ref.name(), ConfigBinder.toMap(c.config()), ref.path(), ref.label()),
          c.component());
    } catch (InvalidConfigException e) {
      problems.addAll(e.problems());
      return null;
    }
  }

  private ComponentRef create(ComponentKind kind, Class<?> type, ComponentRef ref, List<ConfigProblem> problems) {
    Created<?> c = createTyped(kind, type, ref, problems);
    return c == null ? ref : c.ref();
  }

  private static Map<String, Object> refMap(ComponentRef ref) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", ref.name());
    m.put("config", ref.config());
    if (ref.label() != null) {
      m.put("label", ref.label());
    }
    return m;
  }

  private ComponentRef ref(Object value, String path, Set<String> allowed, List<ConfigProblem> problems) {
    if (value == null) {
      problems.add(new ConfigProblem(path, "missing; name a " + kindOf(path) + ", one of "
          + registry.components(kindFor(path)).keySet()));
      return null;
    }
    if (value instanceof String s) {
      return new ComponentRef(s, Map.of(), path);
    }
    Map<String, Object> m = map(value, path, problems);
    for (String key : m.keySet()) {
      if (!allowed.contains(key)) {
        problems.add(new ConfigProblem(path + "." + key, "unknown key '" + key + "'; " + Suggestions.hint(key, allowed)));
      }
    }
    Object name = m.get("name");
    if (!(name instanceof String)) {
      problems.add(new ConfigProblem(path + ".name", (name == null ? "missing" : "must be a name (text), found " + name)
          + "; name a " + kindOf(path) + ", one of " + registry.components(kindFor(path)).keySet()));
      return null;
    }
    Object label = m.get("label");
    return new ComponentRef((String) name, map(m.get("config"), path + ".config", problems), path,
        label == null ? null : label.toString());
  }

  /** Sampler labels name artifacts and metric keys: well formed and unique. */
  private static void checkLabels(List<ComponentRef> samplers, List<ConfigProblem> problems) {
    Map<String, String> seen = new java.util.HashMap<>();
    for (int i = 0; i < samplers.size(); i++) {
      ComponentRef r = samplers.get(i);
      String label = samplerLabel(samplers, i);
      if (r.label() != null && !LABEL.matcher(r.label()).matches()) {
        problems.add(new ConfigProblem(r.path() + ".label", "label must be letters, digits, '_', '.' or '-' "
            + "(it names files and metric keys), found '" + r.label() + "'"));
      } else if (seen.containsKey(label)) {
        problems.add(new ConfigProblem(r.path() + ".label", "label '" + label + "' is also the label of "
            + seen.get(label) + "; give each sampler its own label"));
      }
      seen.putIfAbsent(label, r.path());
    }
  }

  /**
   * The label of sampler {@code index}: its own, else its name, with {@code -index} when another
   * sampler has the same name.
   */
  public static String samplerLabel(List<ComponentRef> samplers, int index) {
    ComponentRef r = samplers.get(index);
    if (r.label() != null) {
      return r.label();
    }
    long sameName = samplers.stream().filter(o -> o.name().equals(r.name())).count();
    return sameName > 1 ? r.name() + "-" + index : r.name();
  }

  private List<ComponentRef> refs(Object value, String path, Set<String> allowed, List<ConfigProblem> problems) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      problems.add(new ConfigProblem(path, path + " must be a list, found " + value));
      return List.of();
    }
    List<ComponentRef> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Optional.ofNullable(ref(list.get(i), path + "[" + i + "]", allowed, problems)).ifPresent(out::add);
    }
    return out;
  }

  private static String kindOf(String path) {
    return kindFor(path).label();
  }

  private static ComponentKind kindFor(String path) {
    if (path.startsWith("metrics")) {
      return ComponentKind.METRIC;
    } else if (path.startsWith("samplers")) {
      return ComponentKind.SAMPLER;
    } else if (path.startsWith("data")) {
      return ComponentKind.DATASET;
    }
    return ComponentKind.valueOf(path.toUpperCase(java.util.Locale.ROOT));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String path, List<ConfigProblem> problems) {
    if (value == null) {
      return Map.of();
    }
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    if (!(value instanceof String) || !path.equals("data")) {
      problems.add(new ConfigProblem(path, path + " must be a mapping, found " + value));
    }
    return Map.of();
  }

  private static String string(Map<String, Object> spec, String key, String fallback, List<ConfigProblem> problems) {
    Object v = spec.get(key);
    return v == null ? fallback : (String) typed(v, String.class, key, fallback, problems);
  }

  private static long number(Map<String, Object> spec, String key, long fallback, List<ConfigProblem> problems) {
    Object v = spec.get(key);
    return v == null ? fallback : (Long) typed(v, long.class, key, fallback, problems);
  }

  /** {@code value} as {@code type} by {@link ConfigBinder}'s rules, or {@code fallback} with a problem. */
  private static Object typed(Object value, Class<?> type, String key, Object fallback, List<ConfigProblem> problems) {
    try {
      return ConfigBinder.value(value, type, key);
    } catch (io.genlab.api.ConfigException e) {
      problems.add(new ConfigProblem(key, e.getMessage()));
      return fallback;
    }
  }

  @SuppressWarnings("unchecked")
  public static <T> T deepCopy(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
      return (T) out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(deepCopy(v)));
      return (T) out;
    }
    return (T) value;
  }
}
