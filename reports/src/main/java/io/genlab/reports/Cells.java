package io.genlab.reports;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.DisplayText;
import org.apiguardian.api.API;

/**
 * Makes untrusted text (run and experiment names, params, tags, metric keys from shared runs) safe in the
 * formats a report is written in: Markdown, CSV and HTML.
 *
 * <p>Each method keeps the text readable and makes it mean only itself: it cannot end a table cell or
 * row, start a heading or list, become a link, an image, emphasis or raw HTML, run as a spreadsheet
 * formula, or move a terminal's cursor. Stateless and thread-safe; {@code null} is not accepted.
 *
 * @since 0.2
 */
@API(status = EXPERIMENTAL, since = "0.2")
public final class Cells {
  // Backslash-escapable ASCII punctuation (CommonMark) that could start markup inside a line.
  private static final String MARKDOWN_SPECIAL = "\\|`<>[]*_~&!";

  private Cells() {}

  /**
   * {@code text} as Markdown text for a table cell or a line: {@code \ | ` < > [ ] * _ ~ & !} escaped with a
   * backslash, a leading {@code #}, {@code -}, {@code +} or {@code =} (heading, list, rule) escaped unless a
   * number follows ({@code -1.5} stays as it is), line
   * breaks as spaces, other control characters as a visible {@code \}{@code uXXXX}; empty text is one space,
   * so a cell stays a cell.
   */
  public static String markdown(String text) {
    String t = oneLine(text);
    StringBuilder out = new StringBuilder(t.length() + 8);
    int first = firstNonBlank(t);
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (MARKDOWN_SPECIAL.indexOf(c) >= 0 || (i == first && startsBlock(t, i))) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.isEmpty() ? " " : out.toString();
  }

  /**
   * {@code text} as a Markdown code span (outside tables): fenced with one backtick more than the longest
   * run of backticks in it, padded when it starts or ends with one, line breaks as spaces.
   */
  public static String code(String text) {
    String t = oneLine(text);
    int longest = 0;
    int run = 0;
    for (int i = 0; i < t.length(); i++) {
      run = t.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    boolean pad = t.isEmpty() || t.startsWith("`") || t.endsWith("`");
    return fence + (pad ? " " : "") + t + (pad ? " " : "") + fence;
  }

  /**
   * {@code text} as an RFC 4180 CSV field: a text starting with {@code = + - @}, tab or carriage return
   * (a formula to a spreadsheet) gets a leading {@code '}; then it is quoted, doubling quotes, when it holds
   * a comma, quote or line break. Control characters other than tab and line breaks (terminal escapes)
   * are written as a visible {@code \}{@code uXXXX}. For text only: numbers are written with {@link #csvNumber}.
   */
  public static String csv(String text) {
    String t = visibleControls(text);
    if (!t.isEmpty() && "=+-@\t\r".indexOf(t.charAt(0)) >= 0) {
      t = "'" + t;
    }
    if (t.indexOf(',') >= 0 || t.indexOf('"') >= 0 || t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) {
      return '"' + t.replace("\"", "\"\"") + '"';
    }
    return t;
  }

  /** {@code value} as a CSV field at full precision ({@code -1.5}, {@code NaN}); never guarded as a formula. */
  public static String csvNumber(double value) {
    return Double.toString(value);
  }

  /** {@code text} as HTML text or attribute value: {@code & < > " '} as entities. */
  public static String html(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Line breaks (CR LF, CR, LF, U+2028/9, NEL) as one space, other controls and bidi overrides as \\uXXXX. */
  private static String oneLine(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        continue; // the \n that follows becomes the space
      }
      if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085') {
        out.append(' ');
      } else if (c == '\t') {
        out.append(' ');
      } else if (DisplayText.unsafe(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code text} with controls other than tab, CR and LF (which CSV quoting keeps) as \\uXXXX. */
  private static String visibleControls(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\t' && c != '\n' && c != '\r' && DisplayText.unsafe(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Whether the character at {@code i} could start a heading, list or rule: # - + = not before a number. */
  private static boolean startsBlock(String t, int i) {
    if ("#-+=".indexOf(t.charAt(i)) < 0) {
      return false;
    }
    char next = i + 1 < t.length() ? t.charAt(i + 1) : ' ';
    return !(Character.isDigit(next) || next == '.');
  }

  private static int firstNonBlank(String t) {
    int i = 0;
    while (i < t.length() && t.charAt(i) == ' ') {
      i++;
    }
    return i;
  }
}
