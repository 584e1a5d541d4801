package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.genlab.runner.cli.GenlabCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and SIGINT sent to real genlab processes: a run or a sweep stops within seconds in any phase, exits
 * with 130, and leaves no run RUNNING: the runs it started end KILLED, the sweep's parent run too.
 */
class StopSignalTests {
  /** How long a stop may take, JVM exits included, on a loaded test machine. */
  private static final long STOP_SECONDS = 20;
  private static final String KILLED = "5";
  @TempDir Path dir;

  /** A tiny spec that trains long enough (200 epochs of 4 iterations) for a signal to land mid-training. */
  private Path spec(Path store, String sweep) throws IOException {
    Path spec = dir.resolve("spec-" + store.getFileName() + ".yaml");
    Files.writeString(spec, """
        name: stoppable
        experiment: stops
        seed: 3
        threads: 1
        data: {name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}
        model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 2}}
        loss: elbo
        training: {epochs: 200, batchSize: 16, logEvery: 1}
        metrics: [test-elbo]
        tracking: {uri: '%s'}
        """.formatted(store) + sweep);
    return spec;
  }

  private static final String SWEEP = """
      sweep:
        parallel: 2
        seeds: [1, 2, 3]
        trialJvmOptions: [-Xmx512m]
      """;

  @Test
  void sigtermWhileTrialsTrainStopsTheSweepWithEveryRunKilled() throws Exception {
    Path store = dir.resolve("term-training");
    Process sweep = RunStores.cli(dir.resolve("term-training.log"), "sweep", spec(store, SWEEP).toString());
    waitFor(sweep, () -> trainingRuns(store) >= 1);

    sweep.destroy(); // SIGTERM

    assertStopped(sweep, store, dir.resolve("term-training.log"));
    assertThat(runs(store)).hasSizeGreaterThanOrEqualTo(2); // the parent and at least one trial
  }

  @Test
  void sigintWhileTrialsStartStopsTheSweepWithEveryRunKilled() throws Exception {
    Path store = dir.resolve("int-launching");
    Path log = dir.resolve("int-launching.log");
    // A shell starting a job in the background makes it ignore SIGINT, and children inherit that (the JVM then
    // installs no handler): the signal below could not arrive, whatever genlab does.
    assumeFalse(ignoresSigint(), "this test process ignores SIGINT (started as a background job), as would genlab");
    Process sweep = RunStores.cli(log, "sweep", spec(store, SWEEP).toString());
    waitFor(sweep, () -> read(log).contains("trial 0 started"));

    signal(sweep, "INT");

    assertStopped(sweep, store, log);
  }

  @Test
  void sigtermWhileResolvingStopsTheSweepBeforeAnythingIsWritten() throws Exception {
    Path store = dir.resolve("term-resolving");
    Path log = dir.resolve("term-resolving.log");
    // 40,000 trials to resolve: long enough that the signal lands while they are resolved.
    Process sweep = RunStores.cli(log, "sweep", spec(store, """
        sweep:
          maxTrials: 40000
          grid: {loss.config.beta: %s}
          seeds: [1, 2, 3, 4]
        """.formatted(List.of(Stream.iterate(1, i -> i + 1).limit(10_000).toArray()))).toString());
    waitFor(sweep, () -> read(log).contains("resolving the sweep's trials"));

    sweep.destroy();

    assertStopped(sweep, store, log);
    assertThat(read(log)).contains("stopped before the sweep started; nothing was written");
    assertThat(store).doesNotExist();
  }

  @Test
  void sigtermWhileARunTrainsEndsItKilled() throws Exception {
    Path store = dir.resolve("run");
    Path log = dir.resolve("run.log");
    Process run = RunStores.cli(log, "run", spec(store, "").toString());
    waitFor(run, () -> trainingRuns(store) >= 1);

    run.destroy();

    assertStopped(run, store, log);
    assertThat(runs(store)).hasSize(1);
  }

  /** Asserts that {@code process} exits with 130 within {@link #STOP_SECONDS} and left every run KILLED. */
  private static void assertStopped(Process process, Path store, Path log) throws Exception {
    long start = System.nanoTime();
    assertThat(process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)).as("stopped within %d s; log:%n%s", STOP_SECONDS,
        read(log)).isTrue();
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(process.exitValue()).as("exit code after %.1f s; log:%n%s", seconds, read(log))
        .isEqualTo(GenlabCli.EXIT_KILLED);
    for (Path run : runs(store)) {
      assertThat(RunStores.status(run)).as("status of %s; log:%n%s", run, read(log)).isEqualTo(KILLED);
    }
  }

  /** Sends {@code SIG<name>} to the process alone (not its trials). */
  /** Whether this process ignores SIGINT (bit 2 of the SigIgn mask in /proc/self/status), as its children will. */
  private static boolean ignoresSigint() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    return Files.readAllLines(status).stream().filter(line -> line.startsWith("SigIgn:"))
        .map(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16))
        .anyMatch(mask -> (mask & (1L << 1)) != 0);
  }

  private static void signal(Process process, String name) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor()).isZero();
  }

  /** Waits (at most two minutes: JVMs start slowly on a loaded machine) until {@code condition} holds. */
  private static void waitFor(Process process, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      assertThat(process.isAlive()).as("the process is still running").isTrue();
      assertThat(System.nanoTime()).as("waited two minutes").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** The runs of the store's experiments. */
  private static List<Path> runs(Path store) throws IOException {
    if (!Files.isDirectory(store)) {
      return List.of();
    }
    try (Stream<Path> experiments = Files.list(store)) {
      List<Path> folders = experiments.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList();
      List<Path> runs = new java.util.ArrayList<>();
      for (Path experiment : folders) {
        runs.addAll(RunStores.runs(experiment));
      }
      return runs;
    }
  }

  /** How many runs have logged a training loss. */
  private static long trainingRuns(Path store) {
    try {
      return runs(store).stream().filter(r -> Files.exists(r.resolve("metrics/loss/neg_elbo"))).count();
    } catch (IOException e) {
      return 0; // the store is being written
    }
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
