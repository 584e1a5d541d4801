package io.genlab.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.reports.ComparisonReport.Format;
import io.genlab.reports.ComparisonReport.Order;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonReportTests {
  @TempDir Path root;
  private Tracker tracker;
  private TrackedRun small;
  private TrackedRun big;
  private TrackedRun broken;

  @BeforeEach
  void store() {
    tracker = Trackers.fileStore(root);
    small = tracker.startRun("vae", "small", null);
    small.logParams(Map.of("latentDim", "8", "epochs", "10", "lr", "0.001"));
    small.logMetric("test/neg_elbo", 120.0, 0);
    small.logMetric("test/neg_elbo", 101.234567, 1); // the final value counts
    small.logMetric("train/loss", 0.5, 1);
    small.end(RunStatus.FINISHED);

    big = tracker.startRun("vae", "big", null);
    big.logParams(Map.of("latentDim", "32", "epochs", "10", "lr", "0.001", "warmup", "5"));
    big.logMetric("test/neg_elbo", 88.5, 1);
    big.logMetric("train/loss", 0.25, 1);
    big.logMetric("fid", 12.0, 1);
    big.end(RunStatus.FINISHED);

    broken = tracker.startRun("vae", "broken | run", null);
    broken.logParams(Map.of("latentDim", "64", "epochs", "10", "lr", "0.001"));
    broken.logMetric("train/loss", Double.NaN, 0);
    broken.end(RunStatus.FAILED);

    tracker.startRun("other", "x", null);
  }

  @Test
  void systemMetricsAreColumnsOnlyWhenAskedFor() {
    TrackedRun sampled = tracker.startRun("sys", "sampled", null);
    sampled.logMetric("test/neg_elbo", 90.0, 1);
    sampled.logMetric("system/cpu_utilization_percentage", 55.5, 1);
    sampled.end(RunStatus.FINISHED);
    assertThat(ComparisonReport.builder().experiment("sys").build().markdown(tracker))
        .contains("test/neg\\_elbo").doesNotContain("system/");
    assertThat(ComparisonReport.builder().experiment("sys").metrics("system/cpu_utilization_percentage").build()
        .markdown(tracker)).contains("system/cpu\\_utilization\\_percentage", "55.5");
    assertThat(ComparisonReport.builder().experiment("sys").sortBy("system/cpu_utilization_percentage").build()
        .markdown(tracker)).contains("system/cpu\\_utilization\\_percentage", "test/neg\\_elbo");
  }

  private static String id(TrackedRun r) {
    return r.runId().substring(0, 8);
  }

  @Test
  void markdownShowsDifferingParamsSharedMetricsAndSharedParamsAbove() {
    String md = ComparisonReport.builder().experiment("vae").build().markdown(tracker);
    assertThat(md).isEqualTo(String.join("\n",
        "## Experiment `vae`: 3 runs",
        "",
        "Params shared by all runs:",
        "",
        "- `epochs`: 10",
        "- `lr`: 0.001",
        "",
        "| run | id | status | latentDim | warmup | fid | test/neg\\_elbo | train/loss |",
        "| --- | --- | --- | --- | --- | ---: | ---: | ---: |",
        "| small | " + id(small) + " | FINISHED | 8 | – | – | 101.235 | 0.5 |",
        "| big | " + id(big) + " | FINISHED | 32 | 5 | 12 | 88.5 | 0.25 |",
        "| broken \\| run | " + id(broken) + " | FAILED | 64 | – | – | – | NaN |",
        "",
        "Not logged (–):",
        "",
        "- `fid`: small (" + id(small) + ", FINISHED), broken \\| run (" + id(broken) + ", FAILED)",
        "- `test/neg_elbo`: broken \\| run (" + id(broken) + ", FAILED)",
        ""));
  }

  @Test
  void sortsAscendingWithMissingValuesLast() {
    String md = ComparisonReport.builder().experiment("vae").sortBy("test/neg_elbo").build().markdown(tracker);
    assertThat(md).contains("Sorted by `test/neg_elbo`, ascending; runs without it last.");
    assertThat(md).contains(
        "| run | id | status | latentDim | warmup | test/neg\\_elbo | fid | train/loss |\n"
            + "| --- | --- | --- | --- | --- | ---: | ---: | ---: |\n"
            + "| big | " + id(big) + " | FINISHED | 32 | 5 | 88.5 | 12 | 0.25 |\n"
            + "| small | " + id(small) + " | FINISHED | 8 | – | 101.235 | – | 0.5 |\n"
            + "| broken \\| run | " + id(broken) + " | FAILED | 64 | – | – | – | NaN |\n");
  }

  @Test
  void sortsDescendingWithNaNAfterNumbersAndMissingLast() {
    String csv = ComparisonReport.builder().experiment("vae").metrics("fid", "train/loss")
        .sortBy("train/loss", Order.DESCENDING).build().csv(tracker);
    assertThat(csv).isEqualTo(String.join("\n",
        "run_name,run_id,status,params.latentDim,params.warmup,metrics.fid,metrics.train/loss",
        "small," + small.runId() + ",FINISHED,8,,,0.5",
        "big," + big.runId() + ",FINISHED,32,5,12.0,0.25",
        "broken | run," + broken.runId() + ",FAILED,64,,,NaN",
        ""));
    String md = ComparisonReport.builder().experiment("vae").metrics("fid").sortBy("fid", Order.DESCENDING)
        .build().markdown(tracker);
    assertThat(md).contains("| big | " + id(big) + " | FINISHED | 32 | 5 | 12 |\n"
        + "| small | " + id(small) + " | FINISHED | 8 | – | – |\n");
  }

  @Test
  void chosenRunsOnlyAndTheirParamsDifferences() {
    String md = ComparisonReport.builder().experiment("vae").runIds(big.runId(), id(small)).build().markdown(tracker);
    assertThat(md).contains("## Experiment `vae`: 2 runs")
        .contains("| run | id | status | latentDim | warmup | fid | test/neg\\_elbo | train/loss |\n")
        .contains("| big | " + id(big) + " | FINISHED | 32 | 5 | 12 | 88.5 | 0.25 |\n"
            + "| small | " + id(small) + " | FINISHED | 8 | – | – | 101.235 | 0.5 |\n")
        .doesNotContain("broken");
  }

  @Test
  void csvQuotesWhatNeedsQuoting() {
    TrackedRun odd = tracker.startRun("csv", "a, \"quoted\"\nname", null);
    odd.logMetric("m", 1.0E-5, 0);
    assertThat(ComparisonReport.builder().experiment("csv").build().csv(tracker)).isEqualTo(
        "run_name,run_id,status,metrics.m\n\"a, \"\"quoted\"\"\nname\"," + odd.runId() + ",RUNNING,1.0E-5\n");
  }

  @Test
  void anUnknownExperimentListsTheExistingOnes() {
    assertThatThrownBy(() -> ComparisonReport.builder().experiment("vea").build().markdown(tracker))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no experiment 'vea'")
        .hasMessageContaining("existing experiments: Default, vae, other");
  }

  @Test
  void unknownRunsAndMetricsAreNamed() {
    assertThatThrownBy(() -> ComparisonReport.builder().experiment("vae").runIds("zzzz").build().markdown(tracker))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'zzzz' matches no run")
        .hasMessageContaining(big.runId());
    assertThatThrownBy(() -> ComparisonReport.builder().experiment("vae").sortBy("test/nll").build().markdown(tracker))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'test/nll'")
        .hasMessageContaining("logged metrics: fid, test/neg_elbo, train/loss");
    assertThatThrownBy(() -> ComparisonReport.builder().experiment("vae").metrics("nope").build().csv(tracker))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nope'");
  }

  @Test
  void anExperimentWithoutRunsSaysSo() {
    assertThat(ComparisonReport.builder().experiment("Default").build().markdown(tracker))
        .isEqualTo("## Experiment `Default`: 0 runs\n\nNo runs.\n");
    assertThat(ComparisonReport.builder().experiment("Default").build().csv(tracker))
        .isEqualTo("run_name,run_id,status\n");
  }

  @Test
  void aSingleRunListsAllItsParamsAbove() {
    String md = ComparisonReport.builder().experiment("vae").runIds(small.runId()).build().markdown(tracker);
    assertThat(md).contains("Params:\n\n- `epochs`: 10\n- `latentDim`: 8\n- `lr`: 0.001\n")
        .contains("| run | id | status | test/neg\\_elbo | train/loss |");
  }

  @Test
  void writesTheFile() throws IOException {
    Path out = root.resolve("reports/vae.md");
    ComparisonReport report = ComparisonReport.builder().experiment("vae").sortBy("test/neg_elbo").build();
    assertThat(report.write(tracker, Format.MARKDOWN, out)).isEqualTo(out);
    assertThat(Files.readString(out)).isEqualTo(report.markdown(tracker));
    report.write(tracker, Format.CSV, out);
    assertThat(Files.readString(out)).isEqualTo(report.csv(tracker));
    try (var files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void theBuilderChecksItsInput() {
    assertThatThrownBy(() -> ComparisonReport.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("experiment");
    assertThatThrownBy(() -> ComparisonReport.builder().significantDigits(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ComparisonReport.builder().experiment("x").runIds(" ").build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void numbersAreRoundedForReading() {
    assertThat(Render.number(101.234567, 6)).isEqualTo("101.235");
    assertThat(Render.number(0.1 + 0.2, 6)).isEqualTo("0.3");
    assertThat(Render.number(3.0, 6)).isEqualTo("3");
    assertThat(Render.number(1.0E-5, 6)).isEqualTo("0.00001");
    assertThat(Render.number(1.23456789E-7, 3)).isEqualTo("1.23E-7");
    assertThat(Render.number(2.5E20, 6)).isEqualTo("2.5E+20");
    assertThat(Render.number(-0.0, 6)).isEqualTo("0");
    assertThat(Render.number(Double.NEGATIVE_INFINITY, 6)).isEqualTo("-Infinity");
  }

  @Test
  void likelihoodProtocolsAreStatedOnceWhenSharedAndAsColumnsWithAWarningWhenNot() {
    TrackedRun made = tracker.startRun("nll", "made", null);
    made.setTag("genlab.protocol.levels", "2");
    made.setTag("genlab.protocol.binarization", "bernoulli-dynamic");
    made.logMetric("test/nll_nats", 88.1, 1);
    made.end(RunStatus.FINISHED);
    TrackedRun pixel = tracker.startRun("nll", "pixelcnn", null);
    pixel.setTag("genlab.protocol.levels", "2");
    pixel.setTag("genlab.protocol.binarization", "bernoulli-dynamic");
    pixel.logMetric("test/nll_nats", 84.0, 1);
    pixel.end(RunStatus.FINISHED);
    String shared = ComparisonReport.builder().experiment("nll").build().markdown(tracker);
    assertThat(shared).contains("Likelihood protocol shared by all runs:\n\n- `binarization`: bernoulli-dynamic\n- `levels`: 2\n")
        .doesNotContain("Warning", "protocol.levels");

    TrackedRun flow = tracker.startRun("nll", "realnvp", null);
    flow.setTag("genlab.protocol.levels", "256");
    flow.setTag("genlab.protocol.binarization", "bernoulli-dynamic");
    flow.logMetric("test/nll_nats", 1100.0, 1);
    flow.end(RunStatus.FINISHED);
    String mixed = ComparisonReport.builder().experiment("nll").build().markdown(tracker);
    assertThat(mixed).contains("- `binarization`: bernoulli-dynamic", "**Warning**", "(`levels`)",
        "| run | id | status | protocol.levels | test/nll\\_nats |", "| realnvp | " + id(flow) + " | FINISHED | 256 | 1100 |");
    assertThat(ComparisonReport.builder().experiment("nll").build().csv(tracker))
        .startsWith("run_name,run_id,status,tags.genlab.protocol.levels,metrics.test/nll_nats\n");
  }

  @Test
  void aKilledRunWithoutAMetricKeepsTheColumnAndIsNamed() {
    TrackedRun done = tracker.startRun("k", "done", null);
    done.logMetric("test/elbo", -90.0, 1);
    done.logMetric("train/loss", 1.0, 1);
    done.end(RunStatus.FINISHED);
    TrackedRun killed = tracker.startRun("k", "stopped", null);
    killed.logMetric("train/loss", 2.0, 0);
    killed.end(RunStatus.KILLED);
    String md = ComparisonReport.builder().experiment("k").build().markdown(tracker);
    assertThat(md).contains("| run | id | status | test/elbo | train/loss |",
        "| stopped | " + id(killed) + " | KILLED | – | 2 |",
        "Not logged (–):\n\n- `test/elbo`: stopped (" + id(killed) + ", KILLED)\n");
    assertThat(ComparisonReport.builder().experiment("k").sortBy("test/elbo").build().csv(tracker))
        .isEqualTo("run_name,run_id,status,metrics.test/elbo,metrics.train/loss\n"
            + "done," + done.runId() + ",FINISHED,-90.0,1.0\n"
            + "stopped," + killed.runId() + ",KILLED,,2.0\n");
  }

  @Test
  void untrustedTextIsEscapedInEachFormat() {
    TrackedRun evil = tracker.startRun("x|<b>`", "=cmd|' /C calc'!A0\n# heading", null);
    evil.logParams(Map.of("p", "[link](javascript:x)"));
    evil.logMetric("_m_", -1.5, 0);
    evil.end(RunStatus.FINISHED);
    String md = ComparisonReport.builder().experiment("x|<b>`").build().markdown(tracker);
    assertThat(md).startsWith("## Experiment `` x|<b>` ``: 1 run\n")
        .contains("- `p`: \\[link\\](javascript:x)\n")
        .contains("| run | id | status | \\_m\\_ |")
        .contains("| \\=cmd\\|' /C calc'\\!A0 # heading | ")
        .doesNotContain("\n# heading");
    String csv = ComparisonReport.builder().experiment("x|<b>`").build().csv(tracker);
    assertThat(csv).isEqualTo("run_name,run_id,status,metrics._m_\n\"'=cmd|' /C calc'!A0\n# heading\","
        + evil.runId() + ",FINISHED,-1.5\n");
  }
}
