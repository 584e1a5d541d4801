package io.genlab.nn.features;

import io.genlab.api.Examples;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Keeps trained feature classifiers on disk, at {@code <cacheDirectory>/frechet-classifiers/<key>.bin},
 * so that every run on the same data with the same classifier config trains it once.
 *
 * <p>The key is the SHA-256 of the training split (values and labels) and of the config fields that
 * define the classifier. A file holds the classifier's weights ({@link FeatureClassifier#toBytes()})
 * followed by their SHA-256; a file of the wrong length or digest is retrained and replaced. Files are
 * written to a temporary file and moved into place, so concurrent runs never read half a file. Stateless
 * and thread-safe.
 */
public final class ClassifierCache {
  /** The folder under the cache directory. */
  public static final String FOLDER = "frechet-classifiers";
  private static final int DIGEST_BYTES = 32;
  private static final int CHUNK = 1 << 16; // values hashed per buffer, bounding the memory of hashing

  private ClassifierCache() {}

  /**
   * The SHA-256 (64 hex digits) over, in order and little-endian: a format tag, the example size, the
   * number of classes and of examples, every value (float32) and label (int32) of {@code train}, then
   * {@code config}'s hidden widths (their count first), epochs, batch size, learning rate (float64) and
   * seed (int64). {@code samples} is left out: it does not change the classifier.
   */
  public static String key(Examples train, ClassifierTraining config) {
    MessageDigest digest = Hashes.sha256();
    // Bump the version whenever FeatureClassifier's training or file format changes, or stale weights load.
    digest.update("genlab/frechet-classifier/v1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ByteBuffer buffer = ByteBuffer.allocate(4 * CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(train.info().exampleSize()).putInt(train.info().numClasses()).putInt(train.count());
    float[] values = train.values();
    for (int from = 0; from < values.length; from += CHUNK) {
      flush(digest, buffer);
      int n = Math.min(CHUNK, values.length - from);
      buffer.asFloatBuffer().put(values, from, n);
      buffer.position(4 * n);
    }
    int[] labels = train.labels() == null ? new int[0] : train.labels();
    for (int from = 0; from < labels.length; from += CHUNK) {
      flush(digest, buffer);
      int n = Math.min(CHUNK, labels.length - from);
      buffer.asIntBuffer().put(labels, from, n);
      buffer.position(4 * n);
    }
    flush(digest, buffer);
    buffer.putInt(config.hidden().size());
    config.hidden().forEach(buffer::putInt);
    buffer.putInt(config.epochs()).putInt(config.batchSize()).putDouble(config.learningRate()).putLong(config.seed());
    flush(digest, buffer);
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void flush(MessageDigest digest, ByteBuffer buffer) {
    buffer.flip();
    digest.update(buffer);
    buffer.clear();
  }

  /** Where the classifier of {@code key} lives under {@code cacheDirectory}. */
  public static Path file(Path cacheDirectory, String key) {
    return cacheDirectory.resolve(FOLDER).resolve(key + ".bin");
  }

  /**
   * The cached classifier for {@code train} and {@code config}, or a freshly trained one, which is then
   * stored (a failure to store is ignored: the cache only saves time).
   */
  public static FeatureClassifier loadOrTrain(Path cacheDirectory, Examples train,
      ClassifierTraining config) {
    Path file = file(cacheDirectory, key(train, config));
    FeatureClassifier cached = load(file, train, config);
    if (cached != null) {
      return cached;
    }
    FeatureClassifier trained = FeatureClassifier.train(train, config);
    try {
      store(file, trained);
    } catch (IOException e) {
      // a read-only or full cache must not fail the metric; the next run trains again
    }
    return trained;
  }

  /** The classifier in {@code file}, or {@code null} when it is missing, unreadable or not intact. */
  static FeatureClassifier load(Path file, Examples train, ClassifierTraining config) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return null; // missing or unreadable: train, then overwrite
    }
    if (bytes.length < DIGEST_BYTES) {
      return null;
    }
    byte[] weights = Arrays.copyOf(bytes, bytes.length - DIGEST_BYTES);
    byte[] digest = Arrays.copyOfRange(bytes, bytes.length - DIGEST_BYTES, bytes.length);
    if (!MessageDigest.isEqual(digest, Hashes.sha256().digest(weights))) {
      return null;
    }
    try {
      return FeatureClassifier.fromBytes(train.info().exampleSize(), config.hidden(), train.info().numClasses(),
          weights);
    } catch (IllegalArgumentException wrongLength) {
      return null;
    }
  }

  /** Writes {@code classifier} to {@code file} atomically: a temporary file in the same folder, then a move. */
  static void store(Path file, FeatureClassifier classifier) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] weights = classifier.toBytes();
    Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.write(temp, concat(weights, Hashes.sha256().digest(weights)));
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
