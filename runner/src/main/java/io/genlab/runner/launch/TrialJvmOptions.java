package io.genlab.runner.launch;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The JVM options a sweep spec may give its trial processes: heap, stack and direct-memory sizes, the
 * garbage collector, the processor count and JavaCPP's memory caps. Specs are untrusted (shared in papers'
 * repositories), and many JVM options run commands or load code and files ({@code -XX:OnOutOfMemoryError},
 * {@code -javaagent:}, {@code -cp}, {@code @argfiles}), so everything else is refused. Stateless and thread-safe.
 */
public final class TrialJvmOptions {
  /** A size as the JVM reads it: 1 to 13 digits, optionally k, m, g or t (either case); e.g. 512m, 4g. */
  private static final String SIZE = "[1-9][0-9]{0,12}[kKmMgGtT]?";
  /** A percentage of the machine's memory: more than 0, at most 100, at most 3 decimals. */
  private static final String PERCENT = "(?:100(?:\\.0{1,3})?|[1-9]?[0-9](?:\\.[0-9]{1,3})?)";

  private static final String SIZE_RULE = "a size such as 512m, 4g or 1024k (digits, then k, m, g or t)";
  private static final String PERCENT_RULE = "a percentage above 0 and at most 100, e.g. 75";

  /** An allowed option: the text before its value, the pattern of the value, and the value's rule in words. */
  private record Allowed(String prefix, Pattern value, String rule) {
    static Allowed of(String prefix, String value, String rule) {
      return new Allowed(prefix, Pattern.compile(value), rule);
    }

    static Allowed flag(String option) {
      return new Allowed(option, Pattern.compile(""), "");
    }
  }

  private static final List<Allowed> ALLOWED = List.of(
      Allowed.of("-Xmx", SIZE, SIZE_RULE),
      Allowed.of("-Xms", SIZE, SIZE_RULE),
      Allowed.of("-Xss", SIZE, SIZE_RULE),
      Allowed.of("-XX:MaxRAMPercentage=", PERCENT, PERCENT_RULE),
      Allowed.of("-XX:InitialRAMPercentage=", PERCENT, PERCENT_RULE),
      Allowed.of("-XX:MaxDirectMemorySize=", SIZE, SIZE_RULE),
      Allowed.flag("-XX:+UseG1GC"),
      Allowed.flag("-XX:+UseParallelGC"),
      Allowed.flag("-XX:+UseSerialGC"),
      Allowed.flag("-XX:+UseZGC"),
      Allowed.of("-XX:ActiveProcessorCount=", "(?:[1-9][0-9]{0,2}|[1-3][0-9]{3}|40[0-8][0-9]|409[0-6])",
          "a count from 1 to 4096"),
      Allowed.of("-Dorg.bytedeco.javacpp.maxphysicalbytes=", SIZE, SIZE_RULE),
      Allowed.of("-Dorg.bytedeco.javacpp.maxbytes=", SIZE, SIZE_RULE));

  /** The allowed options in brief, for messages (which are cut at 500 characters). */
  private static final String SHOWN = "-Xmx, -Xms, -Xss <size>; -XX:MaxRAMPercentage=, -XX:InitialRAMPercentage= "
      + "<percent>; -XX:MaxDirectMemorySize=<size>; -XX:+UseG1GC, +UseParallelGC, +UseSerialGC, +UseZGC; "
      + "-XX:ActiveProcessorCount=<n>; -Dorg.bytedeco.javacpp.maxphysicalbytes=, .maxbytes= <size> (sizes like 4g)";

  private TrialJvmOptions() {}

  /**
   * Why {@code option} may not be given to a trial's JVM, or nothing when it may.
   *
   * @param option one JVM option as written in the spec, not {@code null}
   * @return the reason, naming what was found and what is allowed; empty when the option is allowed
   */
  public static Optional<String> problem(String option) {
    for (Allowed a : ALLOWED) {
      if (option.startsWith(a.prefix()) && a.value().matcher(option.substring(a.prefix().length())).matches()) {
        return Optional.empty();
      }
    }
    for (Allowed a : ALLOWED) {
      if (!a.rule().isEmpty() && option.startsWith(a.prefix())) {
        return Optional.of("'" + option + "': " + a.prefix() + " takes " + a.rule());
      }
    }
    // The option goes last: a long one is cut (messages end at 500 characters), never the allowed ones.
    return Optional.of("not allowed for trial processes (other JVM options can run commands or read files); "
        + "allowed: " + SHOWN + "; found '" + option + "'");
  }

  /**
   * The module options a trial's JVM inherits from this one: {@code --add-modules=jdk.incubator.vector} when this
   * JVM resolved the JDK's Vector API (the planned executor's transcendental kernels run about ten times faster
   * on it, with the same values), else none.
   */
  public static List<String> inheritedModules() {
    String vector = "jdk.incubator.vector";
    return ModuleLayer.boot().findModule(vector).isPresent() ? List.of("--add-modules=" + vector) : List.of();
  }

  /**
   * Checks options that should already have been validated (a launcher's last line of defence).
   *
   * @throws IllegalArgumentException naming the first option that is not allowed
   */
  public static List<String> require(List<String> options) {
    for (String option : options) {
      problem(option).ifPresent(why -> {
        throw new IllegalArgumentException(why);
      });
    }
    return options;
  }
}
