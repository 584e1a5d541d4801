package io.genlab.datasets.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Parses IDX files (LeCun's MNIST format) of unsigned bytes: 3-d image files (magic 2051) and 1-d
 * label files (magic 2049), gzip-compressed or not. Stateless and thread-safe; every error message
 * names the file.
 */
public final class IdxReader {
  /** Magic number of an IDX file of unsigned bytes with 3 dimensions: count, rows, columns. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX file of unsigned bytes with 1 dimension: count. */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int CHUNK = 1 << 16;
  private static final float[] SCALE = new float[256];

  static {
    // A table keeps the hot loop to one load per pixel and makes v/255 bit-identical everywhere.
    for (int v = 0; v < 256; v++) {
      SCALE[v] = v / 255f;
    }
  }

  private IdxReader() {}

  /**
   * Images scaled to [0, 1].
   *
   * @param count how many images the file holds (its header)
   * @param rows the image height
   * @param columns the image width
   * @param values {@code taken * rows * columns} values, image after image, row-major
   * @param taken how many images were read ({@code count}, or fewer under a limit)
   */
  public record Images(int count, int rows, int columns, float[] values, int taken) {}

  /**
   * Labels.
   *
   * @param count how many labels the file holds (its header)
   * @param labels the first {@code taken} labels
   */
  public record Labels(int count, int[] labels) {}

  /** Opens {@code file} for reading, inflating it when it starts with the gzip magic bytes. */
  public static InputStream open(Path file) throws IOException {
    return maybeGunzip(new BufferedInputStream(Files.newInputStream(file), CHUNK), file);
  }

  /** Like {@link #open(Path)} for a file already read into memory. */
  public static InputStream open(byte[] content, Path file) throws IOException {
    return maybeGunzip(new ByteArrayInputStream(content), file);
  }

  private static InputStream maybeGunzip(InputStream in, Path file) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        return new BufferedInputStream(new GZIPInputStream(in, CHUNK), CHUNK);
      } catch (ZipException e) {
        in.close();
        throw DataFiles.problem(file, "corrupt gzip data: " + e.getMessage(), e);
      }
    }
    return in;
  }

  /**
   * Reads an IDX image file.
   *
   * @param in the (inflated) content, read but not closed
   * @param file the file's path, for messages
   * @param limit how many images to read from the start; 0 reads all
   */
  public static Images readImages(InputStream in, Path file, int limit) throws IOException {
    try {
      DataInputStream data = new DataInputStream(in);
      checkMagic(data.readInt(), IMAGES_MAGIC, "image", file);
      int count = data.readInt();
      int rows = data.readInt();
      int columns = data.readInt();
      if (count < 0 || rows <= 0 || columns <= 0) {
        throw DataFiles.problem(file, "invalid IDX image dimensions " + count + " x " + rows + " x " + columns
            + " in the header; expected a count of 0 or more and positive rows and columns");
      }
      int taken = limit == 0 ? count : Math.min(limit, count);
      long total = (long) taken * rows * columns;
      if (total > Integer.MAX_VALUE - 8) {
        throw DataFiles.problem(file, taken + " images of " + rows + "x" + columns
                + " do not fit in one array; set limit to read fewer");
      }
      // readNBytes allocates as bytes arrive, so a header promising gigabytes costs only what the file holds.
      byte[] pixels = data.readNBytes((int) total);
      if (pixels.length < total) {
        throw DataFiles.problem(file, "truncated: the header promises " + count + " images of " + rows + "x"
                  + columns + " but the pixels end after " + pixels.length + " of " + total + " bytes");
      }
      if (taken == count && data.read() != -1) {
        // Trailing bytes mean the header's dimensions are wrong, so the images would be garbled.
        throw DataFiles.problem(file, "more bytes than the header's " + count + " images of " + rows + "x" + columns
            + " (" + total + " bytes of pixels after the 16-byte header)");
      }
      float[] values = new float[pixels.length];
      for (int i = 0; i < pixels.length; i++) {
        values[i] = SCALE[pixels[i] & 0xff];
      }
      return new Images(count, rows, columns, values, taken);
    } catch (EOFException e) {
      // DataInputStream (header) and GZIPInputStream (cut-off stream) both end up here.
      throw DataFiles.problem(file, "truncated: the file ends early (within the 16-byte header of an IDX image file, or a cut-off gzip stream)", e);
    } catch (ZipException e) {
      throw DataFiles.problem(file, "corrupt gzip data: " + e.getMessage(), e);
    }
  }

  /**
   * Reads an IDX label file.
   *
   * @param in the (inflated) content, read but not closed
   * @param file the file's path, for messages
   * @param limit how many labels to read from the start; 0 reads all
   * @param numClasses every label read must lie in {@code [0, numClasses)}
   */
  public static Labels readLabels(InputStream in, Path file, int limit, int numClasses)
      throws IOException {
    try {
      DataInputStream data = new DataInputStream(in);
      checkMagic(data.readInt(), LABELS_MAGIC, "label", file);
      int count = data.readInt();
      if (count < 0) {
        throw DataFiles.problem(file, "invalid IDX label count " + count + " in the header; expected 0 or more");
      }
      int taken = limit == 0 ? count : Math.min(limit, count);
      byte[] bytes = data.readNBytes(taken);
      if (bytes.length < taken) {
        throw DataFiles.problem(file, "truncated: the header promises " + count + " labels but the file ends after "
                + bytes.length);
      }
      if (taken == count && data.read() != -1) {
        throw DataFiles.problem(file, "more bytes than the header's " + count + " labels");
      }
      int[] labels = new int[taken];
      for (int i = 0; i < taken; i++) {
        labels[i] = bytes[i] & 0xff;
        if (labels[i] >= numClasses) {
          throw DataFiles.problem(file, "label " + i + " is " + labels[i] + ", outside [0, " + numClasses
                  + "); set numClasses to cover it");
        }
      }
      return new Labels(count, labels);
    } catch (EOFException e) {
      // DataInputStream (header) and GZIPInputStream (cut-off stream) both end up here.
      throw DataFiles.problem(file, "truncated: the file ends early (within the 8-byte header of an IDX label file, or a cut-off gzip stream)", e);
    } catch (ZipException e) {
      throw DataFiles.problem(file, "corrupt gzip data: " + e.getMessage(), e);
    }
  }

  /** Reads only the magic number, to vet a download whose hash is not pinned. */
  public static void checkHeader(Path file, int expectedMagic) throws IOException {
    try (InputStream in = open(file)) {
      checkMagic(
          new DataInputStream(in).readInt(),
          expectedMagic,
          expectedMagic == IMAGES_MAGIC ? "image" : "label",
          file);
    } catch (EOFException e) {
      throw DataFiles.problem(file, "truncated: the file ends early", e);
    }
  }

  private static void checkMagic(int magic, int expected, String kind, Path file)
      throws IOException {
    if (magic != expected) {
      throw DataFiles.problem(file, "not an IDX " + kind + " file: magic number " + magic + " (0x"
              + String.format("%08x", magic) + "), expected " + expected + " (0x"
              + String.format("%08x", expected) + ")");
    }
  }
}
