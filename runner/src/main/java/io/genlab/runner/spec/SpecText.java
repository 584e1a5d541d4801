package io.genlab.runner.spec;

import io.genlab.engine.config.InvalidConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a spec file the user named, refusing what is not a small UTF-8 text file with a message that
 * names the file. Stateless and thread-safe.
 */
public final class SpecText {
  /** The largest spec file read: specs are a few kilobytes; a bigger file is not one. */
  public static final long MAX_BYTES = 1 << 20;

  private SpecText() {}

  /** The text of {@code file}, a spec of kind {@code what} ("spec", "evaluation spec"). */
  public static String read(Path file, String what) {
    String place = file.toString();
    if (!Files.exists(file)) {
      throw new InvalidConfigException(place, what + " file not found");
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfigException(place, "a " + what + " must be a YAML file, found a folder or special file");
    }
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new InvalidConfigException(place, what + " file of " + size + " bytes; at most " + MAX_BYTES
            + " bytes are read");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(place, what + " file not found");
    } catch (AccessDeniedException e) {
      throw new InvalidConfigException(place, what + " file cannot be read: permission denied");
    } catch (IOException e) {
      throw new InvalidConfigException(place, what + " file cannot be read: " + e.getMessage());
    }
    return decode(bytes, place);
  }

  /** {@code bytes} as UTF-8, or an error naming the line and column of the first byte that is not. */
  static String decode(byte[] bytes, String place) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      int bad = firstInvalid(bytes);
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < bad; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw new InvalidConfigException(place + ":" + line + ":" + (bad - lineStart + 1), String.format(
          "not UTF-8 text: byte 0x%02x at offset %d; save the file as UTF-8", bytes[bad] & 0xff, bad));
    }
  }

  private static int firstInvalid(byte[] bytes) {
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    var out = java.nio.CharBuffer.allocate(bytes.length + 1);
    var result = decoder.decode(in, out, true);
    return result.isError() ? in.position() : 0;
  }
}
