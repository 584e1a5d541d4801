package io.genlab.nn;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.RandomSource;
import org.apiguardian.api.API;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weight initialisers drawing from a {@link RandomSource}, so initial weights follow the run seed.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Init {
  /** PyTorch's default for Linear and Conv: U(-1/sqrt(fanIn), 1/sqrt(fanIn)) for weights and biases. */
  PYTORCH_DEFAULT,
  /** He (Kaiming) normal: N(0, 2/fanIn); biases zero. */
  HE_NORMAL,
  /** Glorot (Xavier) uniform: U(-a, a), a = sqrt(6/(fanIn+fanOut)); biases zero. */
  XAVIER_UNIFORM,
  /** N(0, 0.02), the DCGAN initialisation; biases zero. */
  NORMAL_002;

  /** Initial weights of {@code shape} for a layer with the given fan-in and fan-out. */
  public INDArray weights(RandomSource random, long fanIn, long fanOut, long... shape) {
    return switch (this) {
      case PYTORCH_DEFAULT -> uniform(random, 1.0 / Math.sqrt(fanIn), shape);
      case HE_NORMAL -> random.normal(shape).muli(Math.sqrt(2.0 / fanIn));
      case XAVIER_UNIFORM -> uniform(random, Math.sqrt(6.0 / (fanIn + fanOut)), shape);
      case NORMAL_002 -> random.normal(shape).muli(0.02);
    };
  }

  /** Initial biases of {@code shape} for a layer with the given fan-in. */
  public INDArray biases(RandomSource random, long fanIn, long... shape) {
    return this == PYTORCH_DEFAULT
        ? uniform(random, 1.0 / Math.sqrt(fanIn), shape)
        : Nd4j.zeros(DataType.FLOAT, shape);
  }

  private static INDArray uniform(RandomSource random, double bound, long... shape) {
    return random.uniform(shape).muli(2 * bound).subi(bound);
  }
}
