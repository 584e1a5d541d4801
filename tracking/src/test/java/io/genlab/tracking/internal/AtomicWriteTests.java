package io.genlab.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTests {
  @TempDir Path root;
  private FileStoreTracker tracker;
  private TrackedRun run;
  private Path runDir;

  @BeforeEach
  void start() {
    tracker = new FileStoreTracker(root);
    run = tracker.startRun("atomic", "r", null);
    runDir = root.resolve(run.experimentId()).resolve(run.runId());
  }

  @Test
  void readersSeeAWholeOldOrAWholeNewArtifactNeverAPart() throws Exception {
    byte[] a = filled(1 << 20, (byte) 'a');
    byte[] b = filled((1 << 20) + 7, (byte) 'b');
    run.writeArtifact("model.bin", a);
    Path file = runDir.resolve("artifacts/model.bin");
    List<String> torn = new CopyOnWriteArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        try {
          byte[] seen = Files.readAllBytes(file);
          reads.incrementAndGet();
          if (!Arrays.equals(seen, a) && !Arrays.equals(seen, b)) {
            torn.add(seen.length + " bytes");
          }
        } catch (NoSuchFileException e) {
          torn.add("missing"); // an atomic replace never leaves the name unbound
        } catch (IOException e) {
          torn.add(e.toString());
        }
      }
    });
    reader.start();
    try {
      for (int i = 0; i < 60; i++) {
        run.writeArtifact("model.bin", i % 2 == 0 ? b : a);
      }
    } finally {
      done.set(true);
      reader.join();
    }
    assertThat(reads.get()).isPositive();
    assertThat(torn).isEmpty();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void readersSeeAWholeMetaYamlWhileTheRunIsReopenedAndEnded() throws Exception {
    List<String> errors = new CopyOnWriteArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        try {
          RunMeta.read(runDir); // throws on a missing key, i.e. a half-written file
        } catch (RuntimeException | IOException e) {
          errors.add(e.toString());
        }
      }
    });
    reader.start();
    try {
      for (int i = 0; i < 200; i++) {
        tracker.openRun(run.runId()).end(RunStatus.FINISHED);
      }
    } finally {
      done.set(true);
      reader.join();
    }
    assertThat(errors).isEmpty();
  }

  @Test
  void logArtifactReplacesAnArtifactOfTheSamePath(@TempDir Path elsewhere) throws IOException {
    Path local = elsewhere.resolve("notes.txt");
    Files.writeString(local, "one");
    run.logArtifact(local, "dir/sub");
    Files.writeString(local, "two");
    run.logArtifact(local, "dir/sub");
    assertThat(Files.readString(runDir.resolve("artifacts/dir/sub/notes.txt"))).isEqualTo("two");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aFailedWriteLeavesNoTemporaryFileAndKeepsTheOldContent() throws IOException {
    run.writeArtifact("keep.txt", "old".getBytes(StandardCharsets.UTF_8));
    // A folder where the file should go: the rename fails after the temporary file was written.
    Files.createDirectories(runDir.resolve("artifacts/blocked/inner"));
    assertThatThrownBy(() -> run.writeArtifact("blocked", "x".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("blocked");
    assertThatThrownBy(() -> run.logArtifact(root.resolve("no-such-file"), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a regular file");
    assertThat(runDir.resolve("artifacts/keep.txt")).hasContent("old");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void artifactPathsMustStayInsideTheRun() {
    for (String bad : List.of("", "../escape", "/abs", "a//b", "a/./b", "a/", "a\\b", ".genlab-tmp-x")) {
      assertThatThrownBy(() -> run.writeArtifact(bad, new byte[0]))
          .as("artifact path '%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
    assertThatThrownBy(() -> run.logArtifact(root.resolve("0/meta.yaml"), "../up"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(root.resolve(run.experimentId()).resolve("escape")).doesNotExist();
  }

  @Test
  void appendsNeverTruncateWhatIsThere() throws IOException {
    Path file = root.resolve("m");
    AtomicFiles.append(file, "1 2.0 3\n".getBytes(StandardCharsets.US_ASCII));
    AtomicFiles.append(file, "4 5.0 6\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(Files.readString(file)).isEqualTo("1 2.0 3\n4 5.0 6\n");
  }

  @Test
  void concurrentAppendsFromTwoRunsObjectsKeepEveryLineWhole() throws Exception {
    // Two handles on one run stand in for two writers sharing a file; lines must not interleave.
    TrackedRun other = tracker.openRun(run.runId());
    Thread t1 = new Thread(() -> { for (int i = 0; i < 500; i++) run.logMetric("m", 1.25, i); });
    Thread t2 = new Thread(() -> { for (int i = 0; i < 500; i++) other.logMetric("m", -2.5, 1000 + i); });
    t1.start();
    t2.start();
    t1.join();
    t2.join();
    List<String> lines = Files.readAllLines(runDir.resolve("metrics/m"));
    assertThat(lines).hasSize(1000).allMatch(l -> l.matches("\\d+ (1\\.25 \\d{1,3}|-2\\.5 1\\d{3})"));
  }

  private List<Path> leftovers() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX)).toList();
    }
  }

  private static byte[] filled(int n, byte b) {
    byte[] bytes = new byte[n];
    Arrays.fill(bytes, b);
    return bytes;
  }
}
