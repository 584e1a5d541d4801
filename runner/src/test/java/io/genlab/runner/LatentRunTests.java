package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.runner.badinput.CliRun;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained in a first stage's latent space (latent diffusion): a DDPM on the codes of a tiny VAE, its
 * samples decoded to images for grids and the Fréchet distance, the first stage recorded; evaluate and reproduce
 * rebuild the same latents. {@link LatentResumeTests} interrupts and resumes such a run.
 */
class LatentRunTests {
  private static final Pattern RUN_ID = Pattern.compile("run ([0-9a-f]{32}) in experiment");
  @TempDir static Path dir;
  static Path base;
  static String firstStage;

  @BeforeAll
  static void trainFirstStage() throws IOException {
    base = dir.resolve("base");
    firstStage = train(firstStageSpec(dir, 7), base);
  }

  static Path firstStageSpec(Path dir, int seed) throws IOException {
    Path spec = dir.resolve("first-stage-" + seed + ".yaml");
    Files.writeString(spec, """
        name: first-stage
        experiment: first-stage
        seed: %d
        threads: 1
        data: {name: shapes, config: {trainSize: 128, testSize: 48, size: 8}}
        model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 3}}
        loss: elbo
        training: {epochs: 2, batchSize: 32}
        """.formatted(seed));
    return spec;
  }

  static Path latentSpec(Path dir, String firstStageRun, int epochs) throws IOException {
    Path spec = dir.resolve("latent-" + epochs + ".yaml");
    Files.writeString(spec, """
        name: latent
        experiment: latent
        seed: 3
        threads: 1
        data: {name: shapes, config: {trainSize: 128, testSize: 48, size: 8}}
        firstStage: {run: %s}
        model: {name: mlp-ddpm, config: {hidden: [16], timeEmbedding: 8, diffusion: {timesteps: 20}}}
        loss: ddpm
        training: {epochs: %d, batchSize: 32, logEvery: 1}
        metrics: [vlb, {name: frechet-distance, config: {samples: 40, hidden: [16], epochs: 1}}]
        samplers:
          - {name: ddim, config: {count: 8, steps: 4}}
          - {name: run-probe, config: {run: %s}}
        """.formatted(firstStageRun, epochs, firstStageRun));
    return spec;
  }

  @Test
  void aDiffusionModelTrainsOnTheLatentsAndItsSamplesAreDecodedToImages() throws Exception {
    Path store = copy(base, "e2e");
    String latent = train(latentSpec(dir, firstStage, 2), store);
    Path run = runFolder(store, latent);
    Map<String, List<String>> metrics = RunStores.metrics(run);
    assertThat(metrics).containsKeys("loss/denoising", "vlb/nll");
    assertThat(metrics.keySet()).anyMatch(k -> k.matches("ddim/frechet/[0-9a-f]{12}/distance"));
    // An image grid of 8 x 8 images (each drawn 7 times larger, 2 pixels apart), not a scatter plot of 3-D codes.
    BufferedImage grid = ImageIO.read(run.resolve("artifacts/samples/ddim.png").toFile());
    assertThat((grid.getWidth() - 2) % 58).isZero();
    assertThat((grid.getHeight() - 2) % 58).isZero();
    String digest = sha256(checkpoint(store, firstStage));
    assertThat(Files.readString(run.resolve("params/firstStage.run"))).isEqualTo(firstStage);
    assertThat(Double.parseDouble(Files.readString(run.resolve("params/firstStage.scaleFactor")))).isPositive();
    assertThat(RunStores.tag(run, "genlab.first_stage.checkpoint_sha256")).isEqualTo(digest);
    assertThat(RunStores.tag(run, "genlab.run_reference." + firstStage)).isEqualTo(digest);
    assertThat(RunStores.tag(run, "genlab.first_stage.latent_shape")).isEqualTo("[3]");
    assertThat(RunStores.tag(run, "genlab.protocol.space")).isEqualTo("latent:" + firstStage);
    assertThat(RunStores.tag(run, "genlab.metric_space.model")).startsWith("latent");

    // evaluate rebuilds the same latents from the same first stage: the same final metrics, in a nested run.
    CliRun evaluate = CliRun.of("evaluate", latent, "--tracking-uri", store.toString());
    assertThat(evaluate.code()).as("%s", evaluate).isZero();
    Matcher id = Pattern.compile("evaluation run ([0-9a-f]{32}) ").matcher(evaluate.err());
    assertThat(id.find()).isTrue();
    Map<String, List<String>> evaluated = RunStores.metrics(runFolder(store, id.group(1)));
    assertThat(evaluated.get("vlb/nll")).isEqualTo(metrics.get("vlb/nll"));

    CliRun reproduce = CliRun.of("reproduce", latent, "--tracking-uri", store.toString());
    assertThat(reproduce.code()).as("%s", reproduce).isZero();
    assertThat(reproduce.out()).contains("IDENTICAL  ddim/frechet/", "IDENTICAL  vlb/nll");
  }

  static String train(Path spec, Path store) {
    CliRun run = CliRun.of("run", spec.toString(), "--set", "tracking.uri=" + store);
    assertThat(run.code()).as("%s", run).isZero();
    Matcher id = RUN_ID.matcher(run.err());
    assertThat(id.find()).as("%s", run).isTrue();
    return id.group(1);
  }

  static Path runFolder(Path store, String runId) throws IOException {
    try (Stream<Path> runs = Files.find(store, 2, (p, a) -> p.getFileName().toString().equals(runId))) {
      return runs.findFirst().orElseThrow();
    }
  }

  static Path checkpoint(Path store, String runId) throws IOException {
    return runFolder(store, runId).resolve("artifacts/checkpoints/last.ckpt");
  }

  static Path copy(Path from, String name) throws IOException {
    return copy(from, dir.resolve(name));
  }

  static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    return to;
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
