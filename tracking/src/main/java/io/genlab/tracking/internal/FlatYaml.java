package io.genlab.tracking.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes and reads the flat {@code key: scalar} YAML of MLflow's {@code meta.yaml} files, and the one
 * nested mapping of scalars some hold (a run input's {@code tags}).
 *
 * <p>Enough YAML for what MLflow (PyYAML {@code safe_dump}) and this writer produce: plain,
 * single-quoted and double-quoted scalars, lines folded by PyYAML's 80-column wrapping, {@code null}
 * and {@code []}. A YAML library would be a dependency for six keys.
 */
final class FlatYaml {

  // Plain scalars that PyYAML reads back as the same string: starts with a letter, '_' or '/', so
  // never a number, date or indicator; no ": " or " #"; reserved words excluded below.
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./@+%:=~-]*");
  private static final Set<String> RESERVED =
      Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");

  private static final Pattern UNICODE_BREAK = Pattern.compile("([\\u2028\\u2029])[ \\t]*");

  private FlatYaml() {}

  /**
   * Renders {@code entries} with keys sorted, as MLflow does; values are {@code null}, {@link
   * Number}s, strings, empty lists or maps of strings (a block mapping indented by two spaces, {@code
   * {}} when empty, as PyYAML writes them).
   */
  static String write(Map<String, ?> entries) {
    StringBuilder sb = new StringBuilder();
    for (var e : new TreeMap<>(entries).entrySet()) {
      if (e.getValue() instanceof Map<?, ?> nested && !nested.isEmpty()) {
        sb.append(e.getKey()).append(":\n");
        for (var n : new TreeMap<>(nested).entrySet()) {
          sb.append("  ").append(quote((String) n.getKey())).append(": ").append(scalar(n.getValue())).append('\n');
        }
      } else {
        sb.append(e.getKey()).append(": ").append(scalar(e.getValue())).append('\n');
      }
    }
    return sb.toString();
  }

  static String scalar(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Integer || value instanceof Long) {
      return value.toString();
    }
    if (value instanceof List<?> list && list.isEmpty()) {
      return "[]";
    }
    if (value instanceof Map<?, ?> map && map.isEmpty()) {
      return "{}";
    }
    if (value instanceof String s) {
      return quote(s);
    }
    throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " to meta.yaml");
  }

  /** {@code s} as a YAML scalar that reads back as the string {@code s}. */
  static String quote(String s) {
    if (PLAIN.matcher(s).matches() && !s.endsWith(":") && !RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
      return s;
    }
    if (s.chars().anyMatch(FlatYaml::needsEscape)) {
      return doubleQuoted(s);
    }
    return "'" + s.replace("'", "''") + "'";
  }

  private static boolean needsEscape(int c) {
    // Control characters and the characters YAML treats as line breaks or a byte-order mark.
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff;
  }

  private static String doubleQuoted(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '\0' -> sb.append("\\0");
        default -> {
          if (needsEscape(c)) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /**
   * Parses a flat mapping: key to string value, {@code null} for YAML null. Block sequences
   * ({@code - item} lines) and comments are skipped.
   *
   * @throws IllegalArgumentException if a line is neither {@code key: value} nor a continuation
   */
  static Map<String, String> parse(String text) {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    List<String> current = null;
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      // YAML 1.1 line breaks inside a line (PyYAML writes them raw when allow_unicode is on):
      // U+2028/U+2029 are kept and eat the next line's indent, U+0085 folds to a space.
      String line = UNICODE_BREAK.matcher(lines[n]).replaceAll("$1").replaceAll("\\u0085[ \\t]*", " ");
      if (line.startsWith("#") || line.equals("---") || line.equals("...")) {
        continue;
      }
      if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
        if (current != null) {
          current.add(line); // a folded continuation of the previous value
        }
        continue;
      }
      if (line.startsWith("- ") || line.equals("-")) {
        current = null; // an item of a block sequence (e.g. "tags:" written by hand): not a scalar
        continue;
      }
      int colon = keyEnd(line);
      if (colon < 0) {
        throw new IllegalArgumentException("line " + (n + 1) + " is not 'key: value': " + line);
      }
      current = new ArrayList<>();
      current.add(line.substring(colon + 1));
      String key = line.substring(0, colon).strip();
      raw.put(key.startsWith("'") || key.startsWith("\"") ? decode(List.of(key)) : key, current);
    }
    Map<String, String> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> out.put(k, decode(v)));
    return out;
  }

  /**
   * The block mapping of scalars under the top-level {@code key}: its indented lines, parsed as by {@link
   * #parse}; empty when {@code key} is missing or {@code {}}. ({@link #parse} reads such a block as a
   * folded scalar, which callers of this method ignore.)
   *
   * @throws IllegalArgumentException if the block holds something other than {@code key: scalar} lines
   */
  static Map<String, String> block(String text, String key) {
    String[] lines = text.split("\r?\n", -1);
    StringBuilder body = new StringBuilder();
    int indent = -1;
    boolean inside = false;
    for (String line : lines) {
      if (!inside) {
        inside = line.equals(key + ":") || line.matches(Pattern.quote(key) + ":[ \t]*(#.*)?");
        continue;
      }
      if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
        break; // the next top-level key
      }
      if (line.isBlank()) {
        body.append('\n');
        continue;
      }
      if (indent < 0) {
        indent = line.length() - line.stripLeading().length();
      }
      int strip = Math.min(indent, line.length() - line.stripLeading().length());
      body.append(line.substring(strip)).append('\n');
    }
    return body.isEmpty() ? Map.of() : parse(body.toString());
  }

  private static int keyEnd(String line) {
    int from = 0;
    if (line.startsWith("'") || line.startsWith("\"")) {
      // A quoted key (a tag key with ": " in it): its end is the closing quote, not a colon inside.
      char quote = line.charAt(0);
      int i = 1;
      while (i < line.length()) {
        char c = line.charAt(i);
        if (quote == '"' && c == '\\') {
          i += 2;
        } else if (c == quote && quote == '\'' && i + 1 < line.length() && line.charAt(i + 1) == '\'') {
          i += 2;
        } else if (c == quote) {
          break;
        } else {
          i++;
        }
      }
      from = i + 1;
    }
    for (int i = from; i < line.length(); i++) {
      if (line.charAt(i) == ':' && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) {
        return i;
      }
    }
    return -1;
  }

  private static String decode(List<String> lines) {
    // Drop trailing empty lines: they separate entries, they do not belong to the value.
    int last = lines.size() - 1;
    while (last > 0 && lines.get(last).isBlank()) {
      last--;
    }
    String first = lines.get(0).strip();
    boolean doubleQuoted = first.startsWith("\"");
    StringBuilder folded = new StringBuilder(first);
    int emptyLines = 0;
    for (int i = 1; i <= last; i++) {
      String part = lines.get(i).strip();
      if (part.isEmpty()) {
        emptyLines++;
        continue;
      }
      if (doubleQuoted && endsWithEscapedBreak(folded)) {
        folded.setLength(folded.length() - 1); // "\" at the end of a line joins without a space
      } else if (emptyLines > 0) {
        folded.append("\n".repeat(emptyLines));
      } else {
        folded.append(' ');
      }
      folded.append(part);
      emptyLines = 0;
    }
    String v = folded.toString();
    if (v.startsWith("'")) {
      if (v.length() < 2 || !v.endsWith("'")) {
        throw new IllegalArgumentException("unterminated single-quoted scalar: " + v);
      }
      return v.substring(1, v.length() - 1).replace("''", "'");
    }
    if (doubleQuoted) {
      if (v.length() < 2 || !v.endsWith("\"") || endsWithEscapedBreak(new StringBuilder(v.substring(0, v.length() - 1)))) {
        throw new IllegalArgumentException("unterminated double-quoted scalar: " + v);
      }
      return unescape(v.substring(1, v.length() - 1));
    }
    if (v.isEmpty() || v.equals("~") || v.equalsIgnoreCase("null")) {
      return null;
    }
    return v;
  }

  private static boolean endsWithEscapedBreak(CharSequence s) {
    int backslashes = 0;
    for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (++i == s.length()) {
        throw new IllegalArgumentException("dangling '\\' in double-quoted scalar: " + s);
      }
      char e = s.charAt(i);
      switch (e) {
        case '0' -> sb.append('\0');
        case 'a' -> sb.append('\u0007');
        case 'b' -> sb.append('\b');
        case 't', '\t' -> sb.append('\t');
        case 'n' -> sb.append('\n');
        case 'v' -> sb.append('\u000b');
        case 'f' -> sb.append('\f');
        case 'r' -> sb.append('\r');
        case 'e' -> sb.append('\u001b');
        case ' ' -> sb.append(' ');
        case '"' -> sb.append('"');
        case '/' -> sb.append('/');
        case '\\' -> sb.append('\\');
        case 'N' -> sb.append('\u0085');
        case '_' -> sb.append('\u00a0');
        case 'L' -> sb.append('\u2028');
        case 'P' -> sb.append('\u2029');
        case 'x' -> i = hex(s, i, 2, sb);
        case 'u' -> i = hex(s, i, 4, sb);
        case 'U' -> i = hex(s, i, 8, sb);
        default -> throw new IllegalArgumentException("unknown escape '\\" + e + "' in double-quoted scalar: " + s);
      }
    }
    return sb.toString();
  }

  private static int hex(String s, int at, int digits, StringBuilder sb) {
    if (at + digits >= s.length()) {
      throw new IllegalArgumentException("short escape in double-quoted scalar: " + s);
    }
    sb.appendCodePoint(Integer.parseInt(s.substring(at + 1, at + 1 + digits), 16));
    return at + digits;
  }
}
