package io.genlab.runner.run;

import io.genlab.api.DataInfo;
import io.genlab.api.Dataset;
import io.genlab.api.DisplayText;
import io.genlab.api.Examples;
import io.genlab.tracking.DatasetInput;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Trackers;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's training and test data as MLflow dataset inputs, what the MLflow UI shows in a run's Datasets
 * column: a name ({@code <dataset>-train}, {@code <dataset>-test}), a digest of the examples as loaded, the
 * dataset's file names as source, MLflow's tensor-spec schema and a profile (examples, shape, classes and
 * their counts, pixel range and mean, the full SHA-256).
 *
 * <p>The digest is a SHA-256 over the examples in a fixed byte order (shape, range, class count, every
 * value, every label), so it is the same on every machine for the same data and changes with any change
 * to them: another file, another {@code limit}, excluded classes, another scaling. MLflow holds {@value
 * DatasetInput#MAX_DIGEST_LENGTH} characters of it; the profile keeps all 64 hex digits. Stateless.
 */
public final class DataInputs {
  /** The context of the training data, MLflow's {@code mlflow.data.context}. */
  public static final String TRAIN = "train";
  /** The context of the test data. */
  public static final String TEST = "test";

  // Hashed first, so that a later change of this layout gives other digests rather than colliding ones.
  private static final byte[] FORMAT = "genlab-examples-sha256/1\n".getBytes(StandardCharsets.US_ASCII);
  private static final int CHUNK = 1 << 16;

  private DataInputs() {}

  /**
   * The training and test inputs of a run whose data {@code dataset} loaded.
   *
   * @param datasetName the dataset component's name in the spec, e.g. {@code mnist}
   * @param train the training examples the run trains on (after {@code excludeClasses})
   * @param test the test examples as loaded
   */
  public static List<DatasetInput> of(String datasetName, Dataset dataset, Examples train, Examples test) {
    return List.of(
        input(datasetName, TRAIN, dataset.sourceFiles(Dataset.Split.TRAIN), train),
        input(datasetName, TEST, dataset.sourceFiles(Dataset.Split.TEST), test));
  }

  /** One split as a dataset input with context {@code split}. */
  static DatasetInput input(String datasetName, String split, List<String> files, Examples examples) {
    String sha256 = sha256(examples);
    List<String> names = new ArrayList<>();
    for (String file : files) {
      Path path = Path.of(file);
      // The contract is relative names; an absolute one would show a user's folders to everyone.
      names.add(Trackers.redacted(path.isAbsolute() && path.getFileName() != null ? path.getFileName().toString() : file));
    }
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("dataset", Trackers.redacted(datasetName));
    source.put("split", split);
    source.put("files", names);
    return DatasetInput.of(datasetName + "-" + split, DatasetInput.digestOf(sha256),
        names.isEmpty() ? "code" : "local", Json.write(source), schema(examples.info()), profile(examples, sha256), split);
  }

  /** The SHA-256 (hex) of {@code examples} in the byte order the class comment describes. */
  public static String sha256(Examples examples) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    DataInfo info = examples.info();
    long[] shape = info.exampleShape();
    ByteBuffer header = ByteBuffer.allocate(FORMAT.length + 4 + 8 * shape.length + 4 + 8 + 8 + 4 + 1 + 1)
        .order(ByteOrder.LITTLE_ENDIAN);
    header.put(FORMAT).putInt(shape.length);
    for (long d : shape) {
      header.putLong(d);
    }
    header.putInt(examples.count()).putDouble(info.low()).putDouble(info.high()).putInt(info.numClasses())
        .put((byte) (info.binary() ? 1 : 0)).put((byte) (examples.labels() != null ? 1 : 0));
    digest.update(header.flip());
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = examples.values();
    for (int from = 0; from < values.length; from += CHUNK) {
      int n = Math.min(CHUNK, values.length - from);
      chunk.clear();
      chunk.asFloatBuffer().put(values, from, n); // raw IEEE bits, NaN payloads included
      digest.update(chunk.limit(n * 4));
    }
    int[] labels = examples.labels();
    if (labels != null) {
      for (int from = 0; from < labels.length; from += CHUNK) {
        int n = Math.min(CHUNK, labels.length - from);
        chunk.clear();
        chunk.asIntBuffer().put(labels, from, n);
        digest.update(chunk.limit(n * 4));
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * MLflow's schema of a tensor dataset ({@code TensorDatasetSchema.to_dict}): features and targets as
   * tensor-spec JSON strings, the batch dimension {@code -1}; targets {@code null} without labels.
   */
  static String schema(DataInfo info) {
    List<Object> shape = new ArrayList<>();
    shape.add(-1);
    for (long d : info.exampleShape()) {
      shape.add(d);
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("mlflow_tensorspec", map(
        "features", Json.write(List.of(tensor("float32", shape))),
        "targets", info.labelled() ? Json.write(List.of(tensor("int32", List.of(-1)))) : null));
    return Json.write(spec);
  }

  private static Map<String, Object> tensor(String dtype, List<Object> shape) {
    return map("type", "tensor", "tensor-spec", map("dtype", dtype, "shape", shape));
  }

  /** How many examples, their shape, classes and counts, value range and mean, and the full SHA-256. */
  static String profile(Examples examples, String sha256) {
    float[] values = examples.values();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("examples", examples.count());
    List<Object> shape = new ArrayList<>();
    for (long d : examples.info().exampleShape()) {
      shape.add(d);
    }
    profile.put("shape", shape);
    int classes = examples.info().numClasses();
    profile.put("classes", classes);
    if (examples.labels() != null) {
      int[] counts = new int[classes];
      for (int label : examples.labels()) {
        counts[label]++;
      }
      Map<String, Object> byClass = new LinkedHashMap<>();
      for (int c = 0; c < classes; c++) {
        byClass.put(Integer.toString(c), counts[c]);
      }
      profile.put("class_counts", byClass);
    }
    boolean any = values.length > 0;
    profile.put("pixel_min", any ? min : null);
    profile.put("pixel_max", any ? max : null);
    profile.put("pixel_mean", any ? sum / values.length : null);
    profile.put("sha256", sha256);
    return Json.write(profile);
  }

  /**
   * Records {@code inputs} on {@code run}; a tracker that cannot record dataset inputs gets a note on the
   * console instead, as the data are also in the run's {@code genlab.dataset.*} tags.
   */
  public static void log(TrackedRun run, List<DatasetInput> inputs, PrintStream console) {
    try {
      run.logInputs(inputs);
    } catch (UnsupportedOperationException e) {
      console.printf("note: dataset inputs not recorded: %s%n", DisplayText.line(String.valueOf(e.getMessage())));
    }
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /** JSON as Python's {@code json.dumps} writes it by default (", " and ": "), which MLflow's sources use. */
  static final class Json {
    private Json() {}

    static String write(Object value) {
      StringBuilder sb = new StringBuilder();
      append(sb, value);
      return sb.toString();
    }

    private static void append(StringBuilder sb, Object value) {
      if (value == null) {
        sb.append("null");
      } else if (value instanceof String s) {
        string(sb, s);
      } else if (value instanceof Double d) {
        // JSON has no NaN or infinity; a profile says "unknown" rather than write what parsers refuse.
        sb.append(Double.isFinite(d) ? d.toString() : "null");
      } else if (value instanceof Number n) {
        sb.append(n);
      } else if (value instanceof Map<?, ?> m) {
        sb.append('{');
        String sep = "";
        for (var e : m.entrySet()) {
          sb.append(sep);
          string(sb, (String) e.getKey());
          sb.append(": ");
          append(sb, e.getValue());
          sep = ", ";
        }
        sb.append('}');
      } else if (value instanceof List<?> list) {
        sb.append('[');
        String sep = "";
        for (Object item : list) {
          sb.append(sep);
          append(sb, item);
          sep = ", ";
        }
        sb.append(']');
      } else {
        throw new IllegalArgumentException("no JSON for " + value.getClass().getName());
      }
    }

    private static void string(StringBuilder sb, String s) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            // As json.dumps with ensure_ascii: anything outside printable ASCII as \\uXXXX.
            if (c < 0x20 || c > 0x7e) {
              sb.append(String.format("\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
          }
        }
      }
      sb.append('"');
    }
  }
}
