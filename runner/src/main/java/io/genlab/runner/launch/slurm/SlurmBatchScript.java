package io.genlab.runner.launch.slurm;

import io.genlab.runner.launch.TrialJvmOptions;
import io.genlab.runner.launch.TrialRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The batch script of a sweep's job array: {@code #SBATCH} lines from checked {@link SlurmOptions}, then a
 * task body that continues the trial run its array index names with {@code genlab trial}. Near its time limit a
 * task gets SIGUSR1 ({@code --signal=B:USR1@s}), asks the trial to stop (it checkpoints and ends its run as
 * KILLED) and requeues itself (by its array task id: the array's last task has the array's own job id, and
 * requeueing that would requeue every task); the requeued task resumes from that checkpoint in the same run. A
 * cancel, requeue or preemption makes slurmd send SIGTERM to every process of the task, which stops the trial the
 * same way; the script does not requeue then, as a cancelled job could still requeue itself: only the signal
 * tells a time limit from a cancel. Values from the store and the spec reach the script
 * only checked (run ids, option values) or single-quoted (paths, the store's URI). Immutable.
 *
 * @param jobName the job's name, letters, digits, '_', '.', '-' only (see {@link #jobName})
 * @param parallel how many tasks run at once ({@code %K})
 * @param options resources and placement
 * @param outputDirectory where Slurm writes each task's own messages ({@code slurm-<job>_<index>.out})
 * @param trials the trials by index; each request's log file receives the trial's console output
 * @param javaCommand the {@code java} the tasks run, a path the compute nodes can reach
 * @param javaOptions options before the class path (e.g. {@code --add-modules=jdk.incubator.vector}), not from specs
 * @param classPath genlab's class path, reachable from the compute nodes
 */
public record SlurmBatchScript(String jobName, int parallel, SlurmOptions options, Path outputDirectory,
    Map<Integer, TrialRequest> trials, String javaCommand, List<String> javaOptions, String classPath) {
  private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  /** Characters a path may have on an {@code #SBATCH} line, which sbatch reads without a shell's quoting. */
  private static final Pattern SBATCH_PATH = Pattern.compile("/[A-Za-z0-9._/+@=,-]{0,1000}");
  /** The exit code of a trial that stopped on a signal after writing its checkpoint (genlab's EXIT_KILLED). */
  static final int TRIAL_STOPPED = 130;

  /** Checks every value that reaches the script unquoted. */
  public SlurmBatchScript {
    Objects.requireNonNull(options, "options");
    if (!JOB_NAME.matcher(jobName).matches()) {
      throw new IllegalArgumentException("job name '" + jobName + "' must match " + JOB_NAME);
    }
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be > 0, found " + parallel);
    }
    trials = new TreeMap<>(trials);
    if (trials.isEmpty()) {
      throw new IllegalArgumentException("a job array needs at least one trial");
    }
    requireSbatchPath(outputDirectory);
    javaOptions = List.copyOf(javaOptions);
    for (TrialRequest t : trials.values()) {
      if (t.threads() != options.cpusPerTask()) {
        throw new IllegalArgumentException("trial " + t.index() + " has " + t.threads() + " threads, its tasks "
            + options.cpusPerTask() + " CPUs");
      }
    }
  }

  /**
   * Refuses a path that an {@code #SBATCH} line could not carry (sbatch reads those lines without quotes); the
   * message says which path and what to do.
   */
  public static Path requireSbatchPath(Path path) {
    String text = path.toString();
    if (!SBATCH_PATH.matcher(text).matches()) {
      throw new IllegalArgumentException("the Slurm log folder must be an absolute path of letters, digits and "
          + "._/+@=,- (sbatch reads it unquoted), found '" + text + "'; choose another with --log-dir");
    }
    return path;
  }

  /** A job name made from a sweep's name: {@code genlab-} and its letters, digits, '_', '.', '-', at most 64. */
  public static String jobName(String sweepName) {
    String plain = sweepName.replaceAll("[^A-Za-z0-9_.-]", "_");
    String name = "genlab-" + plain;
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  /** The script's text. */
  public String text() {
    StringBuilder s = new StringBuilder();
    s.append("#!/bin/bash\n");
    sbatch(s, "--job-name=" + jobName);
    sbatch(s, "--array=" + SlurmScheduler.compact(new ArrayList<>(trials.keySet())) + "%" + parallel);
    sbatch(s, "--output=" + outputDirectory.toString().replace("%", "%%") + "/slurm-%A_%a.out");
    sbatch(s, "--open-mode=append");
    sbatch(s, "--requeue");
    sbatch(s, "--signal=B:USR1@" + options.signalSeconds());
    options.sbatchOptions().forEach(o -> sbatch(s, o));
    s.append("""

        # Written by genlab: task i continues the sweep trial run RUN_IDS[i] and appends its console to LOGS[i].
        # SIGUSR1 (time limit near): the trial checkpoints, stops, and the task requeues itself to resume it.
        # SIGTERM (scancel, preemption): the trial checkpoints and stops; Slurm decides what comes next.
        set -u
        declare -A RUN_IDS=(
        """);
    trials.forEach((index, t) -> s.append("  [").append(index).append("]=").append(t.runId()).append('\n'));
    s.append(")\ndeclare -A LOGS=(\n");
    trials.forEach((index, t) -> s.append("  [").append(index).append("]=").append(quote(t.logFile().toString()))
        .append('\n'));
    TrialRequest any = trials.values().iterator().next();
    List<String> java = genlab(TrialJvmOptions.require(any.jvmOptions()));
    java.add("trial");
    java.add(quote("--tracking-uri=" + any.trackingUri()));
    java.add("--");
    java.add("\"$run\"");
    s.append(")\n");
    s.append("""
        i="${SLURM_ARRAY_TASK_ID:?this script runs as a Slurm array task}"
        run="${RUN_IDS[$i]:?no trial has index $i}"
        mkdir -p "$(dirname "${LOGS[$i]}")"
        exec >>"${LOGS[$i]}" 2>&1
        echo "== genlab trial $i: job ${SLURM_JOB_ID} (${SLURM_ARRAY_JOB_ID}_$i) on $(hostname), \
        restart ${SLURM_RESTART_COUNT:-0}, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        """);
    s.append("export OMP_NUM_THREADS=").append(any.threads()).append(" OMP_WAIT_POLICY=PASSIVE\n");
    s.append("near_limit=0\n");
    s.append("trap 'near_limit=1; kill -TERM \"$pid\" 2>/dev/null' USR1\n");
    // slurmd sends SIGTERM to every process of the task itself (scancel, requeue, preemption): forwarding it
    // would give the trial a second one. The shell only has to outlive it and keep waiting.
    s.append("trap 'true' TERM\n");
    s.append(String.join(" ", java)).append(" &\n");
    s.append("pid=$!\n");
    s.append("""
        # wait returns 128+n whenever a trap runs, and the trial may exit (and be reaped) before the next test:
        # wait while it lives, then once more for its own status, which bash keeps for a reaped child.
        while kill -0 "$pid" 2>/dev/null; do
          wait "$pid"
        done
        wait "$pid"; code=$?
        """);
    // 130: the trial stopped and wrote its checkpoint; 143: SIGTERM came before its JVM could take it (it resumes
    // from its last checkpoint). A trial that finished or failed by itself meanwhile is not requeued.
    s.append("if [ \"$near_limit\" = 1 ] && { [ \"$code\" = ").append(TRIAL_STOPPED)
        .append(" ] || [ \"$code\" = 143 ]; }; then\n");
    s.append("  if [ \"${SLURM_RESTART_COUNT:-0}\" -lt ").append(options.maxRequeues()).append(" ]; then\n");
    s.append("""
            echo "== time limit near: the trial stopped (exit $code); requeueing task $i"
            scontrol requeue "${SLURM_ARRAY_JOB_ID}_${i}" && exit 0
          fi
          echo "== time limit near and requeued ${SLURM_RESTART_COUNT:-0} times already: not requeued"
        fi
        exit "$code"
        """);
    return s.toString();
  }

  /**
   * The script of the job that concludes the sweep once its array is over: {@code genlab} with
   * {@code arguments} (a {@code sweep status} that ends the parent run), on one CPU with the tasks' placement.
   */
  public String concludingText(String arrayJobId, List<String> arguments) {
    StringBuilder s = new StringBuilder("#!/bin/bash\n");
    sbatch(s, "--job-name=" + (jobName.length() > 57 ? jobName.substring(0, 57) : jobName) + "-finish");
    sbatch(s, "--output=" + outputDirectory.toString().replace("%", "%%") + "/finish-%j.out");
    for (String option : options.sbatchOptions()) {
      // Placement and account as the tasks'; resources of its own: it only reads the store.
      if (!option.startsWith("--cpus-per-task=") && !option.startsWith("--mem=") && !option.startsWith("--gres=")
          && !option.startsWith("--gpus")) {
        sbatch(s, option);
      }
    }
    sbatch(s, "--cpus-per-task=1");
    s.append("\n# Written by genlab: ends the parent run of the sweep whose job array is ")
        .append(SlurmScheduler.requireJobId(arrayJobId)).append(", once that array is over.\n");
    List<String> java = genlab(List.of("-Xmx1g"));
    arguments.forEach(a -> java.add(quote(a)));
    s.append("exec ").append(String.join(" ", java)).append('\n');
    return s.toString();
  }

  /** The quoted words that start genlab's CLI on the tasks' JVM: java, {@code jvmOptions}, the modules, the class path. */
  private List<String> genlab(List<String> jvmOptions) {
    List<String> java = new ArrayList<>();
    java.add(quote(javaCommand));
    jvmOptions.forEach(o -> java.add(quote(o)));
    javaOptions.forEach(o -> java.add(quote(o)));
    java.add("-cp");
    java.add(quote(classPath));
    java.add("io.genlab.runner.cli.GenlabCli");
    return java;
  }

  private static void sbatch(StringBuilder s, String option) {
    if (option.chars().anyMatch(c -> c == '\n' || c == '\r' || c == ' ' || c == '\'' || c == '"')) {
      throw new IllegalArgumentException("an #SBATCH option holds a space, quote or line break: " + option);
    }
    s.append("#SBATCH ").append(option).append('\n');
  }

  /** {@code text} as one single-quoted shell word; control characters are refused. */
  static String quote(String text) {
    if (text.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a value for the batch script holds control characters");
    }
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
