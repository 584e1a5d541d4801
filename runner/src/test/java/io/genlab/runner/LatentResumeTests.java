package io.genlab.runner;

import static io.genlab.runner.LatentRunTests.checkpoint;
import static io.genlab.runner.LatentRunTests.copy;
import static io.genlab.runner.LatentRunTests.firstStageSpec;
import static io.genlab.runner.LatentRunTests.latentSpec;
import static io.genlab.runner.LatentRunTests.runFolder;
import static io.genlab.runner.LatentRunTests.sha256;
import static io.genlab.runner.LatentRunTests.train;
import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.runner.badinput.CliRun;
import io.genlab.runner.run.ExperimentRunner;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.runner.spec.SpecResolver;
import io.genlab.tracking.internal.FileStoreTracker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run on a first stage's latents, stopped after its first iteration as Ctrl-C stops it, resumes to exactly the
 * metrics of an uninterrupted run; a resume whose first stage's checkpoint changed meanwhile is refused, naming
 * both digests.
 */
class LatentResumeTests {
  @TempDir Path dir;

  @Test
  void anInterruptedLatentRunResumesToTheUninterruptedOneAndRefusesAChangedFirstStage() throws Exception {
    Path base = dir.resolve("base");
    String firstStage = train(firstStageSpec(dir, 7), base);
    Path other = dir.resolve("other");
    Path otherCheckpoint = checkpoint(other, train(firstStageSpec(dir, 8), other));
    Path straight = copy(base, dir.resolve("straight"));
    String uninterrupted = train(latentSpec(dir, firstStage, 3), straight);

    Path interrupted = copy(base, dir.resolve("interrupted"));
    String killed = trainUntilFirstIteration(latentSpec(dir, firstStage, 3), interrupted);
    assertThat(RunStores.status(runFolder(interrupted, killed))).isEqualTo("5"); // KILLED

    // The first stage retrained meanwhile (another checkpoint of the same model): its latents are not the run's.
    Path changed = copy(interrupted, dir.resolve("changed"));
    Files.copy(otherCheckpoint, checkpoint(changed, firstStage), StandardCopyOption.REPLACE_EXISTING);
    CliRun refused = CliRun.of("resume", killed, "--tracking-uri", changed.toString());
    assertThat(refused.code()).as("%s", refused).isEqualTo(2);
    assertThat(refused.err()).contains("firstStage.run", "the checkpoint of run " + firstStage,
        sha256(checkpoint(interrupted, firstStage)), sha256(otherCheckpoint)).doesNotContain("\tat ");

    CliRun resumed = CliRun.of("resume", killed, "--tracking-uri", interrupted.toString());
    assertThat(resumed.code()).as("%s", resumed).isZero();
    Path run = runFolder(interrupted, killed);
    assertThat(RunStores.tag(run, "genlab.resumed")).startsWith("from iteration ");
    assertThat(RunStores.metrics(run)).isEqualTo(RunStores.metrics(runFolder(straight, uninterrupted)));
  }

  /** Runs {@code spec} in-process until its first iteration, then asks it to stop, as Ctrl-C does. */
  private static String trainUntilFirstIteration(Path spec, Path store) throws IOException {
    PluginRegistry registry = PluginRegistry.discover();
    ExperimentRunner[] runner = new ExperimentRunner[1];
    PrintStream console = new PrintStream(new OutputStream() {
      private final StringBuilder line = new StringBuilder();

      @Override
      public void write(int b) {
        if (b != '\n') {
          line.append((char) b);
          return;
        }
        if (line.toString().contains(" iter 1/")) {
          runner[0].requestStop();
        }
        line.setLength(0);
      }
    }, true, StandardCharsets.UTF_8);
    runner[0] = new ExperimentRunner(registry, console);
    ExperimentSpec resolved = new SpecResolver(registry).resolve(spec, List.of("tracking.uri=" + store));
    try (FileStoreTracker tracker = new FileStoreTracker(store)) {
      ExperimentRunner.Result result = runner[0].run(resolved, null, tracker);
      assertThat(result.outcome()).isEqualTo(ExperimentRunner.Outcome.KILLED);
      return result.runId();
    }
  }

}
