package io.genlab.reports;

import io.genlab.api.DisplayText;

/**
 * Escapes run and spec text for HTML element content and quoted attribute values: unsafe characters
 * are made visible first ({@link DisplayText#line}), then {@code & < > " '} become entities. Stateless;
 * thread-safe.
 */
final class HtmlText {
  private HtmlText() {}

  /** {@code text} on one line ({@link DisplayText#line}), then as HTML text or attribute value ({@link Cells#html}). */
  static String escape(String text) {
    return Cells.html(DisplayText.line(text == null ? "" : text));
  }
}
