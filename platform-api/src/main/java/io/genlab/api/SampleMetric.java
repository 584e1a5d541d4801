package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * A metric that judges samples rather than the model (MMD, sliced Wasserstein, mode coverage, a
 * Fréchet distance), so that any family's samplers can be compared with it.
 *
 * <p>The runner draws {@link #sampleCount()} samples from every {@link Sampler#representative()
 * representative} sampler of the spec ({@link Sampler#sample(TrainedModel, Sampler.SamplingContext, int)})
 * and logs this metric once per sampler, each key prefixed by the sampler's label
 * ({@code ddim-50/mmd2}). Results must be deterministic given the samples and the context's random
 * source. Instances are created from a config record and need not be thread-safe.
 *
 * @since 0.3
 */
@API(status = EXPERIMENTAL, since = "0.3")
public interface SampleMetric extends Metric {

  /** How many samples this metric judges, at least 1. */
  int sampleCount();

  /**
   * Judges {@code samples}.
   *
   * @param samples at least {@link #sampleCount()} samples in data space, never {@code null}
   * @param context the data and the random source, never {@code null}
   * @return metric name to value; names use {@code [A-Za-z0-9_./-]}; never {@code null}
   */
  Map<String, Double> evaluate(Samples samples, EvaluationContext context);

  /**
   * Not used: a sample metric needs a sampler's samples, which the runner passes to
   * {@link #evaluate(Samples, EvaluationContext)}.
   *
   * @throws UnsupportedOperationException always, naming the metric
   */
  @Override
  default Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " judges samples: evaluate it on a sampler's samples (the runner does so for every sampler of the spec)");
  }
}
