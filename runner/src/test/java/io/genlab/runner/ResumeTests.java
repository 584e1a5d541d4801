package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.runner.cli.GenlabCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming: a training process killed with SIGKILL mid-run, resumed with {@code genlab resume}, ends
 * with exactly the metrics of an uninterrupted run, and no metric step is logged twice.
 */
class ResumeTests {
  @TempDir Path dir;

  private Path spec() throws IOException {
    Path spec = dir.resolve("long.yaml");
    // Long enough (about 40 x 64 iterations) that the kill lands mid-training, well after the first checkpoint;
    // the KL warm-up and the cosine schedule are still moving when it lands (state a resume must restore).
    Files.writeString(spec, """
        name: long
        experiment: resume
        seed: 11
        threads: 1
        data: {name: shapes, config: {trainSize: 1024, testSize: 64, size: 8}}
        model: {name: mlp-vae, config: {hiddenSizes: [64], latentDim: 4}}
        loss: {name: elbo, config: {kl: {warmupSteps: 1500}}}
        training: {epochs: 40, batchSize: 16, binarize: dynamic, logEvery: 1,
                   schedule: {name: cosine, warmupSteps: 100, minFactor: 0.1}}
        metrics: [test-elbo, {name: iwae-nll, config: {samples: 4}}]
        """);
    return spec;
  }

  @Test
  void aRunKilledMidTrainingResumesToTheMetricsOfAnUninterruptedRun() throws Exception {
    Path spec = spec();
    Path straight = dir.resolve("straight");
    assertThat(GenlabCli.execute("run", spec.toString(), "--set", "tracking.uri=" + straight)).isZero();

    Path killed = dir.resolve("killed");
    Process process = RunStores.cli(dir.resolve("killed.log"), "run", spec.toString(), "--set", "tracking.uri=" + killed);
    Path epochLosses = waitForEpochs(process, killed.resolve("1"), 3);
    process.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint, the run left RUNNING
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Path run = RunStores.onlyRun(killed.resolve("1"));
    assertThat(RunStores.status(run)).as("the kill landed mid-run").isEqualTo("1"); // RUNNING
    int logged = RunStores.metrics(run).get("loss/neg_elbo").size();
    assertThat(logged).isLessThan(40 * 64);
    assertThat(Files.readAllLines(epochLosses)).hasSizeGreaterThanOrEqualTo(3);
    // The killed process sampled the machine while it trained (RunStores.cli: every 50 ms).
    assertThat(Files.readAllLines(run.resolve("metrics/system/process_threads"))).hasSizeGreaterThan(1);

    assertThat(GenlabCli.execute("resume", run.getFileName().toString(), "--tracking-uri", killed.toString())).isZero();

    assertThat(RunStores.status(run)).isEqualTo("3"); // FINISHED
    assertThat(RunStores.tag(run, "genlab.resumed")).startsWith("from iteration ");
    assertThat(RunStores.repeatedSteps(run)).isEmpty();
    Map<String, List<String>> expected = RunStores.metrics(RunStores.onlyRun(straight.resolve("1")));
    assertThat(expected).containsKeys("loss/neg_elbo", "epoch/loss/neg_elbo", "test/neg_elbo", "test/iwae_nll",
        "train/kl_weight", "lr/model");
    assertThat(RunStores.metrics(run)).isEqualTo(expected);
    assertThat(new io.genlab.tracking.internal.FileStoreTracker(killed).datasetInputs(run.getFileName().toString()))
        .as("logged when the run started and again when it resumed: recorded once").hasSize(2);
  }

  @Test
  void resumingAFinishedRunChangesNothing() throws IOException {
    Path store = dir.resolve("mlruns");
    assertThat(GenlabCli.execute("run", spec().toString(), "--set", "tracking.uri=" + store,
        "--set", "training.epochs=1")).isZero();
    Path run = RunStores.onlyRun(store.resolve("1"));
    Map<String, List<String>> before = RunStores.metrics(run);
    assertThat(GenlabCli.execute("resume", run.getFileName().toString(), "--tracking-uri", store.toString())).isZero();
    assertThat(RunStores.metrics(run)).isEqualTo(before);
    assertThat(RunStores.status(run)).isEqualTo("3");
  }

  @Test
  void resumingAnUnknownRunIsBadInputNamingTheStore() {
    Path store = dir.resolve("mlruns");
    assertThat(GenlabCli.execute("resume", "0123456789abcdef0123456789abcdef", "--tracking-uri", store.toString()))
        .isEqualTo(GenlabCli.EXIT_BAD_INPUT);
  }

  /** Waits until the run has logged {@code epochs} epoch means, failing if the process ends first. */
  private static Path waitForEpochs(Process process, Path experiment, int epochs) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("the training process is still running").isTrue();
      if (Files.isDirectory(experiment)) {
        for (Path run : RunStores.runs(experiment)) {
          Path file = run.resolve("metrics/epoch/loss/neg_elbo");
          if (Files.exists(file) && Files.readAllLines(file).size() >= epochs) {
            return file;
          }
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the run did not reach epoch " + epochs + " in 120 s");
  }
}
