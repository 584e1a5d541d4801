package io.genlab.reports;

import io.genlab.api.DisplayText;

/**
 * Escapes run and spec text for HTML element content and quoted attribute values: unsafe characters
 * are made visible first ({@link DisplayText#line}), then {@code & < > " '} become entities. Stateless;
 * thread-safe.
 */
final class HtmlText {
  private HtmlText() {}

  static String escape(String text) {
    String shown = DisplayText.line(text == null ? "" : text);
    StringBuilder out = new StringBuilder(shown.length() + 16);
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
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
}
