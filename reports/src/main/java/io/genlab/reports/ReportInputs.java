package io.genlab.reports;

import io.genlab.tracking.RunInfo;
import io.genlab.tracking.Tracker;
import java.util.List;

/** Checks of what a report is asked for, shared by the comparison and HTML reports. Stateless; thread-safe. */
final class ReportInputs {
  private ReportInputs() {}

  /**
   * The runs of {@code experiment}.
   *
   * @throws IllegalArgumentException if the store has no such experiment; the message lists those it has
   */
  static List<RunInfo> runsOf(Tracker tracker, String experiment) {
    List<String> experiments = tracker.experimentNames();
    if (!experiments.contains(experiment)) {
      throw new IllegalArgumentException("no experiment '" + experiment + "' in " + tracker.describe()
          + "; existing experiments: " + (experiments.isEmpty() ? "none" : String.join(", ", experiments)));
    }
    return tracker.runs(experiment);
  }

  /** A builder's experiment, before {@code build()}: set and not blank. */
  static void requireExperiment(String experiment) {
    if (experiment == null || experiment.isBlank()) {
      throw new IllegalStateException("experiment is required: call experiment(name) before build()");
    }
  }

  /** A builder setting's value in {@code [min, max]}; the message names the setting, the range and the value. */
  static int requireBetween(String setting, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(setting + " must be " + min + " to " + max + ", found " + value);
    }
    return value;
  }

  /** A builder setting's value of at least {@code min}; the message names the setting, the bound and the value. */
  static int requireAtLeast(String setting, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(setting + " must be at least " + min + ", found " + value);
    }
    return value;
  }
}
