package io.genlab.tracking.internal.server;

import io.genlab.tracking.internal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which artifact files of one run the server already has, by content: a checkpoint rewritten every epoch
 * keeps its size, so size alone cannot tell. One line per file, {@code <sha256> <size> <mtime> <path>}.
 * Losing the ledger only means sending the artifacts again. Not thread-safe: one pusher per run.
 */
final class ArtifactLedger {
  private record Entry(String sha256, long size, long modified) {}

  private final Path file;
  private final Map<String, Entry> entries = new TreeMap<>();

  ArtifactLedger(Path file) {
    this.file = file;
    try {
      if (Files.isRegularFile(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String[] f = line.split(" ", 4);
          if (f.length == 4) {
            entries.put(f[3], new Entry(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      entries.clear(); // a damaged ledger: send everything again
    }
  }

  /** Whether {@code local} has the size and modification time it had when sent: then it is taken as sent. */
  boolean unchangedSinceSent(String path, Path local) throws IOException {
    Entry known = entries.get(path);
    return known != null && known.size() == Files.size(local)
        && known.modified() == Files.getLastModifiedTime(local).toMillis();
  }

  /**
   * Whether {@code local} (the artifact at {@code path}) differs from what was sent: unchanged size and
   * modification time are trusted, otherwise the content is compared.
   *
   * @return the file's SHA-256 when it must be sent, or {@code null} when the server has it
   */
  String changed(String path, Path local) throws IOException {
    long size = Files.size(local);
    long modified = Files.getLastModifiedTime(local).toMillis();
    Entry known = entries.get(path);
    if (known != null && known.size() == size && known.modified() == modified) {
      return null;
    }
    String sha = sha256(local);
    if (known != null && known.sha256().equals(sha)) {
      entries.put(path, new Entry(sha, size, modified));
      return null;
    }
    return sha;
  }

  /** Records that {@code local}, with content {@code sha256}, was sent as {@code path}, and saves the ledger. */
  void sent(String path, Path local, String sha256) throws IOException {
    entries.put(path, new Entry(sha256, Files.size(local), Files.getLastModifiedTime(local).toMillis()));
    StringBuilder out = new StringBuilder();
    entries.forEach((p, e) -> out.append(e.sha256()).append(' ').append(e.size()).append(' ').append(e.modified())
        .append(' ').append(p).append('\n'));
    Files.createDirectories(file.getParent());
    AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8), file.getParent());
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      byte[] buffer = new byte[1 << 16];
      while (in.read(buffer) >= 0) {
        // reading feeds the digest
      }
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
