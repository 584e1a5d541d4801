package io.genlab.reports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One test per escaping rule of {@link Cells}. */
class CellsTests {
  @Test
  void markdownEscapesTableAndInlineMarkup() {
    assertThat(Cells.markdown("a|b")).isEqualTo("a\\|b");
    assertThat(Cells.markdown("`code`")).isEqualTo("\\`code\\`");
    assertThat(Cells.markdown("<script>")).isEqualTo("\\<script\\>");
    assertThat(Cells.markdown("![x](http://e/i.png)")).isEqualTo("\\!\\[x\\](http://e/i.png)");
    assertThat(Cells.markdown("*bold* _it_ ~~s~~")).isEqualTo("\\*bold\\* \\_it\\_ \\~\\~s\\~\\~");
    assertThat(Cells.markdown("a\\|b")).isEqualTo("a\\\\\\|b");
    assertThat(Cells.markdown("&lt;")).isEqualTo("\\&lt;");
  }

  @Test
  void markdownKeepsOneLine() {
    assertThat(Cells.markdown("a\nb\r\nc\rd\u2028e\tf")).isEqualTo("a b c d e f");
    assertThat(Cells.markdown("red\u001b[31m")).isEqualTo("red\\\\u001b\\[31m");
    assertThat(Cells.markdown("\u202eevil")).isEqualTo("\\\\u202eevil");
  }

  @Test
  void markdownEscapesWhatWouldStartABlockButNotNumbers() {
    assertThat(Cells.markdown("# title")).isEqualTo("\\# title");
    assertThat(Cells.markdown("- item")).isEqualTo("\\- item");
    assertThat(Cells.markdown("+ item")).isEqualTo("\\+ item");
    assertThat(Cells.markdown("===")).isEqualTo("\\===");
    assertThat(Cells.markdown("  # x")).isEqualTo("  \\# x");
    assertThat(Cells.markdown("-1.5")).isEqualTo("-1.5");
    assertThat(Cells.markdown("+3")).isEqualTo("+3");
    assertThat(Cells.markdown("a-b#c")).isEqualTo("a-b#c");
  }

  @Test
  void markdownOfEmptyTextKeepsTheCell() {
    assertThat(Cells.markdown("")).isEqualTo(" ");
  }

  @Test
  void codeSpansFenceBackticksAndLineBreaks() {
    assertThat(Cells.code("vae")).isEqualTo("`vae`");
    assertThat(Cells.code("a`b")).isEqualTo("``a`b``");
    assertThat(Cells.code("`x``")).isEqualTo("``` `x`` ```");
    assertThat(Cells.code("a\nb")).isEqualTo("`a b`");
    assertThat(Cells.code("")).isEqualTo("`  `");
  }

  @Test
  void csvQuotesPerRfc4180() {
    assertThat(Cells.csv("plain")).isEqualTo("plain");
    assertThat(Cells.csv("a,b")).isEqualTo("\"a,b\"");
    assertThat(Cells.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Cells.csv("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(Cells.csv("")).isEmpty();
  }

  @Test
  void csvDefusesFormulasInText() {
    assertThat(Cells.csv("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
    assertThat(Cells.csv("+1+cmd")).isEqualTo("'+1+cmd");
    assertThat(Cells.csv("-2+3")).isEqualTo("'-2+3");
    assertThat(Cells.csv("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(Cells.csv("\tx")).isEqualTo("'\tx");
    assertThat(Cells.csv("\rx")).isEqualTo("\"'\rx\"");
    assertThat(Cells.csv("a=b")).isEqualTo("a=b");
  }

  @Test
  void csvShowsTerminalEscapesVisibly() {
    assertThat(Cells.csv("red\u001b[31m\u0007")).isEqualTo("red\\u001b[31m\\u0007");
    assertThat(Cells.csv("\u202eevil")).isEqualTo("\\u202eevil");
  }

  @Test
  void csvNumbersStayNumbers() {
    assertThat(Cells.csvNumber(-1.5)).isEqualTo("-1.5");
    assertThat(Cells.csvNumber(1.0E-5)).isEqualTo("1.0E-5");
    assertThat(Cells.csvNumber(Double.NaN)).isEqualTo("NaN");
    assertThat(Cells.csvNumber(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
  }

  @Test
  void htmlEscapesEntities() {
    assertThat(Cells.html("<a href=\"x\" title='y'>Tom & Jerry</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
    assertThat(Cells.html("plain")).isEqualTo("plain");
  }
}
