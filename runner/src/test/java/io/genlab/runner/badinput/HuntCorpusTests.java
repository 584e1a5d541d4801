package io.genlab.runner.badinput;

import static io.genlab.runner.badinput.BadInputCase.of;
import static io.genlab.runner.badinput.BadInputCase.run;
import static io.genlab.runner.badinput.BadInputCase.runValid;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input found by trying the CLI as an adversarial new user, after the per-area corpora: each case is
 * one finding that exited with another code, left the store changed or replaced a file it must not.
 */
class HuntCorpusTests {
  @TempDir static Path dir;

  static final String SHAPES_10 = """
      name: t
      experiment: tiny
      data: {name: shapes, config: {trainSize: 64, testSize: 16, size: 10}}
      """;
  static final String SHAPES_12 = SHAPES_10.replace("size: 10", "size: 12");

  static final List<BadInputCase> CASES = List.of(
      of("report --out a link to a device", ws -> {
        ws.finishedRun();
        return List.of("report", "tiny", "--tracking-uri", ws.store().toString(), "--out",
            link(ws, "null-link", Path.of("/dev/null")).toString());
      }, "--out", "null-link", "not a regular file"),
      of("report --out a link to a missing file", ws -> {
        ws.finishedRun();
        return List.of("report", "tiny", "--tracking-uri", ws.store().toString(), "--out",
            link(ws, "dangling.md", ws.root().resolve("gone/r.md")).toString());
      }, "--out", "dangling.md", "link to a missing file"),
      onCopiedRun("reproduce of a RUNNING run", "reproduce", (run, id) ->
          StoreCorpusTests.rewrite(run.resolve("meta.yaml"), "status: 3", "status: 1"), "is RUNNING", "genlab resume"),
      onCopiedRun("reproduce of a KILLED run", "reproduce", (run, id) ->
          StoreCorpusTests.rewrite(run.resolve("meta.yaml"), "status: 3", "status: 5"), "was KILLED", "genlab resume"),
      onCopiedRun("reproduce of an evaluation run", "reproduce", (run, id) ->
          UncheckedFiles.write(run.resolve("tags/genlab.evaluates"), "0123abcd".getBytes(StandardCharsets.UTF_8)),
          "is an evaluation of run 0123abcd", "not a trained run"),
      // "file:" was the working directory: a run made MLflow's folders among the user's files.
      runValid("--set tracking.uri='file:'", List.of("--set", "tracking.uri='file:'"), "tracking.uri", "names no folder"),
      // YAML reads an unquoted file: as a mapping, which was the folder '{file=null}'.
      runValid("--set tracking.uri=file:", List.of("--set", "tracking.uri=file:"), "tracking.uri",
          "must be a string, found a mapping"),
      runValid("--set tracking.uri a list", List.of("--set", "tracking.uri=[a, b]"), "tracking.uri",
          "must be a string, found a list"),
      // What a model needs of the data's shape was checked when the model was built: exit 70 with a trace.
      run("conv-vae on images whose sides are not multiples of 4", SHAPES_10 + """
          model: {name: conv-vae, config: {channels: [4, 4], hiddenSize: 8, latentDim: 2}}
          loss: elbo
          training: {epochs: 1, batchSize: 16, binarize: dynamic}
          """, "model:", "sides divisible by 4", "[1, 10, 10]"),
      run("unet-ddpm with more levels than the image side halves", SHAPES_12 + """
          model: {name: unet-ddpm, config: {channels: 8, multipliers: [1, 1, 1], timeEmbedding: 8, groups: 4,
            diffusion: {timesteps: 10}}}
          loss: ddpm
          training: {epochs: 1, batchSize: 16}
          """, "model.config.multipliers", "divisible by 8", "12x12"),
      run("realnvp with more scales than the image side halves", SHAPES_12 + """
          model: {name: realnvp, config: {scales: 3, channels: 4, blocks: 1}}
          loss: flow-nll
          training: {epochs: 1, batchSize: 16}
          """, "model.config.scales", "divisible by 8"),
      run("dcgan on 2-D points", """
          name: t
          experiment: tiny
          data: {name: toy2d, config: {trainSize: 64, testSize: 16}}
          model: {name: dcgan, config: {width: 4, latentDim: 4}}
          loss: minimax
          training: {epochs: 1, batchSize: 16}
          """, "model:", "use mlp-gan"),
      of("report --tracking-uri file:", ws -> List.of("report", "tiny", "--tracking-uri", "file:"), "--tracking-uri",
          "names no folder"),
      // Sampler and metric rules that hold only against the data: found once the data are loaded, before a run
      // starts (they were found after training, the run then ending FAILED).
      run("sequential sampler label beyond the data's classes", shapesWith("""
          model: {name: pixelcnn, config: {channels: 4, residualBlocks: 1, outputHidden: 4, conditional: true}}
          loss: autoregressive-nll
          samplers: [{name: sequential, config: {label: 7, count: 2}}]
          """), "samplers[0]", "label must be in [0, 5) for data with 5 classes, found 7"),
      run("anomaly-auroc outlier class beyond the data's classes", shapesWith("""
          model: {name: mlp-vae, config: {hiddenSizes: [8], latentDim: 2}}
          loss: elbo
          metrics: [test-elbo, {name: anomaly-auroc, config: {outlierClass: 99}}]
          """), "metrics[1]", "anomaly-auroc outlierClass 99 is not a class of the data (0..4)"),
      of("frechet-distance on unlabelled data, --dry-run", ws -> List.of("run", ws.spec("""
          name: t
          experiment: tiny
          data: {name: toy2d, config: {distribution: swissroll, trainSize: 64, testSize: 16}}
          model: {name: mlp-gan, config: {latentDim: 2, generatorHidden: [8], discriminatorHidden: [8]}}
          loss: minimax
          training: {epochs: 1, batchSize: 16}
          metrics: [{name: frechet-distance, config: {samples: 16}}]
          """), "--dry-run"), "metrics[0]", "frechet-distance needs labelled training data"));

  @TestFactory
  Stream<DynamicTest> refused() {
    return BadInputCase.tests(new Workspace(dir), CASES);
  }

  @Test
  void reportOutThroughALinkWritesTheLinkedFileAndKeepsTheLink(@TempDir Path tmp) throws IOException {
    Workspace ws = new Workspace(tmp);
    ws.finishedRun();
    Path target = ws.file("reports/real.md", "old".getBytes(StandardCharsets.UTF_8));
    Path link = link(ws, "report-link.md", target);
    CliRun run = CliRun.of("report", "tiny", "--tracking-uri", ws.store().toString(), "--out", link.toString());
    assertThat(run.code()).as("%s", run).isZero();
    assertThat(Files.isSymbolicLink(link)).as("the link is kept").isTrue();
    assertThat(Files.readString(target)).startsWith("## Experiment `tiny`");
  }

  /** A run of 8x8 shapes with {@code components} (model, loss, metrics, samplers). */
  static String shapesWith(String components) {
    return """
        name: t
        experiment: tiny
        data: {name: shapes, config: {trainSize: 32, testSize: 16, size: 8}}
        training: {epochs: 1, batchSize: 16, binarize: dynamic}
        """ + components;
  }

  /**
   * {@code command <id> --tracking-uri <copy>} on the finished run in a copy of the workspace's store,
   * changed by {@code change} (given the run's folder and id) first.
   */
  static BadInputCase onCopiedRun(String name, String command, BiConsumer<Path, String> change, String... mentions) {
    return of(name, ws -> {
      Path store = ws.copyStore("store-" + Math.abs(name.hashCode()));
      String id = ws.finishedRun();
      change.accept(Workspace.runFolder(store, id), id);
      return List.of(command, id, "--tracking-uri", store.toString());
    }, mentions);
  }

  /** A symbolic link {@code name} in the workspace to {@code target}. */
  static Path link(Workspace ws, String name, Path target) {
    Path link = ws.root().resolve(name);
    try {
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, target);
      }
      return link;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
