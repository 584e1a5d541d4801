package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.runner.badinput.CliRun;
import io.genlab.runner.badinput.StoreSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that load other runs (a first stage, a sampler's reference) are checked before they start, and with
 * {@code --dry-run}: an unknown id (with a did-you-mean), a malformed one, a run without a checkpoint and a first
 * stage that cannot encode are each one message at the spec path naming the id, exit 2, no stack trace and nothing
 * written; a good reference is recorded with its checkpoint's digest and loaded by the sampler.
 */
class RunReferenceTests {
  @TempDir static Path dir;
  static Path store;
  static String vae;
  static String cvae;

  @BeforeAll
  static void trainReferencedRuns() throws IOException {
    store = dir.resolve("store");
    vae = LatentRunTests.train(spec("vae", "mlp-vae"), store);
    cvae = LatentRunTests.train(spec("cvae", "cvae"), store);
  }

  private static Path spec(String name, String model) throws IOException {
    Path spec = dir.resolve(name + ".yaml");
    Files.writeString(spec, """
        name: %s
        experiment: referenced
        seed: 2
        threads: 1
        data: {name: shapes, config: {trainSize: 64, testSize: 32, size: 8}}
        model: {name: %s, config: {hiddenSizes: [8], latentDim: 2}}
        loss: elbo
        training: {epochs: 1, batchSize: 32}
        """.formatted(name, model));
    return spec;
  }

  /** A run of a tiny Gaussian VAE, on a first stage's latents when {@code firstStage} is not null, with a probe sampler. */
  private static Path referencing(String firstStage, String probed) throws IOException {
    Path spec = dir.resolve("referencing.yaml");
    Files.writeString(spec, """
        name: referencing
        experiment: referencing
        seed: 4
        threads: 1
        data: {name: shapes, config: {trainSize: 64, testSize: 32, size: 8}}
        %s
        model: {name: mlp-vae, config: {hiddenSizes: [8], latentDim: 2, likelihood: gaussian}}
        loss: elbo
        training: {epochs: 1, batchSize: 32}
        samplers: [{name: run-probe, config: {run: '%s', count: 4}}]
        """.formatted(firstStage == null ? "" : "firstStage: {run: '" + firstStage + "'}", probed));
    return spec;
  }

  private static CliRun refused(Path spec, String... more) {
    StoreSnapshot before = StoreSnapshot.of(store);
    String[] args = new String[3 + more.length];
    args[0] = "run";
    args[1] = spec.toString();
    args[2] = "--set=tracking.uri=" + store;
    System.arraycopy(more, 0, args, 3, more.length);
    CliRun run = CliRun.of(args);
    assertThat(run.code()).as("%s", run).isEqualTo(2);
    assertThat(run.hasStackTrace()).as("%s", run).isFalse();
    assertThat(before.changedIn(StoreSnapshot.of(store))).isEmpty();
    return run;
  }

  @Test
  void anUnknownRunIsRefusedAtItsSpecPathWithTheClosestId() throws IOException {
    String typo = vae.substring(0, 30) + (vae.endsWith("00") ? "11" : "00");
    assertThat(refused(referencing(null, typo), "--dry-run").err())
        .contains("samplers[0].config.run: run '" + typo + "'", "no such run", "did you mean '" + vae + "'");
    assertThat(refused(referencing(typo, vae)).err())
        .contains("firstStage.run: run '" + typo + "', the first stage,", "did you mean '" + vae + "'");
  }

  @Test
  void aMalformedIdIsRefusedBeforeItReachesTheStore() throws IOException {
    assertThat(refused(referencing(null, "../" + vae), "--dry-run").err())
        .contains("samplers[0].config.run: '../" + vae + "' is not a run id");
    assertThat(refused(referencing("a/b", vae)).err()).contains("firstStage.run: 'a/b' is not a run id");
  }

  @Test
  void aRunWithoutACheckpointAndAFirstStageThatCannotEncodeAreRefused() throws IOException {
    Path checkpoint = LatentRunTests.checkpoint(store, vae);
    Path aside = dir.resolve("aside.ckpt");
    Files.move(checkpoint, aside);
    try {
      assertThat(refused(referencing(null, vae), "--dry-run").err())
          .contains("samplers[0].config.run: run '" + vae + "'", "has no checkpoints/last.ckpt");
    } finally {
      Files.move(aside, checkpoint);
    }
    assertThat(refused(referencing(cvae, vae), "--dry-run").err()).contains("firstStage.run: the model of run "
        + cvae + " ('cvae') cannot be a first stage", "LatentCodec", "mlp-vae");
  }

  @Test
  void aGoodReferenceIsLoadedByTheSamplerAndRecordedWithItsCheckpointDigest() throws Exception {
    String run = LatentRunTests.train(referencing(vae, vae), store);
    Path folder = LatentRunTests.runFolder(store, run);
    assertThat(RunStores.tag(folder, "genlab.run_reference." + vae))
        .isEqualTo(LatentRunTests.sha256(LatentRunTests.checkpoint(store, vae)));
    assertThat(folder.resolve("artifacts/samples/run-probe.png")).exists();
    // A VAE on a VAE's codes: any family trains in latent space.
    assertThat(RunStores.metrics(folder)).containsKey("epoch/loss/neg_elbo");
    assertThat(RunStores.tag(folder, "genlab.first_stage.latent_shape")).isEqualTo("[2]");
  }
}
