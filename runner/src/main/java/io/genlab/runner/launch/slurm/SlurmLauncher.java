package io.genlab.runner.launch.slurm;

import io.genlab.runner.launch.TrialHandle;
import io.genlab.runner.launch.TrialLauncher;
import io.genlab.runner.launch.TrialRequest;
import io.genlab.runner.launch.slurm.SlurmScheduler.TaskState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a sweep's trials as the tasks of one Slurm job array ({@code sbatch --array=...%K}): {@link #launch}
 * collects them, {@link #submit} writes the batch script ({@link SlurmBatchScript}) and submits it, and a
 * watcher thread reads the tasks' states ({@code scontrol show job}) every poll interval, prints a line for
 * each change, and completes a trial's {@link TrialHandle#exit} when its task has ended for good. Stops and
 * kills are sent in one {@code scancel} per poll. {@link #launch} and {@link #submit} are called from one
 * thread; handles may be used from any.
 */
public final class SlurmLauncher implements TrialLauncher {
  private final SlurmScheduler scheduler;
  private final SlurmOptions options;
  private final String jobName;
  private final int parallel;
  private final Path workDirectory;
  private final String javaCommand;
  private final List<String> javaOptions;
  private final String classPath;
  private final PrintStream console;
  private final Duration pollInterval;
  private final List<String> concludingArguments;
  private final Map<Integer, TrialRequest> launched = new LinkedHashMap<>();
  private final Map<Integer, Task> tasks = new ConcurrentHashMap<>();

  /**
   * @param jobName the array's name, see {@link SlurmBatchScript#jobName}
   * @param parallel how many tasks run at once
   * @param workDirectory where batch scripts and Slurm's own task output go: an absolute path the compute nodes
   *     see, see {@link SlurmBatchScript#requireSbatchPath}
   * @param javaCommand, javaOptions, classPath what the tasks run genlab with (this JVM's, on a shared filesystem)
   * @param concludingArguments the genlab arguments of a job that ends the sweep's parent run once the array is
   *     over ({@code sweep status <spec> ...}), submitted after each array; empty for none
   */
  public SlurmLauncher(SlurmScheduler scheduler, SlurmOptions options, String jobName, int parallel,
      Path workDirectory, String javaCommand, List<String> javaOptions, String classPath, PrintStream console,
      Duration pollInterval, List<String> concludingArguments) {
    this.scheduler = scheduler;
    this.options = options;
    this.jobName = jobName;
    this.parallel = parallel;
    this.workDirectory = SlurmBatchScript.requireSbatchPath(workDirectory);
    this.javaCommand = javaCommand;
    this.javaOptions = List.copyOf(javaOptions);
    this.classPath = classPath;
    this.console = console;
    this.pollInterval = pollInterval;
    this.concludingArguments = List.copyOf(concludingArguments);
  }

  /** One array task: its trial's end, what was last seen of it, and whether a stop or kill is to be sent. */
  private final class Task implements TrialHandle {
    final int index;
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    volatile String jobId;
    volatile String lastSeen;
    volatile boolean stopWanted;
    volatile boolean killWanted;

    Task(int index) {
      this.index = index;
    }

    @Override
    public CompletableFuture<Integer> exit() {
      return exit;
    }

    @Override
    public void stop() {
      stopWanted = true;
    }

    @Override
    public void kill() {
      killWanted = true;
    }

    String taskId() {
      return jobId + "_" + index;
    }
  }

  @Override
  public TrialHandle launch(TrialRequest request) {
    if (request.threads() != options.cpusPerTask()) {
      throw new IllegalArgumentException("a Slurm trial's threads (" + request.threads() + ") must equal its task's "
          + "CPUs (" + options.cpusPerTask() + ")");
    }
    launched.put(request.index(), request);
    Task task = new Task(request.index());
    tasks.put(request.index(), task);
    return task;
  }

  @Override
  public Optional<Submission> submit() throws IOException {
    if (launched.isEmpty()) {
      return Optional.empty();
    }
    List<Task> batch = new ArrayList<>();
    launched.keySet().forEach(i -> batch.add(tasks.get(i)));
    try {
      SlurmBatchScript script = new SlurmBatchScript(jobName, parallel, options, workDirectory, launched, javaCommand,
          javaOptions, classPath);
      Files.createDirectories(workDirectory);
      String text = script.text();
      Path file = Files.createTempFile(workDirectory, "array-", ".sh");
      Files.writeString(file, text, StandardCharsets.UTF_8);
      String jobId = scheduler.submit(file);
      batch.forEach(t -> t.jobId = jobId);
      // Named by its job once Slurm has given it one (sbatch read it at submission; the name is for people).
      Path named = Files.move(file, workDirectory.resolve("job-" + SlurmScheduler.requireJobId(jobId) + ".sh"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      console.printf("submitted job array %s: %d tasks, %d at a time (script %s)%n", jobId, batch.size(), parallel,
          named);
      launched.clear();
      Thread watcher = new Thread(() -> watch(jobId, batch), "genlab-slurm-watch-" + jobId);
      watcher.setDaemon(true);
      watcher.start();
      return Optional.of(new Submission(jobId, text, conclude(script, jobId)));
    } catch (IOException | RuntimeException e) {
      launched.clear();
      batch.forEach(t -> tasks.remove(t.index));
      throw e;
    }
  }

  /**
   * Submits the job that concludes the sweep after array {@code jobId}, so that a sweep nobody watches (detached,
   * or its driver lost) still ends its parent run; a refusal is reported, not fatal (status concludes too).
   *
   * @return its job id, or null
   */
  private String conclude(SlurmBatchScript script, String jobId) {
    if (concludingArguments.isEmpty()) {
      return null;
    }
    try {
      Path file = workDirectory.resolve("finish-" + SlurmScheduler.requireJobId(jobId) + ".sh");
      Files.writeString(file, script.concludingText(jobId, concludingArguments), StandardCharsets.UTF_8);
      String id = scheduler.submitAfter(jobId, file);
      console.printf("submitted job %s to end the sweep's parent run once array %s is over%n", id, jobId);
      return id;
    } catch (IOException | RuntimeException e) {
      console.printf("could not submit the job that ends the sweep after array %s (%s); genlab sweep status ends "
          + "it instead%n", jobId, e.getMessage());
      return null;
    }
  }

  /** Polls the array until every task of it has ended, sending the stops and kills asked for in between. */
  private void watch(String jobId, List<Task> batch) {
    int failures = 0;
    while (batch.stream().anyMatch(t -> !t.exit.isDone())) {
      try {
        signal(batch);
        Optional<Map<Integer, TaskState>> states = scheduler.tasks(jobId);
        failures = 0;
        for (Task t : batch) {
          if (!t.exit.isDone()) {
            see(t, states.map(s -> s.get(t.index)).orElse(null), states.isEmpty());
          }
        }
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException e) {
        // The controller may be busy or restarting: keep asking, and say so once in a while.
        if (++failures % 10 == 1) {
          console.printf("cannot read the state of job array %s (%s); asking again%n", jobId, e.getMessage());
        }
        try {
          Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  private void signal(List<Task> batch) throws IOException {
    List<String> kill = new ArrayList<>();
    List<String> stop = new ArrayList<>();
    for (Task t : batch) {
      if (t.exit.isDone()) {
        continue;
      }
      if (t.killWanted) {
        kill.add(t.taskId());
        t.killWanted = false;
      } else if (t.stopWanted) {
        stop.add(t.taskId());
        t.stopWanted = false;
      }
    }
    boolean whole = stop.size() == batch.size() && batch.stream().noneMatch(t -> t.exit.isDone());
    scheduler.cancel(whole ? List.of(batch.get(0).jobId) : stop); // Ctrl-C on the driver: the whole array at once
    scheduler.kill(kill);
  }

  /** Notes what the scheduler says of a task; {@code state} is null when it lists the task no more. */
  private void see(Task t, TaskState state, boolean arrayGone) {
    if (state == null) {
      if (t.lastSeen != null || arrayGone) {
        // Forgotten by the controller (MinJobAge) before it was seen to end: the trial's run says how it went.
        console.printf("trial %d: task %s is gone from the scheduler%n", t.index, t.taskId());
        t.exit.complete(-1);
      }
      return;
    }
    String now = state.describe();
    if (!now.equals(t.lastSeen)) {
      t.lastSeen = now;
      console.printf("trial %d %s  (task %s)%n", t.index, now, t.taskId());
    }
    if (state.ended()) {
      t.exit.complete(state.exitCode());
    }
  }

  /**
   * What sbatch says of this sweep's job array without submitting it ({@code --test-only}): the partition,
   * account, QoS and limits as the cluster sees them. The script is the one {@link #submit} would write, with
   * placeholder run ids.
   *
   * @return sbatch's reason for refusing it, or empty when it would be accepted
   */
  public Optional<String> check(List<Integer> indices, String trackingUri, List<String> jvmOptions, int threads)
      throws IOException {
    Map<Integer, TrialRequest> trials = new LinkedHashMap<>();
    for (int index : indices) {
      trials.put(index, new TrialRequest(index, "dry-run-" + index, trackingUri, threads, jvmOptions,
          workDirectory.resolve("dry-run.log")));
    }
    String text = new SlurmBatchScript(jobName, parallel, options, workDirectory, trials, javaCommand, javaOptions,
        classPath).text();
    Path file = Files.createTempFile("genlab-slurm-check-", ".sh");
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return scheduler.checkSubmission(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Override
  public String describe() {
    return "a Slurm job array (" + String.join(" ", options.sbatchOptions()) + ")";
  }

  @Override
  public boolean queues() {
    return true;
  }

  @Override
  public boolean detachable() {
    return true;
  }
}
