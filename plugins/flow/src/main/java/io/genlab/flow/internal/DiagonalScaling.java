package io.genlab.flow.internal;

import io.genlab.nn.Layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NICE's last layer: z = x exp(s) per dimension with a trainable s starting at 0 (the identity);
 * log-det sum(s), the same for every example.
 */
final class DiagonalScaling implements FlowStep {
  private final long dimension;
  private final SDVariable logScale;

  DiagonalScaling(Layers parameters, String name, long dimension) {
    this.dimension = dimension;
    this.logScale = parameters.variable(name + "/log_scale", Nd4j.zeros(DataType.FLOAT, dimension));
  }

  /** The name of the log-scale variable s. */
  String logScaleName() {
    return logScale.name();
  }

  @Override
  public long[] outputShape() {
    return new long[] {dimension};
  }

  @Override
  public Flowing forward(Flowing in) {
    return in.plus(in.value().mul(logScale.getSameDiff().math.exp(logScale)), Shapes.vectorSum(logScale, dimension));
  }

  @Override
  public SDVariable inverse(SDVariable y) {
    return y.mul(logScale.getSameDiff().math.exp(logScale.neg()));
  }
}
