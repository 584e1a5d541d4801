package io.genlab.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyValidationTests {
  @TempDir Path root;
  private TrackedRun run;

  @BeforeEach
  void start() {
    run = Trackers.fileStore(root).startRun("keys", "r", null);
  }

  static Stream<Arguments> invalidKeys() {
    return Stream.of(
        Arguments.of("", "must not be empty"),
        Arguments.of("x".repeat(251), "at most 250 characters, found 251"),
        Arguments.of("/abs", "must not start with '/'"),
        Arguments.of("a/../b", "must not contain '..'"),
        Arguments.of("..", "must not contain '..'"),
        Arguments.of("loss..x", "must not contain '..'"),
        Arguments.of("a//b", "normalized path"),
        Arguments.of("a/", "normalized path"),
        Arguments.of("a/./b", "normalized path"),
        Arguments.of(".", "normalized path"),
        Arguments.of("a\\b", "may only contain"),
        Arguments.of("a;b", "may only contain"),
        Arguments.of("a\nb", "may only contain"),
        Arguments.of("naïve", "may only contain"));
  }

  @ParameterizedTest
  @MethodSource("invalidKeys")
  void rejectsInvalidParamKeys(String key, String rule) {
    assertRejected("param", key, rule, (k, r) -> r.logParam(k, "1"));
  }

  @ParameterizedTest
  @MethodSource("invalidKeys")
  void rejectsInvalidMetricKeys(String key, String rule) {
    assertRejected("metric", key, rule, (k, r) -> r.logMetric(k, 1.0, 0));
  }

  @ParameterizedTest
  @MethodSource("invalidKeys")
  void rejectsInvalidTagKeys(String key, String rule) {
    assertRejected("tag", key, rule, (k, r) -> r.setTag(k, "1"));
  }

  private void assertRejected(String kind, String key, String rule, BiConsumer<String, TrackedRun> log) {
    assertThatThrownBy(() -> log.accept(key, run))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid " + kind + " key '" + key + "'")
        .hasMessageContaining(rule);
    RunInfo info = Trackers.fileStore(root).run(run.runId()).orElseThrow();
    assertThat(info.params()).isEmpty();
    assertThat(info.metrics()).isEmpty();
    assertThat(info.tags()).containsOnlyKeys("mlflow.runName", "mlflow.user", "mlflow.source.name", "mlflow.source.type");
  }

  @Test
  void acceptsEveryAllowedCharacterAndTheLongestKey() throws Exception {
    String longest = "k".repeat(250);
    run.logParam("a b:c-d.e_f/G9", "1");
    run.logMetric(longest, 2.0, 0);
    run.setTag("x/y/z", "3");
    Path runDir = root.resolve(run.experimentId()).resolve(run.runId());
    assertThat(Files.readString(runDir.resolve("params/a b:c-d.e_f/G9"))).isEqualTo("1");
    assertThat(runDir.resolve("metrics").resolve(longest)).isRegularFile();
    assertThat(runDir.resolve("tags/x/y/z")).hasContent("3");
  }

  @Test
  void startRunChecksTagKeysBeforeCreatingAnything() {
    Tracker tracker = Trackers.fileStore(root);
    assertThatThrownBy(() -> tracker.startRun("keys", "r2", java.util.Map.of("bad;key", "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid tag key 'bad;key'");
    assertThat(tracker.runs("keys")).hasSize(1);
  }

  @Test
  void rejectsNullKeysAndValues() {
    assertThatThrownBy(() -> run.logParam(null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> run.logParam("k", null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("'k'");
    assertThatThrownBy(() -> run.setTag("k", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aMetricKeyCannotAlsoBeTheFolderOfAnotherAndNothingIsLostWhenRefused() throws Exception {
    run.logMetric("fd/abc", 1.5, 0);
    assertThatThrownBy(() -> run.logMetric("fd/abc/accuracy", 0.9, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metric key 'fd/abc/accuracy' cannot be logged: 'fd/abc' is already a metric");
    run.logMetric("g/x/y", 1, 0);
    assertThatThrownBy(() -> run.logMetric("g/x", 2, 0))
        .hasMessageContaining("metric key 'g/x' cannot be logged: metrics named 'g/x/...' already exist");
    run.logMetric("fd/abc", 1.25, 1);
    Path metrics = root.resolve(run.experimentId()).resolve(run.runId()).resolve("metrics");
    assertThat(Files.readAllLines(metrics.resolve("fd/abc"))).hasSize(2);
    assertThat(Files.readAllLines(metrics.resolve("g/x/y"))).hasSize(1);
  }
}
