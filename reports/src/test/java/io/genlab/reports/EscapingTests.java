package io.genlab.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscapingTests {
  @Test
  void htmlTextTurnsMarkupIntoEntities() {
    assertThat(HtmlText.escape(ReportFixture.HOSTILE))
        .isEqualTo("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    assertThat(HtmlText.escape("a\"b'c&d")).isEqualTo("a&quot;b&#39;c&amp;d");
  }

  @Test
  void jsonCannotCloseTheScriptElementOrBreakALine() {
    String json = SafeJson.write(Map.of("name", ReportFixture.HOSTILE + "\u2028\u2029&'\"\\"));
    assertThat(json).doesNotContain("<", ">", "&", "\u2028", "\u2029", "'")
        .isEqualTo("{\"name\":\"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e"
            + "\\u2028\\u2029\\u0026\\u0027\\\"\\\\\"}");
  }

  @Test
  void jsonWritesNonFiniteNumbersAsGaps() {
    assertThat(SafeJson.write(List.of(1.0, 2.5, Double.NaN, Double.NEGATIVE_INFINITY, 3L)))
        .isEqualTo("[1,2.5,null,null,3]");
  }
}
