package io.genlab.runner.sweep;

import io.genlab.engine.config.ConfigProblem;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.runner.spec.Overrides;
import io.genlab.runner.spec.SpecLocations;
import io.genlab.runner.spec.SpecResolver;
import io.genlab.runner.spec.SpecYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A sweep spec resolved into its trials, every trial's spec validated before anything runs.
 * Immutable and thread-safe.
 *
 * @param definition the {@code sweep:} section
 * @param experiment the MLflow experiment of the parent and its trials
 * @param trackingUri the store the sweep logs to
 * @param specText the spec file as written (logged on the parent)
 * @param threadsPerTrial the compute threads each trial gets
 * @param trials the trials in index order
 */
public record SweepPlan(SweepDefinition definition, String experiment, String trackingUri, String specText,
    int threadsPerTrial, List<PlannedTrial> trials) {

  /**
   * One trial with its resolved spec.
   *
   * @param trial the swept values
   * @param spec the trial's resolved spec
   * @param key a digest of the trial's resolved spec (run name, threads and store left out): the trial's
   *     identity across re-runs of the sweep, so that none is ever run twice
   */
  public record PlannedTrial(Trial trial, ExperimentSpec spec, String key) {}

  /**
   * Reads a sweep spec, applies {@code --set} overrides to its base and its sweep section, and resolves every
   * trial.
   *
   * @param cores the cores to share between parallel trials when {@code sweep.threadsPerTrial} is 0
   * @throws InvalidConfigException with every problem of the base spec, the sweep section and the trials
   */
  public static SweepPlan resolve(PluginRegistry registry, Path specFile, List<String> overrides, int cores)
      throws IOException {
    return resolve(registry, specFile, overrides, cores, () -> false);
  }

  /**
   * As {@link #resolve(PluginRegistry, Path, List, int)}, checking {@code stopRequested} between trials.
   * The trial count is checked first, by arithmetic ({@link TrialCount}), before any spec is resolved.
   *
   * @param stopRequested polled between steps (from this thread); when true, resolution ends
   * @throws CancellationException when {@code stopRequested} became true; nothing was written anywhere
   * @throws InvalidConfigException with every problem of the base spec, the sweep section and the trials
   */
  public static SweepPlan resolve(PluginRegistry registry, Path specFile, List<String> overrides, int cores,
      BooleanSupplier stopRequested) throws IOException {
    String text = io.genlab.runner.spec.SpecText.read(specFile, "spec");
    SpecYaml.Document document = SpecYaml.mapping(text, specFile.toString());
    SpecLocations locations = document.locations();
    Map<String, Object> raw = SpecResolver.deepCopy(document.value());
    List<String> sweepOverrides = overrides.stream().filter(SweepOverrides::targetsSweep).toList();
    List<String> baseOverrides = overrides.stream().filter(o -> !SweepOverrides.targetsSweep(o)).toList();
    Object written = raw.remove(SpecResolver.SWEEP);
    if (written == null && sweepOverrides.isEmpty()) {
      throw new InvalidConfigException(SpecResolver.SWEEP, "the spec has no sweep section; add one (see README, "
          + "'Run a sweep') or run the spec with ./genlab run");
    }
    // Problems of the sweep section are placed as the base spec's are: at the --set that wrote the value, else
    // at its line in the file.
    java.util.function.UnaryOperator<InvalidConfigException> placed = e -> new InvalidConfigException(
        e.problems().stream().map(p -> locations.place(p, sweepOverrides)).toList());
    Object section = SweepOverrides.apply(written, sweepOverrides);
    try {
      TrialCount.check(section);
    } catch (InvalidConfigException e) {
      throw placed.apply(e);
    }
    String baseName = specFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    SpecResolver resolver = new SpecResolver(registry);
    List<ConfigProblem> problems = new ArrayList<>();
    ExperimentSpec base = null;
    try {
      base = resolver.resolve(raw, baseOverrides, baseName, locations);
    } catch (InvalidConfigException e) {
      problems.addAll(e.problems());
    }
    SweepDefinition definition = null;
    try {
      definition = SweepDefinition.parse(section, base == null ? baseName : base.name(),
          base == null ? 0 : base.seed(), base == null ? Integer.MAX_VALUE : base.training().epochs());
      if (definition.asha() != null && !definition.asha().metric().startsWith("epoch/")) {
        throw new InvalidConfigException("sweep.asha.metric", "ASHA compares trials at epoch ends, so its metric "
            + "must be one logged per epoch (epoch/...), found '" + definition.asha().metric()
            + "', e.g. epoch/loss/neg_elbo");
      }
    } catch (InvalidConfigException e) {
      problems.addAll(placed.apply(e).problems());
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    // A Slurm task's CPUs are its trial's threads; local trials share this machine's cores.
    int threads = definition.onSlurm() ? definition.slurm().cpusPerTask()
        : definition.threadsPerTrial() > 0 ? definition.threadsPerTrial() : Math.max(1, cores / definition.parallel());
    // Overrides go into the base map too, so that each trial is base + --set + its swept values.
    Map<String, Object> overridden = SpecResolver.deepCopy(raw);
    baseOverrides.forEach(o -> Overrides.apply(overridden, o));
    Map<String, ConfigProblem> trialProblems = new LinkedHashMap<>();
    List<PlannedTrial> trials = new ArrayList<>();
    for (Trial trial : TrialPlan.expand(definition)) {
      if (stopRequested.getAsBoolean()) {
        throw new CancellationException("stopped while resolving the sweep's trials");
      }
      Map<String, Object> spec = SpecResolver.deepCopy(overridden);
      try {
        trial.overrides().forEach((path, value) -> Overrides.set(spec, path, value));
        Overrides.set(spec, "threads", threads);
        Overrides.set(spec, "name", definition.name() + "-" + trial.index());
        if (definition.asha() != null) {
          Overrides.set(spec, "training.epochs", definition.asha().maxEpochs());
        }
        ExperimentSpec resolved = resolver.resolve(spec, List.of(), baseName);
        trials.add(new PlannedTrial(trial, resolved, key(resolved.resolved())));
      } catch (InvalidConfigException e) {
        for (ConfigProblem p : e.problems()) {
          trialProblems.putIfAbsent(p.path() + "\n" + p.message(), new ConfigProblem(
              "sweep trial " + trial.index() + " (" + trial.label() + "): " + p.path(), p.message(),
              sweptFrom(p.path(), trial, definition, locations, sweepOverrides)));
        }
      }
    }
    if (!trialProblems.isEmpty()) {
      throw new InvalidConfigException(List.copyOf(trialProblems.values()));
    }
    return new SweepPlan(definition, base.experiment(), base.trackingUri(), text, threads, List.copyOf(trials));
  }

  /**
   * Where the swept value behind a trial's problem at {@code path} was written: the {@code --set} or the file
   * line of its {@code sweep.grid}, {@code sweep.random.params} or {@code sweep.seeds} entry; {@code null} when
   * the problem is not in a swept value.
   */
  private static String sweptFrom(String path, Trial trial, SweepDefinition definition, SpecLocations locations,
      List<String> sweepOverrides) {
    for (String swept : trial.overrides().keySet()) {
      if (path.equals(swept) || path.startsWith(swept + ".") || path.startsWith(swept + "[")) {
        String entry = swept.equals("seed") && !definition.seeds().isEmpty() ? "sweep.seeds"
            : definition.grid().containsKey(swept) ? "sweep.grid." + swept : "sweep.random.params." + swept;
        return locations.place(new ConfigProblem(entry, ""), sweepOverrides).location();
      }
    }
    return null;
  }

  /** SHA-256 (first 16 hex digits) of the resolved spec's canonical YAML, without name, threads and store. */
  static String key(Map<String, Object> resolved) {
    Map<String, Object> identity = new TreeMap<>(resolved);
    identity.remove("name");
    identity.remove("threads");
    identity.remove("tracking");
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
    options.setSplitLines(false);
    String canonical = new Yaml(options).dump(sorted(identity));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Object sorted(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new TreeMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(SweepPlan::sorted).toList();
    }
    return value;
  }

  /** This plan with the trials given another URI of the same store (an absolute path for tasks elsewhere). */
  public SweepPlan withTrackingUri(String uri) {
    return new SweepPlan(definition, experiment, uri, specText, threadsPerTrial, trials);
  }
}
