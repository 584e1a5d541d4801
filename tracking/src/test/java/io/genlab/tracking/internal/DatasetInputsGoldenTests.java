package io.genlab.tracking.internal;

import static io.genlab.tracking.internal.FileStoreGoldenTests.read;
import static io.genlab.tracking.internal.FileStoreGoldenTests.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.tracking.DatasetInput;
import io.genlab.tracking.StoreFileException;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files dataset inputs leave in the store, exactly as MLflow's FileStore.log_inputs lays them out. */
class DatasetInputsGoldenTests {
  @TempDir Path tmp;

  static final String DIGEST = "0123456789abcdef0123456789abcdef0123";
  static final DatasetInput TRAIN = DatasetInput.of("mnist-train", DIGEST, "local",
      "{\"dataset\": \"mnist\", \"files\": [\"train-images-idx3-ubyte\"]}",
      "{\"mlflow_tensorspec\": {\"features\": \"[]\", \"targets\": null}}", "{\"examples\": 3}", "train");
  static final DatasetInput TEST = DatasetInput.of("mnist-test", "89ab", "code", "{}", null, null, "test");

  @Test
  void idsAreMlflowsMd5OfNameAndDigestThenOfDatasetAndRun() {
    // Computed with Python: hashlib.md5(b"mnist-train"); .update(b"0123...0123"); then md5(dataset_id + run_id).
    assertThat(DatasetFiles.md5("mnist-train", DIGEST)).isEqualTo("3155726a39d4f9ddac17cf8eed7aa375");
    assertThat(DatasetFiles.md5("3155726a39d4f9ddac17cf8eed7aa375", "abcdef0123456789abcdef0123456789"))
        .isEqualTo("01e9e3eea8f961e59b2c422ebf70dedd");
  }

  @Test
  void inputsWriteExactlyMlflowsLayout() throws IOException {
    Path root = tmp.resolve("mlruns");
    FileStoreTracker tracker = new FileStoreTracker(root, new MutableClock(1000));
    TrackedRun run = tracker.startRun("vae", "r", null);
    run.logInputs(List.of(TRAIN, TEST));

    String trainId = "3155726a39d4f9ddac17cf8eed7aa375";
    String testId = DatasetFiles.md5("mnist-test", "89ab");
    String r = "1/" + run.runId() + "/";
    assertThat(tree(root)).filteredOn(p -> p.startsWith("1/datasets") || p.startsWith(r + "inputs")).containsExactlyInAnyOrder(
        "1/datasets/",
        "1/datasets/" + min(trainId, testId) + "/",
        "1/datasets/" + min(trainId, testId) + "/meta.yaml",
        "1/datasets/" + max(trainId, testId) + "/",
        "1/datasets/" + max(trainId, testId) + "/meta.yaml",
        r + "inputs/",
        r + "inputs/" + min(inputId(trainId, run), inputId(testId, run)) + "/",
        r + "inputs/" + min(inputId(trainId, run), inputId(testId, run)) + "/meta.yaml",
        r + "inputs/" + max(inputId(trainId, run), inputId(testId, run)) + "/",
        r + "inputs/" + max(inputId(trainId, run), inputId(testId, run)) + "/meta.yaml");
    // PyYAML's safe_dump with sorted keys; a value that YAML could read as a number is quoted, as elsewhere.
    assertThat(read(root, "1/datasets/" + trainId + "/meta.yaml")).isEqualTo(String.join("\n",
        "digest: '" + DIGEST + "'",
        "name: mnist-train",
        "profile: '{\"examples\": 3}'",
        "schema: '{\"mlflow_tensorspec\": {\"features\": \"[]\", \"targets\": null}}'",
        "source: '{\"dataset\": \"mnist\", \"files\": [\"train-images-idx3-ubyte\"]}'",
        "source_type: local",
        ""));
    assertThat(read(root, "1/datasets/" + testId + "/meta.yaml")).contains("schema: null\n", "profile: null\n",
        "source_type: code\n", "source: '{}'\n");
    // MLflow writes the dataset id as destination_id too (its _FileStoreInput.write_yaml); so does genlab.
    assertThat(read(root, r + "inputs/" + inputId(trainId, run) + "/meta.yaml")).isEqualTo(String.join("\n",
        "destination_id: '" + trainId + "'",
        "destination_type: RUN",
        "source_id: '" + trainId + "'",
        "source_type: DATASET",
        "tags:",
        "  mlflow.data.context: train",
        ""));
  }

  @Test
  void loggingTheSameDatasetAgainRecordsItOnce() throws IOException {
    Path root = tmp.resolve("again");
    FileStoreTracker tracker = new FileStoreTracker(root, new MutableClock(1000));
    TrackedRun run = tracker.startRun("vae", "r", null);
    run.logInputs(List.of(TRAIN));
    List<String> before = tree(root);
    String meta = read(root, "1/" + run.runId() + "/inputs/" + inputId("3155726a39d4f9ddac17cf8eed7aa375", run)
        + "/meta.yaml");
    run.logInputs(List.of(TRAIN, TRAIN));
    // As MLflow: the first logging's tags stay when the same dataset comes with another context.
    tracker.openRun(run.runId()).logInputs(List.of(DatasetInput.of(TRAIN.name(), DIGEST, "local", "{}", null, null, "test")));
    assertThat(tree(root)).isEqualTo(before);
    assertThat(read(root, "1/" + run.runId() + "/inputs/" + inputId("3155726a39d4f9ddac17cf8eed7aa375", run)
        + "/meta.yaml")).isEqualTo(meta);
    assertThat(tracker.datasetInputs(run.runId())).containsExactly(TRAIN);
  }

  @Test
  void twoRunsOfAnExperimentShareOneDataset() throws IOException {
    Path root = tmp.resolve("shared");
    FileStoreTracker tracker = new FileStoreTracker(root, new MutableClock(1000));
    TrackedRun a = tracker.startRun("vae", "a", null);
    TrackedRun b = tracker.startRun("vae", "b", null);
    a.logInputs(List.of(TRAIN));
    b.logInputs(List.of(TRAIN));
    assertThat(tree(root)).filteredOn(p -> p.matches("1/datasets/[0-9a-f]+/")).hasSize(1);
    assertThat(tracker.datasetInputs(a.runId())).containsExactly(TRAIN);
    assertThat(tracker.datasetInputs(b.runId())).containsExactly(TRAIN);
    assertThat(tracker.runs("vae")).extracting(info -> info.runName()).containsExactlyInAnyOrder("a", "b");
    assertThat(tracker.runIds()).containsExactlyInAnyOrder(a.runId(), b.runId());
    assertThat(tracker.run("datasets")).isEmpty();
  }

  @Test
  void inputsReadBackSortedByNameAndEmptyForARunWithout() throws IOException {
    FileStoreTracker tracker = new FileStoreTracker(tmp.resolve("read"), new MutableClock(1000));
    TrackedRun run = tracker.startRun("vae", "r", null);
    assertThat(tracker.datasetInputs(run.runId())).isEmpty();
    DatasetInput tagged = new DatasetInput("a-first", "d", "local", "{}", null, null, null, Map.of("note", "x y"));
    run.logInputs(List.of(TRAIN, TEST, tagged));
    assertThat(tracker.datasetInputs(run.runId())).containsExactly(tagged, TEST, TRAIN);
    assertThatThrownBy(() -> tracker.datasetInputs("0123456789abcdef0123456789abcdef"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no run");
  }

  @Test
  void inputsWrittenByMlflowItselfAreReadFoldedLinesAndAll() throws IOException {
    FileStoreTracker tracker = new FileStoreTracker(tmp.resolve("mlflow"), new MutableClock(1000));
    TrackedRun run = tracker.startRun("vae", "r", null);
    Path experiment = tmp.resolve("mlflow/1");
    String datasetId = DatasetFiles.md5("mnist-train", "8d5e1b3f");
    // PyYAML 6 output of MLflow's write_yaml for a NumpyDataset (long values folded at 80 columns).
    String schema = "{\"mlflow_tensorspec\": {\"features\": \"[{\\\"type\\\": \\\"tensor\\\", \\\"tensor-spec\\\":"
        + " {\\\"dtype\\\": \\\"float32\\\", \\\"shape\\\": [-1, 1, 28, 28]}}]\", \"targets\": \"[{\\\"type\\\":"
        + " \\\"tensor\\\", \\\"tensor-spec\\\": {\\\"dtype\\\": \\\"int32\\\", \\\"shape\\\": [-1]}}]\"}}";
    write(experiment.resolve("datasets/" + datasetId + "/meta.yaml"), String.join("\n",
        "digest: 8d5e1b3f",
        "name: mnist-train",
        "profile: '{\"shape\": [60000, 784]}'",
        "schema: '{\"mlflow_tensorspec\": {\"features\": \"[{\\\"type\\\": \\\"tensor\\\", \\\"tensor-spec\\\":",
        "  {\\\"dtype\\\": \\\"float32\\\", \\\"shape\\\": [-1, 1, 28, 28]}}]\", \"targets\": \"[{\\\"type\\\":",
        "  \\\"tensor\\\", \\\"tensor-spec\\\": {\\\"dtype\\\": \\\"int32\\\", \\\"shape\\\": [-1]}}]\"}}'",
        "source: '{\"uri\": \"/data/mnist/train.npz\"}'",
        "source_type: local",
        ""));
    write(experiment.resolve(run.runId() + "/inputs/" + DatasetFiles.md5(datasetId, run.runId()) + "/meta.yaml"),
        String.join("\n",
            "destination_id: " + datasetId,
            "destination_type: RUN",
            "source_id: " + datasetId,
            "source_type: DATASET",
            "tags:",
            "  mlflow.data.context: training",
            "  note: " + "x".repeat(120),
            ""));
    // An input naming a dataset the experiment lacks is skipped, as MLflow skips it.
    write(experiment.resolve(run.runId() + "/inputs/ffff/meta.yaml"), String.join("\n",
        "destination_id: " + "e".repeat(32), "destination_type: RUN", "source_id: " + "e".repeat(32),
        "source_type: DATASET", "tags: {}", ""));

    assertThat(tracker.datasetInputs(run.runId())).containsExactly(new DatasetInput("mnist-train", "8d5e1b3f", "local",
        "{\"uri\": \"/data/mnist/train.npz\"}", schema, "{\"shape\": [60000, 784]}", "training",
        Map.of("note", "x".repeat(120))));
  }

  @Test
  void aDatasetFileThatDoesNotParseIsReportedByPath() throws IOException {
    FileStoreTracker tracker = new FileStoreTracker(tmp.resolve("bad"), new MutableClock(1000));
    TrackedRun run = tracker.startRun("vae", "r", null);
    run.logInputs(List.of(TRAIN));
    Path meta = tmp.resolve("bad/1/datasets/3155726a39d4f9ddac17cf8eed7aa375/meta.yaml");
    Files.writeString(meta, "name: mnist-train\ndigest: '" + "d".repeat(40) + "'\nsource: x\nsource_type: local\n");
    assertThatThrownBy(() -> tracker.datasetInputs(run.runId()))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(StoreFileException.class)
        .hasMessageContaining(meta.toString())
        .hasMessageContaining("at most 36");
  }

  @Test
  void theSpiDefaultsRefuseToLogAndReadNothing() {
    TrackedRun bare = new TrackedRun() {
      public String runId() {
        return "r1";
      }

      public String experimentId() {
        return "0";
      }

      public void logParam(String key, String value) {}

      public void logParams(Map<String, String> params) {}

      public void logMetric(String key, double value, long step) {}

      public void setTag(String key, String value) {}

      public void logArtifact(Path localFile, String artifactDir) {}

      public void writeArtifact(String artifactPath, byte[] bytes) {}

      public java.util.Optional<Path> artifactDirectory() {
        return java.util.Optional.empty();
      }

      public void end(io.genlab.tracking.RunStatus status) {}
    };
    assertThatThrownBy(() -> bare.logInputs(List.of(TRAIN))).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("run r1").hasMessageContaining("cannot record dataset inputs");
    Tracker tracker = new FileStoreTracker(tmp.resolve("unused"));
    assertThat(((Tracker) new DelegatingTracker(tracker)).datasetInputs("r1")).isEmpty();
  }

  /** A tracker implementing only the abstract methods, so that the SPI's defaults are what runs. */
  private record DelegatingTracker(Tracker delegate) implements Tracker {
    public TrackedRun startRun(String experimentName, String runName, Map<String, String> tags) {
      return delegate.startRun(experimentName, runName, tags);
    }

    public TrackedRun openRun(String runId) {
      return delegate.openRun(runId);
    }

    public List<String> experimentNames() {
      return delegate.experimentNames();
    }

    public List<io.genlab.tracking.RunInfo> runs(String experimentName) {
      return delegate.runs(experimentName);
    }

    public java.util.Optional<io.genlab.tracking.RunInfo> run(String runId) {
      return delegate.run(runId);
    }

    public List<io.genlab.tracking.MetricPoint> metricHistory(String runId, String key) {
      return delegate.metricHistory(runId, key);
    }

    public String describe() {
      return "delegating";
    }
  }

  private static String inputId(String datasetId, TrackedRun run) {
    return DatasetFiles.md5(datasetId, run.runId());
  }

  private static String min(String a, String b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String max(String a, String b) {
    return a.compareTo(b) <= 0 ? b : a;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
