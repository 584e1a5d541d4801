package io.genlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.runner.run.Reproduction.MetricComparison;
import io.genlab.runner.run.Reproduction.Verdict;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A reproduction reproduced its original only with the same end status and every metric identical. */
class ReproductionVerdictTests {
  private static RunInfo run(String id, RunStatus status) {
    return new RunInfo(id, "1", "r", status, 0L, 1L, Map.of(), Map.of(), Map.of());
  }

  private static final MetricComparison SAME = new MetricComparison("a", Verdict.IDENTICAL, "2 points");

  @Test
  void sameStatusAndIdenticalMetricsAreIdentical() {
    var verdict = new ReproductionVerdict(run("o", RunStatus.FINISHED), run("r", RunStatus.FINISHED),
        List.of(SAME, new MetricComparison("b", Verdict.IDENTICAL, "1 point")));
    assertThat(verdict.identical()).isTrue();
    assertThat(verdict.summary()).isEqualTo("identical: 2 metrics bit for bit");
  }

  @Test
  void differingMetricsAreCountedWhateverWayTheyDiffer() {
    var verdict = new ReproductionVerdict(run("o", RunStatus.FINISHED), run("r", RunStatus.FINISHED), List.of(SAME,
        new MetricComparison("b", Verdict.DIFFERENT, "first at step 1"),
        new MetricComparison("c", Verdict.MISSING, "not logged by the reproduction"),
        new MetricComparison("d", Verdict.EXTRA, "not logged by the original")));
    assertThat(verdict.identical()).isFalse();
    assertThat(verdict.summary()).isEqualTo("NOT identical: 3 of 4 metrics differ");
  }

  @Test
  void aDifferentEndStatusIsNotIdenticalEvenWithIdenticalMetrics() {
    var verdict = new ReproductionVerdict(run("o", RunStatus.FINISHED), run("r", RunStatus.FAILED), List.of(SAME));
    assertThat(verdict.identical()).isFalse();
    assertThat(verdict.summary()).isEqualTo("NOT identical: 0 of 1 metrics differ, status differs");
  }
}
