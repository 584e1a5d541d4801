package io.genlab.api;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Makes text that may come from a spec or a shared run safe to print on one line of a console or log.
 *
 * <p>Specs and runs are untrusted: a name holding a terminal escape sequence could rewrite what the
 * console shows, a newline could forge a log line. {@link #line} escapes every control character (C0,
 * DEL, C1, Unicode line and paragraph separators, bidirectional overrides) as a visible {@code \n},
 * {@code \t} or {@code \}{@code uXXXX}, and shortens very long text. Stateless and thread-safe.
 *
 * @since 0.5
 */
@API(status = STABLE, since = "0.5")
public final class DisplayText {
  /** The longest line {@link #line} returns; a longer text is cut and ends with a count of what was left out. */
  public static final int MAX_LENGTH = 500;

  private DisplayText() {}

  /** Room kept for the "... (N more characters)" that ends a shortened text. */
  private static final int SUFFIX_ROOM = 32;

  /**
   * {@code text} as one printable line of at most {@link #MAX_LENGTH} characters: control and
   * bidirectional-formatting characters escaped, a longer text cut and ended with how many characters were
   * left out; {@code null} gives {@code "null"}. Applying it to its own result changes nothing, so text
   * made safe once (a problem's message) can pass through it again.
   */
  public static String line(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 8);
    int keptChars = 0;
    int keptLength = 0;
    for (int i = 0; i < text.length(); i++) {
      String shown = shown(text.charAt(i));
      if (out.length() + shown.length() > MAX_LENGTH) {
        out.setLength(keptLength);
        return out.append("... (").append(text.length() - keptChars).append(" more characters)").toString();
      }
      out.append(shown);
      if (out.length() <= MAX_LENGTH - SUFFIX_ROOM) {
        keptChars = i + 1;
        keptLength = out.length();
      }
    }
    return out.toString();
  }

  /** How {@code c} is shown: itself, or a visible escape. */
  private static String shown(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> unsafe(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    };
  }

  /** Whether {@code c} would not print as itself: a control, line/paragraph separator or bidi control. */
  public static boolean unsafe(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f'
        || c == '\u061c' || c == '\ufeff';
  }
}
