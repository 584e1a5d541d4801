package io.genlab.runner.spec;

import io.genlab.api.DisplayText;
import io.genlab.engine.config.ConfigProblem;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;

/**
 * Where each spec path of a YAML file was written, to place a problem found in its value at {@code
 * file:line:column}. Immutable and thread-safe.
 */
public final class SpecLocations {
  /** No file: problems keep their spec path only. */
  public static final SpecLocations NONE = new SpecLocations(null, Map.of());
  private final String source;
  private final Map<String, Mark> marks;

  /**
   * Creates the locations of one file.
   *
   * @param source the file as the user named it, or {@code null} for none
   * @param marks the start of each spec path's value ({@code metrics[1].config.samples}; {@code ""} is the root)
   */
  SpecLocations(String source, Map<String, Mark> marks) {
    this.source = source;
    // Problems carry their path escaped for display (ConfigProblem): look paths up the same way.
    Map<String, Mark> escaped = new java.util.HashMap<>();
    marks.forEach((path, mark) -> escaped.putIfAbsent(DisplayText.line(path), mark));
    this.marks = Map.copyOf(escaped);
  }

  /**
   * {@code file:line:column} of {@code path}'s value, or of its nearest parent written in the file; the
   * file alone when only the root is; {@code null} when there is no file.
   */
  public String of(String path) {
    if (source == null) {
      return null;
    }
    for (String p = path; !p.isEmpty(); p = parent(p)) {
      Mark mark = marks.get(p);
      if (mark != null) {
        return source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
      }
    }
    return source;
  }

  /**
   * {@code problem} placed where its value came from: the last of {@code overrides} that wrote it or a value
   * holding it ({@code --set training=...} for {@code training.epochs}), else the file; a problem already
   * placed is returned as it is.
   *
   * @param overrides the {@code path=value} arguments applied to the spec, in order
   */
  public ConfigProblem place(ConfigProblem problem, List<String> overrides) {
    String path = problem.path();
    if (problem.location() != null || path.startsWith("--set ")) {
      return problem;
    }
    for (int i = overrides.size() - 1; i >= 0; i--) {
      String set = Overrides.path(overrides.get(i));
      if (set != null && (path.equals(set) || path.startsWith(set + ".") || path.startsWith(set + "["))) {
        return problem.at("--set " + overrides.get(i));
      }
    }
    String where = of(path);
    return where == null ? problem : problem.at(where);
  }

  /** {@code a.b[2]} for {@code a.b[2].c}, {@code a.b} for {@code a.b[2]}, {@code ""} for {@code a}. */
  static String parent(String path) {
    int cut = path.endsWith("]") ? path.lastIndexOf('[') : path.lastIndexOf('.');
    return cut <= 0 ? "" : path.substring(0, cut);
  }
}
