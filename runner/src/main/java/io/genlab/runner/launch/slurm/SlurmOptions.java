package io.genlab.runner.launch.slurm;

import io.genlab.engine.config.ConfigProblem;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.config.Suggestions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where and with what a Slurm sweep's tasks run: the {@code sweep.slurm:} section. Specs are untrusted, and
 * every value here becomes an {@code #SBATCH} line, so each is checked against a pattern that admits no
 * space, quote or line break, and only a short list of further sbatch options is allowed (the rest could
 * write files, run code or change what the task runs: {@code --output}, {@code --chdir}, {@code --export},
 * {@code --wrap}, {@code --prolog} ...). Immutable and thread-safe.
 *
 * @param partition the partition ({@code --partition}), or {@code null} for the cluster's default
 * @param account the account charged ({@code --account}), or {@code null}
 * @param qos the quality of service ({@code --qos}), or {@code null}
 * @param time the time limit per task in Slurm's forms ({@code 90}, {@code 1:30:00}, {@code 2-00:00:00}), or
 *     {@code null} for the partition's default
 * @param cpusPerTask CPUs per task ({@code --cpus-per-task}), which is also the trial's thread count, {@code >= 1}
 * @param memory memory per task ({@code --mem}, e.g. {@code 4G}), or {@code null} for the cluster's default
 * @param signalSeconds how long before its time limit a task is told to checkpoint ({@code --signal=B:USR1@s})
 * @param maxRequeues how often one task may requeue itself at its time limit before it ends as timed out
 * @param options further sbatch options from {@link #ALLOWED_OPTIONS}, name to value ({@code ""} for a flag),
 *     in name order
 */
public record SlurmOptions(String partition, String account, String qos, String time, int cpusPerTask,
    String memory, int signalSeconds, int maxRequeues, Map<String, String> options) {
  static final Set<String> KEYS = Set.of("partition", "account", "qos", "time", "cpusPerTask", "memory",
      "signalSeconds", "maxRequeues", "options");
  static final int MAX_CPUS = 1024;
  static final int DEFAULT_SIGNAL_SECONDS = 120;
  static final int DEFAULT_MAX_REQUEUES = 20;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final String NAME_RULE = "1 to 64 letters, digits, '_', '.' or '-'";
  /** Slurm's time forms: minutes, minutes:seconds, hours:minutes:seconds, days-hours[:minutes[:seconds]]. */
  private static final Pattern TIME = Pattern.compile(
      "([0-9]{1,7})(?::([0-9]{1,2}))?(?::([0-9]{1,2}))?|([0-9]{1,4})-([0-9]{1,2})(?::([0-9]{1,2}))?(?::([0-9]{1,2}))?");
  private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]{0,9}[KMGT]?");

  /** An sbatch option a spec may add, its value's pattern (null: a flag) and the rule in words. */
  private record Allowed(Pattern value, String rule) {}

  /** The further sbatch options a spec may set; none can name a file, a command or the environment. */
  public static final Map<String, String> ALLOWED_OPTIONS;
  private static final Map<String, Allowed> ALLOWED;

  static {
    Map<String, Allowed> allowed = new TreeMap<>();
    String list = "[A-Za-z0-9_.:,=-]{1,256}";
    allowed.put("constraint", new Allowed(Pattern.compile("[A-Za-z0-9_.&|*()\\[\\]!:,-]{1,256}"),
        "node features such as intel&ib or [rack1|rack2]"));
    allowed.put("gres", new Allowed(Pattern.compile(list), "generic resources such as gpu:1 or gpu:a100:2"));
    allowed.put("gpus", new Allowed(Pattern.compile(list), "a GPU count or type:count such as 1 or a100:2"));
    allowed.put("gpus-per-task", new Allowed(Pattern.compile(list), "a GPU count or type:count"));
    allowed.put("nodelist", new Allowed(Pattern.compile("[A-Za-z0-9_.,\\[\\]-]{1,1024}"), "node names such as n[01-04]"));
    allowed.put("exclude", new Allowed(Pattern.compile("[A-Za-z0-9_.,\\[\\]-]{1,1024}"), "node names such as n[01-04]"));
    allowed.put("reservation", new Allowed(NAME, NAME_RULE));
    allowed.put("wckey", new Allowed(NAME, NAME_RULE));
    allowed.put("licenses", new Allowed(Pattern.compile(list), "licenses such as matlab:1"));
    allowed.put("nice", new Allowed(Pattern.compile("[0-9]{1,5}"), "a whole number from 0 to 99999"));
    allowed.put("mail-type", new Allowed(Pattern.compile("(?:NONE|BEGIN|END|FAIL|REQUEUE|ALL|TIME_LIMIT|TIME_LIMIT_90|"
        + "TIME_LIMIT_80|TIME_LIMIT_50|ARRAY_TASKS)(?:,(?:NONE|BEGIN|END|FAIL|REQUEUE|ALL|TIME_LIMIT|TIME_LIMIT_90|"
        + "TIME_LIMIT_80|TIME_LIMIT_50|ARRAY_TASKS)){0,10}"), "events such as END,FAIL or ALL,ARRAY_TASKS"));
    allowed.put("mail-user", new Allowed(Pattern.compile("[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9.-]{1,253}"),
        "an e-mail address"));
    allowed.put("exclusive", new Allowed(null, "true (a flag)"));
    ALLOWED = Collections.unmodifiableMap(allowed);
    Map<String, String> rules = new TreeMap<>();
    allowed.forEach((name, a) -> rules.put(name, a.rule()));
    ALLOWED_OPTIONS = Collections.unmodifiableMap(rules);
  }

  /** The options genlab sets itself or that could write files, run code or pass on the environment. */
  private static final Set<String> REFUSED_WITH_REASON = Set.of("output", "error", "input", "chdir", "export",
      "export-file", "wrap", "array", "job-name", "signal", "requeue", "no-requeue", "open-mode", "cpus-per-task",
      "mem", "time", "partition", "account", "qos", "dependency", "uid", "gid", "get-user-env", "propagate",
      "container", "bb", "bbf", "burst-buffer");

  /** Checks every value (see the class comment); messages name the field, the value and the rule. */
  public SlurmOptions {
    Map<String, String> sorted = new TreeMap<>(Objects.requireNonNull(options, "options"));
    // A flag given as true (YAML's exclusive: true) is written as the bare option.
    sorted.replaceAll((name, value) -> ALLOWED.containsKey(name) && ALLOWED.get(name).value() == null
        && value.equals("true") ? "" : value);
    options = Collections.unmodifiableMap(sorted);
    List<ConfigProblem> problems = new ArrayList<>();
    checkName(problems, "partition", partition);
    checkName(problems, "account", account);
    checkName(problems, "qos", qos);
    if (time != null && timeSeconds(time) < 0) {
      problems.add(new ConfigProblem("time", "time must be a Slurm time limit: minutes (90), M:S, H:M:S (1:30:00), "
          + "D-H, D-H:M or D-H:M:S (2-00:00:00), at least one minute; found '" + time + "'"));
    }
    if (cpusPerTask < 1 || cpusPerTask > MAX_CPUS) {
      problems.add(new ConfigProblem("cpusPerTask", "cpusPerTask must be between 1 and " + MAX_CPUS + ", found "
          + cpusPerTask));
    }
    if (memory != null && !MEMORY.matcher(memory).matches()) {
      problems.add(new ConfigProblem("memory", "memory must be a size such as 4G, 500M or 16384 (megabytes), "
          + "digits then K, M, G or T; found '" + memory + "'"));
    }
    if (signalSeconds < 10 || signalSeconds > 65535) {
      problems.add(new ConfigProblem("signalSeconds", "signalSeconds must be between 10 and 65535, found "
          + signalSeconds));
    } else if (time != null && timeSeconds(time) > 0 && signalSeconds >= timeSeconds(time)) {
      problems.add(new ConfigProblem("signalSeconds", "signalSeconds (" + signalSeconds + ") must be shorter than "
          + "the time limit '" + time + "' (" + timeSeconds(time) + " s): the task is told to checkpoint that long "
          + "before its limit"));
    }
    if (maxRequeues < 0 || maxRequeues > 10000) {
      problems.add(new ConfigProblem("maxRequeues", "maxRequeues must be between 0 and 10000, found " + maxRequeues));
    }
    options.forEach((name, value) -> optionProblem(name, value).ifPresent(why ->
        problems.add(new ConfigProblem("options." + name, why))));
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }

  /** Defaults: the cluster's partition, account, QoS, time and memory; one CPU; a 120 s warning. */
  public static SlurmOptions defaults(int cpusPerTask) {
    return new SlurmOptions(null, null, null, null, cpusPerTask, null, DEFAULT_SIGNAL_SECONDS, DEFAULT_MAX_REQUEUES,
        Map.of());
  }

  /**
   * Reads a {@code sweep.slurm} section as loaded by SnakeYAML.
   *
   * @param section the section, a mapping ({@code null} reads as empty)
   * @param path where the section is, e.g. {@code sweep.slurm}, for messages
   * @param defaultCpus the CPUs per task when the section gives none (the sweep's threads per trial, or 1)
   * @throws InvalidConfigException naming every problem at its path under {@code path}
   */
  public static SlurmOptions parse(Object section, String path, int defaultCpus) {
    if (section != null && !(section instanceof Map<?, ?>)) {
      throw new InvalidConfigException(path, "slurm must be a mapping such as {partition: gpu, time: 4:00:00}, "
          + "found " + describe(section));
    }
    Map<String, Object> map = new LinkedHashMap<>();
    if (section != null) {
      ((Map<?, ?>) section).forEach((k, v) -> map.put(String.valueOf(k), v));
    }
    List<ConfigProblem> problems = new ArrayList<>();
    for (String key : map.keySet()) {
      if (!KEYS.contains(key)) {
        problems.add(new ConfigProblem(path + "." + key, "unknown key '" + key + "'; " + Suggestions.hint(key, KEYS)));
      }
    }
    Map<String, String> options = new LinkedHashMap<>();
    Object optionSection = map.get("options");
    if (optionSection instanceof Map<?, ?> m) {
      m.forEach((k, v) -> options.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    } else if (optionSection != null) {
      problems.add(new ConfigProblem(path + ".options", "options must be a mapping of sbatch option to value, e.g. "
          + "{constraint: a100, mail-type: FAIL}, found " + describe(optionSection)));
    }
    Integer cpus = integer(map, "cpusPerTask", defaultCpus, path, problems);
    Integer signal = integer(map, "signalSeconds", DEFAULT_SIGNAL_SECONDS, path, problems);
    Integer requeues = integer(map, "maxRequeues", DEFAULT_MAX_REQUEUES, path, problems);
    String[] names = {"partition", "account", "qos", "time", "memory"};
    Map<String, String> strings = new LinkedHashMap<>();
    for (String name : names) {
      Object v = map.get(name);
      if (v instanceof Map<?, ?> || v instanceof List<?>) {
        problems.add(new ConfigProblem(path + "." + name, name + " must be a plain value, found " + describe(v)));
      } else {
        strings.put(name, v == null ? null : String.valueOf(v));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    try {
      return new SlurmOptions(strings.get("partition"), strings.get("account"), strings.get("qos"), strings.get("time"),
          cpus, strings.get("memory"), signal, requeues, options);
    } catch (InvalidConfigException e) {
      List<ConfigProblem> placed = new ArrayList<>();
      e.problems().forEach(p -> placed.add(new ConfigProblem(path + "." + p.path(), p.message())));
      throw new InvalidConfigException(placed);
    }
  }

  /** The canonical spec form, as plain maps (logged with the sweep definition). */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("partition", partition);
    map.put("account", account);
    map.put("qos", qos);
    map.put("time", time);
    map.put("cpusPerTask", cpusPerTask);
    map.put("memory", memory);
    map.put("signalSeconds", signalSeconds);
    map.put("maxRequeues", maxRequeues);
    Map<String, Object> shown = new LinkedHashMap<>();
    options.forEach((name, value) -> shown.put(name, value.isEmpty() ? Boolean.TRUE : value));
    map.put("options", shown);
    map.values().removeIf(Objects::isNull);
    return map;
  }

  /**
   * The {@code #SBATCH} options these settings make, in a fixed order: resources and placement, then the further
   * options. Every value was checked by the constructor.
   */
  public List<String> sbatchOptions() {
    List<String> out = new ArrayList<>();
    if (partition != null) {
      out.add("--partition=" + partition);
    }
    if (account != null) {
      out.add("--account=" + account);
    }
    if (qos != null) {
      out.add("--qos=" + qos);
    }
    if (time != null) {
      out.add("--time=" + time);
    }
    out.add("--cpus-per-task=" + cpusPerTask);
    if (memory != null) {
      out.add("--mem=" + memory);
    }
    options.forEach((name, value) -> out.add("--" + name + (value.isEmpty() ? "" : "=" + value)));
    return out;
  }

  /** Why {@code name: value} may not be an sbatch option of a sweep, or empty when it may. */
  static java.util.Optional<String> optionProblem(String name, String value) {
    Allowed a = ALLOWED.get(name);
    if (a == null) {
      String why = REFUSED_WITH_REASON.contains(name.toLowerCase(Locale.ROOT))
          ? "'" + name + "' is set by genlab (or has its own key in sweep.slurm) or could write files, run code or "
              + "pass the environment on"
          : "unknown or not allowed sbatch option '" + name + "'";
      return java.util.Optional.of(why + "; " + Suggestions.hint(name, ALLOWED.keySet()) + " (allowed: "
          + String.join(", ", ALLOWED.keySet()) + ")");
    }
    if (a.value() == null) {
      return value.equals("true") || value.isEmpty() ? java.util.Optional.empty()
          : java.util.Optional.of(name + " is a flag: give true, found '" + value + "'");
    }
    return a.value().matcher(value).matches() ? java.util.Optional.empty()
        : java.util.Optional.of(name + " takes " + a.rule() + " (no spaces or quotes); found '" + value + "'");
  }

  /** A time limit in seconds, or -1 when {@code time} is not one of Slurm's forms or is under a minute. */
  static long timeSeconds(String time) {
    var m = TIME.matcher(time);
    if (!m.matches()) {
      return -1;
    }
    long seconds;
    if (m.group(1) != null) {
      // M, M:S, H:M:S
      long a = Long.parseLong(m.group(1));
      if (m.group(3) != null) {
        seconds = a * 3600 + Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3));
      } else if (m.group(2) != null) {
        seconds = a * 60 + Long.parseLong(m.group(2));
      } else {
        seconds = a * 60;
      }
    } else {
      long days = Long.parseLong(m.group(4));
      long hours = Long.parseLong(m.group(5));
      long minutes = m.group(6) == null ? 0 : Long.parseLong(m.group(6));
      long secs = m.group(7) == null ? 0 : Long.parseLong(m.group(7));
      seconds = ((days * 24 + hours) * 60 + minutes) * 60 + secs;
    }
    return seconds < 60 ? -1 : seconds;
  }

  private static void checkName(List<ConfigProblem> problems, String field, String value) {
    if (value != null && !NAME.matcher(value).matches()) {
      problems.add(new ConfigProblem(field, field + " must be " + NAME_RULE + ", found '" + value + "'"));
    }
  }

  private static Integer integer(Map<String, Object> map, String key, int fallback, String path,
      List<ConfigProblem> problems) {
    Object v = map.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Integer i) {
      return i;
    }
    problems.add(new ConfigProblem(path + "." + key, key + " must be a whole number, found " + describe(v)));
    return fallback;
  }

  private static String describe(Object v) {
    String shown = String.valueOf(v);
    return (v instanceof String ? "'" + shown + "'" : shown) + (v == null ? "" : " (" + v.getClass().getSimpleName()
        .toLowerCase(Locale.ROOT) + ")");
  }
}
