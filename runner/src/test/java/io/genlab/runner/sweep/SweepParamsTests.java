package io.genlab.runner.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.runner.launch.TrialHandle;
import io.genlab.runner.launch.TrialLauncher;
import io.genlab.runner.launch.TrialRequest;
import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.RunTags;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What MLflow's compare and parallel-coordinates views read from a sweep in the file store: the parent's
 * sweep params and best-trial tags (across a re-run of an edited sweep) and the swept params of every trial.
 * Trials are simulated in this JVM: each logs an objective value and ends, so the sweep takes a second.
 */
class SweepParamsTests {
  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  @TempDir Path dir;

  /** Runs each trial at once in this JVM: logs {@code test/neg_elbo} = {@code value(index)} and ends FINISHED. */
  private record InstantTrials(Tracker tracker, ToDoubleFunction<Integer> value) implements TrialLauncher {
    @Override
    public TrialHandle launch(TrialRequest request) {
      TrackedRun run = tracker.openRun(request.runId());
      int index = Integer.parseInt(tracker.run(request.runId()).orElseThrow().tags().get(SweepRunner.TRIAL_INDEX_TAG));
      run.logMetric("test/neg_elbo", value.applyAsDouble(index), 1);
      run.end(RunStatus.FINISHED);
      return new TrialHandle() {
        @Override
        public CompletableFuture<Integer> exit() {
          return CompletableFuture.completedFuture(0);
        }

        @Override
        public void stop() {}

        @Override
        public void kill() {}
      };
    }

    @Override
    public String describe() {
      return "instant trials";
    }
  }

  private SweepPlan plan(Path store, String... overrides) throws IOException {
    Path spec = dir.resolve("sweep.yaml");
    Files.writeString(spec, """
        experiment: params
        seed: 3
        data: {name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}
        model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 2}}
        loss: elbo
        training: {epochs: 4, batchSize: 16}
        metrics: [test-elbo]
        tracking: {uri: '%s'}
        sweep:
          name: compare-me
          grid:
            model.config.latentDim: [2, 8]
            metrics[0].config.limit: [100, 200]
          random:
            trials: 2
            params:
              training.optimizer: {choice: [{name: adam, learningRate: 1.0e-3}, {name: sgd, learningRate: 0.01}]}
              loss.config.beta: {uniform: [0.5, 4]}
          seeds: [1]
          objective: {metric: test/neg_elbo, mode: min}
          asha: {metric: epoch/loss/neg_elbo, minEpochs: 1, reductionFactor: 2, maxEpochs: 4}
        """.formatted(store));
    return SweepPlan.resolve(REGISTRY, spec, List.of(overrides), 2);
  }

  private static SweepRunner.Outcome sweep(SweepPlan plan, TrialLauncher launcher, Tracker tracker) throws Exception {
    try (PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
      return new SweepRunner(launcher, out).run(plan, tracker, Path.of("unused"));
    }
  }

  @Test
  void theParentHoldsTheSweepAndEveryTrialItsSweptValuesUnderTheSameKeys() throws Exception {
    Path store = dir.resolve("mlruns");
    Tracker tracker = Trackers.open(store.toString());
    SweepRunner.Outcome outcome = sweep(plan(store), new InstantTrials(tracker, i -> (i - 5) * (i - 5) + 1), tracker);

    RunInfo parent = tracker.run(outcome.parentRunId()).orElseThrow();
    assertThat(parent.params()).containsOnly(
        entry("sweep.trials", "8"),
        entry("sweep.grid.model.config.latentDim", "[2, 8]"),
        entry("sweep.grid.metrics.0.config.limit", "[100, 200]"),
        entry("sweep.random.trials", "2"),
        entry("sweep.random.seed", "3"),
        entry("sweep.random.params.training.optimizer",
            "{choice: [{name: adam, learningRate: 0.001}, {name: sgd, learningRate: 0.01}]}"),
        entry("sweep.random.params.loss.config.beta", "{uniform: [0.5, 4.0]}"),
        entry("sweep.seeds", "[1]"),
        entry("sweep.objective.metric", "test/neg_elbo"),
        entry("sweep.objective.mode", "min"),
        entry("sweep.asha.metric", "epoch/loss/neg_elbo"),
        entry("sweep.asha.mode", "min"),
        entry("sweep.asha.minEpochs", "1"),
        entry("sweep.asha.reductionFactor", "2"),
        entry("sweep.asha.maxEpochs", "4"));

    List<RunInfo> children = children(tracker, outcome.parentRunId());
    assertThat(children).hasSize(8);
    Set<String> keys = children.get(0).params().keySet();
    assertThat(keys).contains("model.config.latentDim", "metrics.0.config.limit", "training.optimizer",
        "loss.config.beta", "seed");
    for (RunInfo child : children) {
      assertThat(child.params().keySet()).as("the params of every trial have the same keys").isEqualTo(keys);
      Map<String, String> params = child.params();
      // The swept values, as the trial's label shows them.
      String label = child.tags().get(SweepRunner.TRIAL_LABEL_TAG);
      assertThat(label).contains("model.config.latentDim=" + params.get("model.config.latentDim"),
          "metrics[0].config.limit=" + params.get("metrics.0.config.limit"), "seed=" + params.get("seed"));
      assertThat(params.get("training.optimizer")).isIn("{name: adam, learningRate: 0.001}",
          "{name: sgd, learningRate: 0.01}");
      assertThat(params.get("training.optimizer")).startsWith("{name: " + params.get("training.optimizer.name") + ",");
    }
    assertThat(children.stream().map(c -> c.params().get("loss.config.beta")).distinct())
        .as("one beta per random configuration").hasSize(2);

    RunInfo best = children.stream().filter(c -> c.tags().get(SweepRunner.TRIAL_INDEX_TAG).equals("5")).findFirst()
        .orElseThrow();
    assertThat(parent.tags()).contains(entry(RunTags.SWEEP_BEST_TRIAL_PREFIX + "run_id", best.runId()),
        entry(RunTags.SWEEP_BEST_TRIAL_PREFIX + "index", "5"),
        entry(RunTags.SWEEP_BEST_TRIAL_PREFIX + "params", best.tags().get(SweepRunner.TRIAL_LABEL_TAG)),
        entry(RunTags.SWEEP_BEST_TRIAL_PREFIX + "objective", "test/neg_elbo (min) = 1.0"));
    assertThat(parent.tags()).doesNotContainKey(SweepParams.EDITED_TAG);
  }

  @Test
  void aRerunOfAnEditedSweepKeepsItsParamsNamesTheChangesAndMovesTheBestTrial() throws Exception {
    Path store = dir.resolve("mlruns");
    Tracker tracker = Trackers.open(store.toString());
    SweepRunner.Outcome first = sweep(plan(store), new InstantTrials(tracker, i -> 10 + i), tracker);
    Map<String, String> firstParams = tracker.run(first.parentRunId()).orElseThrow().params();

    // Seed 0 added: 8 new trials, each better than every earlier one, the last best of all.
    SweepRunner.Outcome second = sweep(plan(store, "sweep.seeds=[1, 0]"),
        new InstantTrials(tracker, i -> 1 - i / 100.0), tracker);

    assertThat(second.parentRunId()).isEqualTo(first.parentRunId());
    assertThat(second.launched()).isEqualTo(8);
    RunInfo parent = tracker.run(first.parentRunId()).orElseThrow();
    assertThat(parent.params()).as("a param is written once").isEqualTo(firstParams);
    assertThat(parent.tags()).containsEntry("genlab.sweep.trials", "16");
    assertThat(parent.tags().get(SweepParams.EDITED_TAG)).contains("invocation 2", "sweep.trials 8 -> 16",
        "sweep.seeds [1] -> [1, 0]").doesNotContain("latentDim");
    RunInfo best = children(tracker, first.parentRunId()).stream()
        .min(Comparator.comparingDouble(c -> c.metrics().get("test/neg_elbo"))).orElseThrow();
    assertThat(best.params()).containsEntry("seed", "0");
    assertThat(parent.tags()).contains(entry(RunTags.SWEEP_BEST_TRIAL_PREFIX + "run_id", best.runId()),
        entry(RunTags.SWEEP_BEST_TRIAL_PREFIX + "index", best.tags().get(SweepRunner.TRIAL_INDEX_TAG)));
    assertThat(tracker.metricHistory(first.parentRunId(), "best/test/neg_elbo")).extracting(MetricPoint::step)
        .containsExactly(1L, 2L);
  }

  @Test
  void paramKeysHoldNoBracketsAndLongValuesAreShortened() {
    assertThat(SweepParams.key("metrics[1].config.samples")).isEqualTo("metrics.1.config.samples");
    assertThat(SweepParams.key("samplers[0].config.steps[2]")).isEqualTo("samplers.0.config.steps.2");
    assertThat(SweepParams.key("loss.config.beta")).isEqualTo("loss.config.beta");
    List<Object> values = IntStream.range(0, 1000).mapToObj(i -> (Object) (1.0e-3 + i * 1.0e-7)).toList();
    SweepDefinition definition = new SweepDefinition("long", 1, 0, Map.of("loss.config.beta", values), null,
        List.of(), null, null, List.of(), 1000, "local", null);
    Map<String, String> params = SweepParams.parent(new SweepPlan(definition, "e", "mlruns", "", 1, List.of()));
    assertThat(params.get("sweep.grid.loss.config.beta")).hasSizeLessThanOrEqualTo(6000).startsWith("[0.001, ")
        .endsWith("... (1000 values; see sweep/sweep.yaml)");
  }

  private static List<RunInfo> children(Tracker tracker, String parentRunId) {
    return tracker.runs("params").stream().filter(r -> parentRunId.equals(r.tags().get(RunTags.PARENT_RUN_ID)))
        .collect(Collectors.toList());
  }
}
