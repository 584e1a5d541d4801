package io.genlab.tracking.internal;

import io.genlab.tracking.DatasetInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * MLflow's file-store layout of dataset inputs ({@code FileStore.log_inputs} and {@code _get_all_inputs},
 * 2.x), written and read back.
 *
 * <ul>
 *   <li>{@code <experiment>/datasets/<dataset_id>/meta.yaml}: the dataset's {@code digest}, {@code name},
 *       {@code profile}, {@code schema}, {@code source} and {@code source_type}, written once per
 *       experiment; {@code dataset_id} is the MD5 hex of the name's then the digest's UTF-8 bytes.
 *   <li>{@code <run>/inputs/<input_id>/meta.yaml}: {@code source_type: DATASET}, {@code source_id} (the
 *       dataset id), {@code destination_type: RUN}, {@code destination_id} and the input's {@code tags}
 *       (a mapping; {@code mlflow.data.context} among them), written once per run; {@code input_id} is the
 *       MD5 hex of the dataset id's then the run id's bytes.
 * </ul>
 *
 * <p>MLflow writes the dataset id, not the run id, as {@code destination_id} (its {@code
 * _FileStoreInput.write_yaml} passes {@code source_id} twice) and never reads it; it is written the same
 * way here so that a store holds the same bytes whichever wrote it. MD5 is MLflow's choice of id, not a
 * safeguard. Stateless; callers serialise writes to one run.
 */
final class DatasetFiles {
  static final String DATASETS = "datasets";
  static final String INPUTS = "inputs";
  private static final String META = "meta.yaml";

  private DatasetFiles() {}

  /** Writes the datasets and inputs of {@code inputs} that the store does not hold yet. */
  static void write(Path runDir, String runId, List<DatasetInput> inputs) throws IOException {
    Path datasetsDir = runDir.getParent().resolve(DATASETS);
    for (DatasetInput input : inputs) {
      String datasetId = md5(input.name(), input.digest());
      Path datasetDir = datasetsDir.resolve(datasetId);
      if (!Files.isRegularFile(datasetDir.resolve(META))) {
        Files.createDirectories(datasetDir);
        // Several runs of an experiment (parallel sweep trials) may write one dataset at once: the same
        // bytes, renamed atomically, so any of them wins.
        AtomicFiles.write(datasetDir.resolve(META), datasetYaml(input).getBytes(StandardCharsets.UTF_8), datasetDir);
      }
      Path inputDir = runDir.resolve(INPUTS).resolve(md5(datasetId, runId));
      if (!Files.isRegularFile(inputDir.resolve(META))) {
        Files.createDirectories(inputDir);
        AtomicFiles.write(inputDir.resolve(META), inputYaml(datasetId, input).getBytes(StandardCharsets.UTF_8), runDir);
      }
    }
  }

  static String datasetYaml(DatasetInput input) {
    Map<String, Object> m = new HashMap<>();
    m.put("digest", input.digest());
    m.put("name", input.name());
    m.put("profile", input.profile());
    m.put("schema", input.schema());
    m.put("source", input.source());
    m.put("source_type", input.sourceType());
    return FlatYaml.write(m);
  }

  static String inputYaml(String datasetId, DatasetInput input) {
    Map<String, Object> m = new HashMap<>();
    m.put("destination_id", datasetId); // sic: as MLflow writes it, see the class comment
    m.put("destination_type", "RUN");
    m.put("source_id", datasetId);
    m.put("source_type", "DATASET");
    m.put("tags", input.inputTags());
    return FlatYaml.write(m);
  }

  /**
   * The dataset inputs of the run in {@code runDir}, sorted by name, context and digest. As MLflow does,
   * an input of another kind than a dataset, or naming a dataset the experiment lacks, is skipped.
   *
   * @throws java.io.UncheckedIOException wrapping a {@link io.genlab.tracking.StoreFileException} naming a
   *     file that does not parse or breaks MLflow's limits
   */
  static List<DatasetInput> read(Path runDir) throws IOException {
    Path inputsDir = runDir.resolve(INPUTS);
    Path datasetsDir = runDir.getParent().resolve(DATASETS);
    List<DatasetInput> out = new ArrayList<>();
    for (Path inputDir : folders(inputsDir)) {
      Path inputMeta = inputDir.resolve(META);
      if (!Files.isRegularFile(inputMeta)) {
        continue; // being written, or abandoned half-way: MLflow would fail on it, a reader need not
      }
      Stores.requireInside(inputMeta, runDir);
      String inputText;
      try {
        inputText = Stores.readText(inputMeta);
      } catch (NoSuchFileException e) {
        continue;
      }
      Map<String, String> in = parse(inputMeta, inputText);
      String datasetId = in.get("source_id");
      if (!"DATASET".equals(in.get("source_type")) || datasetId == null || !datasetId.matches("[0-9a-f]{32}")) {
        continue;
      }
      Path datasetMeta = datasetsDir.resolve(datasetId).resolve(META);
      if (!Files.isRegularFile(datasetMeta)) {
        continue;
      }
      Stores.requireInside(datasetMeta, runDir.getParent());
      Map<String, String> d = parse(datasetMeta, Stores.readText(datasetMeta));
      Map<String, String> tags;
      try {
        tags = new LinkedHashMap<>(FlatYaml.block(inputText, "tags"));
      } catch (IllegalArgumentException e) {
        throw Stores.unusable(inputMeta, "not a run input's meta.yaml: " + e.getMessage());
      }
      String context = tags.remove(DatasetInput.CONTEXT_TAG);
      try {
        out.add(new DatasetInput(d.get("name"), d.get("digest"), d.get("source_type"), d.get("source"),
            d.get("schema"), d.get("profile"), context, tags));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw Stores.unusable(datasetMeta, "not a dataset's meta.yaml as MLflow writes it (with " + inputMeta
            + "): " + e.getMessage());
      }
    }
    out.sort(Comparator.comparing(DatasetInput::name)
        .thenComparing(i -> Objects.requireNonNullElse(i.context(), ""))
        .thenComparing(DatasetInput::digest));
    return out;
  }

  private static Map<String, String> parse(Path file, String text) {
    try {
      return FlatYaml.parse(text);
    } catch (IllegalArgumentException e) {
      throw Stores.unusable(file, "not a meta.yaml as MLflow writes it: " + e.getMessage());
    }
  }

  private static List<Path> folders(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
    }
  }

  /** The MD5 hex of the UTF-8 bytes of {@code parts}, one after the other: MLflow's dataset and input ids. */
  static String md5(String... parts) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      for (String part : parts) {
        md5.update(part.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md5.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides MD5", e);
    }
  }
}
