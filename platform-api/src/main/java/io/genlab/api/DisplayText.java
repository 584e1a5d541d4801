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
  /** The most characters {@link #line} keeps; a longer text is shortened with a count of what was left out. */
  public static final int MAX_LENGTH = 500;

  private DisplayText() {}

  /**
   * {@code text} as one printable line: control and bidirectional-formatting characters escaped, at most
   * {@link #MAX_LENGTH} characters of it kept; {@code null} gives {@code "null"}.
   */
  public static String line(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 16);
    int shown = Math.min(text.length(), MAX_LENGTH);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (unsafe(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (text.length() > shown) {
      out.append("... (").append(text.length() - shown).append(" more characters)");
    }
    return out.toString();
  }

  /** Whether {@code c} would not print as itself: a control, line/paragraph separator or bidi control. */
  public static boolean unsafe(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f'
        || c == '\u061c' || c == '\ufeff';
  }
}
