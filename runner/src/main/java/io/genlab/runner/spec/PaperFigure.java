package io.genlab.runner.spec;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.engine.config.ConfigProblem;
import io.genlab.engine.config.Suggestions;
import io.genlab.tracking.RunTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * A published value of a metric that reports compare runs with: an entry of a spec's top-level
 * {@code paper:} list, e.g. {@code {metric: test/neg_elbo, value: 86.76, source: "Kingma & Welling 2014"}}.
 * Runs carry it as tags {@code genlab.paper.<metric>} (the value) and {@code genlab.paper.<metric>.source}.
 * Immutable; thread-safe.
 *
 * @param metric a metric key as runs log it, never {@code null}
 * @param value a finite number
 * @param source where the value is printed, at most {@value #MAX_SOURCE} characters, never {@code null}
 * @since 0.7
 */
@API(status = EXPERIMENTAL, since = "0.7")
public record PaperFigure(String metric, double value, String source) {
  /** The top-level spec key. */
  public static final String KEY = "paper";
  /** The longest source allowed. */
  public static final int MAX_SOURCE = 200;
  static final int MAX_ENTRIES = 100;
  private static final Set<String> KEYS = Set.of("metric", "value", "source");
  /** What MLflow allows in a metric key (and tag keys, which carry it), without spaces. */
  private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_./-]{1,200}");

  private static final String METRIC_RULE = "metric must be a metric key such as test/neg_elbo (letters, digits, "
      + "_ . / -, at most 200, not ending in " + RunTags.PAPER_SOURCE_SUFFIX + ")";

  private static boolean validMetric(String metric) {
    return METRIC.matcher(metric).matches() && !metric.endsWith(RunTags.PAPER_SOURCE_SUFFIX);
  }

  /** Checks every field; a message names the field, the value and the rule. */
  public PaperFigure {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(source, "source");
    if (!validMetric(metric)) {
      throw new IllegalArgumentException(METRIC_RULE + ", found '" + metric + "'");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be a finite number, found " + value);
    }
    if (source.length() > MAX_SOURCE) {
      throw new IllegalArgumentException("source must be at most " + MAX_SOURCE + " characters, found " + source.length());
    }
  }

  /** The tags a run carries for this figure. */
  public Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(RunTags.PAPER_PREFIX + metric, Double.toString(value));
    if (!source.isEmpty()) {
      tags.put(RunTags.PAPER_PREFIX + metric + RunTags.PAPER_SOURCE_SUFFIX, source);
    }
    return tags;
  }

  /** As the resolved spec holds it. */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("metric", metric);
    map.put("value", value);
    map.put("source", source);
    return map;
  }

  /**
   * The figures of a spec's {@code paper:} value (absent: none); problems are added, naming the spec path
   * ({@code paper[1].value}), and entries with problems are left out.
   */
  static List<PaperFigure> parse(Object value, List<ConfigProblem> problems) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list) || list.size() > MAX_ENTRIES) {
      problems.add(new ConfigProblem(KEY, "paper must be a list of at most " + MAX_ENTRIES + " entries "
          + "{metric, value, source}, found " + shown(value)));
      return List.of();
    }
    List<PaperFigure> figures = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String path = KEY + "[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> entry)) {
        problems.add(new ConfigProblem(path, "an entry must be a map {metric, value, source}, found " + shown(list.get(i))));
        continue;
      }
      boolean ok = true;
      for (Object key : entry.keySet()) {
        if (!KEYS.contains(String.valueOf(key))) {
          problems.add(new ConfigProblem(path + "." + key, "unknown key '" + key + "'; "
              + Suggestions.hint(String.valueOf(key), KEYS)));
          ok = false;
        }
      }
      Object metric = entry.get("metric");
      Object number = entry.get("value");
      Object source = entry.get("source");
      if (!(metric instanceof String m) || !validMetric(m)) {
        problems.add(new ConfigProblem(path + ".metric", METRIC_RULE + ", found " + shown(metric)));
        ok = false;
      }
      if (!(number instanceof Number) || number instanceof Double d && !Double.isFinite(d)) {
        problems.add(new ConfigProblem(path + ".value", "value must be a finite number, found " + shown(number)));
        ok = false;
      }
      if (source != null && (!(source instanceof String text) || text.length() > MAX_SOURCE)) {
        problems.add(new ConfigProblem(path + ".source", "source must be a text of at most " + MAX_SOURCE
            + " characters, found " + (source instanceof String text ? text.length() + " characters" : shown(source))));
        ok = false;
      }
      if (!ok) {
        continue;
      }
      try {
        PaperFigure f = new PaperFigure((String) metric, ((Number) number).doubleValue(), source == null ? "" : (String) source);
        if (figures.stream().anyMatch(o -> o.metric().equals(f.metric()))) {
          problems.add(new ConfigProblem(path + ".metric", "metric '" + f.metric() + "' is named twice in paper"));
        } else {
          figures.add(f);
        }
      } catch (IllegalArgumentException e) {
        String field = e.getMessage().startsWith("metric") ? "metric" : e.getMessage().startsWith("value") ? "value" : "source";
        problems.add(new ConfigProblem(path + "." + field, e.getMessage()));
      }
    }
    return List.copyOf(figures);
  }

  /** The figures the resolved spec holds (written by {@link #toMap}); none when it has no {@code paper}. */
  static List<PaperFigure> fromResolved(Object value) {
    if (!(value instanceof List<?> list)) {
      return List.of();
    }
    List<PaperFigure> out = new ArrayList<>();
    for (Object o : list) {
      Map<?, ?> m = (Map<?, ?>) o;
      out.add(new PaperFigure((String) m.get("metric"), ((Number) m.get("value")).doubleValue(),
          m.get("source") == null ? "" : (String) m.get("source")));
    }
    return List.copyOf(out);
  }

  private static String shown(Object value) {
    String s = String.valueOf(value);
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
