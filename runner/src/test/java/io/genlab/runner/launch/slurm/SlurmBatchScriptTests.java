package io.genlab.runner.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.runner.launch.TrialRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job array's batch script, run by bash as Slurm would run it (a fake {@code java} and {@code scontrol}
 * record what they were given): each task continues its own trial with every value as one argument, near the
 * time limit it requeues itself, on a cancel it does not.
 */
class SlurmBatchScriptTests {
  private static final String HOSTILE_URI = "/store/it's $(touch pwned) `touch pwned2` \"x\"";

  @TempDir
  Path dir;

  private Path fakeJava;
  private Path bin;

  @BeforeEach
  void fakes() throws IOException {
    bin = Files.createDirectories(dir.resolve("bin"));
    // A java that records its arguments and environment, then runs what JAVA_BEHAVIOUR says.
    fakeJava = executable(bin.resolve("java"), """
        #!/bin/bash
        printf '%s\\n' "$@" > "$RECORD_DIR/args"
        echo "$OMP_NUM_THREADS" > "$RECORD_DIR/threads"
        if [ "${JAVA_BEHAVIOUR:-exit}" = unhandled ]; then
          echo $$ > "$RECORD_DIR/started"
          trap 'exit 143' TERM
          sleep 60 & wait
        fi
        if [ "${JAVA_BEHAVIOUR:-exit}" = wait ]; then
          trap 'echo stopped >> "$RECORD_DIR/signals"; exit 130' TERM
          echo $$ > "$RECORD_DIR/started"
          sleep 60 & wait
        fi
        exit 0
        """);
    executable(bin.resolve("scontrol"), """
        #!/bin/bash
        echo "$@" >> "$RECORD_DIR/scontrol"
        """);
  }

  private static Path executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private SlurmBatchScript script(int maxRequeues) {
    SlurmOptions options = new SlurmOptions("debug", null, null, "10", 2, "1G", 60, maxRequeues, Map.of());
    Map<Integer, TrialRequest> trials = Map.of(
        3, new TrialRequest(3, "run3", HOSTILE_URI, 2, List.of("-Xmx1g"), dir.resolve("logs/run3/trial-3.log")),
        5, new TrialRequest(5, "run5", HOSTILE_URI, 2, List.of("-Xmx1g"), dir.resolve("logs/run 5/trial-5.log")));
    return new SlurmBatchScript("genlab-test", 2, options, dir.resolve("out"), trials, fakeJava.toString(),
        List.of("--add-modules=jdk.incubator.vector"), "/cp/a.jar:/cp/b c.jar");
  }

  private Process start(SlurmBatchScript script, int task, String behaviour, int restarts) throws IOException {
    Path file = dir.resolve("job.sh");
    Files.writeString(file, script.text());
    ProcessBuilder builder = new ProcessBuilder("bash", file.toString()).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    env.put("PATH", bin + ":" + env.get("PATH"));
    env.put("RECORD_DIR", dir.toString());
    env.put("SLURM_ARRAY_TASK_ID", Integer.toString(task));
    env.put("SLURM_ARRAY_JOB_ID", "100");
    env.put("SLURM_JOB_ID", "10" + task);
    env.put("SLURM_RESTART_COUNT", Integer.toString(restarts));
    env.put("JAVA_BEHAVIOUR", behaviour);
    return builder.redirectErrorStream(true).redirectOutput(dir.resolve("batch.out").toFile()).start();
  }

  private void awaitStarted() throws InterruptedException {
    for (int i = 0; i < 200 && !Files.exists(dir.resolve("started")); i++) {
      Thread.sleep(50);
    }
    assertThat(dir.resolve("started")).exists();
  }

  private static void signal(Process process, String signal) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor()).isZero();
  }

  @Test
  void headerHoldsOnlyCheckedOptions() {
    String text = script(5).text();
    assertThat(text).startsWith("#!/bin/bash\n#SBATCH --job-name=genlab-test\n#SBATCH --array=3,5%2\n")
        .contains("#SBATCH --output=" + dir.resolve("out") + "/slurm-%A_%a.out\n", "#SBATCH --requeue\n",
            "#SBATCH --signal=B:USR1@60\n", "#SBATCH --partition=debug\n", "#SBATCH --time=10\n",
            "#SBATCH --cpus-per-task=2\n", "#SBATCH --mem=1G\n");
    assertThat(text.lines().filter(l -> l.startsWith("#SBATCH"))).allMatch(l -> l.split(" ").length == 2);
  }

  @Test
  void aTaskContinuesTheTrialOfItsIndexWithEveryValueAsOneArgument() throws Exception {
    Process task = start(script(5), 5, "exit", 0);
    assertThat(task.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(task.exitValue()).as(Files.readString(dir.resolve("batch.out"))).isZero();
    assertThat(Files.readAllLines(dir.resolve("args"))).containsExactly("-Xmx1g", "--add-modules=jdk.incubator.vector",
        "-cp", "/cp/a.jar:/cp/b c.jar", "io.genlab.runner.cli.GenlabCli", "trial", "--tracking-uri=" + HOSTILE_URI,
        "--", "run5");
    assertThat(Files.readString(dir.resolve("threads")).strip()).isEqualTo("2");
    assertThat(dir.resolve("pwned")).doesNotExist();
    assertThat(dir.resolve("pwned2")).doesNotExist();
    assertThat(Files.readString(dir.resolve("logs/run 5/trial-5.log"))).startsWith("== genlab trial 5: job 105 "
        + "(100_5)");
    assertThat(dir.resolve("scontrol")).doesNotExist();
  }

  // Repeated: the trial may exit and be reaped between the interrupted wait and the script's next check, which
  // once left the task with wait's 138 instead of the trial's 130 (about 1 run in 30 before the fix).
  @RepeatedTest(25)
  void nearTheTimeLimitTheTrialStopsAndTheTaskRequeuesItself() throws Exception {
    Process task = start(script(5), 3, "wait", 1);
    awaitStarted();
    signal(task, "USR1");
    assertThat(task.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(task.exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("signals")).strip()).isEqualTo("stopped");
    assertThat(Files.readString(dir.resolve("scontrol")).strip()).as("the task, not the array whose id it may have")
        .isEqualTo("requeue 100_3");
    assertThat(Files.readString(dir.resolve("logs/run3/trial-3.log"))).contains("requeueing task 3");
  }

  @Test
  void aTrialKilledByTheWarningBeforeItsJvmTookSignalsIsRequeuedToo() throws Exception {
    Process task = start(script(5), 3, "unhandled", 0);
    awaitStarted();
    signal(task, "USR1");
    assertThat(task.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(task.exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("scontrol")).strip()).isEqualTo("requeue 100_3");
  }

  @Test
  void aCancelStopsTheTrialOnceWithoutARequeue() throws Exception {
    Process task = start(script(5), 3, "wait", 0);
    awaitStarted();
    // As slurmd does on scancel: SIGTERM to the batch shell and to the trial.
    signal(task, "TERM");
    assertThat(new ProcessBuilder("kill", "-TERM", Files.readString(dir.resolve("started")).strip()).start()
        .waitFor()).isZero();
    assertThat(task.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(task.exitValue()).isEqualTo(130);
    assertThat(Files.readString(dir.resolve("signals")).strip()).as("one SIGTERM, not a second forwarded one")
        .isEqualTo("stopped");
    assertThat(dir.resolve("scontrol")).doesNotExist();
  }

  @Test
  void aTaskRequeuedMaxRequeuesTimesIsNotRequeuedAgain() throws Exception {
    Process task = start(script(2), 3, "wait", 2);
    awaitStarted();
    signal(task, "USR1");
    assertThat(task.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(task.exitValue()).isEqualTo(130);
    assertThat(dir.resolve("scontrol")).doesNotExist();
    assertThat(Files.readString(dir.resolve("logs/run3/trial-3.log"))).contains("requeued 2 times already");
  }

  @Test
  void refusesWhatAnSbatchLineCannotCarry() {
    assertThatThrownBy(() -> SlurmBatchScript.requireSbatchPath(Path.of("/logs/my folder")))
        .hasMessageContaining("'/logs/my folder'").hasMessageContaining("--log-dir");
    assertThatThrownBy(() -> SlurmBatchScript.requireSbatchPath(Path.of("relative/logs")))
        .hasMessageContaining("absolute");
    assertThat(SlurmBatchScript.jobName("beta sweep; rm -rf /")).isEqualTo("genlab-beta_sweep__rm_-rf__");
    assertThat(SlurmBatchScript.jobName("x".repeat(100))).hasSize(64);
    assertThatThrownBy(() -> SlurmBatchScript.quote("a\nb")).hasMessageContaining("control characters");
  }
}
