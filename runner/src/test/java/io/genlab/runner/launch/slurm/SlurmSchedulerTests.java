package io.genlab.runner.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.runner.launch.slurm.SlurmScheduler.TaskState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading Slurm's answers (lines as Slurm 22.05 prints them) and what is passed to its commands. */
class SlurmSchedulerTests {
  /** scontrol -o show job 16 with two tasks running and two pending behind the %2 throttle (cut after Power=). */
  static final String SHOW_JOB = """
      JobId=16 ArrayJobId=16 ArrayTaskId=2-3%2 ArrayTaskThrottle=2 JobName=wrap UserId=root(0) GroupId=root(0) \
      MCS_label=N/A Priority=4294901753 Nice=0 Account=(null) QOS=(null) JobState=PENDING Reason=JobArrayTaskLimit \
      Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:0 RunTime=00:00:00 NodeList= NumNodes=1 \
      WorkDir=/tmp StdErr=/tmp/sl/o-4294967294.log StdIn=/dev/null StdOut=/tmp/sl/o-4294967294.log Power=
      JobId=18 ArrayJobId=16 ArrayTaskId=1 ArrayTaskThrottle=2 JobName=wrap UserId=root(0) GroupId=root(0) \
      JobState=RUNNING Reason=None Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:0 \
      NodeList=vm BatchHost=vm NumNodes=1 Power=
      JobId=17 ArrayJobId=16 ArrayTaskId=0 ArrayTaskThrottle=2 JobName=wrap UserId=root(0) GroupId=root(0) \
      JobState=COMPLETED Reason=None Dependency=(null) Requeue=1 Restarts=2 BatchFlag=1 Reboot=0 ExitCode=3:0 \
      NodeList=vm BatchHost=vm NumNodes=1 Power=
      """;

  /** Answers commands from a script of expected calls, recording each. */
  static final class ScriptedCommands implements CommandRunner {
    final List<List<String>> calls = new ArrayList<>();
    final Map<String, Result> answers;

    ScriptedCommands(Map<String, Result> answers) {
      this.answers = answers;
    }

    @Override
    public synchronized Result run(List<String> command, java.time.Duration timeout) throws IOException {
      calls.add(command);
      Result r = answers.get(command.get(0));
      if (r == null) {
        throw new IOException("cannot run " + command.get(0));
      }
      return r;
    }
  }

  @Test
  void readsRunningEndedAndThrottledTasksFromShowJob() {
    Map<Integer, TaskState> tasks = SlurmScheduler.parseShowJob(SHOW_JOB);
    assertThat(tasks).containsOnlyKeys(0, 1, 2, 3);
    assertThat(tasks.get(0)).isEqualTo(new TaskState(0, "COMPLETED", "None", 2, 3, "vm"));
    assertThat(tasks.get(0).ended()).isTrue();
    assertThat(tasks.get(1).describe()).isEqualTo("RUNNING on vm");
    assertThat(tasks.get(3).describe()).isEqualTo("PENDING (JobArrayTaskLimit)");
    assertThat(tasks.get(2).ended()).isFalse();
  }

  @Test
  void readsArrayIndexListsAndWritesThemCompactly() {
    assertThat(SlurmScheduler.indices("2-5%2")).containsExactly(2, 3, 4, 5);
    assertThat(SlurmScheduler.indices("1,4,7-9")).containsExactly(1, 4, 7, 8, 9);
    assertThat(SlurmScheduler.indices("0-6:3")).containsExactly(0, 3, 6);
    assertThat(SlurmScheduler.compact(List.of(0, 1, 2, 3, 7, 9, 10))).isEqualTo("0-3,7,9-10");
    assertThat(SlurmScheduler.compact(List.of(4))).isEqualTo("4");
  }

  @Test
  void exitCodesOfSignalledTasksAreThoseOfAShell() {
    assertThat(SlurmScheduler.exitCode("0:0")).isZero();
    assertThat(SlurmScheduler.exitCode("3:0")).isEqualTo(3);
    assertThat(SlurmScheduler.exitCode("0:9")).isEqualTo(137);
    assertThat(SlurmScheduler.exitCode("garbage")).isEqualTo(-1);
  }

  @Test
  void submitsWithParsableAndNamesSbatchsRefusal() throws IOException {
    ScriptedCommands ok = new ScriptedCommands(Map.of("sbatch", new CommandRunner.Result(0, "42;genlab\n", "")));
    assertThat(new SlurmScheduler(ok).submit(Path.of("/logs/a.sh"))).isEqualTo("42");
    assertThat(ok.calls).containsExactly(List.of("sbatch", "--parsable", "/logs/a.sh"));
    ScriptedCommands refused = new ScriptedCommands(Map.of("sbatch", new CommandRunner.Result(1, "",
        "sbatch: error: invalid partition specified: gpu\n")));
    assertThatThrownBy(() -> new SlurmScheduler(refused).submit(Path.of("/logs/a.sh")))
        .hasMessageContaining("invalid partition specified: gpu");
  }

  @Test
  void anArrayTheControllerForgotIsAskedOfAccountingAndIsEmptyWithoutIt() throws IOException {
    ScriptedCommands noAccounting = new ScriptedCommands(Map.of(
        "scontrol", new CommandRunner.Result(1, "", "slurm_load_jobs error: Invalid job id specified\n"),
        "sacct", new CommandRunner.Result(1, "", "Slurm accounting storage is disabled\n")));
    assertThat(new SlurmScheduler(noAccounting).tasks("16")).isEmpty();
    ScriptedCommands accounting = new ScriptedCommands(Map.of(
        "scontrol", new CommandRunner.Result(1, "", "slurm_load_jobs error: Invalid job id specified\n"),
        "sacct", new CommandRunner.Result(0, "16_0|COMPLETED|0:0|vm\n16_1|CANCELLED by 0|0:15|vm\n", "")));
    Map<Integer, TaskState> tasks = new SlurmScheduler(accounting).tasks("16").orElseThrow();
    assertThat(tasks.get(1)).isEqualTo(new TaskState(1, "CANCELLED", "", 0, 143, "vm"));
  }

  @Test
  void refusesJobIdsFromTheStoreThatAreNotJobIds() {
    ScriptedCommands any = new ScriptedCommands(Map.of());
    for (String id : List.of("16; rm -rf /", "--signal=KILL", "", "16_", "a")) {
      assertThatThrownBy(() -> new SlurmScheduler(any).cancel(List.of(id))).as(id)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(any.calls).isEmpty();
  }
}
