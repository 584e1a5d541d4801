package io.genlab.runner.badinput;

import io.genlab.runner.cli.GenlabCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A folder for bad-input cases: spec and data files they write, and an MLflow file store (created on first
 * use) holding one finished tiny run, for cases that resume, evaluate, reproduce or report.
 */
public final class Workspace {
  /** A valid tiny spec (a VAE on 8x8 shapes, seconds to run), without a tracking section. */
  public static final String VALID_SPEC = """
      name: tiny
      experiment: tiny
      seed: 5
      data: {name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}
      model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 2}}
      loss: elbo
      training: {epochs: 1, batchSize: 16, binarize: dynamic, logEvery: 1}
      metrics: [test-elbo]
      samplers: [{name: prior, config: {count: 4}}]
      """;

  private final Path root;
  private String finishedRun;
  private int files;

  public Workspace(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** The workspace's MLflow file store. */
  public Path store() {
    return root.resolve("mlruns");
  }

  /** A spec file holding {@code yaml}, sent to this workspace's store unless it names a tracking section. */
  public String spec(String yaml) {
    String text = yaml.contains("tracking:") ? yaml : yaml + (yaml.endsWith("\n") || yaml.isEmpty() ? "" : "\n")
        + "tracking: {uri: '" + store() + "'}\n";
    return file("spec-" + (++files) + ".yaml", text.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** A spec file holding exactly these bytes (no tracking section added). */
  public String rawSpec(byte[] bytes) {
    return file("raw-" + (++files) + ".yaml", bytes).toString();
  }

  /** Writes {@code bytes} to {@code name} under the workspace (folders created). */
  public Path file(String name, byte[] bytes) {
    try {
      Path path = root.resolve(name);
      Files.createDirectories(path.getParent());
      return Files.write(path, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates the folder {@code name} under the workspace. */
  public Path folder(String name) {
    try {
      return Files.createDirectories(root.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The id of a FINISHED run in {@link #store()}, trained once per workspace. */
  public String finishedRun() {
    if (finishedRun == null) {
      CliRun run = CliRun.of("run", spec(VALID_SPEC));
      if (run.code() != 0) {
        throw new IllegalStateException("the workspace's reference run failed: " + run);
      }
      try (Stream<Path> experiments = Files.list(store())) {
        finishedRun = experiments.filter(Files::isDirectory).flatMap(Workspace::runsOf)
            .map(p -> p.getFileName().toString()).findFirst().orElseThrow();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return finishedRun;
  }

  /**
   * A copy of {@link #store()} (with the finished run) in the folder {@code name}, for a case that damages
   * the store without touching the one other cases share; {@code name-2}, {@code name-3}... when taken.
   */
  public Path copyStore(String name) {
    finishedRun();
    Path copy = root.resolve(name);
    for (int i = 2; Files.exists(copy); i++) {
      copy = root.resolve(name + "-" + i);
    }
    try (Stream<Path> paths = Files.walk(store())) {
      for (Path p : paths.toList()) {
        Files.copy(p, copy.resolve(store().relativize(p).toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copy;
  }

  /** The folder of run {@code runId} in the store at {@code store}. */
  public static Path runFolder(Path store, String runId) {
    try (Stream<Path> experiments = Files.list(store)) {
      return experiments.map(e -> e.resolve(runId)).filter(Files::isDirectory).findFirst().orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<Path> runsOf(Path experiment) {
    try {
      return Files.list(experiment).filter(p -> Files.exists(p.resolve("meta.yaml"))).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int badInputCode() {
    return GenlabCli.EXIT_BAD_INPUT;
  }
}
