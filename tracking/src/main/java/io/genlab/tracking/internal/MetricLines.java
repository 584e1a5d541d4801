package io.genlab.tracking.internal;

import io.genlab.tracking.StoreFileException;
import io.genlab.tracking.MetricPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code <timestamp> <value> <step>} lines of MLflow metric files. */
final class MetricLines {
  // Far longer than any line ("<13 digits> <24 chars> <19 digits>"): one read finds the last line.
  private static final int TAIL_BYTES = 4096;

  private MetricLines() {}

  /** One line; Double.toString's "NaN", "Infinity", "1.0E-5" are all read by Python's float(). */
  static byte[] format(long timestamp, double value, long step) {
    return (timestamp + " " + value + " " + step + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Every complete line of a metric file. A last line without its newline is being appended right
   * now (or was cut by a crash) and is skipped; MLflow always ends lines with a newline.
   */
  static List<MetricPoint> readAll(Path file) throws IOException {
    String text = Stores.readText(file);
    List<MetricPoint> points = new ArrayList<>();
    int start = 0;
    int lineNo = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      lineNo++;
      String line = text.substring(start, nl);
      if (!line.isBlank()) {
        points.add(parse(line, file, lineNo));
      }
      start = nl + 1;
    }
    return points;
  }

  /** The last complete line, read from the end of the file so long histories cost nothing. */
  static Optional<MetricPoint> readLast(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long size = f.length();
      int n = (int) Math.min(size, TAIL_BYTES);
      byte[] buf = new byte[n];
      f.seek(size - n);
      f.readFully(buf);
      String tail = new String(buf, StandardCharsets.UTF_8);
      int end = tail.lastIndexOf('\n');
      while (end >= 0) {
        int begin = tail.lastIndexOf('\n', end - 1) + 1;
        if (begin == 0 && n < size) {
          break; // the window starts mid-line: fall back to reading everything
        }
        String line = tail.substring(begin, end);
        if (!line.isBlank()) {
          // The line's number is known when the window holds the whole file.
          int lineNo = n == size ? (int) tail.substring(0, begin).chars().filter(c -> c == '\n').count() + 1 : -1;
          return Optional.of(parse(line, file, lineNo));
        }
        end = begin - 1;
      }
      if (n == size) {
        return Optional.empty();
      }
    }
    List<MetricPoint> all = readAll(file);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Cuts a last line without its newline (a crash mid-write) from every metric file under {@code
   * dir}, so that a reopened run appends whole lines after whole lines.
   */
  static void dropIncompleteLastLines(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> files;
    try (var walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
        long end = f.length();
        while (end > 0) {
          f.seek(end - 1);
          if (f.read() == '\n') {
            break;
          }
          end--;
        }
        if (end < f.length()) {
          f.setLength(end);
        }
      }
    }
  }

  static MetricPoint parse(String line, Path file, int lineNo) {
    // MLflow 2 writes 3 fields, very old MLflow 2 (no step), MLflow 3 may add dataset fields.
    String[] f = line.strip().split("\\s+");
    try {
      if (f.length < 2) {
        throw new NumberFormatException("expected '<timestamp> <value> <step>'");
      }
      long step = f.length >= 3 ? Long.parseLong(f[2]) : 0L;
      return new MetricPoint(Long.parseLong(f[0]), parseDouble(f[1]), step);
    } catch (NumberFormatException e) {
      String shown = line.length() > 80 ? line.substring(0, 80) + "..." : line;
      throw new UncheckedIOException(new StoreFileException(file, (lineNo > 0 ? "line " + lineNo : "the last complete line")
          + ": '" + shown + "' is not a metric line (" + e.getMessage() + "); expected '<timestamp> <value> <step>'"));
    }
  }

  /** Parses Java's and Python's spellings: "NaN"/"nan", "Infinity"/"inf", "1.0E-5"/"1e-05". */
  static double parseDouble(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
    if (unsigned.equals("nan")) {
      return Double.NaN;
    }
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(s);
  }
}
