package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.runner.badinput.CliRun;
import io.genlab.runner.cli.GenlabCli;
import io.genlab.tracking.testkit.FakeMlflowServer;
import io.genlab.tracking.testkit.MetricPoint;
import io.genlab.tracking.testkit.RunSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs, sweeps, resume, reproduce, report and sync against an MLflow tracking server: the in-process fake
 * of the test kit, which enforces the real server's rules. Trial and training processes reach it over HTTP.
 */
class TrackingServerTests {
  @TempDir Path dir;

  private final FakeMlflowServer server = new FakeMlflowServer().start();

  @AfterEach
  void stop() {
    server.close();
  }

  private Path spec(String experiment, int epochs) throws IOException {
    Path spec = dir.resolve(experiment + ".yaml");
    Files.writeString(spec, """
        experiment: %s
        seed: 11
        threads: 1
        data: {name: shapes, config: {trainSize: %d, testSize: 64, size: 8}}
        model: {name: mlp-vae, config: {hiddenSizes: [64], latentDim: 4}}
        loss: elbo
        training: {epochs: %d, batchSize: 16, binarize: dynamic, logEvery: 1}
        metrics: [test-elbo]
        """.formatted(experiment, epochs > 10 ? 1024 : 128, epochs));
    return spec;
  }

  /** A server run's metrics as the file store writes them ({@code value step}), timings left out. */
  private static Map<String, List<String>> metrics(RunSnapshot run) {
    Map<String, List<String>> out = new TreeMap<>();
    run.metricHistory().forEach((key, points) -> {
      if (!key.startsWith("perf") && !key.startsWith("system/")) {
        out.put(key, points.stream().map(p -> p.value() + " " + p.step()).toList());
      }
    });
    return out;
  }

  private RunSnapshot onlyServerRun(String experiment) {
    List<RunSnapshot> runs = server.runsOf(experiment);
    assertThat(runs).hasSize(1);
    return runs.get(0);
  }

  @Test
  void aRunOnTheServerLogsWhatAFileStoreRunLogs() throws IOException {
    Path spec = spec("served", 2);
    Path store = dir.resolve("mlruns");
    assertThat(GenlabCli.execute("run", spec.toString(), "--set", "tracking.uri=" + store)).isZero();
    CliRun served = CliRun.of("run", spec.toString(), "--set", "tracking.uri=" + server.uri());
    assertThat(served.code()).as(served.toString()).isZero();

    RunSnapshot run = onlyServerRun("served");
    assertThat(run.status()).isEqualTo("FINISHED");
    assertThat(served.out() + served.err()).contains(run.runId());
    Path local = RunStores.onlyRun(store.resolve("1"));
    assertThat(metrics(run)).isEqualTo(RunStores.metrics(local)).containsKeys("loss/neg_elbo", "test/neg_elbo");
    assertThat(run.params()).containsEntry("model.config.latentDim", "4");
    assertThat(run.datasetInputs()).extracting(i -> i.tags().get("mlflow.data.context"))
        .containsExactlyInAnyOrder("train", "test");
    assertThat(server.runArtifact(run.runId(), "checkpoints/last.ckpt")).isPresent();
    assertThat(server.runArtifact(run.runId(), "spec/resolved.yaml")).isPresent();
    assertThat(server.runArtifact(run.runId(), "samples/prior.png")).isEmpty(); // the spec has no sampler

    CliRun report = CliRun.of("report", "served", "--tracking-uri", server.uri());
    assertThat(report.code()).as(report.toString()).isZero();
    assertThat(report.out()).contains(run.runId().substring(0, 8)).contains("test/neg\\_elbo");

    CliRun reproduce = CliRun.of("reproduce", run.runId(), "--tracking-uri", server.uri());
    assertThat(reproduce.code()).as(reproduce.toString()).isZero();
    assertThat(server.runsOf("served")).hasSize(2);
  }

  @Test
  void aRunKilledWhileTheServerIsAwayResumesToTheMetricsOfAnUninterruptedRun() throws Exception {
    Path spec = spec("away", 40);
    Path straight = dir.resolve("straight");
    assertThat(GenlabCli.execute("run", spec.toString(), "--set", "tracking.uri=" + straight)).isZero();

    String uri = server.uri();
    server.stop();
    Process process = RunStores.cli(dir.resolve("killed.log"), "run", spec.toString(), "--set", "tracking.uri=" + uri);
    Path spooledRun = waitForEpochs(process, spoolStoreOf(server.port()), 3);
    process.destroyForcibly(); // SIGKILL: nothing flushed, the run left RUNNING in the spool
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(server.runsOf("away")).isEmpty();
    String localId = spooledRun.getFileName().toString();

    server.restart();
    CliRun resumed = CliRun.of("resume", localId, "--tracking-uri", uri);
    assertThat(resumed.code()).as(resumed.toString()).isZero();

    RunSnapshot run = onlyServerRun("away");
    assertThat(run.tags()).containsEntry("genlab.sourceRunId", localId).containsKey("genlab.resumed");
    assertThat(run.status()).isEqualTo("FINISHED");
    assertThat(metrics(run)).isEqualTo(RunStores.metrics(RunStores.onlyRun(straight.resolve("1"))));
  }

  @Test
  void aSweepRunsItsTrialsAsNestedRunsOfTheServer() throws IOException {
    Path spec = dir.resolve("sweep.yaml");
    Files.writeString(spec, """
        experiment: swept
        seed: 1
        data: {name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}
        model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 2}}
        loss: elbo
        training: {epochs: 1, batchSize: 16, logEvery: 1}
        metrics: [test-elbo]
        tracking: {uri: '%s'}
        sweep:
          parallel: 2
          grid:
            model.config.latentDim: [2, 3]
          objective: {metric: test/neg_elbo}
          trialJvmOptions: [-Xmx1g]
        """.formatted(server.uri()));
    CliRun sweep = CliRun.of("sweep", spec.toString());
    assertThat(sweep.code()).as(sweep.toString()).isZero();

    List<RunSnapshot> runs = server.runsOf("swept");
    assertThat(runs).hasSize(3);
    RunSnapshot parent = runs.stream().filter(r -> !r.tags().containsKey("mlflow.parentRunId")).findFirst().orElseThrow();
    List<RunSnapshot> children = runs.stream().filter(r -> r.tags().containsKey("mlflow.parentRunId")).toList();
    assertThat(children).hasSize(2).allSatisfy(c -> {
      assertThat(c.tags()).containsEntry("mlflow.parentRunId", parent.runId());
      assertThat(c.status()).isEqualTo("FINISHED");
      assertThat(c.metricHistory("test/neg_elbo")).hasSize(1);
      assertThat(c.params()).containsKey("model.config.latentDim");
    });
    assertThat(children).extracting(c -> c.params().get("model.config.latentDim")).containsExactlyInAnyOrder("2", "3");
    assertThat(parent.status()).isEqualTo("FINISHED");
  }

  @Test
  void aServerDownForTheWholeRunGetsItFromSync() throws IOException {
    Path spec = spec("later", 1);
    String uri = server.uri();
    server.stop();
    CliRun run = CliRun.of("run", spec.toString(), "--set", "tracking.uri=" + uri);
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.err()).contains("genlab sync");

    server.restart();
    CliRun sync = CliRun.of("sync", "--tracking-uri", uri);
    assertThat(sync.code()).as(sync.toString()).isZero();
    assertThat(sync.out()).contains("sent to " + uri);
    RunSnapshot served = onlyServerRun("later");
    assertThat(served.status()).isEqualTo("FINISHED");
    assertThat(served.metricHistory("test/neg_elbo")).hasSize(1);
    List<MetricPoint> losses = served.metricHistory("loss/neg_elbo");
    assertThat(losses).isNotEmpty();

    CliRun again = CliRun.of("sync", "--tracking-uri", uri);
    assertThat(again.out()).contains("0 metric points, 0 params, 0 tags, 0 artifact files");
    assertThat(server.run(served.runId()).orElseThrow().metricHistory("loss/neg_elbo")).hasSameSizeAs(losses);
  }

  @Test
  void aLaptopsStoreJoinsTheServer() throws IOException {
    Path spec = spec("laptop", 1);
    Path store = dir.resolve("mlruns");
    assertThat(GenlabCli.execute("run", spec.toString(), "--set", "tracking.uri=" + store)).isZero();
    CliRun sync = CliRun.of("sync", "--from", store.toString(), "--tracking-uri", server.uri());
    assertThat(sync.code()).as(sync.toString()).isZero();
    RunSnapshot run = onlyServerRun("laptop");
    Path local = RunStores.onlyRun(store.resolve("1"));
    assertThat(run.tags()).containsEntry("genlab.sourceRunId", local.getFileName().toString());
    assertThat(metrics(run)).isEqualTo(RunStores.metrics(local));
    assertThat(server.runArtifact(run.runId(), "checkpoints/last.ckpt")).hasValueSatisfying(bytes ->
        assertThat(bytes).isEqualTo(readUnchecked(local.resolve("artifacts/checkpoints/last.ckpt"))));
  }

  private static byte[] readUnchecked(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aRunLoadsItsFirstStageFromTheServerAndRecordsItsCheckpointDigest() throws Exception {
    CliRun first = CliRun.of("run", spec("first-stage", 1).toString(), "--set", "tracking.uri=" + server.uri());
    assertThat(first.code()).as("%s", first).isZero();
    String firstStage = server.runsOf("first-stage").get(0).runId();
    Path latent = dir.resolve("on-codes.yaml");
    Files.writeString(latent, """
        experiment: on-codes
        seed: 2
        threads: 1
        data: {name: shapes, config: {trainSize: 128, testSize: 64, size: 8}}
        firstStage: {run: %s}
        model: {name: mlp-ddpm, config: {hidden: [16], timeEmbedding: 8, diffusion: {timesteps: 10}}}
        loss: ddpm
        training: {epochs: 1, batchSize: 32}
        samplers: [{name: ddim, config: {count: 4, steps: 2}}]
        """.formatted(firstStage));
    CliRun onCodes = CliRun.of("run", latent.toString(), "--set", "tracking.uri=" + server.uri());
    assertThat(onCodes.code()).as("%s", onCodes).isZero();
    RunSnapshot run = server.runsOf("on-codes").get(0);
    String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(server.runArtifact(firstStage, "checkpoints/last.ckpt").orElseThrow()));
    assertThat(run.tags()).containsEntry("genlab.first_stage.run", firstStage)
        .containsEntry("genlab.run_reference." + firstStage, digest);
    assertThat(server.runArtifact(run.runId(), "samples/ddim.png")).isPresent();
  }

  /** The spool's file store for the server on {@code port} (GENLAB_SPOOL_DIR is set for the tests). */
  private static Path spoolStoreOf(int port) {
    return Path.of(System.getenv("GENLAB_SPOOL_DIR"));
  }

  /** Waits until a run under {@code spoolBase} for this server has logged {@code epochs} epoch means. */
  private Path waitForEpochs(Process process, Path spoolBase, int epochs) throws Exception {
    String prefix = "127.0.0.1_" + server.port() + "-";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("the training process is still running").isTrue();
      if (Files.isDirectory(spoolBase)) {
        try (Stream<Path> files = Files.walk(spoolBase)) {
          var file = files.filter(f -> f.toString().contains(prefix) && f.endsWith(Path.of("metrics", "epoch", "loss",
              "neg_elbo"))).findFirst();
          if (file.isPresent() && Files.readAllLines(file.get()).size() >= epochs) {
            return file.get().getParent().getParent().getParent().getParent();
          }
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException racing) {
          // a file being created while walked: look again
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the run did not reach epoch " + epochs + " in 120 s");
  }
}
