package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.runner.cli.GenlabCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A diffusion model through the runner, which knows no diffusion: a short seeded toy run is
 * bit-identical twice and logs each sampler's sample metrics under its label; {@code genlab evaluate}
 * then compares other samplers on the trained checkpoint in a nested run without retraining.
 */
class DiffusionRunTests {
  @TempDir Path dir;

  private Path spec() throws IOException {
    Path spec = dir.resolve("ddpm.yaml");
    Files.writeString(spec, """
        name: toy-ddpm
        experiment: ddpm
        seed: 5
        data: {name: toy2d, config: {distribution: 8gaussians, trainSize: 256, testSize: 128}}
        model: {name: mlp-ddpm, config: {hidden: [16, 16], timeEmbedding: 8, diffusion: {timesteps: 50, emaDecay: 0.9}}}
        loss: ddpm
        training: {epochs: 2, batchSize: 32, logEvery: 1}
        metrics: [{name: mode-coverage, config: {samples: 100}}, {name: mmd, config: {samples: 60}}]
        samplers:
          - {name: ddpm, config: {count: 40}}
          - {name: ddim, label: ddim-5, config: {count: 40, steps: 5}}
        """);
    return spec;
  }

  @Test
  void aShortSeededRunIsBitIdenticalTwiceAndJudgesEverySampler() throws IOException {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    assertThat(GenlabCli.execute("run", spec().toString(), "--set", "tracking.uri=" + first)).isZero();
    assertThat(GenlabCli.execute("run", spec().toString(), "--set", "tracking.uri=" + second)).isZero();
    Path run = RunStores.onlyRun(first.resolve("1"));
    Map<String, List<String>> metrics = RunStores.metrics(run);
    assertThat(RunStores.metrics(RunStores.onlyRun(second.resolve("1")))).isEqualTo(metrics);
    assertThat(metrics.get("loss/denoising")).hasSize(16);
    assertThat(metrics).containsKeys("ddpm/modes/covered", "ddpm/mmd2", "ddim-5/modes/high_quality", "ddim-5/mmd2");
    assertThat(run.resolve("metrics/perf/ddim-5/samples_per_second")).exists();
    assertThat(run.resolve("artifacts/samples/ddpm.png")).exists();
    assertThat(run.resolve("artifacts/samples/ddim-5.png")).exists();
    assertThat(run.resolve("params/samplers.ddim-5.steps")).hasContent("5");
  }

  @Test
  void evaluateComparesOtherSamplersOnTheTrainedCheckpointInANestedRun() throws IOException {
    Path store = dir.resolve("store");
    assertThat(GenlabCli.execute("run", spec().toString(), "--set", "tracking.uri=" + store)).isZero();
    Path trained = RunStores.onlyRun(store.resolve("1"));
    Map<String, List<String>> before = RunStores.metrics(trained);
    Path evaluation = dir.resolve("compare.yaml");
    Files.writeString(evaluation, """
        name: compare
        metrics: [{name: mmd, config: {samples: 60}}, {name: frechet-distance, config: {samples: 40, hidden: [8], epochs: 1}}]
        samplers:
          - {name: ddim, label: ddim-2, config: {count: 40, steps: 2}}
          - {name: ddim, label: ddim-5, config: {count: 40, steps: 5}}
        """);
    String runId = trained.getFileName().toString();
    assertThat(GenlabCli.execute("evaluate", runId, evaluation.toString(), "--tracking-uri", store.toString(),
        "--set", "samplers[0].config.eta=1.0")).isZero();

    List<Path> runs = RunStores.runs(store.resolve("1"));
    assertThat(runs).hasSize(2);
    Path evaluated = runs.stream().filter(p -> !p.equals(trained)).findFirst().orElseThrow();
    assertThat(RunStores.tag(evaluated, "genlab.evaluates")).isEqualTo(runId);
    assertThat(RunStores.tag(evaluated, "mlflow.parentRunId")).isEqualTo(runId);
    assertThat(RunStores.status(evaluated)).as("FINISHED").isEqualTo("3");
    Map<String, List<String>> metrics = RunStores.metrics(evaluated);
    assertThat(metrics.keySet()).contains("ddim-2/mmd2", "ddim-5/mmd2").hasSize(6);
    // The Frechet distance and its classifier's accuracy, in the classifier's own folder, per sampler.
    assertThat(metrics.keySet()).filteredOn(k -> k.startsWith("ddim-5/frechet/")).hasSize(2)
        .allMatch(k -> k.matches("ddim-5/frechet/[0-9a-f]{12}/(distance|classifier_test_accuracy)"));
    assertThat(evaluated.resolve("params/samplers.ddim-2.eta")).hasContent("1.0");
    // The same checkpoint and seed: ddim-5 judged in the evaluation equals ddim-5 judged after training.
    assertThat(metrics.get("ddim-5/mmd2")).isEqualTo(before.get("ddim-5/mmd2"));
    assertThat(RunStores.metrics(trained)).isEqualTo(before);
    // The evaluation records the data it used: the trained run's own datasets, shared in the experiment.
    var tracker = new io.genlab.tracking.internal.FileStoreTracker(store);
    assertThat(tracker.datasetInputs(evaluated.getFileName().toString())).hasSize(2)
        .isEqualTo(tracker.datasetInputs(runId));
    assertThat(RunStores.systemMetrics(evaluated)).as("nothing trained, nothing sampled").isEmpty();
  }

  @Test
  void anEvaluationSpecThatChangesTrainingIsBadInputAndWritesNothing() throws IOException {
    Path store = dir.resolve("bad");
    assertThat(GenlabCli.execute("run", spec().toString(), "--set", "tracking.uri=" + store)).isZero();
    Path trained = RunStores.onlyRun(store.resolve("1"));
    Path evaluation = dir.resolve("bad.yaml");
    Files.writeString(evaluation, "training: {epochs: 3}\nsamplers: [{name: ddim, config: {steps: 500}}]\n");
    assertThat(GenlabCli.execute("evaluate", trained.getFileName().toString(), evaluation.toString(),
        "--tracking-uri", store.toString())).isEqualTo(GenlabCli.EXIT_BAD_INPUT);
    Path tooManySteps = dir.resolve("steps.yaml");
    Files.writeString(tooManySteps, "samplers: [{name: ddim, config: {steps: 500}}]\n");
    assertThat(GenlabCli.execute("evaluate", trained.getFileName().toString(), tooManySteps.toString(),
        "--tracking-uri", store.toString())).isEqualTo(GenlabCli.EXIT_BAD_INPUT);
    assertThat(GenlabCli.execute("evaluate", trained.getFileName().toString(), "--tracking-uri", store.toString(),
        "--set", "model.config.diffusion.schedule=cosine")).isEqualTo(GenlabCli.EXIT_BAD_INPUT);
    assertThat(RunStores.runs(store.resolve("1"))).containsExactly(trained);
  }
}
