package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.runner.badinput.CliRun;
import io.genlab.runner.run.ExperimentRunner;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.runner.spec.SpecResolver;
import io.genlab.tracking.internal.FileStoreTracker;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * samples decoded to images for grids and the Fréchet distance, the first stage recorded; evaluate rebuilds the
 * latents, a run interrupted and resumed ends as an uninterrupted one, and a first stage whose checkpoint changed
 * is refused on resume.
 */
class LatentRunTests {
  private static final Pattern RUN_ID = Pattern.compile("run ([0-9a-f]{32}) in experiment");
  @TempDir static Path dir;
  static Path base;
  static String firstStage;
  static Path otherCheckpoint;

  @BeforeAll
  static void trainFirstStages() throws IOException {
    base = dir.resolve("base");
    firstStage = train(firstStageSpec(7), base);
    Path other = dir.resolve("other");
    String otherRun = train(firstStageSpec(8), other);
    otherCheckpoint = checkpoint(other, otherRun);
  }

  static Path firstStageSpec(int seed) throws IOException {
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

  private static Path latentSpec(String firstStageRun, int epochs) throws IOException {
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
    String latent = train(latentSpec(firstStage, 2), store);
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
  }

  @Test
  void anInterruptedLatentRunResumesToTheUninterruptedOneAndRefusesAChangedFirstStage() throws Exception {
    Path straight = copy(base, "straight");
    String uninterrupted = train(latentSpec(firstStage, 3), straight);

    Path interrupted = copy(base, "interrupted");
    String killed = trainUntilFirstIteration(latentSpec(firstStage, 3), interrupted);
    assertThat(RunStores.status(runFolder(interrupted, killed))).isEqualTo("5"); // KILLED

    // The first stage retrained meanwhile (another checkpoint of the same model): its latents are not the run's.
    Path changed = copy(interrupted, "changed");
    Files.copy(otherCheckpoint, checkpoint(changed, firstStage), StandardCopyOption.REPLACE_EXISTING);
    CliRun refused = CliRun.of("resume", killed, "--tracking-uri", changed.toString());
    assertThat(refused.code()).as("%s", refused).isEqualTo(2);
    assertThat(refused.err()).contains("firstStage.run", "the checkpoint of run " + firstStage,
        sha256(checkpoint(interrupted, firstStage)), sha256(otherCheckpoint)).doesNotContain("\tat ");

    CliRun resumed = CliRun.of("resume", killed, "--tracking-uri", interrupted.toString());
    assertThat(resumed.code()).as("%s", resumed).isZero();
    Path run = runFolder(interrupted, killed);
    assertThat(RunStores.tag(run, "genlab.resumed")).startsWith("from iteration ");
    assertThat(RunStores.metrics(run)).isEqualTo(RunStores.metrics(runFolder(straight, uninterrupted)));
  }

  /** Runs {@code spec} in-process until its first iteration, then asks it to stop, as Ctrl-C does. */
  private static String trainUntilFirstIteration(Path spec, Path store) throws IOException {
    PluginRegistry registry = PluginRegistry.discover();
    ExperimentRunner[] runner = new ExperimentRunner[1];
    PrintStream console = new PrintStream(new OutputStream() {
      private final StringBuilder line = new StringBuilder();

      @Override
      public void write(int b) {
        if (b != '\n') {
          line.append((char) b);
          return;
        }
        if (line.toString().contains(" iter 1/")) {
          runner[0].requestStop();
        }
        line.setLength(0);
      }
    }, true, StandardCharsets.UTF_8);
    runner[0] = new ExperimentRunner(registry, console);
    ExperimentSpec resolved = new SpecResolver(registry).resolve(spec, List.of("tracking.uri=" + store));
    try (FileStoreTracker tracker = new FileStoreTracker(store)) {
      ExperimentRunner.Result result = runner[0].run(resolved, null, tracker);
      assertThat(result.outcome()).isEqualTo(ExperimentRunner.Outcome.KILLED);
      return result.runId();
    }
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
    Path to = dir.resolve(name);
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
