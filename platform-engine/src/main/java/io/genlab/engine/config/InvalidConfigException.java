package io.genlab.engine.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown with every problem found in a configuration, so that users fix them all in one go. */
public class InvalidConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigProblem> problems;

  /** Creates the exception; {@code problems} is never empty. */
  public InvalidConfigException(List<ConfigProblem> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** Creates the exception for one problem. */
  public InvalidConfigException(String path, String message) {
    this(List.of(new ConfigProblem(path, message)));
  }

  /** The problems, at least one. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String format(List<ConfigProblem> problems) {
    return problems.size() == 1
        ? problems.get(0).toString()
        : problems.size() + " problems:\n" + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
  }
}
