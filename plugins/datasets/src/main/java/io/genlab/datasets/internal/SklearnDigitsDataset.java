package io.genlab.datasets.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.Dataset;
import io.genlab.api.Examples;
import io.genlab.datasets.SklearnDigitsConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * scikit-learn's copy of the UCI 8x8 digits: reads {@code digits.csv.gz}, checks its SHA-256, scales
 * pixels 0..16 to [0, 1] and splits by a seeded shuffle. Immutable and thread-safe.
 */
public final class SklearnDigitsDataset implements Dataset {
  /** The file name scikit-learn ships. */
  public static final String FILE = "digits.csv.gz";

  /** SHA-256 of scikit-learn's {@code sklearn/datasets/data/digits.csv.gz}. */
  public static final String SHA256 =
      "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22";

  /** Rows in the file. */
  public static final int ROWS = 1797;

  private static final int PIXELS = 64;
  private static final DataInfo INFO = new DataInfo(new long[] {1, 8, 8}, 0, 1, false, 10);

  private final SklearnDigitsConfig config;

  /** Creates the dataset; no I/O happens until {@link #load}. */
  public SklearnDigitsDataset(SklearnDigitsConfig config) {
    this.config = config;
  }

  @Override
  public Examples load(Split split, DataContext context) throws IOException {
    Path file = locate(context);
    Parsed all = parse(IdxReader.open(DataFiles.readVerified(file, SHA256, "sklearn-digits"), file),
        file);
    int n = all.labels().length;
    int[] order = context.random().derive("split").permutation(n);
    int test = testCount(n, config.testFraction());
    int from = split == Split.TRAIN ? 0 : n - test;
    int to = split == Split.TRAIN ? n - test : n;
    float[] values = new float[(to - from) * PIXELS];
    int[] labels = new int[to - from];
    for (int i = from; i < to; i++) {
      System.arraycopy(all.values(), order[i] * PIXELS, values, (i - from) * PIXELS, PIXELS);
      labels[i - from] = all.labels()[order[i]];
    }
    return new Examples(INFO, values, labels, to - from);
  }

  /** Both splits come from the one file, split by the seeded shuffle. */
  @Override
  public List<String> sourceFiles(Split split) {
    return List.of(FILE);
  }

  /** How many of {@code n} examples the test split gets: rounded, and never all or none. */
  public static int testCount(int n, double testFraction) {
    return (int) Math.max(1, Math.min(n - 1, Math.round(n * testFraction)));
  }

  private Path locate(DataContext context) throws IOException {
    List<Path> candidates = new ArrayList<>();
    if (config.directory() != null) {
      candidates.add(Path.of(config.directory()));
    }
    if (context.dataDirectory() != null) {
      candidates.add(context.dataDirectory().resolve("sklearn-digits"));
      candidates.add(context.dataDirectory());
    }
    for (Path directory : candidates) {
      if (Files.isRegularFile(directory.resolve(FILE))) {
        return DataFiles.inside(directory, FILE);
      }
    }
    StringBuilder message =
        new StringBuilder("sklearn-digits: ").append(FILE).append(" not found. Looked in:");
    for (Path directory : candidates) {
      message.append("\n  ").append(directory);
    }
    if (context.dataDirectory() == null) {
      message.append("\n  no data directory (GENLAB_DATA_DIR is not set)");
    }
    message.append(
        "\nIt is not downloaded. To fix: copy digits.csv.gz from scikit-learn"
            + " (sklearn/datasets/data/digits.csv.gz in its source or installed package) into a"
            + " folder and set `directory:` in the dataset's spec to it, or put it in"
            + " <GENLAB_DATA_DIR>/sklearn-digits/.");
    throw new IOException(message.toString());
  }

  /** Pixels scaled to [0, 1], 64 per row, and labels, in file order. */
  public record Parsed(float[] values, int[] labels) {}

  /**
   * Parses the CSV: each line holds 64 pixel values 0..16 then the label 0..9.
   *
   * @param in the inflated text, closed on return
   * @param file the file's path, for messages
   */
  public static Parsed parse(InputStream in, Path file) throws IOException {
    List<float[]> rows = new ArrayList<>(ROWS);
    List<Integer> labels = new ArrayList<>(ROWS);
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      int lineNumber = 0;
      for (String line; (line = reader.readLine()) != null; ) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length != PIXELS + 1) {
          throw DataFiles.problem(file, "line " + lineNumber + ": expected " + (PIXELS + 1)
                  + " comma-separated values (64 pixels then the label), found " + cells.length);
        }
        float[] row = new float[PIXELS];
        for (int j = 0; j < PIXELS; j++) {
          double v = number(cells[j], file, lineNumber);
          if (!(v >= 0 && v <= 16)) {
            throw DataFiles.problem(file, "line " + lineNumber + ": pixel " + j + " must be in [0, 16], found "
                    + cells[j].trim());
          }
          row[j] = (float) (v / 16);
        }
        double label = number(cells[PIXELS], file, lineNumber);
        if (label != Math.rint(label) || label < 0 || label > 9) {
          throw DataFiles.problem(file, "line " + lineNumber + ": the label must be an integer in [0, 9], found "
                  + cells[PIXELS].trim());
        }
        rows.add(row);
        labels.add((int) label);
      }
    }
    if (rows.isEmpty()) {
      throw DataFiles.problem(file, "no rows; expected " + ROWS + " lines of 64 pixels and a label");
    }
    float[] values = new float[rows.size() * PIXELS];
    int[] out = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, values, i * PIXELS, PIXELS);
      out[i] = labels.get(i);
    }
    return new Parsed(values, out);
  }

  private static double number(String cell, Path file, int lineNumber) throws IOException {
    try {
      // Some scikit-learn versions wrote floats ("0.0"); parseDouble reads both forms.
      return Double.parseDouble(cell.trim());
    } catch (NumberFormatException e) {
      throw DataFiles.problem(file, "line " + lineNumber + ": not a number: '" + cell.trim() + "'", e);
    }
  }

  @Override
  public String toString() {
    return "sklearn-digits[" + config + "]";
  }
}
