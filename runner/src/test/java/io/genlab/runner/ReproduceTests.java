package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.runner.cli.GenlabCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genlab reproduce}: a run redone from what it logged is identical, and a changed result is caught. */
class ReproduceTests {
  @TempDir Path dir;

  private Path store;
  private Path original;

  private void runOriginal() throws IOException {
    Path spec = dir.resolve("r.yaml");
    store = dir.resolve("mlruns");
    Files.writeString(spec, """
        name: r
        experiment: repro
        seed: 3
        data: {name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}
        model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 2}}
        loss: elbo
        training: {epochs: 2, batchSize: 16, logEvery: 1}
        metrics: [test-elbo]
        tracking: {uri: '%s'}
        """.formatted(store));
    assertThat(GenlabCli.execute("run", spec.toString())).isZero();
    original = RunStores.onlyRun(store.resolve("1"));
  }

  private Path reproduction() throws IOException {
    List<Path> others = RunStores.runs(store.resolve("1")).stream().filter(r -> !r.equals(original)).toList();
    assertThat(others).hasSize(1);
    return others.get(0);
  }

  @Test
  void aReproducedRunIsIdenticalMetricByMetric() throws IOException {
    runOriginal();
    String id = original.getFileName().toString();
    assertThat(GenlabCli.execute("reproduce", id, "--tracking-uri", store.toString())).isZero();
    Path again = reproduction();
    assertThat(RunStores.tag(again, "genlab.reproduces")).isEqualTo(id);
    assertThat(RunStores.tag(again, "genlab.reproduction")).startsWith("identical");
    assertThat(RunStores.metrics(again)).isEqualTo(RunStores.metrics(original));
    // Both runs logged the machine's figures, which differ between them: the verdict leaves them out.
    assertThat(RunStores.systemMetrics(original)).contains("system/process_cpu_percentage", "system/jvm_heap_used_megabytes");
    assertThat(RunStores.systemMetrics(again)).isEqualTo(RunStores.systemMetrics(original));
  }

  @Test
  void aResultThatNoLongerMatchesIsReported() throws IOException {
    runOriginal();
    Path testElbo = original.resolve("metrics/test/neg_elbo");
    List<String> lines = Files.readAllLines(testElbo);
    String[] f = lines.get(0).split(" ");
    Files.writeString(testElbo, f[0] + " " + (Double.parseDouble(f[1]) + 1e-9) + " " + f[2] + "\n");

    int code = GenlabCli.execute("reproduce", original.getFileName().toString(), "--tracking-uri", store.toString());

    assertThat(code).isEqualTo(GenlabCli.EXIT_NOT_REPRODUCED);
    assertThat(RunStores.tag(reproduction(), "genlab.reproduction")).startsWith("NOT identical: 1 of");
  }

  @Test
  void aRunWithoutALoggedSpecCannotBeReproduced() throws IOException {
    runOriginal();
    Files.delete(original.resolve("artifacts/spec/resolved.yaml"));
    assertThat(GenlabCli.execute("reproduce", original.getFileName().toString(), "--tracking-uri", store.toString()))
        .isEqualTo(GenlabCli.EXIT_BAD_INPUT);
  }
}
