package io.genlab.runner.sweep;

import static io.genlab.runner.sweep.SweepDefinitionTests.SPEC_SEED;
import static io.genlab.runner.sweep.SweepDefinitionTests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.RandomSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Expanding a sweep into trials: order, counts, determinism and independence of random draws. */
class TrialPlanTests {
  private static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  @Test
  void crossesTheGridInDeclaredOrderLastKeyFastestThenSeeds() {
    List<Trial> trials = TrialPlan.expand(parse("""
        grid:
          loss.config.beta: [1, 4]
          model.config.hiddenSizes: [[256], [512, 256], [64]]
        seeds: [1, 2]
        """));
    assertThat(trials).hasSize(12);
    assertThat(trials).extracting(Trial::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(trials.subList(0, 5)).extracting(Trial::overrides).containsExactly(
        ordered("loss.config.beta", 1, "model.config.hiddenSizes", List.of(256), "seed", 1L),
        ordered("loss.config.beta", 1, "model.config.hiddenSizes", List.of(256), "seed", 2L),
        ordered("loss.config.beta", 1, "model.config.hiddenSizes", List.of(512, 256), "seed", 1L),
        ordered("loss.config.beta", 1, "model.config.hiddenSizes", List.of(512, 256), "seed", 2L),
        ordered("loss.config.beta", 1, "model.config.hiddenSizes", List.of(64), "seed", 1L));
    assertThat(trials.get(6).overrides()).isEqualTo(
        ordered("loss.config.beta", 4, "model.config.hiddenSizes", List.of(256), "seed", 1L));
    assertThat(trials.get(0).overrides().keySet())
        .containsExactly("loss.config.beta", "model.config.hiddenSizes", "seed");
    assertThat(trials.get(3).label()).isEqualTo("loss.config.beta=1, model.config.hiddenSizes=[512, 256], seed=2");
  }

  @Test
  void gridWithoutSeedsLeavesTheSeedAlone() {
    List<Trial> trials = TrialPlan.expand(parse("""
        grid:
          model.config.latentDim: [2, 8]
          metrics[1].config.samples: [100]
        """));
    assertThat(trials).extracting(Trial::label).containsExactly(
        "model.config.latentDim=2, metrics[1].config.samples=100",
        "model.config.latentDim=8, metrics[1].config.samples=100");
  }

  @Test
  void seedsAloneGiveOneTrialPerSeed() {
    assertThat(TrialPlan.expand(parse("seeds: [5, 3, 9]"))).extracting(Trial::overrides)
        .containsExactly(Map.of("seed", 5L), Map.of("seed", 3L), Map.of("seed", 9L));
  }

  private static final String RANDOM = """
      random:
        trials: 200
        seed: 3
        params:
          loss.config.beta: {uniform: [0.5, 4]}
          training.optimizer.learningRate: {logUniform: [1.0e-4, 1.0e-2]}
          model.config.latentDim: {intRange: [1, 3]}
          model.config.hiddenSizes: {choice: [[256], [512, 256], [64]]}
      """;

  @Test
  void randomSearchIsDeterministicAndUsesTheDocumentedSources() {
    SweepDefinition sweep = parse(RANDOM);
    List<Trial> trials = TrialPlan.expand(sweep);
    assertThat(TrialPlan.expand(parse(RANDOM))).isEqualTo(trials).isEqualTo(TrialPlan.expand(sweep));
    assertThat(trials).hasSize(200);
    RandomSource trial7 = RandomSource.seeded(3).derive("random-search").derive(7);
    assertThat(trials.get(7).overrides()).containsExactly(
        Map.entry("loss.config.beta", 0.5 + 3.5 * trial7.derive("loss.config.beta").uniform(0)),
        Map.entry("training.optimizer.learningRate",
            new Distribution.LogUniform(1e-4, 1e-2).sample(trial7.derive("training.optimizer.learningRate"))),
        Map.entry("model.config.latentDim",
            new Distribution.IntRange(1, 3).sample(trial7.derive("model.config.latentDim"))),
        Map.entry("model.config.hiddenSizes",
            new Distribution.Choice(List.of(List.of(256), List.of(512, 256), List.of(64)))
                .sample(trial7.derive("model.config.hiddenSizes"))));
  }

  @Test
  void randomDrawsStayInRangeAndReachEveryDiscreteValue() {
    List<Trial> trials = TrialPlan.expand(parse(RANDOM));
    Set<Object> latentDims = new TreeSet<>();
    Set<Object> hiddenSizes = new HashSet<>();
    double minBeta = Double.MAX_VALUE;
    double maxBeta = -Double.MAX_VALUE;
    for (Trial t : trials) {
      double beta = (Double) t.overrides().get("loss.config.beta");
      assertThat(beta).isBetween(0.5, 4.0).isLessThan(4.0);
      minBeta = Math.min(minBeta, beta);
      maxBeta = Math.max(maxBeta, beta);
      assertThat((Double) t.overrides().get("training.optimizer.learningRate")).isBetween(1e-4, 1e-2);
      assertThat(t.overrides().get("model.config.latentDim")).isInstanceOf(Integer.class);
      latentDims.add(t.overrides().get("model.config.latentDim"));
      hiddenSizes.add(t.overrides().get("model.config.hiddenSizes"));
    }
    assertThat(latentDims).containsExactly(1, 2, 3);
    assertThat(hiddenSizes).containsExactlyInAnyOrder(List.of(256), List.of(512, 256), List.of(64));
    assertThat(minBeta).isLessThan(0.7);
    assertThat(maxBeta).isGreaterThan(3.8);
    long smallRates = trials.stream()
        .filter(t -> (Double) t.overrides().get("training.optimizer.learningRate") < 1e-3).count();
    assertThat(smallRates).as("log-uniform puts half the mass below the geometric mean").isBetween(70L, 130L);
  }

  @Test
  void aDifferentSearchSeedGivesDifferentConfigurations() {
    List<Trial> seed3 = TrialPlan.expand(parse(RANDOM));
    List<Trial> seed4 = TrialPlan.expand(parse(RANDOM.replace("seed: 3", "seed: 4")));
    assertThat(seed4.get(0).overrides().get("loss.config.beta"))
        .isNotEqualTo(seed3.get(0).overrides().get("loss.config.beta"));
    assertThat(seed4).isNotEqualTo(seed3);
    assertThat(TrialPlan.expand(parse(RANDOM.replace("  seed: 3\n", ""))).get(0).overrides().get("loss.config.beta"))
        .as("the default search seed is the spec's")
        .isEqualTo(0.5 + 3.5 * RandomSource.seeded(SPEC_SEED).derive("random-search").derive(0)
            .derive("loss.config.beta").uniform(0));
  }

  @Test
  void addingAParameterDoesNotChangeAnotherOnesDraws() {
    List<Trial> one = TrialPlan.expand(parse("random: {trials: 20, params: {loss.config.beta: {uniform: [0.5, 4]}}}"));
    List<Trial> two = TrialPlan.expand(parse("random: {trials: 20, params: "
        + "{model.config.latentDim: {intRange: [2, 16]}, loss.config.beta: {uniform: [0.5, 4]}}}"));
    for (int i = 0; i < 20; i++) {
      assertThat(two.get(i).overrides().get("loss.config.beta"))
          .isEqualTo(one.get(i).overrides().get("loss.config.beta"));
    }
    assertThat(two.get(0).overrides().keySet()).containsExactly("model.config.latentDim", "loss.config.beta");
  }

  @Test
  void crossesEachRandomConfigurationWithTheWholeGridThenSeeds() {
    List<Trial> trials = TrialPlan.expand(parse("""
        grid: {model.config.latentDim: [2, 8]}
        random: {trials: 2, seed: 1, params: {loss.config.beta: {uniform: [0.5, 4]}}}
        seeds: [10, 20]
        """));
    assertThat(trials).hasSize(8);
    double beta0 = (Double) trials.get(0).overrides().get("loss.config.beta");
    double beta1 = (Double) trials.get(4).overrides().get("loss.config.beta");
    assertThat(beta0).isNotEqualTo(beta1);
    assertThat(trials).extracting(Trial::overrides).containsExactly(
        ordered("model.config.latentDim", 2, "loss.config.beta", beta0, "seed", 10L),
        ordered("model.config.latentDim", 2, "loss.config.beta", beta0, "seed", 20L),
        ordered("model.config.latentDim", 8, "loss.config.beta", beta0, "seed", 10L),
        ordered("model.config.latentDim", 8, "loss.config.beta", beta0, "seed", 20L),
        ordered("model.config.latentDim", 2, "loss.config.beta", beta1, "seed", 10L),
        ordered("model.config.latentDim", 2, "loss.config.beta", beta1, "seed", 20L),
        ordered("model.config.latentDim", 8, "loss.config.beta", beta1, "seed", 10L),
        ordered("model.config.latentDim", 8, "loss.config.beta", beta1, "seed", 20L));
    assertThat(trials.get(0).overrides().keySet())
        .containsExactly("model.config.latentDim", "loss.config.beta", "seed");
  }

  @Test
  void labelsAreShort() {
    Trial trial = new Trial(0, ordered("loss.config.beta", 2.0, "training.optimizer.learningRate", 3.16227766e-4,
        "model.config.hiddenSizes", List.of(512, 256), "x.tiny", 1.5e-9, "seed", 1L));
    assertThat(trial.label()).isEqualTo(
        "loss.config.beta=2, training.optimizer.learningRate=0.000316228, model.config.hiddenSizes=[512, 256], "
            + "x.tiny=1.5E-9, seed=1");
  }
}
