package io.genlab.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.tracking.TrackedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCreationTests {
  @TempDir Path root;

  @Test
  void newExperimentsTakeTheNextFreeIdIncludingTrashAndHalfCreatedFolders() throws IOException {
    FileStoreTracker tracker = new FileStoreTracker(root);
    assertThat(tracker.startRun("a", "r", null).experimentId()).isEqualTo("1");
    Files.createDirectories(root.resolve(".trash/5"));
    assertThat(tracker.startRun("b", "r", null).experimentId()).isEqualTo("6");
    Files.createDirectories(root.resolve("9")); // another process is creating it: no meta.yaml yet
    assertThat(tracker.startRun("c", "r", null).experimentId()).isEqualTo("10");
    assertThat(tracker.startRun("a", "r", null).experimentId()).isEqualTo("1");
    assertThat(tracker.experimentNames()).containsExactly("Default", "a", "b", "c");
  }

  @Test
  void nullExperimentMeansDefault() {
    FileStoreTracker tracker = new FileStoreTracker(root);
    assertThat(tracker.startRun(null, "r", null).experimentId()).isEqualTo("0");
    assertThatThrownBy(() -> tracker.startRun(" ", "r", null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDeletedExperimentNameIsNotReused() throws IOException {
    FileStoreTracker tracker = new FileStoreTracker(root);
    tracker.startRun("old", "r", null);
    Files.move(root.resolve("1"), root.resolve(".trash/1"));
    assertThatThrownBy(() -> tracker.startRun("old", "r", null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'old'")
        .hasMessageContaining("deleted");
    assertThat(tracker.experimentNames()).containsExactly("Default");
  }

  @Test
  void aDefaultExperimentInTheTrashStaysDeleted() throws IOException {
    new FileStoreTracker(root).startRun(null, "r", null);
    Files.move(root.resolve("0"), root.resolve(".trash/0"));
    new FileStoreTracker(root).startRun("other", "r", null);
    assertThat(root.resolve("0")).doesNotExist();
  }

  @Test
  void concurrentCreatorsGetDistinctIds() throws Exception {
    // Separate trackers do not share the in-process lock: only createDirectory arbitrates.
    int threads = 8;
    CountDownLatch go = new CountDownLatch(1);
    Set<String> ids = ConcurrentHashMap.newKeySet();
    List<Throwable> errors = new ArrayList<>();
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      String name = "exp-" + i;
      Thread t = new Thread(() -> {
        try {
          FileStoreTracker tracker = new FileStoreTracker(root);
          go.await();
          TrackedRun run = tracker.startRun(name, "r", null);
          ids.add(run.experimentId());
        } catch (Throwable e) {
          synchronized (errors) {
            errors.add(e);
          }
        }
      });
      ts.add(t);
      t.start();
    }
    go.countDown();
    for (Thread t : ts) {
      t.join();
    }
    assertThat(errors).isEmpty();
    assertThat(ids).hasSize(threads);
    assertThat(new FileStoreTracker(root).experimentNames()).hasSize(threads + 1);
  }

  @Test
  void oneTrackerCreatesANameOnceAcrossThreads() throws Exception {
    FileStoreTracker tracker = new FileStoreTracker(root);
    Set<String> ids = ConcurrentHashMap.newKeySet();
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Thread t = new Thread(() -> ids.add(tracker.startRun("shared", "r", null).experimentId()));
      ts.add(t);
      t.start();
    }
    for (Thread t : ts) {
      t.join();
    }
    assertThat(ids).containsExactly("1");
    assertThat(tracker.runs("shared")).hasSize(6);
  }
}
