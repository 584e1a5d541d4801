package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A non-trainable graph variable the trainer keeps as an exponential moving average of a batch
 * statistic (batch norm's running mean and variance), used by a model's inference-mode outputs.
 *
 * <p>After each optimiser step of {@code parameterGroup}, the trainer sets {@code state = (1 -
 * momentum) * state + momentum * batchValue}, with {@code batchValue} computed in that step's forward
 * pass; when {@code batchValue} is a trainable variable, its value after the step is used instead, which
 * makes the state an exponential moving average of weights (since 0.3). With {@code warmup}, the
 * momentum of the group's n-th update (from 0) is at least {@code 1 - (1 + n) / (10 + n)}, so that the
 * average forgets its initial value early, as TensorFlow's {@code ExponentialMovingAverage} with
 * {@code num_updates} does (since 0.3). Checkpoints save the state. Immutable and thread-safe.
 *
 * @param stateVariable the name of the graph variable holding the average, never {@code null}
 * @param batchValue the statistic of the current batch, shaped like the state, never {@code null}
 * @param parameterGroup the group whose steps update the average (the layer's own group), never {@code null}
 * @param momentum the weight of the new value, in (0, 1] (PyTorch's batch norm uses 0.1)
 * @param warmup whether early updates use a larger momentum (weight averages); since 0.3
 * @since 0.2
 */
@API(status = EXPERIMENTAL, since = "0.2")
public record RunningAverage(String stateVariable, SDVariable batchValue, String parameterGroup, double momentum,
    boolean warmup) {
  public RunningAverage {
    Check.notNull("stateVariable", stateVariable);
    Check.notNull("batchValue", batchValue);
    Check.notNull("parameterGroup", parameterGroup);
    if (!(momentum > 0 && momentum <= 1)) {
      throw new ConfigException("momentum", "momentum must be in (0, 1], found " + momentum);
    }
  }

  /** A running average without warm-up. */
  public RunningAverage(String stateVariable, SDVariable batchValue, String parameterGroup, double momentum) {
    this(stateVariable, batchValue, parameterGroup, momentum, false);
  }

  /** The momentum of the group's {@code update}-th update (counted from 0). */
  public double momentumAt(long update) {
    return warmup ? Math.max(momentum, 1 - (1.0 + update) / (10.0 + update)) : momentum;
  }
}
