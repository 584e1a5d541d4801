package io.genlab.nn;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Element-wise activations, applied in a SameDiff graph.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Activation {
  IDENTITY,
  RELU,
  /** Leaky ReLU with slope 0.2, the GAN default. */
  LEAKY_RELU,
  TANH,
  SIGMOID,
  /** x * sigmoid(x), also called swish. */
  SILU,
  SOFTPLUS;

  /** Applies the activation to {@code x}. */
  public SDVariable apply(SameDiff sd, SDVariable x) {
    return switch (this) {
      case IDENTITY -> x;
      case RELU -> sd.nn.relu(x, 0.0);
      case LEAKY_RELU -> sd.nn.leakyRelu(x, 0.2);
      case TANH -> sd.math.tanh(x);
      case SIGMOID -> sd.nn.sigmoid(x);
      case SILU -> x.mul(sd.nn.sigmoid(x));
      case SOFTPLUS -> sd.nn.softplus(x);
    };
  }
}
