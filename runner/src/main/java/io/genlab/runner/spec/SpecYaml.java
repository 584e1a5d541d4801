package io.genlab.runner.spec;

import io.genlab.engine.config.InvalidConfigException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.Construct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The one YAML reader of specs and {@code --set} values, hardened for untrusted text.
 *
 * <p>It reads plain data only (mappings with text keys, lists, strings, numbers, booleans, null) and
 * refuses, with the line and column: explicit tags other than the standard scalar and collection ones
 * (no {@code !!binary}, {@code !!timestamp}, {@code !!set}, Java types), keys that are not text,
 * duplicate keys, more than one document, nesting deeper than {@link #MAX_DEPTH}, more than {@link
 * #MAX_ALIASES} aliases or {@link #MAX_VALUES} values once aliases are expanded (a "billion laughs"
 * file is refused at once), and characters YAML does not allow. A plain scalar in scientific notation
 * ({@code 1e-3}), which YAML 1.1 reads as text, is read as a number. Stateless and thread-safe.
 */
public final class SpecYaml {
  /** The deepest nesting of mappings and lists read; specs nest a few levels. */
  public static final int MAX_DEPTH = 50;
  /** The most aliases ({@code *name}) read in one text. */
  public static final int MAX_ALIASES = 50;
  /** The most values (scalars, lists, mappings) read once aliases are expanded; specs hold hundreds. */
  public static final int MAX_VALUES = 100_000;
  private static final Pattern SCIENTIFIC = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)[eE][-+]?[0-9]+");
  private static final Set<String> ALLOWED_TAGS = Set.of("!", Tag.STR.getValue(), Tag.INT.getValue(),
      Tag.FLOAT.getValue(), Tag.BOOL.getValue(), Tag.NULL.getValue(), Tag.SEQ.getValue(), Tag.MAP.getValue());
  private static final String ALLOWED = "allowed: no tag, or !!str, !!int, !!float, !!bool, !!null, !!seq, !!map";

  private SpecYaml() {}

  /**
   * A read document.
   *
   * @param value the root value: a map with text keys, a list, a scalar or {@code null}
   * @param locations where each spec path was written
   */
  public record Document(Object value, SpecLocations locations) {}

  /**
   * Reads a spec-like text whose root must be a mapping.
   *
   * @param source names the text in errors (a file path, {@code run X spec/resolved.yaml})
   * @throws InvalidConfigException naming {@code source:line:column} and what is wrong
   */
  public static Document mapping(String text, String source) {
    Document doc = read(text, source, true);
    if (doc.value() == null) {
      throw new InvalidConfigException(source, "empty spec (no YAML values, only blanks or comments); write a YAML "
          + "mapping (a run spec needs at least data, model and loss)");
    }
    if (!(doc.value() instanceof Map<?, ?>)) {
      throw new InvalidConfigException(source + ":1:1", "a spec must be a YAML mapping (key: value lines), found "
          + kind(doc.value()));
    }
    return doc;
  }

  /**
   * Reads one value, e.g. the value of {@code --set path=value}; an empty text is {@code null}.
   *
   * @param place names the value in errors, e.g. {@code --set training.epochs=[1,}
   */
  public static Object value(String text, String place) {
    return read(text, place, false).value();
  }

  private static Document read(String withBom, String source, boolean file) {
    // Editors hide a byte order mark; without it, columns on the first line match what the user sees.
    String text = withBom.startsWith("\uFEFF") ? withBom.substring(1) : withBom;
    checkCharacters(text, source, file);
    LoaderOptions options = options();
    PlainConstructor constructor = new PlainConstructor(options);
    DumperOptions dumper = new DumperOptions();
    Yaml yaml = new Yaml(constructor, new Representer(dumper), dumper, options);
    Node root;
    try {
      scanEvents(yaml, text, source, file);
      root = yaml.compose(new StringReader(text));
    } catch (InvalidConfigException e) {
      throw e;
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new InvalidConfigException(at(source, mark, file), "not valid YAML: " + e.getProblem());
    } catch (YAMLException e) {
      throw new InvalidConfigException(source, "not valid YAML: " + e.getMessage());
    }
    if (root == null) {
      return new Document(null, new SpecLocations(source, Map.of()));
    }
    Builder builder = new Builder(source, file, constructor);
    Object value = builder.build(root, "", 0);
    return new Document(value, new SpecLocations(source, builder.marks));
  }

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit((int) SpecText.MAX_BYTES + 1024);
    // The walk below enforces MAX_DEPTH with a line and column; SnakeYAML's limit only guards its recursion.
    options.setNestingDepthLimit(4 * MAX_DEPTH);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setAllowDuplicateKeys(false);
    options.setTagInspector(tag -> false);
    return options;
  }

  /** Refuses what SnakeYAML would refuse without a line and column: characters YAML does not allow. */
  private static void checkCharacters(String text, String source, boolean file) {
    if (text.length() > SpecText.MAX_BYTES) {
      throw new InvalidConfigException(source, "text of " + text.length() + " characters; at most "
          + SpecText.MAX_BYTES + " are read");
    }
    int line = 0;
    int column = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (!StreamReader.isPrintable(cp)) {
        throw new InvalidConfigException(at(source, line, column, file), String.format(Locale.ROOT,
            "character U+%04X is not allowed in YAML (control characters other than tab and line breaks are "
                + "not); remove it", cp));
      }
      if (cp == '\n') {
        line++;
        column = 0;
      } else {
        column++;
      }
      i += Character.charCount(cp);
    }
  }

  /**
   * Walks the events once before composing: more than one document, explicit tags, aliases and nesting
   * are refused here with the place they occur, before anything is built from them.
   */
  private static void scanEvents(Yaml yaml, String text, String source, boolean file) {
    int documents = 0;
    int aliases = 0;
    int depth = 0;
    for (Event event : yaml.parse(new StringReader(text))) {
      Mark mark = event.getStartMark();
      if (event instanceof DocumentStartEvent && ++documents > 1) {
        throw new InvalidConfigException(at(source, mark, file), "a second YAML document (after '---'); "
            + (file ? "a spec file holds one document" : "a value is one document"));
      } else if (event instanceof AliasEvent && ++aliases > MAX_ALIASES) {
        throw new InvalidConfigException(at(source, mark, file), "more than " + MAX_ALIASES
            + " aliases (*name); at most " + MAX_ALIASES + " are read");
      } else if (event instanceof CollectionStartEvent c) {
        checkTag(c.getTag(), mark, source, file);
        if (++depth > MAX_DEPTH) {
          throw new InvalidConfigException(at(source, mark, file), "lists and mappings nested deeper than "
              + MAX_DEPTH + " levels; at most " + MAX_DEPTH + " are read");
        }
      } else if (event instanceof CollectionEndEvent) {
        depth--;
      } else if (event instanceof ScalarEvent s) {
        checkTag(s.getTag(), mark, source, file);
      }
    }
  }

  private static void checkTag(String tag, Mark mark, String source, boolean file) {
    if (tag != null && !ALLOWED_TAGS.contains(tag)) {
      String shown = tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
      throw new InvalidConfigException(at(source, mark, file), "tag '" + shown + "' is not allowed: a spec holds "
          + "plain values only; " + ALLOWED);
    }
  }

  private static String at(String source, Mark mark, boolean file) {
    return mark == null ? source : at(source, mark.getLine(), mark.getColumn(), file);
  }

  private static String at(String source, int line, int column, boolean file) {
    return file ? source + ":" + (line + 1) + ":" + (column + 1)
        : source + " (column " + (column + 1) + (line > 0 ? " of line " + (line + 1) : "") + " of the value)";
  }

  private static String kind(Object value) {
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof String s) {
      return "the text '" + s + "'";
    }
    return "the value " + value;
  }

  /** Builds plain values from a node tree, recording where each spec path starts. Not thread-safe. */
  private static final class Builder {
    final String source;
    final boolean file;
    final PlainConstructor constructor;
    final Map<String, Mark> marks = new HashMap<>();
    int values;

    Builder(String source, boolean file, PlainConstructor constructor) {
      this.source = source;
      this.file = file;
      this.constructor = constructor;
    }

    Object build(Node node, String path, int depth) {
      Mark mark = node.getStartMark();
      if (++values > MAX_VALUES) {
        throw new InvalidConfigException(at(source, mark, file), "more than " + MAX_VALUES
            + " values once aliases are expanded; a spec holds a few hundred");
      }
      if (depth > MAX_DEPTH) { // an alias of an enclosing node makes a cycle
        throw new InvalidConfigException(at(source, mark, file), "lists and mappings nested deeper than "
            + MAX_DEPTH + " levels (an alias refers to a value that contains it?)");
      }
      marks.putIfAbsent(path, mark);
      if (node instanceof ScalarNode scalar) {
        return scalar(scalar);
      }
      if (node instanceof SequenceNode seq) {
        List<Object> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
          out.add(build(item, path + "[" + out.size() + "]", depth + 1));
        }
        return out;
      }
      MappingNode map = (MappingNode) node;
      Map<String, Object> out = new LinkedHashMap<>();
      Map<String, Mark> keys = new HashMap<>();
      List<Node> merges = new ArrayList<>();
      for (NodeTuple tuple : map.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (keyNode.getTag().equals(Tag.MERGE)) {
          merges.add(tuple.getValueNode());
          continue;
        }
        String key = key(keyNode);
        Mark first = keys.putIfAbsent(key, keyNode.getStartMark());
        if (first != null) {
          throw new InvalidConfigException(at(source, keyNode.getStartMark(), file), "duplicate key '" + key
              + "' (first at line " + (first.getLine() + 1) + ", column " + (first.getColumn() + 1)
              + "); each key may appear once in a mapping");
        }
        out.put(key, build(tuple.getValueNode(), join(path, key), depth + 1));
      }
      // "<<: *base" merges another mapping's entries; keys written here win.
      for (Node merge : merges) {
        List<Node> sources = merge instanceof SequenceNode s ? s.getValue() : List.of(merge);
        for (Node from : sources) {
          Object merged = build(from, path, depth + 1);
          if (!(merged instanceof Map<?, ?> m)) {
            throw new InvalidConfigException(at(source, from.getStartMark(), file),
                "'<<' merges mappings only, found " + kind(merged));
          }
          m.forEach((k, v) -> out.putIfAbsent((String) k, v));
        }
      }
      return out;
    }

    private String key(Node keyNode) {
      if (keyNode instanceof ScalarNode s && keyNode.getTag().equals(Tag.STR)) {
        return s.getValue();
      }
      String found = keyNode instanceof ScalarNode s
          ? "the " + tagName(keyNode.getTag()) + " " + (s.getValue().isEmpty() ? "null (empty)" : s.getValue())
          : keyNode instanceof SequenceNode ? "a list" : "a mapping";
      throw new InvalidConfigException(at(source, keyNode.getStartMark(), file), "a key must be a name (text), found "
          + found + "; quote it if you mean the text");
    }

    private Object scalar(ScalarNode node) {
      Tag tag = node.getTag();
      if (tag.equals(Tag.STR) && node.isPlain() && SCIENTIFIC.matcher(node.getValue()).matches()) {
        return Double.parseDouble(node.getValue()); // YAML 1.2 reads 1e-3 as a number; 1.1 as text
      }
      if (tag.equals(Tag.TIMESTAMP)) {
        return node.getValue(); // only an implicit one gets here (explicit tags were refused): a date is text
      }
      try {
        return constructor.scalar(node);
      } catch (YAMLException | NumberFormatException e) {
        throw new InvalidConfigException(at(source, node.getStartMark(), file), "cannot read '" + node.getValue()
            + "' as " + tagName(tag) + ": " + e.getMessage());
      }
    }
  }

  private static String tagName(Tag tag) {
    String value = tag.getValue();
    return value.startsWith(Tag.PREFIX) ? value.substring(Tag.PREFIX.length()) : value;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** SafeConstructor's scalar constructors, exposed for the standard scalar tags only. */
  private static final class PlainConstructor extends SafeConstructor {
    PlainConstructor(LoaderOptions options) {
      super(options);
    }

    Object scalar(ScalarNode node) {
      Construct construct = yamlConstructors.get(node.getTag());
      if (construct == null || !ALLOWED_TAGS.contains(node.getTag().getValue())) {
        throw new YAMLException("unsupported tag " + node.getTag());
      }
      return construct.construct(node);
    }
  }
}
