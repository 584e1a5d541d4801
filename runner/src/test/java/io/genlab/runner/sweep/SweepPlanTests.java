package io.genlab.runner.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.runner.cli.GenlabCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep specs resolved into trials: stable identities, every trial validated up front, clear errors. */
class SweepPlanTests {
  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  @TempDir Path dir;

  private Path spec(String sweep) throws IOException {
    Path spec = dir.resolve("s.yaml");
    Files.writeString(spec, """
        experiment: plans
        seed: 1
        data: {name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}
        model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 2}}
        loss: elbo
        training: {epochs: 9, batchSize: 16}
        tracking: {uri: '%s'}
        sweep:
        %s
        """.formatted(dir.resolve("mlruns"), sweep.indent(2)));
    return spec;
  }

  private static final String BETA_LATENT = """
      grid:
        loss.config.beta: [0.5, 1.0, 4.0]
        model.config.latentDim: [2, 8]
      seeds: [1, 2, 3]
      parallel: 2
      """;

  @Test
  void trialsGetTheirValuesThreadsAndStableDistinctKeys() throws IOException {
    SweepPlan plan = SweepPlan.resolve(REGISTRY, spec(BETA_LATENT), List.of(), 2);
    assertThat(plan.trials()).hasSize(18);
    assertThat(plan.threadsPerTrial()).isEqualTo(1); // 2 cores, 2 in parallel
    SweepPlan.PlannedTrial last = plan.trials().get(17);
    assertThat(last.spec().loss().config()).containsEntry("beta", 4.0);
    assertThat(last.spec().model().config()).containsEntry("latentDim", 8);
    assertThat(last.spec().seed()).isEqualTo(3);
    assertThat(last.spec().threads()).isEqualTo(1);
    assertThat(plan.trials().stream().map(SweepPlan.PlannedTrial::key).distinct()).hasSize(18);

    SweepPlan again = SweepPlan.resolve(REGISTRY, spec(BETA_LATENT), List.of(), 2);
    assertThat(again.trials()).extracting(SweepPlan.PlannedTrial::key)
        .isEqualTo(plan.trials().stream().map(SweepPlan.PlannedTrial::key).toList());
    // More cores change threads, not identities: a re-run on another machine finds the same trials.
    SweepPlan wider = SweepPlan.resolve(REGISTRY, spec(BETA_LATENT), List.of(), 8);
    assertThat(wider.threadsPerTrial()).isEqualTo(4);
    assertThat(wider.trials().get(5).key()).isEqualTo(plan.trials().get(5).key());
  }

  @Test
  void overridesApplyToEveryTrialAndChangeTheirIdentity() throws IOException {
    SweepPlan plan = SweepPlan.resolve(REGISTRY, spec(BETA_LATENT), List.of(), 2);
    SweepPlan longer = SweepPlan.resolve(REGISTRY, spec(BETA_LATENT), List.of("training.epochs=3"), 2);
    assertThat(longer.trials()).allSatisfy(t -> assertThat(t.spec().training().epochs()).isEqualTo(3));
    assertThat(longer.trials().get(0).key()).isNotEqualTo(plan.trials().get(0).key());
  }

  @Test
  void invalidSweptValuesNameTheTrialAndThePath() throws IOException {
    Path spec = spec("""
        grid:
          model.config.latentDim: [2, -3]
        """);
    assertThatThrownBy(() -> SweepPlan.resolve(REGISTRY, spec, List.of(), 2))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("sweep trial 1 (model.config.latentDim=-3): model.config.latentDim")
        .hasMessageContaining("latentDim must be > 0, found -3");
  }

  @Test
  void ashaNeedsAPerEpochMetricAndCapsTheEpochs() throws IOException {
    Path bad = spec("""
        seeds: [1, 2]
        asha: {metric: test/neg_elbo}
        """);
    assertThatThrownBy(() -> SweepPlan.resolve(REGISTRY, bad, List.of(), 2))
        .hasMessageContaining("sweep.asha.metric").hasMessageContaining("epoch/");
    SweepPlan plan = SweepPlan.resolve(REGISTRY, spec("""
        seeds: [1, 2]
        asha: {metric: epoch/loss/neg_elbo, maxEpochs: 4, reductionFactor: 2}
        """), List.of(), 2);
    assertThat(plan.trials()).allSatisfy(t -> assertThat(t.spec().training().epochs()).isEqualTo(4));
  }

  @Test
  void runRefusesASweepAndSweepRefusesASpecWithoutOne() throws IOException {
    assertThat(GenlabCli.execute("run", spec(BETA_LATENT).toString())).isEqualTo(GenlabCli.EXIT_BAD_INPUT);
    Path plain = dir.resolve("plain.yaml");
    Files.writeString(plain, "data: {name: shapes}\nmodel: mlp-vae\nloss: elbo\n");
    assertThatThrownBy(() -> SweepPlan.resolve(REGISTRY, plain, List.of(), 2))
        .hasMessageContaining("no sweep section");
    assertThat(dir.resolve("mlruns")).doesNotExist();
  }

  @Test
  void setOverridesSweepKeysAsWellAsTheBase() throws IOException {
    SweepPlan plan = SweepPlan.resolve(REGISTRY, spec(BETA_LATENT), List.of("sweep.parallel=1",
        "sweep.grid.model.config.latentDim=[2, 4, 16]", "sweep.seeds=[7]", "training.epochs=2",
        "sweep.trialJvmOptions=[-Xmx1g]", "sweep.random.params.model.config.hiddenSizes={choice: [[8], [16]]}",
        "sweep.random.trials=2"), 2);
    assertThat(plan.definition().parallel()).isEqualTo(1);
    assertThat(plan.definition().grid()).containsExactly(
        java.util.Map.entry("loss.config.beta", List.of(0.5, 1.0, 4.0)),
        java.util.Map.entry("model.config.latentDim", List.of(2, 4, 16)));
    assertThat(plan.definition().seeds()).containsExactly(7L);
    assertThat(plan.definition().trialJvmOptions()).containsExactly("-Xmx1g");
    assertThat(plan.definition().random().params()).containsOnlyKeys("model.config.hiddenSizes");
    assertThat(plan.trials()).hasSize(2 * 3 * 3)
        .allSatisfy(t -> assertThat(t.spec().training().epochs()).isEqualTo(2))
        .allSatisfy(t -> assertThat(t.spec().seed()).isEqualTo(7));
    assertThat(plan.threadsPerTrial()).isEqualTo(2); // 2 cores, 1 in parallel
  }

  @Test
  void setReachesEverySweepKey() throws IOException {
    SweepPlan plan = SweepPlan.resolve(REGISTRY, spec(BETA_LATENT), List.of("sweep.name=renamed",
        "sweep.threadsPerTrial=3", "sweep.maxTrials=40", "sweep.seeds=[1]", "sweep.random.trials=2",
        "sweep.random.seed=11", "sweep.random.params.training.optimizer.learningRate={logUniform: [1.0e-4, 1.0e-2]}",
        "sweep.objective={metric: test/neg_elbo, mode: max}", "sweep.objective.mode=min",
        "sweep.asha={metric: epoch/loss/neg_elbo}", "sweep.asha.minEpochs=2", "sweep.asha.reductionFactor=2",
        "sweep.asha.maxEpochs=8", "sweep.asha.mode=min"), 2);
    SweepDefinition sweep = plan.definition();
    assertThat(sweep.name()).isEqualTo("renamed");
    assertThat(sweep.threadsPerTrial()).isEqualTo(3);
    assertThat(sweep.maxTrials()).isEqualTo(40);
    assertThat(sweep.seeds()).containsExactly(1L);
    assertThat(sweep.random().trials()).isEqualTo(2);
    assertThat(sweep.random().seed()).isEqualTo(11);
    assertThat(sweep.random().params()).containsOnlyKeys("training.optimizer.learningRate");
    assertThat(sweep.objective()).isEqualTo(new Objective("test/neg_elbo", Objective.Mode.MIN));
    assertThat(sweep.asha().minEpochs()).isEqualTo(2);
    assertThat(sweep.asha().reductionFactor()).isEqualTo(2);
    assertThat(sweep.asha().maxEpochs()).isEqualTo(8);
    assertThat(plan.trials()).hasSize(3 * 2 * 2).allSatisfy(t -> {
      assertThat(t.spec().training().epochs()).isEqualTo(8);
      assertThat(t.spec().threads()).isEqualTo(3);
    });
    // The whole section at once, replacing the file's.
    SweepPlan replaced = SweepPlan.resolve(REGISTRY, spec(BETA_LATENT), List.of("sweep={seeds: [4, 5]}"), 2);
    assertThat(replaced.definition().grid()).isEmpty();
    assertThat(replaced.trials()).extracting(t -> t.spec().seed()).containsExactly(4L, 5L);
  }

  @Test
  void setCanGiveASweepToASpecWithoutOne() throws IOException {
    Path plain = dir.resolve("plain.yaml");
    Files.writeString(plain, "data: {name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}\nmodel: mlp-vae\n"
        + "loss: elbo\ntracking: {uri: '" + dir.resolve("mlruns") + "'}\n");
    SweepPlan plan = SweepPlan.resolve(REGISTRY, plain, List.of("sweep.seeds=[1, 2]"), 2);
    assertThat(plan.trials()).extracting(t -> t.spec().seed()).containsExactly(1L, 2L);
  }

  @Test
  void theTrialCountIsCheckedBeforeTheBaseSpecIsResolved() throws IOException {
    // The base spec is broken too: the count is what is reported, as it is checked first.
    Path spec = spec("random: {trials: 50000, params: {loss.config.beta: {uniform: [1, 2]}}}");
    Files.writeString(spec, Files.readString(spec).replace("loss: elbo", "loss: nonsense"));
    assertThatThrownBy(() -> SweepPlan.resolve(REGISTRY, spec, List.of(), 2))
        .hasMessage(spec + ":9:3: sweep: the sweep has 50000 trials (50000 random configurations), more than the limit of 10000; "
            + "sweep fewer values, or raise the limit with sweep.maxTrials: 50000 in the spec or "
            + "--set sweep.maxTrials=50000");
    assertThat(SweepPlan.resolve(REGISTRY, spec(BETA_LATENT), List.of("sweep.maxTrials=18"), 2).trials()).hasSize(18);
    assertThatThrownBy(() -> SweepPlan.resolve(REGISTRY, spec(BETA_LATENT), List.of("sweep.maxTrials=17"), 2))
        .hasMessageContaining("18 trials (grid 3 x 2 x 3 seeds), more than the limit of 17 set by sweep.maxTrials");
  }

  @Test
  void aStopRequestEndsResolution() throws IOException {
    java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
    assertThatThrownBy(() -> SweepPlan.resolve(REGISTRY, spec(BETA_LATENT), List.of(), 2,
        () -> polls.incrementAndGet() > 3)).isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(polls).hasValue(4);
  }
}
