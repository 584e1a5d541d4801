package io.genlab.runner.run;

import io.genlab.runner.run.Reproduction.MetricComparison;
import io.genlab.runner.run.Reproduction.Verdict;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import java.util.List;
import java.util.Objects;

/**
 * Whether a reproduction reproduced its original run: it did when both ended with the same status and every
 * metric's history is identical bit for bit ({@link Reproduction#compare}). {@link #record} keeps the verdict
 * on the reproduction. Immutable; thread-safe.
 *
 * @param original the original run
 * @param reproduction the reproduction, as it ended
 * @param comparisons every metric's comparison but {@code perf/...}, in key order
 */
public record ReproductionVerdict(RunInfo original, RunInfo reproduction, List<MetricComparison> comparisons) {
  /** The tag of the reproduction that holds the verdict's {@link #summary}. */
  public static final String TAG = "genlab.reproduction";

  /** Checks for {@code null} and copies the comparisons. */
  public ReproductionVerdict {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(reproduction, "reproduction");
    comparisons = List.copyOf(comparisons);
  }

  /** The verdict on {@code reproduction} of {@code original}, comparing their metric histories in {@code tracker}. */
  public static ReproductionVerdict of(Tracker tracker, RunInfo original, RunInfo reproduction) {
    return new ReproductionVerdict(original, reproduction,
        Reproduction.compare(tracker, original.runId(), reproduction.runId()));
  }

  /** Whether the reproduction ended as the original did, with every metric identical. */
  public boolean identical() {
    return original.status() == reproduction.status()
        && comparisons.stream().allMatch(c -> c.verdict() == Verdict.IDENTICAL);
  }

  /** One line: {@code identical: N metrics bit for bit}, or how many metrics differ and whether the status does. */
  public String summary() {
    if (identical()) {
      return "identical: " + comparisons.size() + " metrics bit for bit";
    }
    long differing = comparisons.stream().filter(c -> c.verdict() != Verdict.IDENTICAL).count();
    return "NOT identical: " + differing + " of " + comparisons.size() + " metrics differ"
        + (original.status() != reproduction.status() ? ", status differs" : "");
  }

  /**
   * Tags the reproduction with {@link #summary} ({@link #TAG}) and ends it again with the status it ended
   * with, even when the tag cannot be written, so that it is never left RUNNING.
   */
  public void record(Tracker tracker) {
    TrackedRun reopened = tracker.openRun(reproduction.runId());
    try {
      reopened.setTag(TAG, summary());
    } finally {
      reopened.end(reproduction.status());
    }
  }
}
