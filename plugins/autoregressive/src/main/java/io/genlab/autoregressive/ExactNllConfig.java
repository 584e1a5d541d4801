package io.genlab.autoregressive;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Config of {@code autoregressive-nll}: the test split's exact negative log-likelihood, in nats per example and
 * bits per dimension. For a model trained over several orderings, {@code ensemble} averages the
 * probabilities of the first that many orderings (log-mean-exp of their log-likelihoods), Germain et
 * al.'s connectivity ensemble.
 *
 * @param limit test examples to evaluate (0: the whole split)
 * @param ensemble orderings to average, at least 1 and at most the model's orderings
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public record ExactNllConfig(
    @Description("test examples to evaluate (0: all)") int limit,
    @Description("orderings averaged at test time (1: ordering 0 only)") int ensemble) {

  /** The whole test split, ordering 0. */
  public static final ExactNllConfig DEFAULTS = new ExactNllConfig(0, 1);

  public ExactNllConfig {
    Check.nonNegative("limit", limit);
    Check.positive("ensemble", ensemble);
  }
}
