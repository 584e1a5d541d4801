package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The trained models of other runs, by run id, for components that build on one (a noise-aware classifier
 * that guides a diffusion sampler, a first-stage autoencoder).
 *
 * <p>The runner provides it; a component never reads the tracking store itself. Each model is restored from
 * its run's last checkpoint with the run's own spec; implementations may cache loaded models, so callers
 * must not change a model's parameters. Not thread-safe.
 *
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
@FunctionalInterface
public interface RunModels {

  /** Refuses every id: for contexts outside a run (tests, tools) that load nothing. */
  RunModels NONE = runId -> {
    throw new ConfigException("", "no runs can be loaded here (asked for run '" + DisplayText.line(runId) + "')");
  };

  /**
   * The trained model of run {@code runId} at its last checkpoint.
   *
   * @param runId the run's id as the tracking store shows it, never {@code null}
   * @return the model, never {@code null}
   * @throws ConfigException naming the id when there is no such run, it has no checkpoint, or its model
   *     cannot be rebuilt
   */
  TrainedModel load(String runId);
}
