package io.genlab.runner.cli;

import io.genlab.api.DisplayText;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.runner.launch.slurm.SlurmScheduler;
import io.genlab.runner.launch.slurm.SlurmScheduler.TaskState;
import io.genlab.runner.sweep.SweepPlan;
import io.genlab.runner.sweep.SweepRunner;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.Tracker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code genlab sweep status|cancel <spec>}: a sweep's trials as the scheduler and the store see them, from any
 * shell, and the end of a sweep submitted with {@code --detach}. The spec (with the same {@code --set}s) names
 * the sweep, as a re-run of it does. Stateless.
 */
final class SweepControl {
  private SweepControl() {}

  /** What both commands take. */
  abstract static class SweepArguments {
    @Parameters(index = "0", description = "the spec the sweep was started with (YAML)")
    Path spec;

    @Option(names = "--set", description = "the --set options the sweep was started with (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Mixin
    PluginFolders plugins;

    /** The sweep's plan, store, parent run and its job array's tasks (empty for local sweeps). */
    record Found(SweepPlan plan, Tracker tracker, RunInfo parent, String jobId,
        Optional<Map<Integer, TaskState>> tasks) {}

    Found find(SlurmScheduler scheduler) throws IOException {
      SweepPlan plan = SweepPlan.resolve(plugins.registry(), spec, overrides,
          Runtime.getRuntime().availableProcessors());
      Tracker tracker = GenlabCli.TrackingStore.open(plan.trackingUri(), "tracking.uri");
      try {
        RunInfo parent = SweepRunner.parent(plan, tracker).orElseThrow(() -> new InvalidConfigException(
            spec.toString(), "no sweep '" + plan.definition().name() + "' in experiment '" + plan.experiment()
                + "' of " + tracker.describe() + "; start it with genlab sweep " + spec));
        String jobId = parent.tags().get(SweepRunner.JOB_TAG);
        Optional<Map<Integer, TaskState>> tasks = Optional.empty();
        if (jobId != null) {
          try {
            tasks = scheduler.tasks(SlurmScheduler.requireJobId(jobId));
          } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("run " + parent.runId() + " tag " + SweepRunner.JOB_TAG,
                "not a Slurm job id: '" + jobId + "' (the store may have been edited)");
          }
        }
        return new Found(plan, tracker, parent, jobId, tasks);
      } catch (RuntimeException | IOException e) {
        tracker.close();
        throw e;
      }
    }
  }

  /** {@code genlab sweep status <spec>}. */
  @Command(name = "status", description = "Show a sweep's trials: their Slurm tasks and runs. When a detached "
      + "sweep's job array is over, ends its parent run with the summary.")
  static final class Status extends SweepArguments implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      SlurmScheduler scheduler = SlurmSweeps.scheduler();
      Found found = find(scheduler);
      try (Tracker tracker = found.tracker()) {
        PrintStream out = System.out;
        Shown shown = show(found, out);
        Map<String, Integer> ended = shown.ended();
        boolean over = found.jobId() != null && ended.size() == shown.trialRuns();
        if (over && found.parent().status() == RunStatus.RUNNING) {
          SweepRunner.concluding(System.err).conclude(found.plan(), tracker, ended).ifPresent(outcome -> {
            out.print("\n" + outcome.summary());
            out.printf("the job array is over: parent run %s ended%n", outcome.parentRunId());
          });
        }
        return 0;
      }
    }
  }

  /** {@code genlab sweep cancel <spec>}. */
  @Command(name = "cancel", description = "Cancel a Slurm sweep's job array: running trials write their checkpoints "
      + "and end KILLED, pending ones never start; genlab sweep <spec> continues it later.")
  static final class Cancel extends SweepArguments implements Callable<Integer> {
    @Option(names = "--wait-seconds", description = "how long to wait for the tasks to end (default: 120)")
    int waitSeconds = 120;

    @Override
    public Integer call() throws Exception {
      SlurmScheduler scheduler = SlurmSweeps.scheduler();
      Found found = find(scheduler);
      try (Tracker tracker = found.tracker()) {
        if (found.jobId() == null) {
          throw new InvalidConfigException(spec.toString(), "sweep '" + found.plan().definition().name()
              + "' runs local processes, not a Slurm job array; stop it with Ctrl-C where it runs");
        }
        // The concluding job too: this command ends the parent itself.
        String concluding = found.parent().tags().get(SweepRunner.CONCLUDING_JOB_TAG);
        List<String> jobs = new ArrayList<>(List.of(found.jobId()));
        if (concluding != null && concluding.matches("[0-9]{1,12}")) {
          jobs.add(concluding);
        }
        scheduler.cancel(jobs);
        System.err.printf("cancelled job array %s; waiting for its tasks to end ...%n", found.jobId());
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        Map<Integer, TaskState> tasks = found.tasks().orElse(Map.of());
        while (System.nanoTime() < deadline) {
          Optional<Map<Integer, TaskState>> now = scheduler.tasks(found.jobId());
          tasks = now.orElse(Map.of());
          if (tasks.values().stream().allMatch(TaskState::ended)) {
            break;
          }
          Thread.sleep(1000);
        }
        Found after = new Found(found.plan(), tracker, tracker.run(found.parent().runId()).orElseThrow(),
            found.jobId(), Optional.of(tasks));
        Map<String, Integer> ended = show(after, System.out).ended();
        SweepRunner runner = SweepRunner.concluding(System.err);
        runner.requestStop(); // trials whose tasks ended without ending their runs end KILLED, to be continued
        runner.conclude(found.plan(), tracker, ended).ifPresent(outcome ->
            System.out.printf("parent run %s ended KILLED; genlab sweep %s continues the sweep%n",
                outcome.parentRunId(), spec));
        return 0;
      }
    }
  }

  /**
   * What {@link #show} found.
   *
   * @param ended the exit codes of the trials whose tasks are over, by run id
   * @param trialRuns how many trial runs the parent has
   */
  record Shown(Map<String, Integer> ended, int trialRuns) {}

  /**
   * Prints one line per trial (index, task state, run status, swept values) and a count per state.
   *
   * @return the exit codes of the trials whose tasks are over, and how many trial runs there are
   */
  static Shown show(SweepArguments.Found found, PrintStream out) {
    Map<String, RunInfo> runs = SweepRunner.trials(found.plan(), found.tracker(), found.parent().runId());
    Map<String, Integer> ended = new LinkedHashMap<>();
    Map<String, Integer> counts = new TreeMap<>();
    out.printf("sweep '%s': parent run %s %s%s%n", DisplayText.line(found.plan().definition().name()),
        found.parent().runId(), found.parent().status(),
        found.jobId() == null ? ", local processes" : ", Slurm job array " + found.jobId()
            + (found.tasks().isEmpty() ? " (no longer known to the scheduler)" : ""));
    String objective = found.plan().definition().objective() == null ? null
        : found.plan().definition().objective().metric();
    out.printf("  %4s  %-34s %-9s %-12s %s%n", "trial", "Slurm task", "run", objective == null ? ""
        : DisplayText.line(objective.length() > 12 ? objective.substring(objective.length() - 12) : objective),
        "values");
    for (SweepPlan.PlannedTrial t : found.plan().trials()) {
      RunInfo run = runs.get(t.key());
      int index = t.trial().index();
      TaskState task = found.tasks().map(m -> m.get(index)).orElse(null);
      String taskText = task != null ? task.describe() : found.jobId() == null ? "-" : "not in the array";
      String runText = run == null ? "no run" : run.status().toString();
      counts.merge(task != null ? task.state() : runText, 1, Integer::sum);
      // Over: its task ended, or it has none (kept from an earlier array, or the scheduler forgot the array).
      boolean over = task != null ? task.ended()
          : found.jobId() != null && (found.tasks().isEmpty() || run == null || run.status().isTerminal());
      if (run != null && over) {
        ended.put(run.runId(), task != null ? task.exitCode() : -1);
      }
      Double value = run == null || objective == null ? null : run.metrics().get(objective);
      out.printf("  %4d  %-34s %-9s %-12s %s%n", index, DisplayText.line(taskText), runText,
          value == null ? "" : String.format(java.util.Locale.ROOT, "%.4f", value), DisplayText.line(t.trial().label()));
    }
    StringBuilder summary = new StringBuilder();
    counts.forEach((state, n) -> summary.append(summary.length() == 0 ? "" : ", ").append(n).append(' ')
        .append(state));
    out.printf("%d trials: %s%n", found.plan().trials().size(), summary);
    return new Shown(ended, runs.size());
  }
}
