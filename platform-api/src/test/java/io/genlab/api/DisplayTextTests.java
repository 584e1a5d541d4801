package io.genlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link DisplayText#line}: untrusted text as one safe, bounded line. */
class DisplayTextTests {
  @Test
  void controlsTerminalEscapesAndBidiControlsAreShownEscaped() {
    assertThat(DisplayText.line("a\nb\tc\r\u001b[2J\u202ex\u0085")).isEqualTo("a\\nb\\tc\\r\\u001b[2J\\u202ex\\u0085");
    assertThat(DisplayText.line("plain text, ümlauts and \\n as written")).isEqualTo("plain text, ümlauts and \\n as written");
    assertThat(DisplayText.line(null)).isEqualTo("null");
  }

  @Test
  void aLongTextIsCutToAtMostTheLimitWithTheCountOfWhatWasLeftOut() {
    String shortened = DisplayText.line("x".repeat(10_000));
    assertThat(shortened).hasSizeLessThanOrEqualTo(DisplayText.MAX_LENGTH).startsWith("xxxx")
        .endsWith("... (" + (10_000 - shortened.indexOf('.')) + " more characters)");
    String escapes = DisplayText.line("\u0001".repeat(1000));
    assertThat(escapes).hasSizeLessThanOrEqualTo(DisplayText.MAX_LENGTH).doesNotContain("\u0001")
        .matches("(\\\\u0001)+\\.\\.\\. \\(\\d+ more characters\\)");
    assertThat(DisplayText.line("y".repeat(DisplayText.MAX_LENGTH))).hasSize(DisplayText.MAX_LENGTH).doesNotContain("...");
  }

  @Test
  void applyingItToItsOwnResultChangesNothing() {
    for (String text : new String[] {"x".repeat(10_000), "\u0001".repeat(1000), "a\nb", "é".repeat(499) + "\n"}) {
      String once = DisplayText.line(text);
      assertThat(DisplayText.line(once)).isEqualTo(once);
    }
  }
}
