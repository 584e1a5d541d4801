package io.genlab.tracking.internal.server;

import io.genlab.tracking.internal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How many points of each metric of one run the server holds, shared by every process that sends the run
 * (a sweep's driver and its trial): {@code <count> <key>} per line.
 *
 * <p>Written ahead: a marker file is created before a batch is sent and removed once the new counts are
 * recorded, so a process killed between the server's answer and the record leaves the marker, and the
 * next sender reads the counts from the server instead of sending the batch twice. Use under the run's
 * {@link PushLock}; not thread-safe.
 */
final class SentPoints {
  private final Path counts;
  private final Path sending;

  SentPoints(Path pushedFolder, String localRunId) {
    this.counts = pushedFolder.resolve(localRunId + ".points");
    this.sending = pushedFolder.resolve(localRunId + ".sending");
  }

  /** The counts recorded, or empty when unknown (never recorded, or a send may have been cut short). */
  Optional<Map<String, Integer>> load() {
    if (Files.exists(sending) || !Files.isRegularFile(counts)) {
      return Optional.empty();
    }
    Map<String, Integer> out = new HashMap<>();
    try {
      for (String line : Files.readAllLines(counts, StandardCharsets.UTF_8)) {
        int space = line.indexOf(' ');
        if (space > 0) {
          out.put(line.substring(space + 1), Integer.parseInt(line.substring(0, space)));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // damaged: ask the server
    }
    return Optional.of(out);
  }

  /** Marks that a batch is about to be sent; until {@link #sent}, the counts are not trusted. */
  void sending() throws IOException {
    Files.createDirectories(sending.getParent());
    if (!Files.exists(sending)) {
      Files.createFile(sending);
    }
  }

  /** Records the counts the server now holds and clears the marker. */
  void sent(Map<String, Integer> now) throws IOException {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(now).forEach((key, count) -> out.append(count).append(' ').append(key).append('\n'));
    Files.createDirectories(counts.getParent());
    AtomicFiles.write(counts, out.toString().getBytes(StandardCharsets.UTF_8), counts.getParent());
    Files.deleteIfExists(sending);
  }
}
