package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.runner.cli.GenlabCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor as a run sees it: recorded as params, bit-identical reruns with the planned executor at
 * one and at two threads, the unrewritten plan bit-identical to SameDiff, runs logged before the engine
 * section redone on SameDiff, and a misspelt executor refused before anything is written.
 */
class ExecutorRunTests {
  @TempDir Path dir;

  private Path spec(String extra) throws IOException {
    Path spec = dir.resolve("e.yaml");
    Files.writeString(spec, """
        name: e
        experiment: executors
        seed: 7
        data: {name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}
        model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 2}}
        loss: elbo
        training: {epochs: 2, batchSize: 16, binarize: dynamic, logEvery: 1}
        metrics: [test-elbo, {name: iwae-nll, config: {samples: 4}}]
        samplers: [{name: prior, config: {count: 4}}]
        %s
        """.formatted(extra));
    return spec;
  }

  private Map<String, List<String>> run(String store, String... sets) throws IOException {
    Path uri = dir.resolve(store);
    String[] args = new String[2 + 2 * sets.length + 2];
    args[0] = "run";
    args[1] = spec("").toString();
    int i = 2;
    for (String set : sets) {
      args[i++] = "--set";
      args[i++] = set;
    }
    args[i++] = "--set";
    args[i] = "tracking.uri=" + uri;
    assertThat(GenlabCli.execute(args)).isZero();
    return RunStores.metrics(RunStores.onlyRun(uri.resolve("1")));
  }

  @Test
  void theExecutorIsARunParamAndPlannedIsTheDefault() throws IOException {
    run("defaults");
    Path run = RunStores.onlyRun(dir.resolve("defaults").resolve("1"));
    assertThat(run.resolve("params/engine.executor")).hasContent("planned");
    assertThat(run.resolve("params/engine.rewrites")).hasContent("true");
  }

  @Test
  void plannedRunsAreBitIdenticalAtOneAndAtTwoThreads() throws IOException {
    for (int threads : new int[] {1, 2}) {
      Map<String, List<String>> a = run("a" + threads, "threads=" + threads);
      Map<String, List<String>> b = run("b" + threads, "threads=" + threads);
      assertThat(a).as("%d thread(s)", threads).isNotEmpty().isEqualTo(b);
    }
  }

  @Test
  void theUnrewrittenPlanIsBitIdenticalToSameDiff() throws IOException {
    Map<String, List<String>> samediff = run("samediff", "engine.executor=samediff");
    Map<String, List<String>> planned = run("planned", "engine.rewrites=false");
    assertThat(planned).isEqualTo(samediff);
  }

  @Test
  void aMisspeltExecutorIsBadInputAndNothingIsWritten() throws IOException {
    Path store = dir.resolve("bad");
    int code = GenlabCli.execute("run", spec("").toString(), "--set", "engine.executor=sameduff",
        "--set", "tracking.uri=" + store);
    assertThat(code).isEqualTo(GenlabCli.EXIT_BAD_INPUT);
    assertThat(store).doesNotExist();
  }

  @Test
  void runsLoggedBeforeTheEngineSectionAreRedoneOnSameDiff() throws IOException {
    run("old", "engine.executor=samediff");
    Path original = RunStores.onlyRun(dir.resolve("old").resolve("1"));
    // What a run of an earlier genlab logged: no engine section in its resolved spec.
    Path resolved = original.resolve("artifacts/spec/resolved.yaml");
    String text = Files.readString(resolved);
    Files.writeString(resolved, text.substring(0, text.indexOf("engine:")));
    String id = original.getFileName().toString();
    assertThat(GenlabCli.execute("reproduce", id, "--tracking-uri", dir.resolve("old").toString())).isZero();
    Path again = RunStores.runs(dir.resolve("old").resolve("1")).stream().filter(r -> !r.equals(original))
        .findFirst().orElseThrow();
    assertThat(again.resolve("params/engine.executor")).hasContent("samediff");
    assertThat(RunStores.tag(again, "genlab.reproduction")).startsWith("identical");
  }
}
