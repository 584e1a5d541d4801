package io.genlab.tracking;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The names of the tags that genlab writes on runs and that other parts of genlab read back: the runner writes
 * them, reports and later invocations (resume, sweep re-runs, ASHA peers) read them, so both take the names from
 * here.
 *
 * <p>Constants only.
 *
 * @since 0.7
 */
@API(status = EXPERIMENTAL, since = "0.7")
public final class RunTags {
  /** MLflow's tag naming a nested run's parent (a sweep trial's parent run); the MLflow UI nests runs by it. */
  public static final String PARENT_RUN_ID = "mlflow.parentRunId";

  /** The name of the sweep that a sweep's parent run and each of its trials belong to. */
  public static final String SWEEP_NAME = "genlab.sweep.name";

  /**
   * Prefix of the best trial's tags on a sweep's parent run: {@code run_id}, {@code index}, {@code params},
   * {@code objective}.
   */
  public static final String SWEEP_BEST_TRIAL_PREFIX = "genlab.sweep.best_trial.";

  /** On a run that ended FINISHED because it was stopped early (by ASHA), with the reason. */
  public static final String EARLY_STOPPED = "genlab.early_stopped";

  /** Prefix of a trial's ASHA settings ({@code metric}, {@code mode}, ...) and rung decisions. */
  public static final String ASHA_PREFIX = "genlab.asha.";

  /** Prefix of a trial's ASHA decision at a rung, followed by the rung's epochs: {@code genlab.asha.rung_4}. */
  public static final String ASHA_RUNG_PREFIX = ASHA_PREFIX + "rung_";

  /** Prefix of the tags holding a paper's value for a metric: {@code genlab.paper.<metric>}. */
  public static final String PAPER_PREFIX = "genlab.paper.";

  /** Suffix of the tag naming where a paper's value comes from: {@code genlab.paper.<metric>.source}. */
  public static final String PAPER_SOURCE_SUFFIX = ".source";

  private RunTags() {}
}
