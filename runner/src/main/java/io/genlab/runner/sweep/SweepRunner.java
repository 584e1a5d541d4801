package io.genlab.runner.sweep;

import io.genlab.api.DisplayText;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.runner.launch.TrialHandle;
import io.genlab.runner.launch.TrialLauncher;
import io.genlab.runner.launch.TrialRequest;
import io.genlab.runner.run.ExperimentRunner;
import io.genlab.runner.spec.SpecResolver;
import io.genlab.runner.sweep.SweepPlan.PlannedTrial;
import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.RunTags;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a sweep: a parent MLflow run, one child run per trial ({@code mlflow.parentRunId}, so the
 * MLflow UI nests them), trials launched in parallel through a {@link TrialLauncher}, and a summary.
 *
 * <p>Re-running a sweep finds its parent by name and its trials by {@link PlannedTrial#key}: trials
 * that ended (finished, stopped early, or failed by their own NaN or error) are kept, the others
 * (killed, crashed, interrupted) continue from their checkpoints in their own runs. Not thread-safe;
 * {@link #requestStop} may be called from another thread (a Ctrl-C hook).
 */
public final class SweepRunner {
  static final String TRIAL_INDEX_TAG = "genlab.trial.index";
  static final String TRIAL_KEY_TAG = "genlab.trial.key";
  static final String TRIAL_LABEL_TAG = "genlab.trial.label";
  static final String TRIAL_ATTEMPTS_TAG = "genlab.trial.attempts";
  static final String INVOCATIONS_TAG = "genlab.sweep.invocations";
  /** The scheduler's id of the sweep's latest submission (a Slurm job array), on the parent run. */
  public static final String JOB_TAG = "genlab.sweep.job";
  /** The scheduler's id of the job that ends the parent run after the latest submission, on the parent run. */
  public static final String CONCLUDING_JOB_TAG = "genlab.sweep.concluding_job";
  /** Set on a trial whose process died without ending its run; such a trial is continued by a re-run. */
  static final String CRASH_TAG = "genlab.trial.crash";

  /** How long stopped trials get to end their runs before they are killed. */
  static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final TrialLauncher launcher;
  private final PrintStream console;
  private final Duration stopGrace;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong stopRequestedAt = new AtomicLong();
  private final List<TrialHandle> live = new java.util.concurrent.CopyOnWriteArrayList<>();
  private boolean detach;

  public SweepRunner(TrialLauncher launcher, PrintStream console) {
    this(launcher, console, STOP_GRACE);
  }

  /**
   * A runner that launches nothing, for {@link #conclude} on a sweep whose trials ran elsewhere ({@code sweep
   * status} and {@code sweep cancel}).
   */
  public static SweepRunner concluding(PrintStream console) {
    return new SweepRunner(new TrialLauncher() {
      @Override
      public TrialHandle launch(TrialRequest request) {
        throw new UnsupportedOperationException("a concluding sweep runner launches nothing");
      }

      @Override
      public String describe() {
        return "no launcher (concluding a sweep)";
      }
    }, console);
  }

  /**
   * Makes {@link #run} return once the trials are submitted, when the launcher's trials outlive this process
   * ({@link TrialLauncher#detachable}); the parent run stays RUNNING until {@link #conclude} ends it.
   */
  public SweepRunner detached() {
    this.detach = true;
    return this;
  }

  /**
   * @param stopGrace how long trials asked to stop may take to end their runs; then they are killed and their
   *     runs ended as KILLED by the sweep (their last checkpoints kept)
   */
  SweepRunner(TrialLauncher launcher, PrintStream console, Duration stopGrace) {
    this.launcher = launcher;
    this.console = console;
    this.stopGrace = stopGrace;
  }

  /**
   * Stops launching trials and asks the running ones to stop (each keeps its checkpoint); those still running
   * after the stop grace period are killed. Callable from any thread, any number of times.
   */
  public void requestStop() {
    stopRequestedAt.compareAndSet(0, System.nanoTime());
    stop.set(true);
    live.forEach(TrialHandle::stop);
  }

  /** Whether {@link #requestStop} was called. */
  public boolean stopRequested() {
    return stop.get();
  }

  /** A trial process's end: its run, the log to copy into the run (or null), its exit code. */
  private record Exit(PlannedTrial trial, String runId, Path logToCopy, int code) {}

  /** How a trial stands after the sweep. */
  public enum TrialState { FINISHED, EARLY_STOPPED, FAILED, KILLED, NOT_STARTED }

  /**
   * A trial's outcome.
   *
   * @param trial the planned trial
   * @param runId its child run, or {@code null} when it never started
   * @param state how it stands
   * @param note why it failed or stopped early, else empty
   * @param metrics its latest metric values
   * @param trainSeconds its training time over all its attempts
   * @param startupSeconds its last process's start-up time (JVM start to first training step), or NaN
   */
  public record TrialResult(PlannedTrial trial, String runId, TrialState state, String note, Map<String, Double> metrics,
      double trainSeconds, double startupSeconds) {}

  /**
   * The sweep's outcome.
   *
   * @param parentRunId the parent run
   * @param results one per planned trial, in index order
   * @param launched how many trial processes this invocation started
   * @param wallSeconds this invocation's wall time
   * @param summary the summary table as Markdown
   * @param stopped whether the sweep was stopped before all trials ended
   * @param detached whether this process returned after submitting, the trials going on without it (results and
   *     summary are empty then)
   */
  public record Outcome(String parentRunId, List<TrialResult> results, int launched, double wallSeconds,
      String summary, boolean stopped, boolean detached) {
    /** Whether every trial ended without failing. */
    public boolean allSucceeded() {
      return results.stream().allMatch(r -> r.state() == TrialState.FINISHED || r.state() == TrialState.EARLY_STOPPED);
    }
  }

  /**
   * Runs (or continues) the sweep of {@code plan}.
   *
   * @param logDirectory where trial logs go when the store keeps no local artifact folder (they are
   *     copied into the runs after each trial); file stores take them straight into the run
   */
  public Outcome run(SweepPlan plan, Tracker tracker, Path logDirectory) throws IOException, InterruptedException {
    long start = System.nanoTime();
    TrackedRun parent = findOrStartParent(plan, tracker);
    try {
      return run(plan, tracker, logDirectory, parent, start);
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      // Whatever went wrong, the trials must not outlive the sweep (a stop asks them to end KILLED) and the
      // parent must not stay RUNNING.
      requestStop();
      try {
        parent.setTag("genlab.failure", "the sweep itself failed: " + e);
        parent.end(RunStatus.FAILED);
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
  }

  private Outcome run(SweepPlan plan, Tracker tracker, Path logDirectory, TrackedRun parent, long start)
      throws IOException, InterruptedException {
    SweepDefinition sweep = plan.definition();
    RunInfo parentInfo = tracker.run(parent.runId()).orElseThrow();
    int invocation = 1 + count(parentInfo.tags().get(INVOCATIONS_TAG));
    parent.setTag(INVOCATIONS_TAG, Integer.toString(invocation));
    describe(parent, parentInfo, plan, invocation);
    console.printf("sweep '%s': %d trials, %d in parallel with %d threads each, on %s; parent run %s (%s)%n",
        DisplayText.line(sweep.name()), plan.trials().size(), sweep.parallel(), plan.threadsPerTrial(),
        launcher.describe(), parent.runId(), DisplayText.line(tracker.describe()));
    Map<String, RunInfo> children = children(tracker, plan.experiment(), parent.runId());
    Deque<PlannedTrial> pending = new ArrayDeque<>();
    int kept = 0;
    for (PlannedTrial t : plan.trials()) {
      RunInfo child = children.get(t.key());
      if (child != null && ended(child)) {
        kept++;
      } else {
        pending.add(t);
      }
    }
    if (kept > 0) {
      console.printf("keeping %d trials that ended in an earlier invocation; %d to run%n", kept, pending.size());
    }
    BlockingQueue<Exit> exits = new LinkedBlockingQueue<>();
    Map<String, TrialHandle> running = new HashMap<>();
    int launched = 0;
    int done = 0;
    // A launcher that queues trials itself (Slurm) takes them all at once and throttles them to the parallelism.
    int inFlight = launcher.queues() ? Integer.MAX_VALUE : sweep.parallel();
    while (!pending.isEmpty() || !running.isEmpty()) {
      List<String> thisRound = new ArrayList<>();
      while (!stop.get() && running.size() < inFlight && !pending.isEmpty()) {
        PlannedTrial t = pending.poll();
        RunInfo earlier = children.get(t.key());
        TrackedRun child = earlier != null ? tracker.openRun(earlier.runId()) : startTrial(tracker, plan, parent.runId(), t);
        int attempt = 1 + (earlier == null ? 0 : count(earlier.tags().get(TRIAL_ATTEMPTS_TAG)));
        child.setTag(TRIAL_ATTEMPTS_TAG, Integer.toString(attempt));
        // Straight into the run's artifacts where the store has a folder, so that a log outlives a sweep
        // process killed before it could copy it.
        Optional<Path> artifacts = child.artifactDirectory();
        try {
          Path folder = artifacts.map(d -> d.resolve("logs"))
              .orElseGet(() -> logDirectory.resolve(plainId(child.runId())));
          Path log = logFile(folder, t.trial().index(), attempt);
          TrialHandle handle = launcher.launch(new TrialRequest(t.trial().index(), child.runId(), plan.trackingUri(),
              plan.threadsPerTrial(), sweep.trialJvmOptions(), log));
          if (launcher.queues()) {
            // Queued, not running, until its task starts and reopens it; marked before submission, so that a task
            // that starts at once is not marked back.
            child.markScheduled();
          }
          running.put(child.runId(), handle);
          thisRound.add(child.runId());
          live.add(handle);
          if (stop.get()) {
            handle.stop(); // requestStop ran while this trial was starting, before it was live
          }
          launched++;
          Path copy = artifacts.isPresent() ? null : log;
          handle.exit().whenComplete((code, error) -> exits.add(new Exit(t, child.runId(), copy, code == null ? -1 : code)));
          console.printf("trial %d %s  %s  (run %s, attempt %d)%n", t.trial().index(),
              launcher.queues() ? "queued" : "started", DisplayText.line(t.trial().label()), child.runId(), attempt);
        } catch (IOException | IllegalArgumentException e) {
          // IllegalArgumentException: a TrialRequest refused a value from the store (a run id that is not one)
          child.setTag(CRASH_TAG, "could not start the trial with " + launcher.describe() + ": " + e.getMessage());
          child.end(RunStatus.FAILED);
          console.printf("trial %d could not start: %s%n", t.trial().index(), DisplayText.line(e.getMessage()));
        } catch (RuntimeException | Error e) {
          // A defect: the sweep ends (see run), and this trial's run must not stay RUNNING either.
          child.setTag(CRASH_TAG, "the sweep failed while starting the trial: " + e);
          child.end(RunStatus.FAILED);
          throw e;
        }
      }
      if (!thisRound.isEmpty() && !submit(tracker, parent, thisRound, running)) {
        continue; // the scheduler refused them: their runs ended FAILED
      }
      if (detach && launcher.detachable()) {
        console.printf("detached: the trials go on without this process; see them with genlab sweep status%n");
        return new Outcome(parent.runId(), List.of(), launched, (System.nanoTime() - start) / 1e9, "", false, true);
      }
      if (running.isEmpty()) {
        break; // stopped with trials left pending
      }
      Exit exit = nextExit(exits, running.values());
      live.remove(running.remove(exit.runId()));
      RunInfo ended = settle(tracker, exit.runId(), exit.code(), exit.logToCopy());
      done++;
      TrialResult result = result(tracker, exit.trial(), ended);
      console.printf("trial %d %-13s %s%s  [%d/%d this invocation]%n", exit.trial().trial().index(), result.state(),
          DisplayText.line(exit.trial().trial().label()),
          result.note().isEmpty() ? "" : "  -- " + DisplayText.line(result.note()), done,
          done + running.size() + pending.size());
    }
    return conclude(plan, tracker, parent, launched, start);
  }

  /**
   * Hands the trials launched this round to the launcher; when it refuses them, ends their runs as FAILED.
   *
   * @return whether they were handed over
   */
  private boolean submit(Tracker tracker, TrackedRun parent, List<String> runIds, Map<String, TrialHandle> running) {
    try {
      launcher.submit().ifPresent(submission -> {
        parent.setTag(JOB_TAG, submission.jobId());
        if (submission.concludingJobId() != null) {
          parent.setTag(CONCLUDING_JOB_TAG, submission.concludingJobId());
        }
        parent.writeArtifact("sweep/job-" + submission.jobId() + ".sh",
            submission.script().getBytes(StandardCharsets.UTF_8));
      });
      return true;
    } catch (IOException | IllegalArgumentException e) {
      endUnsubmitted(tracker, runIds, running, e);
      console.printf("%d trials could not be submitted: %s%n", runIds.size(), DisplayText.line(e.getMessage()));
      return false;
    } catch (RuntimeException | Error e) {
      endUnsubmitted(tracker, runIds, running, e); // a defect: the sweep ends, and no queued trial may wait forever
      throw e;
    }
  }

  private void endUnsubmitted(Tracker tracker, List<String> runIds, Map<String, TrialHandle> running, Throwable e) {
    for (String runId : runIds) {
      live.remove(running.remove(runId));
      TrackedRun child = tracker.openRun(runId);
      child.setTag(CRASH_TAG, "could not submit the trial with " + launcher.describe() + ": " + e.getMessage());
      child.setTag("genlab.failure", "could not submit the trial: " + e.getMessage());
      child.end(RunStatus.FAILED);
    }
  }

  /**
   * Ends a sweep whose trials ran without this process watching them ({@code sweep --detach}, or a sweep whose
   * process was lost): trials whose tasks are over but whose runs were left RUNNING are ended as {@link #settle}
   * would, then the summary is logged and the parent ended. Trial logs stay where the tasks wrote them (the
   * runs' artifacts on a file store, the sweep's log folder otherwise).
   *
   * @param exitCodes the exit codes of trial runs whose tasks are over, by run id
   * @return the outcome, or empty when {@code plan}'s sweep has no parent run in the store
   */
  public Optional<Outcome> conclude(SweepPlan plan, Tracker tracker, Map<String, Integer> exitCodes) {
    long start = System.nanoTime();
    Optional<RunInfo> parent = parent(plan, tracker);
    if (parent.isEmpty()) {
      return Optional.empty();
    }
    Map<String, RunInfo> children = children(tracker, plan.experiment(), parent.get().runId());
    for (PlannedTrial t : plan.trials()) {
      RunInfo child = children.get(t.key());
      if (child != null && exitCodes.containsKey(child.runId())) {
        settle(tracker, child.runId(), exitCodes.get(child.runId()), null);
      }
    }
    return Optional.of(conclude(plan, tracker, tracker.openRun(parent.get().runId()), 0, start));
  }

  private Outcome conclude(SweepPlan plan, Tracker tracker, TrackedRun parent, int launched, long start) {
    Map<String, RunInfo> now = children(tracker, plan.experiment(), parent.runId());
    List<TrialResult> results = new ArrayList<>();
    for (PlannedTrial t : plan.trials()) {
      RunInfo child = now.get(t.key());
      results.add(child == null ? new TrialResult(t, null, TrialState.NOT_STARTED, "", Map.of(), 0, Double.NaN)
          : result(tracker, t, child));
    }
    double wall = (System.nanoTime() - start) / 1e9;
    String summary = SweepSummary.markdown(plan, results);
    boolean stopped = stop.get() || results.stream().anyMatch(r -> r.state() == TrialState.NOT_STARTED
        || r.state() == TrialState.KILLED);
    Outcome outcome = new Outcome(parent.runId(), results, launched, wall, summary, stopped, false);
    SweepSummary.log(parent, plan, outcome, count(tracker.run(parent.runId()).orElseThrow().tags().get(INVOCATIONS_TAG)));
    SweepReport.log(tracker, parent, plan.experiment(), console);
    parent.end(stopped ? RunStatus.KILLED : RunStatus.FINISHED);
    return outcome;
  }

  /** The latest parent run of {@code plan}'s sweep in the store, if any. */
  public static Optional<RunInfo> parent(SweepPlan plan, Tracker tracker) {
    SweepDefinition sweep = plan.definition();
    return tracker.experimentNames().contains(plan.experiment())
        ? tracker.runs(plan.experiment()).stream()
            .filter(r -> sweep.name().equals(r.tags().get(RunTags.SWEEP_NAME))
                && !r.tags().containsKey(RunTags.PARENT_RUN_ID))
            .max(Comparator.comparingLong(RunInfo::startTime))
        : Optional.empty();
  }

  /** The trial runs of a sweep's parent run by trial key. */
  public static Map<String, RunInfo> trials(SweepPlan plan, Tracker tracker, String parentRunId) {
    return children(tracker, plan.experiment(), parentRunId);
  }

  /** The parent run of this sweep from an earlier invocation, reopened, or a new one. */
  private TrackedRun findOrStartParent(SweepPlan plan, Tracker tracker) {
    SweepDefinition sweep = plan.definition();
    Optional<RunInfo> earlier = parent(plan, tracker);
    if (earlier.isPresent()) {
      console.printf("continuing sweep '%s' of %s%n", DisplayText.line(sweep.name()),
          java.time.Instant.ofEpochMilli(earlier.get().startTime()));
      return tracker.openRun(earlier.get().runId());
    }
    return tracker.startRun(plan.experiment(), sweep.name(), Map.of(RunTags.SWEEP_NAME, sweep.name()));
  }

  /**
   * Describes this invocation's sweep on its parent: the sweep's params ({@link SweepParams}), its spec,
   * definition and trials as artifacts, and its trial count and launcher as tags. A re-run may have edited the
   * spec, so each invocation writes them again (params excepted: a param is written once).
   */
  private void describe(TrackedRun parent, RunInfo logged, SweepPlan plan, int invocation) {
    SweepDefinition sweep = plan.definition();
    SweepParams.logParent(parent, logged, plan, invocation);
    parent.setTag("genlab.sweep.trials", Integer.toString(plan.trials().size()));
    parent.setTag("genlab.sweep.launcher", launcher.describe());
    parent.writeArtifact("spec/spec.yaml", Trackers.redacted(plan.specText()).getBytes(StandardCharsets.UTF_8));
    parent.writeArtifact("sweep/sweep.yaml", SpecResolver.dump(sweep.toMap()).getBytes(StandardCharsets.UTF_8));
    StringBuilder trials = new StringBuilder();
    plan.trials().forEach(t -> trials.append(t.trial().index()).append('\t').append(t.key()).append('\t')
        .append(t.trial().label()).append('\n'));
    parent.writeArtifact("sweep/trials.tsv", trials.toString().getBytes(StandardCharsets.UTF_8));
  }

  private TrackedRun startTrial(Tracker tracker, SweepPlan plan, String parentRunId, PlannedTrial t) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(RunTags.PARENT_RUN_ID, parentRunId);
    tags.put(RunTags.SWEEP_NAME, plan.definition().name());
    tags.put(TRIAL_INDEX_TAG, Integer.toString(t.trial().index()));
    tags.put(TRIAL_KEY_TAG, t.key());
    tags.put(TRIAL_LABEL_TAG, t.trial().label());
    if (plan.definition().asha() != null) {
      tags.putAll(AshaStopping.tags(plan.definition().asha()));
    }
    TrackedRun child = tracker.startRun(plan.experiment(), t.spec().name(), tags);
    ExperimentRunner.describe(child, t.spec(), null);
    // Each swept value under its spec path in every trial, for MLflow's parallel coordinates.
    child.logParams(SweepParams.trial(t, tracker.run(child.runId()).orElseThrow().params()));
    return child;
  }

  /**
   * After a trial process exits: copies its log into the run when the store keeps artifacts
   * elsewhere ({@code log} is then not null), and ends the run as FAILED when the process died first.
   *
   * @return the run as it stands after that
   */
  private RunInfo settle(Tracker tracker, String runId, int code, Path log) {
    RunInfo info = tracker.run(runId).orElseThrow();
    TrackedRun run = null;
    if (log != null && Files.isRegularFile(log)) {
      run = tracker.openRun(runId);
      run.logArtifact(log, "logs");
    }
    boolean neverStarted = info.status() == RunStatus.SCHEDULED;
    if (!info.status().isTerminal() && stop.get()) {
      // Stopped (or killed after the grace period) before it could end its run: it continues on a re-run.
      run = run != null ? run : tracker.openRun(runId);
      run.setTag("genlab.killed", neverStarted ? "the sweep was stopped before the trial's task started; a re-run "
          + "of the sweep runs it" : "the sweep was stopped before the trial ended its run (exit code " + code
          + "); a re-run of the sweep continues it");
      run.end(RunStatus.KILLED);
    } else if (!info.status().isTerminal()) {
      run = run != null ? run : tracker.openRun(runId);
      String why = "the trial process exited with code " + code + (code == 137 ? " (SIGKILL: out of memory?)"
          : code == 134 ? " (aborted: native crash?)" : "") + (neverStarted ? " before it started its run"
          : " without ending its run") + "; see artifacts logs/";
      run.setTag(CRASH_TAG, why);
      run.setTag("genlab.failure", why);
      run.end(RunStatus.FAILED);
    } else if (run != null) {
      run.end(info.status()); // reopening for the log set RUNNING; restore what the trial ended with
    }
    return run == null ? info : tracker.run(runId).orElseThrow();
  }

  /**
   * The next trial to exit; once a stop was requested and the grace period has passed, the trials still
   * running are killed, so that a stop never waits on a trial stuck in a long step.
   */
  private Exit nextExit(BlockingQueue<Exit> exits, java.util.Collection<TrialHandle> running)
      throws InterruptedException {
    boolean killed = false;
    while (true) {
      Exit exit = exits.poll(200, TimeUnit.MILLISECONDS);
      if (exit != null) {
        return exit;
      }
      long since = stopRequestedAt.get();
      if (!killed && stop.get() && System.nanoTime() - since > stopGrace.toNanos()) {
        console.printf("killing %d trials that did not stop within %d s%n", running.size(), stopGrace.toSeconds());
        running.forEach(TrialHandle::kill);
        killed = true;
      }
    }
  }

  /**
   * The log file of a trial's attempt in {@code folder}, named by the trial: {@code trial-3.log}, then
   * {@code trial-3-attempt-2.log} for the process that continues it. The folder is the trial's own run's, so
   * no two trials (of this sweep or another) share a file; the name is made here, never from spec or store text.
   */
  static Path logFile(Path folder, int trial, int attempt) {
    if (trial < 0 || attempt < 1) {
      throw new IllegalArgumentException("trial " + trial + ", attempt " + attempt);
    }
    Path log = folder.resolve("trial-" + trial + (attempt == 1 ? "" : "-attempt-" + attempt) + ".log").normalize();
    if (!log.startsWith(folder.normalize())) {
      throw new IllegalStateException("trial log " + log + " outside " + folder);
    }
    return log;
  }

  /** {@code runId} when it is a plain id (letters, digits, '_', '-'), which a folder name may be made of. */
  private static String plainId(String runId) {
    if (!Trackers.isRunId(runId)) {
      throw new IllegalArgumentException("not a run id a trial can continue: '" + runId + "'");
    }
    return runId;
  }

  /** A count kept in a tag (attempts, invocations); 0 when absent or not a count (the store may be edited). */
  static int count(String tag) {
    if (tag == null || !tag.matches("[0-9]{1,6}")) {
      return 0;
    }
    return Integer.parseInt(tag);
  }

  /** Whether a trial is over for good: finished, stopped early, or failed by itself (not crashed). */
  static boolean ended(RunInfo child) {
    return child.status() == RunStatus.FINISHED
        || child.status() == RunStatus.FAILED && !child.tags().containsKey(CRASH_TAG);
  }

  private static TrialResult result(Tracker tracker, PlannedTrial t, RunInfo child) {
    TrialState state = switch (child.status()) {
      case FINISHED -> child.tags().containsKey(RunTags.EARLY_STOPPED) ? TrialState.EARLY_STOPPED
          : TrialState.FINISHED;
      case FAILED -> TrialState.FAILED;
      default -> TrialState.KILLED;
    };
    String note = switch (state) {
      case EARLY_STOPPED -> child.tags().get(RunTags.EARLY_STOPPED);
      case FAILED -> child.tags().getOrDefault("genlab.failure", "");
      case KILLED -> child.tags().getOrDefault("genlab.killed", "interrupted; a re-run of the sweep continues it");
      default -> "";
    };
    double train = child.metrics().containsKey("perf/train_seconds")
        ? tracker.metricHistory(child.runId(), "perf/train_seconds").stream().mapToDouble(MetricPoint::value).sum() : 0;
    double startup = child.metrics().getOrDefault("perf/startup_seconds", Double.NaN);
    return new TrialResult(t, child.runId(), state, note, child.metrics(), train, startup);
  }

  /** The trials of a parent run by key. */
  private static Map<String, RunInfo> children(Tracker tracker, String experiment, String parentRunId) {
    Map<String, RunInfo> out = new LinkedHashMap<>();
    if (tracker.experimentNames().contains(experiment)) {
      for (RunInfo r : tracker.runs(experiment)) {
        if (parentRunId.equals(r.tags().get(RunTags.PARENT_RUN_ID)) && r.tags().containsKey(TRIAL_KEY_TAG)) {
          out.put(r.tags().get(TRIAL_KEY_TAG), r);
        }
      }
    }
    return out;
  }
}
