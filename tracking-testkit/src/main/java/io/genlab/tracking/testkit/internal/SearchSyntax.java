package io.genlab.tracking.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses MLflow's search syntax: a filter, clauses joined by {@code AND} such as {@code
 * tags.`mlflow.parentRunId` = 'abc'} or {@code attributes.run_id IN ('a', 'b')}, and order-by
 * clauses such as {@code metrics.loss DESC}.
 *
 * <p>Parsing accepts MLflow's grammar (entity aliases such as {@code tag} and {@code attr}, keys in
 * backquotes or double quotes, values in single or double quotes, keywords in any case); which
 * clauses a search supports is for {@link RunSearch} and {@link ExperimentSearch} to say. {@code
 * OR} is refused as MLflow refuses it.
 */
final class SearchSyntax {
  enum Entity {
    ATTRIBUTE,
    METRIC,
    PARAM,
    TAG,
    DATASET
  }

  /** One comparison; {@code values} has one element except for {@code IN} and {@code NOT IN}. */
  record Clause(Entity entity, String key, String operator, List<String> values) {}

  record Order(Entity entity, String key, boolean ascending) {}

  private record Identifier(Entity entity, String key) {}

  private static final Map<String, Entity> ENTITIES =
      Map.ofEntries(
          Map.entry("attribute", Entity.ATTRIBUTE),
          Map.entry("attributes", Entity.ATTRIBUTE),
          Map.entry("attr", Entity.ATTRIBUTE),
          Map.entry("run", Entity.ATTRIBUTE),
          Map.entry("metric", Entity.METRIC),
          Map.entry("metrics", Entity.METRIC),
          Map.entry("param", Entity.PARAM),
          Map.entry("params", Entity.PARAM),
          Map.entry("parameter", Entity.PARAM),
          Map.entry("parameters", Entity.PARAM),
          Map.entry("tag", Entity.TAG),
          Map.entry("tags", Entity.TAG),
          Map.entry("dataset", Entity.DATASET),
          Map.entry("datasets", Entity.DATASET));

  private final String text;
  private final String what;
  private int pos;

  private SearchSyntax(String text, String what) {
    this.text = text;
    this.what = what;
  }

  /** The clauses of a filter; empty for a null or blank filter. */
  static List<Clause> filter(String filter) {
    List<Clause> clauses = new ArrayList<>();
    if (filter == null || filter.isBlank()) {
      return clauses;
    }
    SearchSyntax parser = new SearchSyntax(filter, "filter");
    while (true) {
      clauses.add(parser.clause());
      parser.skipSpaces();
      if (parser.atEnd()) {
        return clauses;
      }
      String word = parser.word();
      if (!word.equalsIgnoreCase("AND")) {
        throw parser.error(
            word.equalsIgnoreCase("OR")
                ? "'OR' is not supported; MLflow joins clauses with AND only"
                : "expected AND between clauses, found '" + word + "'");
      }
    }
  }

  /** One order-by clause: an identifier, then optionally ASC or DESC. */
  static Order order(String clause) {
    SearchSyntax parser = new SearchSyntax(clause, "order_by clause");
    Identifier identifier = parser.identifier();
    boolean ascending = true;
    parser.skipSpaces();
    if (!parser.atEnd()) {
      String direction = parser.word();
      if (direction.equalsIgnoreCase("DESC")) {
        ascending = false;
      } else if (!direction.equalsIgnoreCase("ASC")) {
        throw parser.error("expected ASC or DESC, found '" + direction + "'");
      }
      parser.skipSpaces();
      if (!parser.atEnd()) {
        throw parser.error("unexpected text after the direction");
      }
    }
    return new Order(identifier.entity(), identifier.key(), ascending);
  }

  private Clause clause() {
    Identifier identifier = identifier();
    String operator = operator();
    List<String> values = new ArrayList<>();
    skipSpaces();
    if (operator.endsWith("IN")) {
      expect('(');
      do {
        skipSpaces();
        values.add(quoted("a quoted value in the IN list"));
        skipSpaces();
      } while (consume(','));
      expect(')');
    } else {
      values.add(quoted("a quoted string value"));
    }
    return new Clause(identifier.entity(), identifier.key(), operator, values);
  }

  /** {@code entity.key}, {@code entity.`key`}, {@code entity."key"} or {@code key}. */
  private Identifier identifier() {
    skipSpaces();
    int start = pos;
    String first = word();
    if (first.isEmpty()) {
      throw error("expected an identifier such as tags.<key>");
    }
    if (!consume('.')) {
      return new Identifier(Entity.ATTRIBUTE, first);
    }
    Entity entity = ENTITIES.get(first.toLowerCase(Locale.ROOT));
    if (entity == null) {
      pos = start;
      throw error(
          "invalid entity type '"
              + first
              + "'; valid values are metric, parameter, tag, attribute,"
              + " dataset");
    }
    String key;
    if (peek() == '`' || peek() == '"') {
      key = quoted("a key");
    } else {
      int keyStart = pos;
      while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '.')) {
        pos++;
      }
      key = text.substring(keyStart, pos);
      if (key.isEmpty()) {
        throw error("expected a key after '" + first + ".'");
      }
    }
    return new Identifier(entity, key);
  }

  private String operator() {
    skipSpaces();
    for (String symbol : List.of("!=", "<=", ">=", "<>", "=", "<", ">")) {
      if (text.startsWith(symbol, pos)) {
        pos += symbol.length();
        return symbol;
      }
    }
    String word = word().toUpperCase(Locale.ROOT);
    if (word.equals("NOT")) {
      skipSpaces();
      String next = word().toUpperCase(Locale.ROOT);
      return "NOT " + next;
    }
    if (word.isEmpty()) {
      throw error("expected a comparison operator");
    }
    return word;
  }

  private String quoted(String expected) {
    char quote = peek();
    if (quote != '\'' && quote != '"' && quote != '`') {
      throw error("expected " + expected);
    }
    int end = text.indexOf(quote, pos + 1);
    if (end < 0) {
      throw error("unterminated quote");
    }
    String value = text.substring(pos + 1, end);
    pos = end + 1;
    if (!atEnd() && peek() == quote) {
      throw error("doubled quotes inside a value are not supported");
    }
    return value;
  }

  private String word() {
    int start = pos;
    while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private void expect(char c) {
    skipSpaces();
    if (!consume(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private boolean consume(char c) {
    if (!atEnd() && peek() == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipSpaces() {
    while (!atEnd() && Character.isWhitespace(peek())) {
      pos++;
    }
  }

  private char peek() {
    return atEnd() ? '\0' : text.charAt(pos);
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private MlflowError error(String why) {
    return MlflowError.invalid(
        "Invalid " + what + " '" + text + "' at character " + pos + ": " + why);
  }
}
