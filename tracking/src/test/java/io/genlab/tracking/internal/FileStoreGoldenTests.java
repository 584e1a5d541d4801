package io.genlab.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact files a run leaves in the store: what `mlflow ui` reads. */
class FileStoreGoldenTests {
  @TempDir Path tmp;
  private String savedUser;

  @BeforeEach
  void fixUser() {
    savedUser = System.getProperty("user.name");
    System.setProperty("user.name", "alice");
  }

  @AfterEach
  void restoreUser() {
    System.setProperty("user.name", savedUser);
  }

  @Test
  void aRunWritesExactlyMlflowsLayout() throws IOException {
    Path root = tmp.resolve("mlruns");
    assumeThat(root.toString()).as("expected URIs below assume a plain path").matches("[A-Za-z0-9_/.-]+");
    Path model = Files.writeString(tmp.resolve("model.bin"), "weights");
    Path spec = Files.writeString(tmp.resolve("spec.yaml"), "model: vae\n");

    MutableClock clock = new MutableClock(1000);
    FileStoreTracker tracker = new FileStoreTracker(root, clock);
    clock.set(2000);
    TrackedRun run = tracker.startRun("vae-mnist", "baseline", Map.of("genlab.spec", "specs/vae.yaml"));
    run.logParam("latentDim", "32");
    run.logParams(Map.of("optimizer/lr", "0.001", "seed", "7"));
    clock.set(3000);
    run.logMetric("train/loss", 1.5, 0);
    clock.set(3001);
    run.logMetric("train/loss", Double.NaN, 1);
    clock.set(3002);
    run.logMetric("train/loss", 1.0E-5, 2);
    clock.set(3003);
    run.logMetric("eval/fid", Double.POSITIVE_INFINITY, 10);
    run.writeArtifact("samples/grid.txt", "abc".getBytes(StandardCharsets.UTF_8));
    run.logArtifact(model, "checkpoints");
    run.logArtifact(spec, "");
    run.setTag("mlflow.note.content", "# Baseline");
    clock.set(4000);
    run.end(RunStatus.FINISHED);

    String id = run.runId();
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(run.experimentId()).isEqualTo("1");
    String r = "1/" + id + "/";
    assertThat(tree(root)).containsExactly(
        ".trash/",
        "0/",
        "0/meta.yaml",
        "1/",
        r,
        r + "artifacts/",
        r + "artifacts/checkpoints/",
        r + "artifacts/checkpoints/model.bin",
        r + "artifacts/samples/",
        r + "artifacts/samples/grid.txt",
        r + "artifacts/spec.yaml",
        r + "meta.yaml",
        r + "metrics/",
        r + "metrics/eval/",
        r + "metrics/eval/fid",
        r + "metrics/train/",
        r + "metrics/train/loss",
        r + "params/",
        r + "params/latentDim",
        r + "params/optimizer/",
        r + "params/optimizer/lr",
        r + "params/seed",
        r + "tags/",
        r + "tags/genlab.spec",
        r + "tags/mlflow.note.content",
        r + "tags/mlflow.runName",
        r + "tags/mlflow.source.name",
        r + "tags/mlflow.source.type",
        r + "tags/mlflow.user",
        "1/meta.yaml");

    String uri = "file://" + root;
    assertThat(read(root, "0/meta.yaml")).isEqualTo(String.join("\n",
        "artifact_location: " + uri + "/0",
        "creation_time: 2000",
        "experiment_id: '0'",
        "last_update_time: 2000",
        "lifecycle_stage: active",
        "name: Default",
        ""));
    assertThat(read(root, "1/meta.yaml")).isEqualTo(String.join("\n",
        "artifact_location: " + uri + "/1",
        "creation_time: 2000",
        "experiment_id: '1'",
        "last_update_time: 2000",
        "lifecycle_stage: active",
        "name: vae-mnist",
        ""));
    // Ids starting with a digit are quoted so that YAML never reads them as numbers.
    String idYaml = Character.isLetter(id.charAt(0)) ? id : "'" + id + "'";
    assertThat(read(root, r + "meta.yaml")).isEqualTo(String.join("\n",
        "artifact_uri: " + uri + "/" + r + "artifacts",
        "deleted_time: null",
        "end_time: 4000",
        "entry_point_name: ''",
        "experiment_id: '1'",
        "lifecycle_stage: active",
        "run_id: " + idYaml,
        "run_name: baseline",
        "run_uuid: " + idYaml,
        "source_name: ''",
        "source_type: 4",
        "source_version: ''",
        "start_time: 2000",
        "status: 3",
        "tags: []",
        "user_id: alice",
        ""));
    assertThat(read(root, r + "metrics/train/loss")).isEqualTo("3000 1.5 0\n3001 NaN 1\n3002 1.0E-5 2\n");
    assertThat(read(root, r + "metrics/eval/fid")).isEqualTo("3003 Infinity 10\n");
    assertThat(read(root, r + "params/latentDim")).isEqualTo("32");
    assertThat(read(root, r + "params/optimizer/lr")).isEqualTo("0.001");
    assertThat(read(root, r + "params/seed")).isEqualTo("7");
    assertThat(read(root, r + "tags/mlflow.runName")).isEqualTo("baseline");
    assertThat(read(root, r + "tags/mlflow.user")).isEqualTo("alice");
    assertThat(read(root, r + "tags/mlflow.source.type")).isEqualTo("LOCAL");
    assertThat(read(root, r + "tags/mlflow.source.name"))
        .isEqualTo(FileStoreTracker.defaultSourceName())
        .isNotBlank();
    assertThat(read(root, r + "tags/genlab.spec")).isEqualTo("specs/vae.yaml");
    assertThat(read(root, r + "tags/mlflow.note.content")).isEqualTo("# Baseline");
    assertThat(read(root, r + "artifacts/samples/grid.txt")).isEqualTo("abc");
    assertThat(read(root, r + "artifacts/checkpoints/model.bin")).isEqualTo("weights");
    assertThat(read(root, r + "artifacts/spec.yaml")).isEqualTo("model: vae\n");
    assertThat(run.artifactDirectory()).contains(root.resolve(r + "artifacts"));
  }

  @Test
  void aFreshStoreHasDefaultAndTrashOnly() throws IOException {
    Path root = tmp.resolve("fresh");
    FileStoreTracker tracker = new FileStoreTracker(root, new MutableClock(5));
    assertThat(root).as("opening a store writes nothing").doesNotExist();
    tracker.checkCanStartRun("x");
    assertThat(root).as("checking a store writes nothing").doesNotExist();
    TrackedRun run = tracker.startRun(null, "r", null);
    Files.walk(root.resolve("0/" + run.runId())).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    assertThat(tree(root)).containsExactly(".trash/", "0/", "0/meta.yaml");
    assertThat(read(root, "0/meta.yaml")).contains("name: Default\n", "experiment_id: '0'\n", "creation_time: 5\n");
  }

  @Test
  void reopeningAStoreKeepsDefaultAsItWas() throws IOException {
    Path root = tmp.resolve("again");
    new FileStoreTracker(root, new MutableClock(5)).startRun(null, "a", null);
    new FileStoreTracker(root, new MutableClock(99)).startRun(null, "b", null);
    assertThat(read(root, "0/meta.yaml")).contains("creation_time: 5\n");
  }

  @Test
  void aRunStartsRunningWithNoEndTime() throws IOException {
    Path root = tmp.resolve("running");
    TrackedRun run = new FileStoreTracker(root, new MutableClock(7)).startRun(null, "r", null);
    String meta = read(root, "0/" + run.runId() + "/meta.yaml");
    assertThat(meta).contains("status: 1\n", "end_time: null\n", "start_time: 7\n", "experiment_id: '0'\n");
    assertThat(run.experimentId()).isEqualTo("0");
  }

  static List<String> tree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root))
          .map(p -> root.relativize(p).toString().replace('\\', '/') + (Files.isDirectory(p) ? "/" : ""))
          .sorted()
          .toList();
    }
  }

  static String read(Path root, String rel) throws IOException {
    return Files.readString(root.resolve(rel), StandardCharsets.UTF_8);
  }
}
