package io.genlab.runner.sweep;

import io.genlab.engine.config.ConfigProblem;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.runner.launch.TrialJvmOptions;
import io.genlab.runner.launch.slurm.SlurmOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code sweep:} section of a spec: what to vary across trials, how many trials run at once, and how to
 * pick (and early-stop) them. Immutable and thread-safe; {@link #random}, {@link #objective} and {@link #asha}
 * may be {@code null} (absent), every other component is non-null and unmodifiable.
 *
 * @param name the sweep's name (the spec's name unless given)
 * @param parallel how many trials run at once, {@code >= 1}
 * @param threadsPerTrial threads per trial, {@code >= 0}; 0 means "auto": {@code max(1, cores / parallel)}
 * @param grid spec path to the values it takes, in declared order; empty when there is no grid
 * @param random the random search, or {@code null}
 * @param seeds training seeds every configuration runs with; empty means the spec's own seed
 * @param objective the metric that picks the best trial, or {@code null}
 * @param asha early stopping, or {@code null}
 * @param trialJvmOptions JVM options of each trial's process, e.g. {@code [-Xmx2g]}, each allowed by
 *     {@link TrialJvmOptions}
 * @param maxTrials the most trials the sweep may have, {@code 1..}{@link TrialCount#MAX_LIMIT}; checked by
 *     {@link TrialCount} before the trials are expanded
 * @param launcher where trials run, one of {@link #LAUNCHERS}
 * @param slurm the Slurm job array's settings when {@code launcher} is {@code slurm}, else {@code null} (a
 *     {@code sweep.slurm} section is checked but not kept for local trials)
 */
public record SweepDefinition(String name, int parallel, int threadsPerTrial, Map<String, List<Object>> grid,
    RandomSearch random, List<Long> seeds, Objective objective, AshaConfig asha, List<String> trialJvmOptions,
    int maxTrials, String launcher, SlurmOptions slurm) {
  static final Set<String> KEYS = Set.of("name", "parallel", "threadsPerTrial", "grid", "random", "seeds", "objective",
      "asha", "trialJvmOptions", "maxTrials", "launcher", "slurm");
  /** Where trials run: {@code local} processes (the default) or the tasks of a {@code slurm} job array. */
  public static final List<String> LAUNCHERS = List.of("local", "slurm");
  /** The most trials processes a sweep may run at once: more would only thrash one machine. */
  static final int MAX_PARALLEL = 256;
  /** The most threads a trial may be given. */
  static final int MAX_THREADS_PER_TRIAL = 1024;
  static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx2g");

  /** Copies the collections deeply into unmodifiable ones that keep their order. */
  public SweepDefinition {
    Objects.requireNonNull(name, "name");
    grid = Values.freezeMap(Objects.requireNonNull(grid, "grid"), Values::freezeList);
    seeds = List.copyOf(seeds);
    trialJvmOptions = List.copyOf(trialJvmOptions);
    if (!LAUNCHERS.contains(launcher)) {
      throw new IllegalArgumentException("launcher must be one of " + LAUNCHERS + ", found " + launcher);
    }
    if ((slurm != null) != launcher.equals("slurm")) {
      throw new IllegalArgumentException("Slurm settings go with the slurm launcher only");
    }
  }

  /** Whether the trials run as the tasks of a Slurm job array. */
  public boolean onSlurm() {
    return slurm != null;
  }

  /**
   * Reads and validates a {@code sweep:} section as loaded by SnakeYAML.
   *
   * @param sweepSection the value of {@code sweep:}, a mapping ({@code null} is read as an empty one)
   * @param defaultName the name when {@code sweep.name} is absent, not {@code null}
   * @param specSeed the spec's seed: the default {@code sweep.random.seed}
   * @param specEpochs the spec's {@code training.epochs}: the default and upper bound of {@code sweep.asha.maxEpochs}
   * @return the definition, never {@code null}
   * @throws InvalidConfigException with every problem found, each at its {@code sweep.}-prefixed path
   */
  public static SweepDefinition parse(Object sweepSection, String defaultName, long specSeed, int specEpochs) {
    List<ConfigProblem> problems = new ArrayList<>();
    SectionReader in = new SectionReader(problems);
    Map<String, Object> map = sweepSection == null ? Map.of()
        : in.mapping(sweepSection, "sweep", "sweep must be a mapping");
    if (map == null) {
      throw new InvalidConfigException(problems);
    }
    in.onlyKeys(map, "sweep", KEYS);
    String name = in.string(map, "sweep", "name", defaultName);
    int parallel = in.intBetween(map, "sweep", "parallel", 1, 1, MAX_PARALLEL, "");
    int threadsPerTrial = in.intBetween(map, "sweep", "threadsPerTrial", 0, 0, MAX_THREADS_PER_TRIAL,
        " (0 means max(1, cores / parallel))");
    int maxTrials = in.intBetween(map, "sweep", "maxTrials", TrialCount.DEFAULT_LIMIT, 1, TrialCount.MAX_LIMIT, "");
    Map<String, List<Object>> grid = grid(map.get("grid"), in);
    RandomSearch random = map.get("random") == null ? null
        : RandomSearch.parse(map.get("random"), "sweep.random", specSeed, in);
    List<Long> seeds = seeds(map.get("seeds"), in);
    Objective objective = map.get("objective") == null ? null
        : Objective.parse(map.get("objective"), "sweep.objective", in);
    AshaConfig asha = map.get("asha") == null ? null : AshaConfig.parse(map.get("asha"), "sweep.asha", specEpochs, in);
    List<String> trialJvmOptions = jvmOptions(map.get("trialJvmOptions"), in);
    String launcher = in.string(map, "sweep", "launcher", "local");
    SlurmOptions slurm = null;
    if (!LAUNCHERS.contains(launcher)) {
      in.problem("sweep.launcher", "unknown launcher '" + launcher + "'; "
          + io.genlab.engine.config.Suggestions.hint(launcher, LAUNCHERS) + " (local: processes on this machine, "
          + "slurm: a Slurm job array)");
      launcher = "local";
    } else if (launcher.equals("slurm") || map.get("slurm") != null) {
      // Checked even when the trials run locally, so that --set sweep.launcher=local runs a cluster's spec here
      // and a shared spec's mistakes show wherever it is run.
      try {
        SlurmOptions options = SlurmOptions.parse(map.get("slurm"), "sweep.slurm",
            threadsPerTrial > 0 ? threadsPerTrial : 1);
        slurm = launcher.equals("slurm") ? options : null;
      } catch (InvalidConfigException e) {
        e.problems().forEach(p -> in.problem(p.path(), p.message()));
      }
    }
    if (random != null) {
      random.params().keySet().stream().filter(grid::containsKey).forEach(path ->
          in.problem("sweep.random.params." + path,
              "'" + path + "' is swept by both sweep.grid and sweep.random.params; sweep it in one place"));
    }
    if (map.get("grid") == null && map.get("random") == null && map.get("seeds") == null) {
      in.problem("sweep", "nothing to sweep; give sweep.grid, sweep.random or sweep.seeds");
    }
    if (in.hasProblems()) {
      throw new InvalidConfigException(problems);
    }
    return new SweepDefinition(name, parallel, threadsPerTrial, grid, random, seeds, objective, asha, trialJvmOptions,
        maxTrials, launcher, slurm);
  }

  /**
   * The canonical spec form with defaults filled in, as plain mutable maps and lists (for logging as YAML);
   * {@code parse(toMap(), ...)} gives back an equal definition. Absent parts (no grid, no seeds, null
   * sections) are left out.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", name);
    map.put("parallel", parallel);
    map.put("threadsPerTrial", threadsPerTrial);
    if (!grid.isEmpty()) {
      map.put("grid", Values.plain(grid));
    }
    if (random != null) {
      map.put("random", random.toMap());
    }
    if (!seeds.isEmpty()) {
      map.put("seeds", new ArrayList<>(seeds));
    }
    if (objective != null) {
      map.put("objective", objective.toMap());
    }
    if (asha != null) {
      map.put("asha", asha.toMap());
    }
    map.put("trialJvmOptions", new ArrayList<>(trialJvmOptions));
    map.put("maxTrials", maxTrials);
    map.put("launcher", launcher);
    if (slurm != null) {
      map.put("slurm", slurm.toMap());
    }
    return map;
  }

  private static Map<String, List<Object>> grid(Object section, SectionReader in) {
    Map<String, List<Object>> grid = new LinkedHashMap<>();
    if (section == null) {
      return grid;
    }
    Map<String, Object> map = in.mapping(section, "sweep.grid",
        "grid must be a mapping from spec path to a list of values");
    if (map == null) {
      return grid;
    }
    if (map.isEmpty()) {
      in.problem("sweep.grid", "grid must map at least one spec path to a list of values, e.g. "
          + "loss.config.beta: [1, 2, 4], found {}");
    }
    map.forEach((path, values) -> {
      String at = "sweep.grid." + path;
      if (!in.sweptPath(path, at)) {
        return;
      }
      if (values instanceof List<?> list && !list.isEmpty()) {
        grid.put(path, new ArrayList<>(list));
      } else {
        in.problem(at, "a grid entry must be a non-empty list of values, e.g. [1, 2, 4], found "
            + Values.found(values));
      }
    });
    return grid;
  }

  private static List<Long> seeds(Object section, SectionReader in) {
    if (section == null) {
      return List.of();
    }
    if (!(section instanceof List<?> list) || list.isEmpty()) {
      in.problem("sweep.seeds", "seeds must be a non-empty list of integers, e.g. [1, 2, 3], found "
          + Values.found(section));
      return List.of();
    }
    List<Long> seeds = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      Long seed = Values.integral(list.get(i));
      if (seed == null) {
        in.problem("sweep.seeds[" + i + "]", "a seed must be an integer, found " + Values.found(list.get(i)));
      } else if (!seen.add(seed)) {
        in.problem("sweep.seeds[" + i + "]", "duplicate seed " + seed + "; each seed may appear once in " + list);
      } else {
        seeds.add(seed);
      }
    }
    return seeds;
  }

  private static List<String> jvmOptions(Object section, SectionReader in) {
    if (section == null) {
      return DEFAULT_JVM_OPTIONS;
    }
    if (!(section instanceof List<?> list)) {
      in.problem("sweep.trialJvmOptions", "trialJvmOptions must be a list of strings, e.g. [-Xmx2g], found "
          + Values.found(section));
      return DEFAULT_JVM_OPTIONS;
    }
    List<String> options = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) instanceof String option) {
        int index = i;
        TrialJvmOptions.problem(option).ifPresentOrElse(why -> in.problem("sweep.trialJvmOptions[" + index + "]", why),
            () -> options.add(option));
      } else {
        in.problem("sweep.trialJvmOptions[" + i + "]",
            "a JVM option must be a string, found " + Values.found(list.get(i)));
      }
    }
    return options;
  }
}
