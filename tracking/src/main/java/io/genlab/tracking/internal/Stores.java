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

  /** A {@link StoreFileException} about {@code file}, unchecked. */
  static UncheckedIOException unusable(Path file, String reason) {
    return new UncheckedIOException(new StoreFileException(file, reason));
  }
}
