package io.genlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ComponentKind;
import io.genlab.api.Metric;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.runner.cli.GenlabCli;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.tracking.internal.FileStoreTracker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TrackedRunModels}: another run's model, loaded by id from the store as {@code genlab evaluate} loads it,
 * computes exactly what the run computed at its end, is loaded once, and is recorded with its checkpoint's digest.
 */
class RunModelsTests {
  @TempDir static Path dir;
  static Path store;
  static String runId;
  private final PluginRegistry registry = PluginRegistry.discover();
  private final PrintStream console = new PrintStream(new ByteArrayOutputStream());

  @BeforeAll
  static void trainOnce() throws IOException {
    store = dir.resolve("store");
    Path spec = dir.resolve("vae.yaml");
    Files.writeString(spec, """
        name: tiny
        experiment: models
        seed: 7
        threads: 1
        data: {name: shapes, config: {trainSize: 96, testSize: 32, size: 8}}
        model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 3}}
        loss: elbo
        training: {epochs: 2, batchSize: 32}
        metrics: [test-elbo]
        """);
    assertThat(GenlabCli.execute("run", spec.toString(), "--set", "tracking.uri=" + store)).isZero();
    try (Stream<Path> runs = Files.list(store.resolve("1"))) {
      runId = runs.filter(p -> Files.exists(p.resolve("meta.yaml"))).findFirst().orElseThrow().getFileName().toString();
    }
  }

  @Test
  void aLoadedRunComputesWhatTheRunComputedFromItsCheckpoint() throws IOException {
    try (FileStoreTracker tracker = new FileStoreTracker(store)) {
      RunPreparation preparation = new RunPreparation(registry, console);
      LoggedRunPreparation loggedRuns = new LoggedRunPreparation(registry, console, preparation);
      TrackedRunModels runs = new TrackedRunModels(loggedRuns, tracker, 1, List.of());
      TrainedModel model = runs.load(runId);
      assertThat(runs.load(runId)).as("loaded once").isSameAs(model);

      // The run's own test data and the metric's seeded source, as the run's final evaluation had them.
      ExperimentSpec spec = loggedRuns.loggedSpec(tracker, runId, Map.of());
      PreparedRun data = preparation.prepare(spec, tracker, List.of());
      Metric elbo = registry.create(ComponentKind.METRIC, Metric.class, "test-elbo", Map.of(), "metrics[0]").component();
      Map<String, Double> again = elbo.evaluate(model, new Metric.EvaluationContext(data.train(), data.evalTest(),
          RandomSource.seeded(7).derive("metric").derive(0), RunPreparation.cacheDirectory()));
      double logged = tracker.run(runId).orElseThrow().metrics().get("test/neg_elbo");
      assertThat(again.get("test/neg_elbo")).as("bit for bit").isEqualTo(logged);
      // A freshly initialised model of the same spec computes something else: the checkpoint was restored.
      Map<String, Double> fresh = elbo.evaluate(data.session(), new Metric.EvaluationContext(data.train(),
          data.evalTest(), RandomSource.seeded(7).derive("metric").derive(0), RunPreparation.cacheDirectory()));
      assertThat(fresh.get("test/neg_elbo")).isNotEqualTo(logged);

      byte[] checkpoint = tracker.readArtifact(runId, ExperimentRunner.CHECKPOINT).orElseThrow();
      assertThat(runs.checkpointDigests()).containsExactly(Map.entry(runId, RunPreparation.sha256(checkpoint)));
    }
  }

  @Test
  void anUnknownOrMalformedIdIsBadInputNamingIt() throws IOException {
    try (FileStoreTracker tracker = new FileStoreTracker(store)) {
      TrackedRunModels runs = new TrackedRunModels(new LoggedRunPreparation(registry, console,
          new RunPreparation(registry, console)), tracker, 1, List.of());
      String typo = runId.substring(0, 31) + (runId.endsWith("0") ? "1" : "0");
      assertThatThrownBy(() -> runs.load(typo)).isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("no such run").hasMessageContaining("did you mean '" + runId + "'");
      assertThatThrownBy(() -> runs.load("../" + runId)).isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("is not a run id");
      assertThat(runs.checkpointDigests()).isEmpty();
    }
  }
}
