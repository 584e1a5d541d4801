package io.genlab.runner.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.engine.config.ConfigProblem;
import io.genlab.engine.config.InvalidConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Parsing the {@code sweep:} section: defaults, every validation rule, did-you-mean, canonical form. */
class SweepDefinitionTests {
  static final long SPEC_SEED = 7;
  private static final int SPEC_EPOCHS = 10;

  static SweepDefinition parse(String yaml) {
    return SweepDefinition.parse(new Yaml().load(yaml), "vae-sweep", SPEC_SEED, SPEC_EPOCHS);
  }

  private static List<String> problems(String yaml) {
    try {
      parse(yaml);
    } catch (InvalidConfigException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
    throw new AssertionError("expected an InvalidConfigException for:\n" + yaml);
  }

  private static final String FULL = """
      name: beta-vs-latent
      parallel: 3
      threadsPerTrial: 2
      grid:
        loss.config.beta: [1, 2.5, 4]
        model.config.hiddenSizes: [[256], [512, 256]]
        metrics[1].config.samples: [100]
      random:
        trials: 5
        seed: 11
        params:
          training.optimizer.learningRate: {logUniform: [1.0e-4, 1.0e-2]}
          model.config.latentDim: {intRange: [2, 16]}
          training.optimizer.dropout: {uniform: [0, 0.5]}
          model.config.likelihood: {choice: [bernoulli, gaussian]}
      seeds: [1, 2, 3]
      objective: {metric: epoch/loss/neg_elbo, mode: min}
      asha: {metric: epoch/metric/fid, mode: max, minEpochs: 2, reductionFactor: 2, maxEpochs: 8}
      trialJvmOptions: [-Xmx4g, -XX:+UseG1GC]
      """;

  @Test
  void fillsDefaults() {
    SweepDefinition sweep = parse("seeds: [1, 2]");
    assertThat(sweep.name()).isEqualTo("vae-sweep");
    assertThat(sweep.parallel()).isEqualTo(1);
    assertThat(sweep.threadsPerTrial()).isZero();
    assertThat(sweep.grid()).isEmpty();
    assertThat(sweep.random()).isNull();
    assertThat(sweep.seeds()).containsExactly(1L, 2L);
    assertThat(sweep.objective()).isNull();
    assertThat(sweep.asha()).isNull();
    assertThat(sweep.trialJvmOptions()).containsExactly("-Xmx2g");
  }

  @Test
  void defaultsInsideSections() {
    SweepDefinition sweep = parse("""
        random: {trials: 4, params: {loss.config.beta: {uniform: [0.5, 4]}}}
        objective: {metric: epoch/loss/neg_elbo}
        asha: {metric: epoch/loss/neg_elbo}
        """);
    assertThat(sweep.random())
        .isEqualTo(new RandomSearch(4, SPEC_SEED, Map.of("loss.config.beta", new Distribution.Uniform(0.5, 4))));
    assertThat(sweep.objective()).isEqualTo(new Objective("epoch/loss/neg_elbo", Objective.Mode.MIN));
    assertThat(sweep.asha()).isEqualTo(new AshaConfig("epoch/loss/neg_elbo", Objective.Mode.MIN, 1, 3, SPEC_EPOCHS));
  }

  @Test
  void readsEverySectionKeepingDeclaredOrder() {
    SweepDefinition sweep = parse(FULL);
    assertThat(sweep.name()).isEqualTo("beta-vs-latent");
    assertThat(sweep.parallel()).isEqualTo(3);
    assertThat(sweep.threadsPerTrial()).isEqualTo(2);
    assertThat(sweep.grid()).containsExactly(
        Map.entry("loss.config.beta", List.of(1, 2.5, 4)),
        Map.entry("model.config.hiddenSizes", List.of(List.of(256), List.of(512, 256))),
        Map.entry("metrics[1].config.samples", List.of(100)));
    assertThat(sweep.random().trials()).isEqualTo(5);
    assertThat(sweep.random().seed()).isEqualTo(11);
    assertThat(sweep.random().params()).containsExactly(
        Map.entry("training.optimizer.learningRate", new Distribution.LogUniform(1e-4, 1e-2)),
        Map.entry("model.config.latentDim", new Distribution.IntRange(2, 16)),
        Map.entry("training.optimizer.dropout", new Distribution.Uniform(0, 0.5)),
        Map.entry("model.config.likelihood", new Distribution.Choice(List.of("bernoulli", "gaussian"))));
    assertThat(sweep.seeds()).containsExactly(1L, 2L, 3L);
    assertThat(sweep.objective()).isEqualTo(new Objective("epoch/loss/neg_elbo", Objective.Mode.MIN));
    assertThat(sweep.asha()).isEqualTo(new AshaConfig("epoch/metric/fid", Objective.Mode.MAX, 2, 2, 8));
    assertThat(sweep.trialJvmOptions()).containsExactly("-Xmx4g", "-XX:+UseG1GC");
  }

  @Test
  void isDeeplyUnmodifiable() {
    SweepDefinition sweep = parse(FULL);
    assertThatThrownBy(() -> sweep.grid().put("x", List.of(1))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> sweep.grid().get("loss.config.beta").add(9))
        .isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> nested = (List<Object>) sweep.grid().get("model.config.hiddenSizes").get(0);
    assertThatThrownBy(() -> nested.add(1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> sweep.random().params().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void reportsEveryTopLevelProblemWithPathValueAndRule() {
    assertThat(problems("""
        name: [a]
        parallel: 0
        threadsPerTrial: -1
        seeds: [1, x, 1]
        trialJvmOptions: [-Xmx1g, 2]
        """)).containsExactly(
        "sweep.name: name must be a non-blank string, found [a]",
        "sweep.parallel: parallel must be between 1 and 256, found 0",
        "sweep.threadsPerTrial: threadsPerTrial must be between 0 and 1024 (0 means max(1, cores / parallel)), found -1",
        "sweep.seeds[1]: a seed must be an integer, found 'x'",
        "sweep.seeds[2]: duplicate seed 1; each seed may appear once in [1, x, 1]",
        "sweep.trialJvmOptions[1]: a JVM option must be a string, found 2");
    assertThat(problems("parallel: two\nseeds: []\ntrialJvmOptions: -Xmx1g")).containsExactly(
        "sweep.parallel: parallel must be an integer, found 'two'",
        "sweep.seeds: seeds must be a non-empty list of integers, e.g. [1, 2, 3], found []",
        "sweep.trialJvmOptions: trialJvmOptions must be a list of strings, e.g. [-Xmx2g], found '-Xmx1g'");
  }

  @Test
  void refusesTrialJvmOptionsOutsideTheAllowList() {
    assertThat(problems("seeds: [1]\ntrialJvmOptions: [-Xmx1g, '-XX:OnOutOfMemoryError=id', -Xss9q]"))
        .satisfiesExactly(
            p -> assertThat(p).startsWith("sweep.trialJvmOptions[1]: not allowed for trial processes")
                .contains("allowed: -Xmx, -Xms, -Xss <size>").endsWith("found '-XX:OnOutOfMemoryError=id'"),
            p -> assertThat(p).isEqualTo("sweep.trialJvmOptions[2]: '-Xss9q': -Xss takes a size such as 512m, 4g or "
                + "1024k (digits, then k, m, g or t)"));
    assertThat(parse("seeds: [1]\ntrialJvmOptions: [-Xmx4g, -XX:+UseZGC, -XX:ActiveProcessorCount=2]")
        .trialJvmOptions()).containsExactly("-Xmx4g", "-XX:+UseZGC", "-XX:ActiveProcessorCount=2");
  }

  @Test
  void boundsParallelThreadsAndTheTrialLimit() {
    assertThat(problems("seeds: [1]\nparallel: 257\nthreadsPerTrial: 1025\nmaxTrials: 1000001")).containsExactly(
        "sweep.parallel: parallel must be between 1 and 256, found 257",
        "sweep.threadsPerTrial: threadsPerTrial must be between 0 and 1024 (0 means max(1, cores / parallel)), "
            + "found 1025",
        "sweep.maxTrials: maxTrials must be between 1 and 1000000, found 1000001");
    assertThat(problems("seeds: [1]\nparallel: 99999999999999999999")).containsExactly(
        "sweep.parallel: parallel must be between 1 and 256, found 99999999999999999999");
    assertThat(parse("seeds: [1]\nmaxTrials: 50000").maxTrials()).isEqualTo(50_000);
  }

  @Test
  void rejectsBadGrids() {
    assertThat(problems("""
        grid:
          loss.config.beta: []
          model.config.latentDim: 8
          seed: [1, 2]
          model..config: [1]
        """)).containsExactly(
        "sweep.grid.loss.config.beta: a grid entry must be a non-empty list of values, e.g. [1, 2, 4], found []",
        "sweep.grid.model.config.latentDim: a grid entry must be a non-empty list of values, e.g. [1, 2, 4], found 8",
        "sweep.grid.seed: the seed cannot be swept here; list seeds in sweep.seeds, e.g. seeds: [1, 2, 3]",
        "sweep.grid.model..config: 'model..config' is not a spec path; write it like loss.config.beta or "
            + "metrics[1].config.samples");
    assertThat(problems("grid: {}")).containsExactly(
        "sweep.grid: grid must map at least one spec path to a list of values, e.g. loss.config.beta: [1, 2, 4], "
            + "found {}");
    assertThat(problems("grid: [1, 2]")).containsExactly(
        "sweep.grid: grid must be a mapping from spec path to a list of values, found [1, 2]");
  }

  @Test
  void rejectsBadRandomSearches() {
    assertThat(problems("random: {trials: -3, seed: abc, params: {seed: {uniform: [0, 1]}}}")).containsExactly(
        "sweep.random.trials: trials must be > 0, found -3",
        "sweep.random.seed: seed must be an integer, found 'abc'",
        "sweep.random.params.seed: the seed cannot be swept here; list seeds in sweep.seeds, e.g. seeds: [1, 2, 3]");
    assertThat(problems("random: {params: {}}")).containsExactly(
        "sweep.random.trials: missing; give the number of random configurations, e.g. trials: 20",
        "sweep.random.params: params must map at least one spec path to a distribution, e.g. "
            + "loss.config.beta: {uniform: [0.5, 4]}, found {}");
    assertThat(problems("random: {trials: 2}")).containsExactly(
        "sweep.random.params: params must map at least one spec path to a distribution, e.g. "
            + "loss.config.beta: {uniform: [0.5, 4]}, found nothing");
  }

  @Test
  void rejectsBadDistributions() {
    assertThat(problems("""
        random:
          trials: 3
          params:
            a.uniform: {uniform: [4, 1]}
            a.short: {uniform: [1]}
            a.log: {logUniform: [0, 1]}
            a.text: {uniform: [low, 1]}
            a.choice: {choice: []}
            a.range: {intRange: [5, 1]}
            a.real: {intRange: [1.5, 3]}
            a.two: {uniform: [0, 1], choice: [1]}
            a.scalar: 0.5
        """)).containsExactly(
        "sweep.random.params.a.uniform.uniform: uniform needs low < high, found [4, 1]",
        "sweep.random.params.a.short.uniform: uniform needs [low, high] with two numbers, found [1]",
        "sweep.random.params.a.log.logUniform: logUniform needs 0 < low < high, found [0, 1]",
        "sweep.random.params.a.text.uniform: uniform needs [low, high] with two numbers, found [low, 1]",
        "sweep.random.params.a.choice.choice: choice needs a non-empty list of values, found []",
        "sweep.random.params.a.range.intRange: intRange needs low <= high, found [5, 1]",
        "sweep.random.params.a.real.intRange: intRange needs [low, high] with two integers, found [1.5, 3]",
        "sweep.random.params.a.two: a distribution must be a one-key mapping such as {uniform: [0.5, 4]} with one of "
            + "[choice, intRange, logUniform, uniform], found {uniform=[0, 1], choice=[1]}",
        "sweep.random.params.a.scalar: a distribution must be a one-key mapping such as {uniform: [0.5, 4]} with one "
            + "of [choice, intRange, logUniform, uniform], found 0.5");
  }

  @Test
  void suggestsTheClosestDistributionName() {
    assertThat(problems("random: {trials: 3, params: {loss.config.beta: {unifrom: [0, 1]}}}")).containsExactly(
        "sweep.random.params.loss.config.beta.unifrom: unknown distribution 'unifrom'; did you mean 'uniform'? "
            + "allowed: [choice, intRange, logUniform, uniform]");
    assertThat(problems("random: {trials: 3, params: {training.optimizer.learningRate: {loguniform: [1, 2]}}}"))
        .singleElement().asString().contains("did you mean 'logUniform'?");
  }

  @Test
  void suggestsTheClosestKeyEverywhere() {
    assertThat(problems("""
        paralel: 2
        seeds: [1]
        random: {trails: 3, params: {a.b: {uniform: [0, 1]}}}
        objective: {metric: m, mod: max}
        asha: {metric: m, reductionfactor: 2}
        """)).containsExactly(
        "sweep.paralel: unknown key 'paralel'; did you mean 'parallel'? allowed: "
            + "[asha, grid, launcher, maxTrials, name, objective, parallel, random, seeds, slurm, threadsPerTrial, "
            + "trialJvmOptions]",
        "sweep.random.trails: unknown key 'trails'; did you mean 'trials'? allowed: [params, seed, trials]",
        "sweep.random.trials: missing; give the number of random configurations, e.g. trials: 20",
        "sweep.objective.mod: unknown key 'mod'; did you mean 'mode'? allowed: [metric, mode]",
        "sweep.asha.reductionfactor: unknown key 'reductionfactor'; did you mean 'reductionFactor'? allowed: "
            + "[maxEpochs, metric, minEpochs, mode, reductionFactor]");
  }

  @Test
  void rejectsBadObjectivesAndAsha() {
    assertThat(problems("""
        seeds: [1]
        objective: {mode: maxx}
        asha: {metric: m, mode: up, minEpochs: 0, reductionFactor: 1, maxEpochs: 20}
        """)).containsExactly(
        "sweep.objective.metric: missing; name the metric to optimise, e.g. metric: epoch/loss/neg_elbo",
        "sweep.objective.mode: unknown mode 'maxx'; did you mean 'max'? allowed: [max, min]",
        "sweep.asha.mode: unknown mode 'up'; allowed: [max, min]",
        "sweep.asha.minEpochs: minEpochs must be > 0, found 0",
        "sweep.asha.reductionFactor: reductionFactor must be >= 2, found 1",
        "sweep.asha.maxEpochs: maxEpochs must be <= training.epochs (10), found 20");
    assertThat(problems("seeds: [1]\nasha: {metric: m, minEpochs: 4, maxEpochs: 4}")).containsExactly(
        "sweep.asha.maxEpochs: maxEpochs must be > minEpochs (4), found 4");
    assertThat(problems("seeds: [1]\nasha: {metric: m, minEpochs: 10}")).containsExactly(
        "sweep.asha.maxEpochs: maxEpochs must be > minEpochs (10), found 10 (defaulted to training.epochs)");
    assertThat(problems("seeds: [1]\nobjective: epoch/loss/neg_elbo")).containsExactly(
        "sweep.objective: objective must be a mapping {metric: <name>, mode: min|max}, found 'epoch/loss/neg_elbo'");
  }

  @Test
  void rejectsAPathSweptByBothGridAndRandom() {
    assertThat(problems("""
        grid: {loss.config.beta: [1, 2], model.config.latentDim: [4]}
        random: {trials: 2, params: {loss.config.beta: {uniform: [0.5, 4]}}}
        """)).containsExactly("sweep.random.params.loss.config.beta: 'loss.config.beta' is swept by both "
        + "sweep.grid and sweep.random.params; sweep it in one place");
  }

  @Test
  void needsSomethingToSweep() {
    String nothing = "sweep: nothing to sweep; give sweep.grid, sweep.random or sweep.seeds";
    assertThat(problems("parallel: 2\nobjective: {metric: m}")).containsExactly(nothing);
    assertThat(problems("{}")).containsExactly(nothing);
    assertThatThrownBy(() -> SweepDefinition.parse(null, "x", 0, 1)).hasMessage(nothing);
    assertThatThrownBy(() -> parse("just-a-string"))
        .hasMessage("sweep: sweep must be a mapping, found 'just-a-string'");
  }

  @Test
  void canonicalMapHoldsDefaultsAndParsesBackToAnEqualDefinition() {
    SweepDefinition sweep = parse(FULL);
    assertThat(SweepDefinition.parse(sweep.toMap(), "other", 99, SPEC_EPOCHS)).isEqualTo(sweep);
    Yaml yaml = new Yaml();
    assertThat(SweepDefinition.parse(yaml.load(yaml.dump(sweep.toMap())), "other", 99, SPEC_EPOCHS)).isEqualTo(sweep);

    SweepDefinition minimal = parse("seeds: [3]\nasha: {metric: m}");
    Map<String, Object> map = minimal.toMap();
    assertThat(map).containsExactly(
        Map.entry("name", "vae-sweep"),
        Map.entry("parallel", 1),
        Map.entry("threadsPerTrial", 0),
        Map.entry("seeds", List.of(3L)),
        Map.entry("asha", Map.of("metric", "m", "mode", "min", "minEpochs", 1, "reductionFactor", 3, "maxEpochs", 10)),
        Map.entry("trialJvmOptions", List.of("-Xmx2g")),
        Map.entry("maxTrials", 10_000),
        Map.entry("launcher", "local"));
    assertThat(SweepDefinition.parse(map, "other", 99, 50)).isEqualTo(minimal);
    assertThat(parse("random: {trials: 2, params: {a.b: {intRange: [1, 3]}}}").toMap().get("random"))
        .isEqualTo(Map.of("trials", 2, "seed", SPEC_SEED,
            "params", Map.of("a.b", Map.of("intRange", List.of(1L, 3L)))));
  }

  @Test
  void slurmLauncherReadsItsSectionAndItsCpusBecomeTheTrialsThreads() {
    SweepDefinition sweep = parse("seeds: [1, 2]\nlauncher: slurm\nslurm: {partition: gpu, time: '2:00:00', "
        + "cpusPerTask: 4, options: {gres: 'gpu:1'}}");
    assertThat(sweep.onSlurm()).isTrue();
    assertThat(sweep.slurm().sbatchOptions()).containsExactly("--partition=gpu", "--time=2:00:00",
        "--cpus-per-task=4", "--gres=gpu:1");
    assertThat(SweepDefinition.parse(sweep.toMap(), "other", 99, SPEC_EPOCHS)).isEqualTo(sweep);
    assertThat(parse("seeds: [1]\nthreadsPerTrial: 3\nlauncher: slurm").slurm().cpusPerTask()).isEqualTo(3);
    assertThat(parse("seeds: [1]").onSlurm()).isFalse();
  }

  @Test
  void refusesAnUnknownLauncherAndChecksSlurmSettingsEvenForLocalTrials() {
    assertThat(problems("seeds: [1]\nlauncher: slrum")).singleElement().asString()
        .contains("sweep.launcher: unknown launcher 'slrum'; did you mean 'slurm'?");
    assertThat(parse("seeds: [1]\nslurm: {partition: gpu}").onSlurm()).as("checked, then run locally").isFalse();
    assertThat(problems("seeds: [1]\nslurm: {partition: 'g p u'}")).singleElement().asString()
        .startsWith("sweep.slurm.partition: ");
    assertThat(problems("seeds: [1]\nlauncher: slurm\nslurm: {partition: 'a b', options: {output: /etc/x}}"))
        .hasSize(2).anySatisfy(p -> assertThat(p).startsWith("sweep.slurm.partition: "))
        .anySatisfy(p -> assertThat(p).startsWith("sweep.slurm.options.output: "));
  }
}
