package io.genlab.runner.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.runner.launch.TrialHandle;
import io.genlab.runner.launch.TrialLauncher.Submission;
import io.genlab.runner.launch.TrialRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher against a fake of the commands it calls: one submission, state lines, exits, one scancel. */
class SlurmLauncherTests {
  @TempDir
  Path dir;

  /** sbatch answers 77; scontrol answers its queue of outputs in turn, repeating the last; scancel succeeds. */
  private static final class FakeSlurm implements CommandRunner {
    final List<List<String>> calls = new ArrayList<>();
    final Deque<String> showJob = new ArrayDeque<>();
    String last = "";

    @Override
    public synchronized Result run(List<String> command, Duration timeout) {
      calls.add(command);
      return switch (command.get(0)) {
        case "sbatch" -> new Result(0, "77\n", "");
        case "scontrol" -> {
          last = showJob.isEmpty() ? last : showJob.poll();
          yield new Result(0, last, "");
        }
        default -> new Result(0, "", "");
      };
    }

    synchronized List<List<String>> calls(String command) {
      return calls.stream().filter(c -> c.get(0).equals(command)).toList();
    }
  }

  private static String task(int index, String state, String exit) {
    return "JobId=" + (100 + index) + " ArrayJobId=77 ArrayTaskId=" + index + " JobState=" + state
        + " Reason=None Restarts=0 ExitCode=" + exit + " NodeList=vm\n";
  }

  private SlurmLauncher launcher(FakeSlurm slurm, ByteArrayOutputStream console) {
    return new SlurmLauncher(new SlurmScheduler(slurm), SlurmOptions.defaults(1), "genlab-t", 2, dir.resolve("work"),
        "/jdk/bin/java", List.of(), "/cp/a.jar", new PrintStream(console, true, StandardCharsets.UTF_8),
        Duration.ofMillis(20), List.of());
  }

  private TrialRequest request(int index) {
    return new TrialRequest(index, "run" + index, "/store", 1, List.of("-Xmx1g"), dir.resolve("trial-" + index + ".log"));
  }

  @Test
  void submitsAllTrialsAsOneArrayAndEndsEachWhenItsTaskEnds() throws Exception {
    FakeSlurm slurm = new FakeSlurm();
    slurm.showJob.add("JobId=77 ArrayJobId=77 ArrayTaskId=0-2%2 JobState=PENDING Reason=JobArrayTaskLimit "
        + "Restarts=0 ExitCode=0:0 NodeList=\n");
    slurm.showJob.add(task(0, "RUNNING", "0:0") + task(1, "RUNNING", "0:0")
        + "JobId=77 ArrayJobId=77 ArrayTaskId=2 JobState=PENDING Reason=JobArrayTaskLimit Restarts=0 ExitCode=0:0\n");
    slurm.showJob.add(task(0, "COMPLETED", "0:0") + task(1, "FAILED", "3:0") + task(2, "RUNNING", "0:0"));
    slurm.showJob.add(task(0, "COMPLETED", "0:0") + task(1, "FAILED", "3:0") + task(2, "CANCELLED", "0:15"));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    SlurmLauncher launcher = launcher(slurm, console);
    assertThat(launcher.queues()).isTrue();
    assertThat(launcher.detachable()).isTrue();
    List<TrialHandle> handles = List.of(launcher.launch(request(0)), launcher.launch(request(1)),
        launcher.launch(request(2)));
    assertThat(slurm.calls).isEmpty();
    Submission submission = launcher.submit().orElseThrow();
    assertThat(submission.jobId()).isEqualTo("77");
    assertThat(submission.script()).contains("#SBATCH --array=0-2%2", "  [1]=run1\n");
    assertThat(slurm.calls("sbatch")).singleElement().satisfies(c -> {
      assertThat(c.subList(0, 2)).containsExactly("sbatch", "--parsable");
      assertThat(Path.of(c.get(2)).getParent()).isEqualTo(dir.resolve("work"));
    });
    assertThat(dir.resolve("work/job-77.sh")).as("named by its job once submitted").hasContent(submission.script());
    List<Integer> codes = new ArrayList<>();
    for (TrialHandle h : handles) {
      codes.add(h.exit().get(10, TimeUnit.SECONDS));
    }
    assertThat(codes).containsExactly(0, 3, 143);
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("submitted job array 77: 3 tasks, 2 at a time",
        "trial 2 PENDING (JobArrayTaskLimit)  (task 77_2)", "trial 0 RUNNING on vm  (task 77_0)",
        "trial 1 FAILED  (task 77_1)", "trial 2 CANCELLED  (task 77_2)");
    assertThat(slurm.calls("sbatch")).hasSize(1);
  }

  @Test
  void stoppingEveryTrialCancelsTheWholeArrayInOneCall() throws Exception {
    FakeSlurm slurm = new FakeSlurm();
    slurm.showJob.add("JobId=77 ArrayJobId=77 ArrayTaskId=0-1 JobState=PENDING Reason=Priority Restarts=0 "
        + "ExitCode=0:0\n");
    SlurmLauncher launcher = launcher(slurm, new ByteArrayOutputStream());
    List<TrialHandle> handles = List.of(launcher.launch(request(0)), launcher.launch(request(1)));
    launcher.submit();
    handles.forEach(TrialHandle::stop);
    for (int i = 0; i < 200 && slurm.calls("scancel").isEmpty(); i++) {
      Thread.sleep(10);
    }
    assertThat(slurm.calls("scancel")).containsExactly(List.of("scancel", "77"));
    slurm.showJob.add(task(0, "CANCELLED", "0:0") + task(1, "CANCELLED", "0:0"));
    for (TrialHandle h : handles) {
      h.exit().get(10, TimeUnit.SECONDS);
    }
    assertThat(slurm.calls("scancel")).hasSize(1);
  }

  @Test
  void aRefusedSubmissionStartsNothingAndSaysWhy() {
    CommandRunner refusing = (command, timeout) -> new CommandRunner.Result(1, "",
        "sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified");
    SlurmLauncher launcher = new SlurmLauncher(new SlurmScheduler(refusing), SlurmOptions.defaults(1), "genlab-t", 1,
        dir.resolve("work"), "/jdk/bin/java", List.of(), "/cp", new PrintStream(new ByteArrayOutputStream()),
        Duration.ofMillis(20), List.of());
    launcher.launch(request(0));
    assertThatThrownBy(launcher::submit).isInstanceOf(IOException.class).hasMessageContaining("Invalid account");
  }

  @Test
  void aTrialsThreadsMustBeItsTasksCpus() {
    SlurmLauncher launcher = launcher(new FakeSlurm(), new ByteArrayOutputStream());
    assertThatThrownBy(() -> launcher.launch(new TrialRequest(0, "run0", "/store", 4, List.of(), dir.resolve("t.log"))))
        .hasMessageContaining("threads (4) must equal its task's CPUs (1)");
  }

  @Test
  void dryRunAsksSbatchTestOnlyWithTheScriptItWouldSubmit() throws IOException {
    FakeSlurm slurm = new FakeSlurm();
    assertThat(launcher(slurm, new ByteArrayOutputStream()).check(List.of(0, 1, 2), "/store", List.of(), 1)).isEmpty();
    assertThat(slurm.calls).singleElement().satisfies(c -> assertThat(c.subList(0, 2))
        .containsExactly("sbatch", "--test-only"));
    assertThat(Files.exists(Path.of(slurm.calls.get(0).get(2)))).as("the checked script is removed").isFalse();
  }

  @Test
  void afterEachArrayAJobIsSubmittedThatEndsTheSweepOnceTheArrayIsOver() throws Exception {
    FakeSlurm slurm = new FakeSlurm();
    slurm.showJob.add(task(0, "COMPLETED", "0:0"));
    SlurmLauncher launcher = new SlurmLauncher(new SlurmScheduler(slurm), SlurmOptions.defaults(2), "genlab-t", 1,
        dir.resolve("work"), "/jdk/bin/java", List.of(), "/cp/a b.jar", new PrintStream(new ByteArrayOutputStream()),
        Duration.ofMillis(20), List.of("sweep", "status", "--set", "tracking.uri=/store", "--", "/specs/it's.yaml"));
    launcher.launch(new TrialRequest(0, "run0", "/store", 2, List.of(), dir.resolve("t.log")));
    Submission submission = launcher.submit().orElseThrow();
    assertThat(submission.concludingJobId()).isEqualTo("77");
    List<List<String>> sbatch = slurm.calls("sbatch");
    assertThat(sbatch).hasSize(2);
    assertThat(sbatch.get(1).subList(0, 4)).containsExactly("sbatch", "--parsable", "--dependency=afterany:77",
        "--kill-on-invalid-dep=yes");
    assertThat(Path.of(sbatch.get(1).get(4))).hasFileName("finish-77.sh").content()
        .contains("#SBATCH --cpus-per-task=1\n", "-cp '/cp/a b.jar' io.genlab.runner.cli.GenlabCli 'sweep' 'status' "
            + "'--set' 'tracking.uri=/store' '--' '/specs/it'\\''s.yaml'\n")
        .doesNotContain("--cpus-per-task=2");
  }
}
