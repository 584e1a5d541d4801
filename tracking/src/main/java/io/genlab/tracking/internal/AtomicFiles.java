package io.genlab.tracking.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** File writes that a concurrent reader never sees half-done. */
public final class AtomicFiles {
  /** Prefix of temporary files; never a valid key or artifact name, so readers can skip them. */
  public static final String TEMP_PREFIX = ".genlab-tmp-";

  private AtomicFiles() {}

  /**
   * Writes {@code bytes} to a temporary file in {@code tempDir} and renames it onto {@code target}.
   * {@code tempDir} must be on the same file system as {@code target}.
   */
  public static void write(Path target, byte[] bytes, Path tempDir) throws IOException {
    Path temp = tempFile(tempDir);
    try {
      // CREATE_NEW rather than Files.createTempFile: the latter makes the file owner-only (0600),
      // which would hide it from an `mlflow ui` run by another user.
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
        out.write(bytes);
      }
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Copies {@code source} through a temporary file in {@code tempDir} onto {@code target}. */
  static void copy(Path source, Path target, Path tempDir) throws IOException {
    Path temp = tempFile(tempDir);
    try {
      try (InputStream in = Files.newInputStream(source);
          OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
        in.transferTo(out);
      }
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Appends {@code line} with one write to a file opened in append mode, so that lines from
   * concurrent writers never interleave and what is there is never truncated.
   */
  static void append(Path target, byte[] line) throws IOException {
    try (FileChannel ch =
        FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(line);
      ch.write(buf);
      // A regular file takes the whole buffer at once; loop only for exotic file systems.
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }

  private static Path tempFile(Path dir) {
    return dir.resolve(TEMP_PREFIX + UUID.randomUUID().toString().replace("-", ""));
  }

  private static void move(Path temp, Path target) throws IOException {
    // On POSIX ATOMIC_MOVE is rename(2), which replaces an existing target atomically.
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
