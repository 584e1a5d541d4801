package io.genlab.runner.launch.slurm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slurm's commands as genlab uses them: submit a batch script, read a job array's tasks, cancel tasks.
 * State comes from {@code scontrol show job}, which every cluster answers; {@code sacct} is asked only for an
 * array the controller has already forgotten ({@code MinJobAge}), and only where accounting is enabled.
 * Nothing goes through a shell. Thread-safe.
 */
public final class SlurmScheduler {
  /** A Slurm job id as genlab passes it on: a number, or an array task {@code <array>_<index>}. */
  private static final Pattern JOB_ID = Pattern.compile("[0-9]{1,12}(?:_[0-9]{1,7})?");
  private static final Pattern PARSABLE = Pattern.compile("([0-9]{1,12})(?:;[A-Za-z0-9_.-]*)?");
  private static final Pattern FIELD = Pattern.compile("(?:^|\\s)([A-Za-z][A-Za-z0-9_:/]*)=(\\S*)");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /**
   * States after which a task runs no more. PREEMPTED is not among them: a requeued task passes through it on
   * its way back to PENDING; one preempted for good drops out of the controller's list and is then taken as over.
   */
  private static final java.util.Set<String> ENDED = java.util.Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT",
      "OUT_OF_MEMORY", "NODE_FAIL", "BOOT_FAIL", "DEADLINE", "SPECIAL_EXIT", "REVOKED");

  /**
   * One array task as the scheduler reports it.
   *
   * @param index the array index (the trial's index)
   * @param state Slurm's job state, e.g. PENDING, RUNNING, COMPLETED, CANCELLED, TIMEOUT
   * @param reason why it waits or ended, e.g. JobArrayTaskLimit, BeginTime, None
   * @param restarts how often it was requeued
   * @param exitCode its batch script's exit code, or {@code 128 + signal} when a signal ended it
   * @param node where it runs or ran, empty when pending
   */
  public record TaskState(int index, String state, String reason, int restarts, int exitCode, String node) {
    /** Whether the task has ended and will not run again. */
    public boolean ended() {
      return ENDED.contains(state);
    }

    /** A short form for console lines: {@code RUNNING on n01}, {@code PENDING (BeginTime), restart 1}. */
    public String describe() {
      return state + (node.isEmpty() || node.equals("(null)") || !state.equals("RUNNING") ? "" : " on " + node)
          + (reason.isEmpty() || reason.equals("None") ? "" : " (" + reason + ")")
          + (restarts > 0 ? ", restart " + restarts : "");
    }
  }

  private final CommandRunner commands;

  public SlurmScheduler(CommandRunner commands) {
    this.commands = commands;
  }

  /**
   * Submits a batch script and returns its job id.
   *
   * @throws IOException naming sbatch's own message when it refuses the script (bad partition, time, ...)
   */
  public String submit(Path script) throws IOException {
    CommandRunner.Result r = commands.run(List.of("sbatch", "--parsable", script.toString()), TIMEOUT);
    Matcher m = PARSABLE.matcher(r.stdout().strip());
    if (!r.ok() || !m.matches()) {
      throw new IOException("sbatch refused the sweep's batch script " + script + ": " + r.message());
    }
    return m.group(1);
  }

  /**
   * Submits a batch script to run once job {@code afterJobId} has ended however it ended
   * ({@code --dependency=afterany}), and returns its job id.
   */
  public String submitAfter(String afterJobId, Path script) throws IOException {
    requireJobId(afterJobId);
    CommandRunner.Result r = commands.run(List.of("sbatch", "--parsable", "--dependency=afterany:" + afterJobId,
        "--kill-on-invalid-dep=yes", script.toString()), TIMEOUT);
    Matcher m = PARSABLE.matcher(r.stdout().strip());
    if (!r.ok() || !m.matches()) {
      throw new IOException("sbatch refused the script " + script + ": " + r.message());
    }
    return m.group(1);
  }

  /** What sbatch says of a script without submitting it ({@code --test-only}): empty when it would be accepted. */
  public Optional<String> checkSubmission(Path script) throws IOException {
    CommandRunner.Result r = commands.run(List.of("sbatch", "--test-only", script.toString()), TIMEOUT);
    return r.ok() ? Optional.empty() : Optional.of(r.message());
  }

  /**
   * The tasks of a job array by index; empty when the scheduler knows the array no more (and has no accounting
   * that remembers it).
   */
  public Optional<Map<Integer, TaskState>> tasks(String arrayJobId) throws IOException {
    requireJobId(arrayJobId);
    CommandRunner.Result r = commands.run(List.of("scontrol", "-o", "show", "job", arrayJobId), TIMEOUT);
    if (r.ok()) {
      return Optional.of(parseShowJob(r.stdout()));
    }
    if (!r.message().contains("Invalid job id")) {
      throw new IOException("scontrol show job " + arrayJobId + " failed: " + r.message());
    }
    return accounting(arrayJobId);
  }

  /**
   * The host names of the cluster's nodes, one per node.
   *
   * @throws IOException when sinfo cannot be run or fails
   */
  public List<String> nodeHosts() throws IOException {
    CommandRunner.Result r = commands.run(List.of("sinfo", "-h", "-N", "-o", "%n"), TIMEOUT);
    if (!r.ok()) {
      throw new IOException("sinfo failed: " + r.message());
    }
    List<String> hosts = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      if (!line.isBlank()) {
        hosts.add(line.strip());
      }
    }
    return hosts;
  }

  /** Asks tasks to stop: Slurm sends SIGTERM (the trial checkpoints and ends its run as KILLED), pending ones go. */
  public void cancel(List<String> jobIds) throws IOException {
    scancel(List.of(), jobIds);
  }

  /** Ends tasks at once (SIGKILL to every process of the task). */
  public void kill(List<String> jobIds) throws IOException {
    scancel(List.of("--signal=KILL", "--full"), jobIds);
  }

  private void scancel(List<String> options, List<String> jobIds) throws IOException {
    if (jobIds.isEmpty()) {
      return;
    }
    jobIds.forEach(SlurmScheduler::requireJobId);
    List<String> command = new ArrayList<>(List.of("scancel"));
    command.addAll(options);
    command.addAll(jobIds);
    CommandRunner.Result r = commands.run(command, TIMEOUT);
    // scancel of a task that has just ended says so and exits 1: that task is stopped all the same.
    if (!r.ok() && !r.message().contains("already completing or completed") && !r.message().contains("Invalid job id")) {
      throw new IOException("scancel " + String.join(" ", jobIds) + " failed: " + r.message());
    }
  }

  private Optional<Map<Integer, TaskState>> accounting(String arrayJobId) throws IOException {
    CommandRunner.Result r;
    try {
      r = commands.run(List.of("sacct", "-n", "-P", "-X", "-j", arrayJobId, "-o", "JobID,State,ExitCode,NodeList"),
          TIMEOUT);
    } catch (IOException e) {
      return Optional.empty(); // no sacct on this machine
    }
    if (!r.ok()) {
      return Optional.empty(); // "Slurm accounting storage is disabled"
    }
    Map<Integer, TaskState> tasks = new TreeMap<>();
    for (String line : r.stdout().split("\n")) {
      String[] f = line.strip().split("\\|", -1);
      if (f.length < 4 || !f[0].matches("[0-9]+_[0-9]+")) {
        continue; // a pending aggregate ([2-5%2]) or a step
      }
      int index = Integer.parseInt(f[0].substring(f[0].indexOf('_') + 1));
      String state = f[1].split(" ")[0]; // "CANCELLED by 0"
      tasks.put(index, new TaskState(index, state, "", 0, exitCode(f[2]), f[3]));
    }
    return tasks.isEmpty() ? Optional.empty() : Optional.of(tasks);
  }

  /** Parses {@code scontrol -o show job <array>}: one line per task, or per group of pending tasks. */
  static Map<Integer, TaskState> parseShowJob(String output) {
    Map<Integer, TaskState> tasks = new TreeMap<>();
    for (String line : output.split("\n")) {
      Map<String, String> f = new java.util.HashMap<>();
      Matcher m = FIELD.matcher(line);
      while (m.find()) {
        f.putIfAbsent(m.group(1), m.group(2));
      }
      String taskIds = f.get("ArrayTaskId");
      if (taskIds == null || f.get("JobState") == null) {
        continue;
      }
      int restarts = f.getOrDefault("Restarts", "0").matches("[0-9]{1,6}") ? Integer.parseInt(f.get("Restarts")) : 0;
      for (int index : indices(taskIds)) {
        tasks.put(index, new TaskState(index, f.get("JobState"), f.getOrDefault("Reason", ""), restarts,
            exitCode(f.getOrDefault("ExitCode", "0:0")), f.getOrDefault("NodeList", "")));
      }
    }
    return tasks;
  }

  /** The indices of an array task expression such as {@code 3}, {@code 2-5%2} or {@code 1,4,7-9}. */
  static List<Integer> indices(String expression) {
    String list = expression.replaceFirst("%[0-9]+$", "");
    List<Integer> out = new ArrayList<>();
    for (String part : list.split(",")) {
      Matcher range = Pattern.compile("([0-9]{1,7})(?:-([0-9]{1,7}))?(?::([0-9]{1,7}))?").matcher(part);
      if (!range.matches()) {
        continue;
      }
      int from = Integer.parseInt(range.group(1));
      int to = range.group(2) == null ? from : Integer.parseInt(range.group(2));
      int step = range.group(3) == null ? 1 : Math.max(1, Integer.parseInt(range.group(3)));
      for (int i = from; i <= to; i += step) {
        out.add(i);
      }
    }
    return out;
  }

  /** An array index list in Slurm's compact form, e.g. {@code 0-3,7,9-10}, for {@code --array}. */
  public static String compact(List<Integer> sortedIndices) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < sortedIndices.size(); i++) {
      int start = sortedIndices.get(i);
      int end = start;
      while (i + 1 < sortedIndices.size() && sortedIndices.get(i + 1) == end + 1) {
        end = sortedIndices.get(++i);
      }
      out.append(out.length() == 0 ? "" : ",").append(start).append(start == end ? "" : "-" + end);
    }
    return out.toString();
  }

  /** {@code a:b} as a process exit code: {@code a}, or {@code 128 + b} when signal {@code b} ended it. */
  static int exitCode(String slurmExitCode) {
    Matcher m = Pattern.compile("([0-9]{1,3}):([0-9]{1,3})").matcher(slurmExitCode);
    if (!m.matches()) {
      return -1;
    }
    int signal = Integer.parseInt(m.group(2));
    return signal != 0 ? 128 + signal : Integer.parseInt(m.group(1));
  }

  /** Refuses what is not a job id before it reaches a command line (ids come from the store, which may be shared). */
  public static String requireJobId(String id) {
    if (id == null || !JOB_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a Slurm job id: '" + id + "'");
    }
    return id;
  }
}
