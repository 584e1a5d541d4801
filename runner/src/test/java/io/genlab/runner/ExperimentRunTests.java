package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.runner.cli.GenlabCli;
import io.genlab.tracking.DatasetInput;
import io.genlab.tracking.internal.FileStoreTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs tiny experiments end to end through the CLI into temporary MLflow stores: what is logged,
 * bit-identical reruns, and how failures end.
 */
class ExperimentRunTests {
  @TempDir Path dir;

  private Path spec(String name, String extra) throws IOException {
    Path spec = dir.resolve(name + ".yaml");
    Files.writeString(spec, """
        name: %s
        experiment: tiny
        seed: 5
        data: {name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}
        model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 2}}
        loss: elbo
        training: {epochs: 2, batchSize: 16, binarize: dynamic, logEvery: 1}
        metrics: [test-elbo, {name: iwae-nll, config: {samples: 4}}]
        samplers: [{name: prior, config: {count: 4}}]
        %s
        """.formatted(name, extra));
    return spec;
  }

  private static Path onlyRun(Path store) throws IOException {
    return RunStores.onlyRun(store.resolve("1"));
  }

  private static Map<String, List<String>> metrics(Path run) throws IOException {
    return RunStores.metrics(run);
  }

  @Test
  void aRunLogsParamsMetricsTagsSamplesAndCheckpointAndFinishes() throws IOException {
    Path store = dir.resolve("mlruns");
    int code = GenlabCli.execute("run", spec("a", "tracking: {uri: '" + store + "'}").toString());
    assertThat(code).isZero();
    Path run = onlyRun(store);
    assertThat(Files.readString(run.resolve("meta.yaml"))).contains("status: 3", "run_name: a");
    assertThat(run.resolve("params/model.config.latentDim")).hasContent("2");
    assertThat(run.resolve("params/seed")).hasContent("5");
    assertThat(run.resolve("tags/genlab.dataset.sha256").toFile()).exists();
    assertThat(Files.readString(run.resolve("tags/genlab.plugins"))).contains("vae=", "datasets=");
    assertThat(run.resolve("artifacts/samples/prior.png").toFile()).exists();
    assertThat(run.resolve("artifacts/checkpoints/last.ckpt").toFile()).exists();
    assertThat(run.resolve("artifacts/spec/resolved.yaml").toFile()).exists();
    Map<String, List<String>> metrics = metrics(run);
    assertThat(metrics).containsKeys("loss/neg_elbo", "train/kl", "epoch/loss/neg_elbo", "test/neg_elbo", "test/iwae_nll");
    assertThat(metrics.get("loss/neg_elbo")).hasSize(8); // 2 epochs x 4 batches, logged every iteration
    assertThat(run.resolve("metrics/perf/train_seconds").toFile()).exists();
    assertThat(run.resolve("metrics/perf/startup_seconds").toFile()).exists();
    assertThat(Files.readString(run.resolve("tags/genlab.nd4j.backend"))).startsWith("CpuBackend");
    assertThat(run.resolve("tags/genlab.threads")).hasContent("1");
    // How the likelihoods were measured, so that only like is compared with like.
    assertThat(run.resolve("tags/genlab.protocol.binarization")).hasContent("bernoulli-dynamic; test bernoulli-fixed-per-seed");
    assertThat(run.resolve("tags/genlab.protocol.levels")).hasContent("2");
    assertThat(run.resolve("tags/genlab.protocol.dequantization")).hasContent("none");
  }

  @Test
  void aRunRecordsItsDataAsMlflowDatasetInputsAndTheMachinesFigures() throws IOException {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    assertThat(GenlabCli.execute("run", spec("a", "tracking: {uri: '" + first + "'}").toString())).isZero();
    assertThat(GenlabCli.execute("run", spec("a", "tracking: {uri: '" + second + "'}").toString(),
        "--set", "data.config.trainSize=65")).isZero();
    Path run = onlyRun(first);
    List<DatasetInput> inputs = new FileStoreTracker(first).datasetInputs(run.getFileName().toString());
    assertThat(inputs).extracting(DatasetInput::name).containsExactly("shapes-test", "shapes-train");
    assertThat(inputs).extracting(DatasetInput::context).containsExactly("test", "train");
    assertThat(inputs).allSatisfy(in -> {
      assertThat(in.sourceType()).isEqualTo("code"); // shapes are drawn by code, from the seed
      assertThat(in.schema()).contains("mlflow_tensorspec", "[-1, 1, 8, 8]");
      assertThat(in.digest()).hasSize(36);
    });
    assertThat(inputs.get(1).profile()).contains("\"examples\": 64", "\"shape\": [1, 8, 8]");
    assertThat(first.resolve("1/datasets").toFile().list()).hasSize(2);
    List<DatasetInput> other = new FileStoreTracker(second).datasetInputs(onlyRun(second).getFileName().toString());
    assertThat(other.get(0).digest()).as("the same test data").isEqualTo(inputs.get(0).digest());
    assertThat(other.get(1).digest()).as("one more training example").isNotEqualTo(inputs.get(1).digest());
    // Sampled when training ends at the latest: logged at the last iteration, 2 epochs x 4 batches.
    assertThat(RunStores.systemMetrics(run)).contains("system/system_memory_usage_megabytes",
        "system/process_memory_rss_megabytes", "system/process_cpu_percentage");
    assertThat(Files.readString(run.resolve("metrics/system/process_threads"))).endsWith(" 8\n");
  }

  @Test
  void sameSpecAndSeedGiveBitIdenticalMetrics() throws IOException {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    assertThat(GenlabCli.execute("run", spec("a", "tracking: {uri: '" + first + "'}").toString())).isZero();
    assertThat(GenlabCli.execute("run", spec("a", "tracking: {uri: '" + second + "'}").toString())).isZero();
    Map<String, List<String>> a = metrics(onlyRun(first));
    assertThat(a).isNotEmpty().isEqualTo(metrics(onlyRun(second)));
    Path third = dir.resolve("third");
    assertThat(GenlabCli.execute("run", spec("a", "tracking: {uri: '" + third + "'}").toString(), "--set", "seed=6")).isZero();
    assertThat(metrics(onlyRun(third)).get("test/neg_elbo")).isNotEqualTo(a.get("test/neg_elbo"));
  }

  @Test
  void aDivergingRunEndsFailedNamingTheIteration() throws IOException {
    Path store = dir.resolve("mlruns");
    int code = GenlabCli.execute("run", spec("nan", "tracking: {uri: '" + store + "'}").toString(),
        "--set", "training.optimizer.learningRate=1e30");
    assertThat(code).isEqualTo(GenlabCli.EXIT_RUN_FAILED);
    Path run = onlyRun(store);
    assertThat(Files.readString(run.resolve("meta.yaml"))).contains("status: 4");
    assertThat(Files.readString(run.resolve("tags/genlab.failure"))).contains("became", "at iteration");
  }

  @Test
  void badSpecsFailBeforeAnythingIsWritten() throws IOException {
    Path store = dir.resolve("mlruns");
    int code = GenlabCli.execute("run", spec("bad", "tracking: {uri: '" + store + "'}").toString(),
        "--set", "model.config.latentDim=-3");
    assertThat(code).isEqualTo(GenlabCli.EXIT_BAD_INPUT);
    assertThat(store.resolve("1").toFile()).doesNotExist();
  }

  @Test
  void metricsThatMeasureUnderDifferentProtocolsAreRefusedBeforeAnythingIsWritten() throws IOException {
    Path store = dir.resolve("mlruns");
    int code = GenlabCli.execute("run", spec("mixed", "tracking: {uri: '" + store + "'}").toString(),
        "--set", "metrics=[test-elbo, levels-7-nll]");
    assertThat(code).isEqualTo(GenlabCli.EXIT_BAD_INPUT);
    assertThat(store.resolve("1").toFile()).doesNotExist();
    // Alone, the same metric runs and tags its protocol.
    assertThat(GenlabCli.execute("run", spec("alone", "tracking: {uri: '" + store + "'}").toString(),
        "--set", "metrics=[levels-7-nll]")).isZero();
    assertThat(onlyRun(store).resolve("tags/genlab.protocol.levels")).hasContent("7");
  }
}
