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
 * A GAN through the runner, which knows no GAN: a short seeded toy run is bit-identical twice, logs
 * both networks' losses per step, its metrics and scatter plots at every evaluation, and a run whose
 * losses overflow ends FAILED with the reason.
 */
class GanRunTests {
  @TempDir Path dir;

  private Path spec(String loss) throws IOException {
    Path spec = dir.resolve(loss + ".yaml");
    Files.writeString(spec, """
        name: toy-%s
        experiment: gan
        seed: 3
        data: {name: toy2d, config: {distribution: 8gaussians, trainSize: 256, testSize: 128}}
        model: {name: mlp-gan, config: {latentDim: 2, generatorHidden: [16], discriminatorHidden: [16]}}
        loss: {name: %s, config: {criticSteps: 2}}
        training:
          epochs: 2
          batchSize: 32
          logEvery: 1
          evaluateEvery: 1
          optimizers:
            generator: {learningRate: 1.0e-3, beta1: 0.5}
            discriminator: {name: rmsprop, learningRate: 5.0e-4}
        metrics: [{name: mode-coverage, config: {samples: 200}}, {name: sliced-wasserstein, config: {samples: 100}}]
        samplers: [{name: gan-prior, config: {count: 100}}]
        """.formatted(loss, loss));
    return spec;
  }

  @Test
  void aShortSeededToyRunIsBitIdenticalTwiceAndLogsEveryEvaluation() throws IOException {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    assertThat(GenlabCli.execute("run", spec("wgan-gp").toString(), "--set", "tracking.uri=" + first)).isZero();
    assertThat(GenlabCli.execute("run", spec("wgan-gp").toString(), "--set", "tracking.uri=" + second)).isZero();
    Path run = RunStores.onlyRun(first.resolve("1"));
    Map<String, List<String>> metrics = RunStores.metrics(run);
    Map<String, List<String>> again = RunStores.metrics(RunStores.onlyRun(second.resolve("1")));
    metrics.keySet().stream().filter(k -> !k.startsWith("perf/")).forEach(k ->
        assertThat(again.get(k)).as(k).isEqualTo(metrics.get(k)));
    // 2 epochs x 8 batches, both networks every iteration; the penalty and the Wasserstein estimate too.
    assertThat(metrics.get("loss/discriminator")).hasSize(16);
    assertThat(metrics.get("loss/generator")).hasSize(16);
    assertThat(metrics).containsKeys("train/penalty", "train/wasserstein", "train/d_real", "train/d_fake");
    // Evaluated after epoch 1 and at the end.
    assertThat(metrics.get("gan-prior/modes/covered")).hasSize(2);
    assertThat(metrics.get("gan-prior/sliced_wasserstein")).hasSize(2);
    assertThat(run.resolve("artifacts/samples/epoch-0001/gan-prior.png").toFile()).exists();
    assertThat(run.resolve("artifacts/samples/gan-prior.png").toFile()).exists();
    assertThat(run.resolve("params/training.optimizers.discriminator.name")).hasContent("rmsprop");
  }

  @Test
  void aRunWhoseLossesOverflowEndsFailedWithTheReason() throws IOException {
    Path store = dir.resolve("diverged");
    int code = GenlabCli.execute("run", spec("lsgan").toString(), "--set", "tracking.uri=" + store,
        "--set", "loss.config={}", "--set", "training.optimizers.discriminator.learningRate=1e30");
    assertThat(code).isEqualTo(GenlabCli.EXIT_RUN_FAILED);
    Path run = RunStores.onlyRun(store.resolve("1"));
    assertThat(Files.readString(run.resolve("meta.yaml"))).contains("status: 4");
    assertThat(Files.readString(run.resolve("tags/genlab.failure"))).contains("became", "at iteration");
  }

  @Test
  void anOptimiserForAGroupTheModelLacksIsBadInputBeforeAnythingIsWritten() throws IOException {
    Path store = dir.resolve("bad");
    int code = GenlabCli.execute("run", spec("hinge").toString(), "--set", "tracking.uri=" + store,
        "--set", "loss.config={}", "--set", "training.optimizers.critic={learningRate: 1.0e-4}");
    assertThat(code).isEqualTo(GenlabCli.EXIT_BAD_INPUT);
    assertThat(store.resolve("1").toFile()).doesNotExist();
  }
}
