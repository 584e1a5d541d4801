package io.genlab.datasets;

import io.genlab.api.Dataset.DataContext;
import io.genlab.api.RandomSource;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Shared helpers for this module's tests: contexts, the shared data folder, synthetic IDX files. */
final class TestSupport {
  private TestSupport() {}

  static DataContext context(Path cache, Path dataDirectory, boolean offline, long seed) {
    return new DataContext(cache, dataDirectory, offline, RandomSource.seeded(seed));
  }

  static DataContext offline(Path cache, long seed) {
    return context(cache, null, true, seed);
  }

  /**
   * The folder holding the real test data ({@code mnist/}, {@code sklearn-digits/}), or {@code null}:
   * {@code GENLAB_TEST_DATA}, else the first {@code shared/data} found walking up from the working
   * directory (Maven runs tests in the module folder).
   */
  static Path sharedData(String child) {
    String env = System.getenv("GENLAB_TEST_DATA");
    if (env != null && Files.isDirectory(Path.of(env, child))) {
      return Path.of(env);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data");
      if (Files.isDirectory(candidate.resolve(child))) {
        return candidate;
      }
    }
    return null;
  }

  /** The bytes of an IDX image file: {@code pixels.length / (rows * columns)} images. */
  static byte[] idxImages(int count, int rows, int columns, byte[] pixels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(2051);
    out.writeInt(count);
    out.writeInt(rows);
    out.writeInt(columns);
    out.write(pixels);
    out.flush();
    return bytes.toByteArray();
  }

  /** The bytes of an IDX label file. */
  static byte[] idxLabels(byte[] labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(2049);
    out.writeInt(labels.length);
    out.write(labels);
    out.flush();
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  /** Pixel {@code p} of image {@code i} is {@code (i * 10 + p) mod 256}, so every image differs. */
  static byte[] pixels(int count, int size) {
    byte[] out = new byte[count * size];
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < size; p++) {
        out[i * size + p] = (byte) ((i * 10 + p) % 256);
      }
    }
    return out;
  }

  /**
   * Writes a complete synthetic MNIST-layout folder (gzip): {@code train} and {@code test} examples
   * of {@code rows x columns}, label of example i = i mod 10.
   */
  static void writeIdxFolder(Path dir, int train, int test, int rows, int columns)
      throws IOException {
    Files.createDirectories(dir);
    write(dir, "train", train, rows, columns);
    write(dir, "t10k", test, rows, columns);
  }

  private static void write(Path dir, String prefix, int count, int rows, int columns)
      throws IOException {
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % 10);
    }
    Files.write(
        dir.resolve(prefix + "-images-idx3-ubyte.gz"),
        gzip(idxImages(count, rows, columns, pixels(count, rows * columns))));
    Files.write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), gzip(idxLabels(labels)));
  }
}
