package io.genlab.reports;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes chart data as JSON that is safe inside an HTML {@code <script>} element: {@code <}, {@code >},
 * {@code &}, U+2028 and U+2029 are written as {@code \\uXXXX}, so no run text can close the element or
 * start markup. Non-finite numbers become {@code null} (ECharts draws a gap). Stateless; thread-safe.
 */
final class SafeJson {
  private SafeJson() {}

  /** {@code value}: a Map with String keys, a List, a String, a Number, a Boolean, a double[] or null. */
  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Double || value instanceof Float) {
      number(((Number) value).doubleValue(), out);
    } else if (value instanceof Number n) {
      out.append(n.longValue());
    } else if (value instanceof double[] xs) {
      out.append('[');
      for (int i = 0; i < xs.length; i++) {
        out.append(i > 0 ? "," : "");
        number(xs[i], out);
      }
      out.append(']');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i > 0 ? "," : "");
        write(list.get(i), out);
      }
      out.append(']');
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (var e : map.entrySet()) {
        out.append(first ? "" : ",");
        first = false;
        string(String.valueOf(e.getKey()), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else {
      throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
    }
  }

  private static void number(double v, StringBuilder out) {
    if (!Double.isFinite(v)) {
      out.append("null");
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      out.append((long) v);
    } else {
      out.append(v);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029' || c == '\'') {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
