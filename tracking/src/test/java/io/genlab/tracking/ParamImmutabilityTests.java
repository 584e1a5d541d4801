package io.genlab.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamImmutabilityTests {
  @TempDir Path root;
  private Tracker tracker;
  private TrackedRun run;

  @BeforeEach
  void start() {
    tracker = Trackers.fileStore(root);
    run = tracker.startRun("params", "r", null);
  }

  private Path paramFile(String key) {
    return root.resolve(run.experimentId()).resolve(run.runId()).resolve("params").resolve(key);
  }

  @Test
  void relogingTheSameValueIsFine() {
    run.logParam("lr", "0.001");
    run.logParam("lr", "0.001");
    run.logParams(Map.of("lr", "0.001"));
    assertThat(paramFile("lr")).hasContent("0.001");
  }

  @Test
  void aDifferentValueThrowsNamingKeyOldAndNew() {
    run.logParam("lr", "0.001");
    assertThatThrownBy(() -> run.logParam("lr", "0.01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'lr'")
        .hasMessageContaining("'0.001'")
        .hasMessageContaining("'0.01'");
    assertThat(paramFile("lr")).hasContent("0.001");
  }

  @Test
  void aConflictInABatchWritesNothing() {
    run.logParam("lr", "0.001");
    Map<String, String> batch = new LinkedHashMap<>();
    batch.put("epochs", "10");
    batch.put("lr", "0.5");
    assertThatThrownBy(() -> run.logParams(batch)).isInstanceOf(IllegalArgumentException.class);
    assertThat(paramFile("epochs")).doesNotExist();
    assertThat(tracker.run(run.runId()).orElseThrow().params()).containsExactly(Map.entry("lr", "0.001"));
  }

  @Test
  void anInvalidKeyInABatchWritesNothing() {
    Map<String, String> batch = new LinkedHashMap<>();
    batch.put("epochs", "10");
    batch.put("bad;key", "1");
    assertThatThrownBy(() -> run.logParams(batch)).isInstanceOf(IllegalArgumentException.class);
    assertThat(paramFile("epochs")).doesNotExist();
  }

  @Test
  void paramValuesOver6000CharactersAreRejected() {
    run.logParam("ok", "v".repeat(6000));
    assertThatThrownBy(() -> run.logParam("spec", "v".repeat(6001)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'spec'")
        .hasMessageContaining("at most 6000 characters, found 6001");
    assertThat(paramFile("spec")).doesNotExist();
    assertThat(paramFile("ok")).hasContent("v".repeat(6000));
  }

  @Test
  void tagValuesOver8000CodePointsAreTruncated() {
    String emoji = "\uD83D\uDE00"; // one code point, two Java chars: MLflow counts code points
    run.setTag("note", emoji.repeat(8001));
    run.setTag("short", "x".repeat(8000));
    var tags = tracker.run(run.runId()).orElseThrow().tags();
    assertThat(tags.get("note")).isEqualTo(emoji.repeat(8000));
    assertThat(tags.get("short")).isEqualTo("x".repeat(8000));
  }

  @Test
  void tagsMayChange() {
    run.setTag("phase", "train");
    run.setTag("phase", "eval");
    assertThat(tracker.run(run.runId()).orElseThrow().tags()).containsEntry("phase", "eval");
  }

  @Test
  void settingTheRunNameTagRenamesTheRun() {
    run.setTag("mlflow.runName", "renamed");
    RunInfo info = tracker.run(run.runId()).orElseThrow();
    assertThat(info.runName()).isEqualTo("renamed");
    assertThat(info.tags()).containsEntry("mlflow.runName", "renamed");
  }
}
