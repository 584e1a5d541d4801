package io.genlab.runner.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.runner.run.EarlyStopping;
import io.genlab.tracking.RunTags;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ASHA in a trial process: peers are read from the store, decisions are logged, and kept on resume. */
class AshaStoppingTests {
  private static final AshaConfig CONFIG = new AshaConfig("epoch/loss/x", Objective.Mode.MIN, 1, 2, 4);
  @TempDir Path dir;

  private TrackedRun trial(Tracker tracker, String parent, double atEpochOne) {
    Map<String, String> tags = new LinkedHashMap<>(AshaStopping.tags(CONFIG));
    tags.put(RunTags.PARENT_RUN_ID, parent);
    tags.put("genlab.experiment", "asha");
    TrackedRun run = tracker.startRun("asha", null, tags);
    if (!Double.isNaN(atEpochOne)) {
      run.logMetric("epoch/loss/x", atEpochOne, 1);
    }
    return run;
  }

  private static EarlyStopping stopping(Tracker tracker, TrackedRun run) {
    return AshaStopping.forRun(tracker, run.runId(), new PrintStream(new ByteArrayOutputStream()));
  }

  @Test
  void aTrialWorseThanItsPeersAtARungStopsAndTheDecisionIsLogged() {
    Tracker tracker = Trackers.fileStore(dir);
    String parent = tracker.startRun("asha", "sweep", null).runId();
    trial(tracker, parent, 1.0);
    trial(tracker, parent, 2.0);
    trial(tracker, "another-sweep", 0.1); // not a peer
    TrackedRun good = trial(tracker, parent, Double.NaN);
    TrackedRun bad = trial(tracker, parent, Double.NaN);

    // rf 2: of {1, 2, 0.5} the best 2 continue; of {1, 2, 3} only 1 and 2 would.
    assertThat(stopping(tracker, good).stopAfterEpoch(1, Map.of("epoch/loss/x", 0.5), good)).isEmpty();
    Optional<String> stop = stopping(tracker, bad).stopAfterEpoch(1, Map.of("epoch/loss/x", 3.0), bad);
    assertThat(stop).hasValueSatisfying(why -> assertThat(why).contains("ranks", "stop"));
    assertThat(tracker.run(bad.runId()).orElseThrow().tags()).containsKey("genlab.asha.rung_1");
    assertThat(tracker.run(good.runId()).orElseThrow().tags().get("genlab.asha.rung_1")).endsWith("continue");
    // Epoch 3 is no rung (rungs 1, 2): nothing is decided there.
    assertThat(stopping(tracker, bad).stopAfterEpoch(3, Map.of("epoch/loss/x", 99.0), bad)).isEmpty();
  }

  @Test
  void aResumedTrialKeepsTheDecisionItLoggedBefore() {
    Tracker tracker = Trackers.fileStore(dir);
    String parent = tracker.startRun("asha", "sweep", null).runId();
    TrackedRun run = trial(tracker, parent, Double.NaN);
    run.setTag("genlab.asha.rung_1", "rung 1 epochs: ... -> continue");
    trial(tracker, parent, 0.1);
    trial(tracker, parent, 0.2);
    // Now worse than both peers, but the rung was decided before the interruption.
    assertThat(stopping(tracker, run).stopAfterEpoch(1, Map.of("epoch/loss/x", 9.0), run)).isEmpty();
  }

  @Test
  void aRunThatIsNoAshaTrialIsNeverStopped() {
    Tracker tracker = Trackers.fileStore(dir);
    TrackedRun run = tracker.startRun("asha", "plain", null);
    assertThat(AshaStopping.forRun(tracker, run.runId(), System.err)).isSameAs(EarlyStopping.NEVER);
  }
}
