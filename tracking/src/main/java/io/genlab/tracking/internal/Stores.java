package io.genlab.tracking.internal;

import io.genlab.tracking.StoreFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the text files of a store, reporting undecodable ones by path; stateless and thread-safe. */
final class Stores {
  private Stores() {}

  /**
   * The UTF-8 text of {@code file}.
   *
   * @throws UncheckedIOException wrapping a {@link StoreFileException} naming the file when it is not UTF-8
   * @throws IOException when it cannot be read
   */
  static String readText(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw unusable(file, "not UTF-8 text; MLflow writes every store file as UTF-8");
    }
  }

  /**
   * Refuses {@code file} when a symbolic link leads it out of {@code root}: runs are shared (papers'
   * repositories), and reading one must not read, or echo in a message, the reader's other files.
   *
   * @throws UncheckedIOException wrapping a {@link StoreFileException} naming the file and its target
   */
  static void requireInside(Path file, Path root) throws IOException {
    Path real = file.toRealPath();
    Path realRoot = root.toRealPath();
    if (!real.startsWith(realRoot)) {
      throw unusable(file, "a link to " + real + ", outside " + realRoot + "; a run's files must lie in its folder");
    }
  }

  /** A {@link StoreFileException} about {@code file}, unchecked. */
  static UncheckedIOException unusable(Path file, String reason) {
    return new UncheckedIOException(new StoreFileException(file, reason));
  }
}
