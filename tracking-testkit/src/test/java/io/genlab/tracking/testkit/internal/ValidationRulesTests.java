package io.genlab.tracking.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidationRulesTests {
  /** Expected values are Python's {@code posixpath.normpath}. */
  @ParameterizedTest
  @CsvSource({
    "'', .",
    "a, a",
    "a/b/, a/b",
    "a//b, a/b",
    "./a, a",
    "a/./b, a/b",
    "a/../b, b",
    "../a, ../a",
    "a/../../b, ../b",
    "/a/../.., /",
    "//a, //a",
    "///a, /a",
    "., .",
  })
  void normpathMatchesPython(String path, String expected) {
    assertThat(Validation.normpath(path)).isEqualTo(expected);
  }

  @Test
  void keysMustNotResolveToAnotherPath() {
    assertThat(Validation.pathNotUnique("eval/fid")).isFalse();
    assertThat(Validation.pathNotUnique("a/b/")).isTrue();
    assertThat(Validation.pathNotUnique("..")).isTrue();
    assertThat(Validation.pathNotUnique("a/..b")).isFalse();
    assertThat(Validation.pathNotUnique("")).isTrue();
  }

  @Test
  void lengthsCountCharactersNotUtf16Units() {
    String emoji = "\uD83D\uDE00";
    new Validation(false).paramValue(emoji.repeat(6000));
    assertThatThrownBy(() -> new Validation(false).paramValue(emoji.repeat(6001)))
        .isInstanceOf(MlflowError.class);
    assertThat(new Validation(true).paramValue(emoji.repeat(6001))).isEqualTo(emoji.repeat(6000));
  }

  @Test
  void runAndExperimentIdsFollowMlflowsPatterns() {
    Validation.runId("0123456789abcdef0123456789abcdef");
    assertThatThrownBy(() -> Validation.runId("../x")).isInstanceOf(MlflowError.class);
    assertThatThrownBy(() -> Validation.runId("")).isInstanceOf(MlflowError.class);
    Validation.experimentId("12");
    assertThatThrownBy(() -> Validation.experimentId("-1")).isInstanceOf(MlflowError.class);
  }
}
