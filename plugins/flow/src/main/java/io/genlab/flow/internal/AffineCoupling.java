package io.genlab.flow.internal;

import io.genlab.nn.Layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RealNVP's affine coupling with a binary mask m: y = x_m + (1 - m) (x exp(s) + t), with s, t computed
 * from x_m = m x and s = scale * tanh(raw) bounded for stability; log-det = sum((1 - m) s).
 */
final class AffineCoupling implements FlowStep {
  private final SameDiff sd;
  private final long[] shape;
  private final SDVariable mask;
  private final SDVariable inverseMask;
  private final Conditioner conditioner;
  private final SDVariable scale;

  /**
   * @param mask 1 where values pass unchanged and condition the rest, shaped to broadcast over a batch
   * @param learnedScale whether tanh(raw) is multiplied by a trainable per-value scale (starting at 1)
   */
  AffineCoupling(Layers parameters, String name, long[] shape, INDArray mask, Conditioner conditioner,
      boolean learnedScale) {
    this.sd = parameters.sameDiff();
    this.shape = shape.clone();
    this.mask = parameters.constant(name + "/mask", mask);
    this.inverseMask = parameters.constant(name + "/inverse_mask", mask.rsub(1.0));
    this.conditioner = conditioner;
    this.scale = learnedScale
        ? parameters.variable(name + "/scale", Nd4j.ones(DataType.FLOAT, Shapes.channelBroadcast(shape)))
        : null;
  }

  /** Alternating binary mask over the features of a vector: parity 0 keeps the even ones. */
  static INDArray alternatingMask(long dimension, int parity) {
    INDArray m = Nd4j.zeros(DataType.FLOAT, 1, dimension);
    for (long i = 0; i < dimension; i++) {
      m.putScalar(0, i, (i + parity) % 2 == 0 ? 1 : 0);
    }
    return m;
  }

  /** Checkerboard mask over [C, H, W]: 1 where (row + column + parity) is even. */
  static INDArray checkerboardMask(long[] shape, int parity) {
    INDArray m = Nd4j.zeros(DataType.FLOAT, 1, shape[0], shape[1], shape[2]);
    for (long c = 0; c < shape[0]; c++) {
      for (long i = 0; i < shape[1]; i++) {
        for (long j = 0; j < shape[2]; j++) {
          m.putScalar(new long[] {0, c, i, j}, (i + j + parity) % 2 == 0 ? 1 : 0);
        }
      }
    }
    return m;
  }

  /** Channel mask over [C, H, W]: parity 0 keeps the first half of the channels, parity 1 the second. */
  static INDArray channelMask(long[] shape, int parity) {
    INDArray m = Nd4j.zeros(DataType.FLOAT, 1, shape[0], 1, 1);
    for (long c = 0; c < shape[0]; c++) {
      boolean firstHalf = c < shape[0] / 2;
      m.putScalar(new long[] {0, c, 0, 0}, firstHalf == (parity == 0) ? 1 : 0);
    }
    return m;
  }

  @Override
  public long[] outputShape() {
    return shape.clone();
  }

  /** s (zero where the mask passes values) and t (likewise) from the unchanged values. */
  private SDVariable[] scaleAndShift(SDVariable passed) {
    SDVariable[] raw = conditioner.apply(passed);
    SDVariable s = sd.math.tanh(raw[0]);
    if (scale != null) {
      s = s.mul(scale);
    }
    return new SDVariable[] {s.mul(inverseMask), raw[1].mul(inverseMask)};
  }

  @Override
  public Flowing forward(Flowing in) {
    SDVariable x = in.value();
    SDVariable[] st = scaleAndShift(x.mul(mask));
    // Where m = 1, s = t = 0, so x exp(s) + t is x itself: the masked form reduces to one expression.
    SDVariable y = x.mul(sd.math.exp(st[0])).add(st[1]);
    return in.plus(y, Shapes.perExampleSum(st[0], shape));
  }

  @Override
  public SDVariable inverse(SDVariable y) {
    SDVariable[] st = scaleAndShift(y.mul(mask));
    return y.sub(st[1]).mul(sd.math.exp(st[0].neg()));
  }
}
